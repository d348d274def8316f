"""The word-cloud text pipeline: answers in, ranked word and phrase counts out."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from surveys import text
from surveys.text import WordCount, detect_language, tokenise, word_frequencies

EN_RO = ["en", "ro"]


def counts(answers, **kwargs):
    kwargs.setdefault("languages", EN_RO)
    return {word.key: word.count for word in word_frequencies(answers, **kwargs)}


def test_it_drops_english_stopwords():
    result = counts(["The staff were very kind and they listened to me"], languages=["en"])

    assert result == {"staff": 1, "kind": 1, "listen": 1}


def test_it_drops_romanian_stopwords_written_with_or_without_diacritics():
    result = counts(
        ["Și în această zi, clienții să fie ascultați", "Si in aceasta zi clientii sa fie"],
        languages=["ro"],
    )

    assert "și" not in result and "si" not in result and "aceasta" not in result
    assert "acest" not in result and "fi" not in result
    assert result["client"] == 2


def test_it_keeps_domain_words_that_generic_stopword_lists_drop():
    result = counts(["Help me fix the problem, thank you"], languages=["en"])

    assert {"help", "fix", "problem", "thank"} <= result.keys()


def test_it_counts_english_forms_of_a_word_together():
    assert counts(["customers", "customer", "Customers!"], languages=["en"]) == {"customer": 3}


def test_it_counts_romanian_forms_of_a_word_together():
    assert counts(["rapid", "rapidă", "rapide", "Rapizi"], languages=["ro"]) == {"rapid": 4}


def test_it_shows_the_most_frequent_form():
    result = word_frequencies(["customers", "Customers", "customer"], languages=["en"])

    assert result == [WordCount(key="customer", text="customers", count=3)]


def test_it_shows_the_alphabetically_first_form_on_a_tie():
    result = word_frequencies(["customers", "customer"], languages=["en"])

    assert result[0].text == "customer"


def test_it_keeps_meaningful_two_word_phrases():
    answers = [
        "It was my first time calling and a real person answered",
        "First time right!",
        "Talk to a real person, please",
    ]

    result = {word.key: word for word in word_frequencies(answers, languages=["en"])}

    assert result["first time"].text == "first time" and result["first time"].is_phrase
    assert result["real person"].text == "real person" and result["real person"].is_phrase
    assert not result["talk"].is_phrase


def test_a_phrase_takes_its_words_out_of_the_word_counts():
    answers = ["a real person"] * 5 + ["the person"] * 3

    result = counts(answers, languages=["en"])

    assert result["real person"] == 5
    assert result["person"] == 3
    assert "real" not in result


def test_two_frequent_words_that_rarely_go_together_stay_words():
    # "quick service" occurs twice, but "quick" and "service" mostly appear apart.
    answers = ["quick service", "quick service"] + ["quick"] * 10 + ["service"] * 10

    result = counts(answers, languages=["en"])

    assert "quick service" not in result
    assert result == {"quick": 12, "service": 12}


def test_phrases_that_share_a_word_do_not_count_it_twice():
    answers = ["customer service team", "customer service", "service team", "customer service"]

    result = counts(answers, languages=["en"])

    # Read left to right: "customer service" takes "service" from the first answer.
    assert result == {"customer service": 3, "team": 1, "service team": 1}
    assert sum(n * len(key.split()) for key, n in result.items()) == 9


def test_a_phrase_never_spans_punctuation():
    result = counts(["first. Time", "first, time", "first time"], languages=["en"])

    assert "first time" not in result


def test_it_drops_words_under_three_letters():
    assert counts(["ox ax zy yo tea"], languages=["en"]) == {"tea": 1}


def test_hidden_words_disappear_and_come_back_when_no_longer_hidden():
    answers = ["friendly staff", "friendly", "staff"]

    assert counts(answers, languages=["en"], hidden={"staff"}) == {"friendly": 2}
    assert counts(answers, languages=["en"]) == {"friendly": 2, "staff": 2}


def test_hidden_takes_keys_as_typed():
    assert counts(["friendly staff"], languages=["en"], hidden={" STAFF "}) == {"friendly": 1}


def test_a_phrase_is_hidden_by_its_own_key():
    answers = ["real person"] * 2

    assert counts(answers, languages=["en"], hidden={"person"}) == {"real person": 2}
    assert counts(answers, languages=["en"], hidden={"real person"}) == {}


def test_a_merge_adds_the_counts_to_the_target_shown_as_the_target():
    answers = ["fast", "faster", "quick"]

    result = word_frequencies(answers, languages=["en"], merges={"fast": "quick"})

    assert result == [WordCount(key="quick", text="quick", count=3)]


def test_a_merge_is_undone_by_leaving_it_out():
    answers = ["fast", "faster", "quick"]
    word_frequencies(answers, languages=["en"], merges={"fast": "quick"})

    assert counts(answers, languages=["en"]) == {"fast": 2, "quick": 1}


def test_merges_follow_chains_and_ignore_cycles():
    answers = ["fast", "quick", "rapid", "speedy"]

    chained = counts(answers, languages=["en"], merges={"fast": "quick", "quick": "rapid"})
    cyclic = counts(answers, languages=["en"], merges={"fast": "quick", "quick": "fast"})

    assert chained == {"rapid": 3, "speedy": 1}
    assert cyclic == {"fast": 1, "quick": 1, "rapid": 1, "speedy": 1}


def test_a_merge_into_a_hidden_word_is_hidden_too():
    result = counts(["fast", "quick"], languages=["en"], merges={"fast": "quick"}, hidden={"quick"})

    assert result == {}


def test_a_merge_into_a_word_nobody_wrote_shows_the_target_key():
    result = word_frequencies(["fast"], languages=["en"], merges={"fast": "speed"})

    assert result == [WordCount(key="speed", text="speed", count=1)]


def test_cedilla_and_comma_below_spellings_count_as_one():
    answers = ["ţară", "țară", "ŢARĂ", "Clienţii", "Clienții"]

    result = word_frequencies(answers, languages=["ro"])

    assert {(w.key, w.text, w.count) for w in result} == {
        ("țară", "țară", 3),
        ("client", "clienții", 2),
    }


def test_romanian_typed_without_diacritics_counts_with_the_diacritic_spelling():
    answers = ["clienții", "clientii", "mulțumiți", "multumiti", "răspunsuri", "raspunsuri"]

    assert counts(answers, languages=["ro"]) == {"client": 2, "mulțumit": 2, "răspuns": 2}


def test_cedilla_is_corrected_among_english_answers_too():
    assert counts(["Braşov", "Brașov"], languages=["en", "ro"]) == {"brașov": 2}


def test_each_answer_is_read_in_its_own_language():
    # "care" is a word in English and a stopword ("which") in Romanian.
    answers = ["We care about people", "Oameni care ascultă"]

    result = counts(answers, languages=EN_RO)

    assert result["care"] == 1
    assert result["om"] == 1


def test_the_first_language_wins_when_an_answer_gives_no_clue():
    assert detect_language("Zendesk", ["ro", "en"]) == "ro"
    assert detect_language("Zendesk", ["en", "ro"]) == "en"


def test_it_detects_english_and_romanian():
    assert detect_language("The staff listened to my problem", EN_RO) == "en"
    assert detect_language("Personalul m-a ascultat cu răbdare", EN_RO) == "ro"
    assert detect_language("Personalul m-a ascultat cu rabdare", EN_RO) == "ro"
    assert detect_language("Clientii vor solutii", EN_RO) == "ro"
    assert detect_language("Clientii vor solutii", ["ro", "en"]) == "ro"


@pytest.mark.parametrize(
    "answer",
    [
        "\x00",
        "nul\x00byte",
        "\x07\x1b[31m red",
        "👍🏽👍 great 😀",
        "\ud800 lone surrogate",
        "",
        " ",
    ],
)
def test_control_characters_and_emoji_do_not_crash(answer):
    result = word_frequencies([answer, "great"], languages=EN_RO)

    assert all(word.count > 0 and "\x00" not in word.text for word in result)


def test_emoji_and_control_characters_separate_words():
    assert counts(["friendly👍staff", "helpful\x00people"], languages=["en"]) == {
        "friendly": 1,
        "staff": 1,
        "helpful": 1,
        "people": 1,
    }


def test_the_ranking_is_by_count_then_text():
    answers = ["zebra", "zebra", "apple", "mango", "banana", "banana"]

    result = word_frequencies(answers, languages=["en"])

    assert [w.text for w in result] == ["banana", "zebra", "apple", "mango"]


def test_limit_keeps_the_top_entries():
    answers = ["zebra", "zebra", "apple", "mango", "banana", "banana"]

    assert [w.text for w in word_frequencies(answers, languages=["en"], limit=2)] == [
        "banana",
        "zebra",
    ]


def test_it_refuses_an_unknown_language():
    with pytest.raises(ValueError, match="xx"):
        word_frequencies(["hello"], languages=["xx"])
    with pytest.raises(ValueError):
        word_frequencies(["hello"], languages=[])


def test_tokenise_splits_runs_at_clause_punctuation():
    assert tokenise("First time, real person! Brand-new") == [
        ["First", "time"],
        ["real", "person"],
        ["Brand", "new"],
    ]


@pytest.mark.parametrize("highest", [0x7F, 0x24F], ids=["ascii", "latin"])
@given(data=st.data())
def test_the_fast_paths_read_text_like_the_general_one(highest, data):
    # ASCII and Latin texts have faster tokenisers; an emoji (no word, no clause break)
    # sends the same text through the general one.
    text = data.draw(st.text(alphabet=st.characters(max_codepoint=highest)))

    assert tokenise(text) == tokenise(text + " 😀")


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.text(max_size=80), max_size=20),
    st.sets(st.text(max_size=8), max_size=3),
    st.dictionaries(st.text(max_size=8), st.text(max_size=8), max_size=3),
    st.integers(min_value=0, max_value=50),
)
def test_it_never_crashes_and_counts_are_positive(answers, hidden, merges, limit):
    result = word_frequencies(answers, languages=EN_RO, hidden=hidden, merges=merges, limit=limit)

    assert len(result) <= limit
    assert all(word.count > 0 and word.key and word.text for word in result)
    # No word is counted twice, in a phrase or anywhere else.
    plain = word_frequencies(answers, languages=EN_RO, limit=10_000)
    words_counted = sum(word.count * len(word.key.split()) for word in plain)
    assert words_counted <= sum(len(run) for answer in answers for run in tokenise(answer))
    assert len({word.key for word in result}) == len(result)
    ranks = [(-word.count, word.text) for word in result]
    assert ranks == sorted(ranks)


def test_adjusting_stored_counts_gives_what_counting_with_the_adjustments_gives():
    answers = ["fast help", "quick help", "fast and kind", "kind people", "quick answers"]
    hidden, merges = {"people"}, {"fast": "quick"}
    stored = text.word_frequencies(answers, languages=["en"])
    assert text.adjust(stored, hidden=hidden, merges=merges) == text.word_frequencies(
        answers, languages=["en"], hidden=hidden, merges=merges
    )
    assert text.adjust(stored) == stored


def test_one_written_word_read_in_two_languages_is_one_row():
    answers = [
        "Respect and care",
        "Respect for every customer",
        "Respect și răbdare cu fiecare client",
        "Mult respect pentru clienți",
    ]
    words = text.word_frequencies(answers, languages=["en", "ro"])
    assert [w.count for w in words if w.text == "respect"] == [4]


@pytest.mark.parametrize(
    ("answer", "words"),
    [
        ("<script>alert('xss')</script> fast help", {"fast", "help"}),
        ("<style>p { color: red }</style>Kind people", {"kind", "people"}),
        ("<img src=x onerror=alert(1)>quick reply", {"quick", "reply"}),
        ("<b>Honest</b> answers<br>quickly", {"honest", "answer", "quickly"}),
        ("Tom &amp; Jerry &#39;helpful&#x27; &nbsp;", {"tom", "jerry", "helpful"}),
        ("The link https://acme.example/help?page=2 failed twice", {"link", "fail"}),
        ("www.acme.example was slow", {"slow"}),
        ("Write to help@acme.example, friendly staff", {"write", "friendly", "staff"}),
        ("<script>alert('never closed') patient", set()),
    ],
)
def test_markup_addresses_and_entities_are_not_counted_as_words(answer, words):
    assert set(counts([answer], languages=["en"])) == words


def test_angle_brackets_that_are_not_tags_leave_the_words_alone():
    assert set(counts(["Price < cost, love <3 them, service <very good"], languages=["en"])) >= {
        "price",
        "cost",
        "love",
        "service",
        "good",
    }
    assert text.strip_markup("fast, kind") == "fast, kind"
