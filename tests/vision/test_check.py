"""The vision statement check: what a participant sees for a draft, criterion by criterion."""

import json
import re
from io import StringIO
from unittest import mock

import pytest
from django.core.management import call_command
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from vision import check
from vision.check import CRITERIA, MAX_WORDS, check_vision, syllables

# The well-known statements that docs/method.md quotes as good examples.
GOOD_STATEMENTS = [
    "We are ladies and gentlemen serving ladies and gentlemen.",
    "We create happiness.",
    "Amazing service",
    "Quality, Service, Cleanliness, Value",
    "Deliver a GREAT experience",
]
GOOD_STATEMENTS_RO = [
    "Creăm bucurie pentru fiecare client.",
    "Ascultăm fiecare client și îl ajutăm ca pe un prieten.",
]


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def _status(result, key):
    return result.criterion(key).status


def _reasons(result, key, kind):
    return [r for r in result.criterion(key).reasons if r.kind == kind]


def _words(result, key, kind):
    return [w for r in _reasons(result, key, kind) for w in r.words]


@pytest.mark.parametrize("text", GOOD_STATEMENTS)
def test_the_well_known_statements_are_simple(text):
    result = check_vision(text, language="en")
    assert _status(result, "simple") == "meets", result.criterion("simple")
    assert _status(result, "service") == "meets"
    assert _status(result, "aspiration") == "meets"


@pytest.mark.parametrize("text", GOOD_STATEMENTS_RO)
def test_good_romanian_statements_meet_every_criterion(text):
    result = check_vision(text, language="ro")
    assert [c.status for c in result.criteria] == ["meets"] * 3, result


def test_a_short_statement_says_how_many_words_it_has_as_a_good_point():
    (length,) = _reasons(check_vision("We create happiness.", language="en"), "simple", "length")
    assert length.positive
    assert length.text == "3 words: short enough to remember."


def test_buzzword_soup_needs_work_and_points_at_each_buzzword():
    text = "We leverage synergies to deliver best-in-class seamless solutions across the ecosystem"
    result = check_vision(text, language="en")
    assert _status(result, "simple") == "needs_work"
    words = _words(result, "simple", "buzzword")
    assert words == ["leverage", "synergies", "best-in-class", "seamless", "solutions", "ecosystem"]
    (reason,) = _reasons(result, "simple", "buzzword")
    assert "“synergies”" in reason.text
    assert reason.why


def test_word_forms_of_a_buzzword_match_it():
    result = check_vision("Leveraging world class solutions", language="en")
    assert _words(result, "simple", "buzzword") == ["Leveraging", "world class", "solutions"]


def test_a_company_growth_statement_reads_like_a_company_vision():
    text = "To grow revenue and become the industry leader ahead of our competitors"
    result = check_vision(text, language="en")
    assert _status(result, "service") == "needs_work"
    assert _words(result, "service", "company_vision") == [
        "revenue",
        "industry leader",
        "competitors",
    ]
    assert _reasons(result, "service", "not_customer")
    assert _reasons(result, "simple", "no_action")


def test_an_unkeepable_promise_needs_confirming():
    text = "We answer every customer instantly, 24/7, every time."
    result = check_vision(text, language="en")
    assert _status(result, "aspiration") == "needs_work"
    assert _words(result, "aspiration", "promise") == ["instantly", "24/7", "every time"]


def test_a_confirmed_promise_is_no_longer_flagged():
    text = "We answer every customer instantly, 24/7, every time."
    result = check_vision(text, language="en", promises_confirmed=True)
    assert _reasons(result, "aspiration", "promise") == []
    assert _status(result, "aspiration") == "meets"


def test_confirming_some_promises_leaves_the_others_flagged():
    text = "We answer every customer instantly, 24/7, every time."
    result = check_vision(text, language="en", promises_confirmed={"24/7", "Every time"})
    assert _words(result, "aspiration", "promise") == ["instantly"]


def test_a_cliche_is_flagged_once_not_also_as_a_promise():
    result = check_vision("The customer is always right.", language="en")
    assert _words(result, "simple", "cliche") == ["The customer is always right"]
    assert _reasons(result, "aspiration", "promise") == []


def test_a_sixty_word_paragraph_is_too_long_and_says_its_word_count():
    text = (
        " ".join(["We help every customer with care and a smile"] * 6)
        + " today and tomorrow, here and everywhere."
    )
    assert len(text.split()) == 60
    result = check_vision(text, language="en")
    assert _status(result, "simple") == "needs_work"
    (length,) = _reasons(result, "simple", "length")
    assert not length.positive
    assert length.text.startswith("60 words:")
    assert str(MAX_WORDS) in length.text


def test_two_sentences_need_work_and_point_at_the_second():
    result = check_vision("We listen. We help every customer.", language="en")
    assert _status(result, "simple") == "needs_work"
    (reason,) = _reasons(result, "simple", "sentences")
    assert reason.text == "2 sentences: keep it to one."
    assert reason.words == ("We help every customer.",)


