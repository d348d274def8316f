"""The action-statement check of stage 7: what a team sees for a value's action statement."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from actions.check import MAX_WORDS, MEETS, NEEDS_WORK, ActionCheck, check_action, warm_up

MEETS_EN = [
    "Treat every customer with urgency",
    "Say what you mean, mean what you say",
    "Get it right the first time",
    "Make customers feel like family",
    "Give customers the tools to help themselves",
    "Approach customers with a personalised, warm welcome",
    "Be honest with every customer, even when it is hard",
    "Don't promise what we can't keep",
    "Do not interrupt a customer who is explaining a problem",
    "Always answer within one working day",
    "Never leave a customer waiting without news",
    "Please call customers back the same day",
    "Keep promises you make to customers",
    "Own the problem until it is solved",
    "Return calls before the end of the day",
    "Meet every customer's needs with a smile",
    "Thank customers for their patience",
    "Respect every customer, whatever their mood",
    "Solve problems, don't pass them on",
    "I build strong relationships with every customer",
    "I'll follow up until the problem is solved",
    "I always listen before I answer",
    "I'm honest even when the news is bad",
]
NEEDS_WORK_EN = [
    "Excellent customer service",
    "Service comes first",
    "Service with a smile",
    "Respect for every customer",
    "Our team values honesty",
    "Honesty is our policy",
    "People matter most",
    "Fast, friendly, reliable service",
    "Listening to every customer with care",
    "We listen to every customer",
    "We'll always call you back",
    "Excellence.",
    "Customer first",
    "Be excellent",
]
MEETS_RO = [
    "Tratează fiecare client cu urgență.",
    "Fă ce spui că faci.",
    "Oferiți fiecărui client un răspuns clar.",
    "Zâmbește fiecărui client care intră.",
    "Fii sincer cu fiecare client.",
    "Nu promite ce nu poți ține.",
    "Asumă-ți greșelile și repară-le.",
    "Ajută-ți colegii când e aglomerat.",
    "Mereu ascultă clientul până la capăt.",
    "Eu ascult fiecare client până la capăt.",
    "Ascult fiecare client până la capăt.",
    "Construiesc relații de încredere cu clienții.",
    "Mă asigur că fiecare client pleacă mulțumit.",
    "Îmi asum fiecare problemă până la rezolvare.",
    "Le ofer clienților soluții, nu scuze.",
]
NEEDS_WORK_RO = [
    "Calitate și rapiditate",
    "Serviciul contează",
    "Respect față de client",
    "Clienții noștri merită tot ce e mai bun.",
    "Ascultăm fiecare client",
    "Noi ascultăm fiecare client.",
    "Clientul pe primul loc",
    "Excelență.",
]
# Statements the check reads wrongly, kept to show its limits (it reads words, not
# sentences): a noun subject followed by a verb that is also a plural noun; a Romanian
# verb first whose 3rd person equals the imperative ("Every client counts").
KNOWN_MISSES = [
    ("en", "Team values honesty above all", NEEDS_WORK),
    ("ro", "Contează fiecare client.", NEEDS_WORK),
]
LABELLED = (
    [("en", t, MEETS) for t in MEETS_EN]
    + [("en", t, NEEDS_WORK) for t in NEEDS_WORK_EN]
    + [("ro", t, MEETS) for t in MEETS_RO]
    + [("ro", t, NEEDS_WORK) for t in NEEDS_WORK_RO]
)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def _kinds(result: ActionCheck) -> list[str]:
    return [r.kind for r in result.reasons]


def _reason(result: ActionCheck, kind: str):
    (reason,) = [r for r in result.reasons if r.kind == kind]
    return reason


@pytest.mark.parametrize(("language", "text", "expected"), LABELLED)
def test_the_labelled_statements(language, text, expected):
    result = check_action(text, language=language)
    assert result.status == expected, result.reasons
    assert result.language == language
    # Every reason that needs work names the words it is about.
    assert all(r.words for r in result.reasons)


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [pytest.param(*case, marks=pytest.mark.xfail(strict=True)) for case in KNOWN_MISSES],
)
def test_the_known_misses(language, text, expected):
    assert check_action(text, language=language).status == expected


@pytest.mark.parametrize(
    ("text", "verb"),
    [
        ("Treat every customer with urgency", "Treat"),
        ("Don't promise what we can't keep", "promise"),
        ("Always answer within one working day", "answer"),
    ],
)
def test_an_imperative_is_named_as_what_to_do(text, verb):
    result = check_action(text, language="en")
    assert result.status == MEETS
    reason = _reason(result, "lead_verb")
    assert reason.positive and reason.words == (verb,)
    assert verb in reason.text


def test_an_i_statement_is_named():
    reason = _reason(check_action("I'll call back within the hour", language="en"), "i_statement")
    assert reason.positive and reason.words == ("I'll",)


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("Ascult fiecare client până la capăt.", "Ascult"),
        ("Eu ascult fiecare client.", "Eu"),
        ("Mă asigur că fiecare client pleacă mulțumit.", "asigur"),
        ("Le ofer clienților soluții, nu scuze.", "ofer"),
    ],
)
def test_romanian_i_statements_with_or_without_the_pronoun(text, word):
    result = check_action(text, language="ro")
    assert result.status == MEETS
    assert _reason(result, "i_statement").words == (word,)


@pytest.mark.parametrize(
    "text", ["Asumă-ţi greşelile clienţilor.", "Asumă-ți greșelile clienților."]
)
def test_cedillas_and_a_hyphen_read_as_the_imperative(text):
    result = check_action(text, language="ro")
    assert result.status == MEETS
    assert _reason(result, "lead_verb").words == ("Asumă",)


def test_romanian_typed_without_diacritics():
    assert check_action("Trateaza fiecare client cu respect", language="ro").status == MEETS


@pytest.mark.parametrize(
    ("text", "language", "word"),
    [
        ("We listen to every customer", "en", "We"),
        ("Ascultăm fiecare client", "ro", "Ascultăm"),
        ("Noi ascultăm fiecare client.", "ro", "Noi"),
    ],
)
def test_a_we_statement_says_so_and_suggests_the_verb_or_i(text, language, word):
    result = check_action(text, language=language)
    assert result.status == NEEDS_WORK
    reason = _reason(result, "we_statement")
    assert reason.words == (word,) and not reason.positive
    assert "“we”" in reason.text and "“I”" in reason.text


@pytest.mark.parametrize(
    ("text", "language", "word"),
    [
        ("Excellent customer service", "en", "Excellent"),
        ("Service comes first", "en", "Service"),
        ("Our team values honesty", "en", "Our"),
        ("Serviciul contează pentru noi", "ro", "Serviciul"),
        ("Calitate și rapiditate", "ro", "Calitate"),
    ],
)
def test_a_noun_phrase_or_a_declarative_names_its_first_word(text, language, word):
    reason = _reason(check_action(text, language=language), "no_action")
    assert reason.words == (word,)
    assert word in reason.text


def test_one_word_needs_work():
    result = check_action("Excellence.", language="en")
    assert result.status == NEEDS_WORK
    assert _kinds(result) == ["one_word"]
    assert result.reasons[0].words == ("Excellence",)


def test_two_words_are_a_slogan_even_with_a_verb():
    result = check_action("Listen carefully", language="en")
    assert result.status == NEEDS_WORK
    assert _reason(result, "too_short").words == ("Listen", "carefully")
    # No praise of the verb beside it: the page would contradict itself.
    assert _kinds(result) == ["too_short"]


def test_one_word_is_a_label_and_nothing_else():
    result = check_action("Expertise.", language="en")
    assert result.status == NEEDS_WORK and _kinds(result) == ["one_word"]


@pytest.mark.parametrize(
    ("text", "language", "phrase"),
    [
        ("Customer first", "en", "Customer first"),
        ("Go the extra mile for every customer", "en", "Go the extra mile"),
        ("Clientul pe primul loc", "ro", "Clientul pe primul loc"),
    ],
)
def test_a_cliche_needs_work(text, language, phrase):
    result = check_action(text, language=language)
    assert result.status == NEEDS_WORK
    assert _reason(result, "cliche").words == (phrase,)


def test_too_long_names_the_words_past_the_limit():
    words = (
        "Treat every customer with care and answer each question fully before you move on "
        "to the next"
    )
    result = check_action(words, language="en")
    assert len(words.split()) > MAX_WORDS
    reason = _reason(result, "too_long")
    assert reason.words == tuple(words.split()[MAX_WORDS:])
    assert result.status == NEEDS_WORK


def test_more_than_one_sentence_needs_work():
    result = check_action("Listen to every customer. Answer the same day.", language="en")
    assert _reason(result, "sentences").words == ("Answer the same day.",)
    assert result.status == NEEDS_WORK


@pytest.mark.parametrize("text", ["", "   ", "…!?", None])
def test_empty_asks_for_a_statement(text):
    result = check_action(text, language="en")
    assert result.status == NEEDS_WORK
    assert _kinds(result) == ["empty"]
    assert "write" in result.reasons[0].text


def test_any_other_language_uses_english():
    assert check_action("Treat every customer with urgency", language="fr").language == "en"
    assert check_action("Tratează fiecare client.", language="ro-RO").language == "ro"


def test_needs_work_reasons_come_before_the_positive_ones():
    result = check_action("Be excellent", language="en")
    positives = [r.positive for r in result.reasons]
    assert positives == sorted(positives)


def test_as_dict():
    result = check_action("We listen", language="en")
    data = result.as_dict()
    assert data["status"] == NEEDS_WORK
    assert data["reasons"][0] == {"text": result.reasons[0].text, "words": ["We"]}


def test_the_command_prints_the_json():
    out = StringIO()
    call_command("check_action", "Tratează fiecare client cu urgență.", language="ro", stdout=out)
    data = json.loads(out.getvalue())
    assert data["status"] == "meets"
    assert data["reasons"][0]["words"] == ["Tratează"]
    assert "Tratează" in out.getvalue()  # not escaped


def test_warm_up_loads_both_languages():
    warm_up()
    assert check_action("Listen to every customer", language="en").status == MEETS


@settings(max_examples=300, deadline=None)
@given(text=st.text(), language=st.text(max_size=8) | st.sampled_from(["en", "ro", "ro-RO"]))
def test_the_check_never_fails(text, language):
    result = check_action(text, language=language)
    assert result.status in (MEETS, NEEDS_WORK)
    assert result.language in ("en", "ro")
    assert result.reasons
    json.dumps(result.as_dict(), ensure_ascii=False)