def test_a_statement_with_nothing_to_act_on_needs_work():
    result = check_vision("We strive for excellence.", language="en")
    assert _reasons(result, "simple", "no_action")
    assert _status(result, "simple") == "needs_work"


def test_long_words_are_a_readability_reason():
    text = "Operationalising standardised interdepartmental customer communications"
    result = check_vision(text, language="en")
    words = _words(result, "simple", "readability")
    assert "Operationalising" in words and "interdepartmental" in words
    assert "customer" not in words


def test_a_statement_about_the_past_does_not_look_forward():
    result = check_vision("We have been helping customers since 1990.", language="en")
    assert _words(result, "aspiration", "not_forward") == ["have been"]


def test_echoes_of_the_teams_values_are_shown_with_the_word():
    result = check_vision(
        "We are honest with every customer.", language="en", values=["Honesty", "Speed"]
    )
    (echo,) = _reasons(result, "service", "echoes")
    assert echo.positive
    assert echo.words == ("honest",)
    assert "Honesty" in echo.text
    assert "Speed" not in echo.text


def test_echoes_of_the_surveys_top_words_are_shown():
    result = check_vision(
        "Fast, friendly help for every customer.", language="en", top_words=["friendly", "quick"]
    )
    (echo,) = _reasons(result, "service", "echoes")
    assert echo.words == ("friendly",)


def test_a_short_family_word_is_not_an_echo():
    result = check_vision("A career in care.", language="en", values=["Career"])
    assert [r.words for r in _reasons(result, "service", "echoes")] == [("career",)]


# Romanian


def test_romanian_buzzwords_match_in_their_plural_and_definite_forms():
    text = "Valorificăm sinergiile pentru a livra soluții de top într-un ecosistem integrat"
    result = check_vision(text, language="ro")
    assert _status(result, "simple") == "needs_work"
    words = _words(result, "simple", "buzzword")
    assert {"Valorificăm", "sinergiile", "soluții", "de top", "ecosistem"} <= set(words)
    assert _words(check_vision("Soluțiile noastre", language="ro"), "simple", "buzzword") == [
        "Soluțiile"
    ]


def test_romanian_without_diacritics_still_matches():
    result = check_vision("Oferim solutii de top", language="ro")
    assert _words(result, "simple", "buzzword") == ["solutii", "de top"]


def test_a_romanian_growth_statement_reads_like_a_company_vision():
    result = check_vision("Să creștem profitul și să devenim liderul pieței", language="ro")
    assert _status(result, "service") == "needs_work"
    assert _words(result, "service", "company_vision") == ["profitul", "liderul", "pieței"]


def test_a_romanian_absolute_promise_needs_confirming():
    text = "Răspundem instantaneu fiecărui client, 24/7, de fiecare dată"
    result = check_vision(text, language="ro")
    assert _words(result, "aspiration", "promise") == ["instantaneu", "24/7", "de fiecare dată"]
    confirmed = check_vision(text, language="ro", promises_confirmed=True)
    assert _status(confirmed, "aspiration") == "meets"


def test_a_romanian_cliche_is_flagged():
    result = check_vision("Clientul are întotdeauna dreptate.", language="ro")
    assert _words(result, "simple", "cliche") == ["Clientul are întotdeauna dreptate"]


def test_two_romanian_sentences_and_a_long_paragraph_need_work():
    two = check_vision("Ascultăm. Ajutăm fiecare client.", language="ro")
    assert _reasons(two, "simple", "sentences")
    long = check_vision(" ".join(["Ajutăm fiecare client cu grijă"] * 5), language="ro")
    assert _reasons(long, "simple", "length")[0].text.startswith("25 words:")


def test_romanian_echoes_match_word_forms_of_a_value():
    result = check_vision(
        "Suntem onești cu fiecare client.", language="ro", values=["Onestitate", "Viteză"]
    )
    (echo,) = _reasons(result, "service", "echoes")
    assert echo.words == ("onești",)
    assert "Onestitate" in echo.text


def test_english_words_are_not_read_with_romanian_lists_and_back():
    # "solutions" is a buzzword of the English list; the Romanian one lists "soluție".
    assert _reasons(check_vision("Our solutions", language="en"), "simple", "buzzword")
    assert not _reasons(check_vision("Soluții", language="en"), "simple", "buzzword")


def test_an_unknown_language_uses_the_english_lists():
    result = check_vision("We leverage synergies", language="de")
    assert _words(result, "simple", "buzzword") == ["leverage", "synergies"]
    assert _words(check_vision("Sinergii", language="ro-RO"), "simple", "buzzword") == ["Sinergii"]


@pytest.mark.parametrize(
    ("word", "count"),
    [
        ("idee", 3),
        ("client", 2),
        ("clienți", 2),
        ("bucurie", 4),
        ("soluție", 4),
        ("soluții", 3),
        ("seară", 2),
        ("oameni", 2),
        ("experiență", 5),
        ("Valorificăm", 5),
    ],
)
def test_romanian_syllables_are_counted_by_vowel_groups_and_diphthongs(word, count):
    assert syllables(word, "ro") == count


@pytest.mark.parametrize(
    ("word", "count"),
    [("served", 1), ("makes", 1), ("services", 3), ("people", 2), ("you", 1), ("ecosystem", 4)],
)
def test_english_syllables_leave_out_silent_endings(word, count):
    assert syllables(word, "en") == count


# The reasons' language


def test_reason_texts_follow_the_page_language_while_the_lists_follow_the_statement():
    with translation.override("ro"):
        result = check_vision("We leverage synergies", language="en")
    (reason,) = _reasons(result, "simple", "buzzword")
    assert reason.words == ("leverage", "synergies")
    assert isinstance(reason.text, str) and isinstance(reason.why, str)


# Robustness


def test_an_empty_statement_needs_work_on_every_criterion_and_says_why():
    for text in ("", "   ", "?!…", "—"):
        result = check_vision(text, language="en")
        assert [c.key for c in result.criteria] == list(CRITERIA)
        assert [c.status for c in result.criteria] == ["needs_work"] * 3
        assert result.criteria[0].reasons[0].kind == "empty"


@settings(max_examples=200, deadline=None)
@given(
    text=st.text(),
    language=st.sampled_from(["en", "ro", "xx", ""]),
    values=st.lists(st.text(max_size=20), max_size=3),
    confirmed=st.one_of(st.booleans(), st.sets(st.text(max_size=10), max_size=3)),
)
def test_it_never_fails_on_any_text(text, language, values, confirmed):
    result = check_vision(
        text, language=language, values=values, top_words=values, promises_confirmed=confirmed
    )
    assert [c.key for c in result.criteria] == list(CRITERIA)
    assert all(c.status in ("meets", "needs_work") for c in result.criteria)
    json.dumps(result.as_json())


def test_a_very_long_text_is_checked():
    text = "We leverage synergies, 24/7. " * 2000
    result = check_vision(text, language="ro")
    assert result.words == 8000
    assert _status(result, "simple") == "needs_work"


def test_the_word_lists_are_read_once_per_process_and_language():
    check._lexicon.cache_clear()
    with mock.patch.object(check, "_read_list", wraps=check._read_list) as read:
        for _ in range(3):
            check_vision("We create happiness.", language="en")
            check_vision("Creăm bucurie.", language="ro")
    assert read.call_count == 2 * len(check.LISTS)


def test_every_list_has_both_languages_and_a_header_naming_its_source_and_licence():
    for name in check.LISTS:
        text = (check.DATA_DIR / f"{name}.txt").read_text()
        assert "# Source:" in text and "# Licence:" in text, name
        entries = check._read_list(name)
        assert entries.get("en") and entries.get("ro"), name


# The command


def test_the_command_prints_the_check_as_json():
    out = StringIO()
    call_command(
        "check_vision", "We answer instantly.", language="en", values="Speed,Honesty", stdout=out
    )
    data = json.loads(out.getvalue())
    assert [c["key"] for c in data["criteria"]] == list(CRITERIA)
    assert data["words"] == 3
    aspiration = data["criteria"][2]
    assert aspiration["status"] == "needs_work"
    (promise,) = aspiration["reasons"]
    assert promise["words"] == ["instantly"]
    assert set(promise) >= {"text", "words"}


def test_the_command_keeps_romanian_letters_and_reads_its_options():
    out = StringIO()
    call_command(
        "check_vision",
        "Suntem onești, 24/7.",
        "--language",
        "ro",
        "--values",
        "Onestitate",
        "--promises-confirmed",
        stdout=out,
    )
    assert "onești" in out.getvalue()
    data = json.loads(out.getvalue())
    service = data["criteria"][1]
    assert any(r["kind"] == "echoes" for r in service["reasons"])
    assert data["criteria"][2]["status"] == "meets"
    assert not re.search(r"\\u0219", out.getvalue())


@pytest.mark.parametrize(
    ("text", "reader", "expected"),
    [
        ("Vrem să fim lideri de piață și să creștem veniturile.", "en", "ro"),
        ("Fiecare client pleacă de la noi cu un răspuns sincer și rapid.", "en", "ro"),
        ("Every customer leaves with an honest answer, fast.", "ro", "en"),
        ("24/7", "ro", "ro"),  # nothing to tell by: the reader's language
        ("", "en", "en"),
    ],
)
def test_a_statement_is_checked_in_the_language_it_is_written_in(text, reader, expected):
    assert check.statement_language(text, reader) == expected
