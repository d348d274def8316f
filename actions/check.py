"""The action-statement check of stage 7 (values in action): does a value's action
statement say what a person does?

Guidance, not a verdict, like the vision check (`vision/check.py`). The check reads the
first words and the length, not the meaning.

`check_action(text, language=...)` returns an `ActionCheck`: "meets" or "needs_work", and
its reasons, those that need work first, then what the statement does well. Every reason
names the words of the statement it is about, as typed.

A statement **meets** when all of these hold:

- *lead_verb* (positive): it starts with an action verb in the imperative ("Treat every
  customer with urgency", "Don't promise what we can't keep", "Always listen first";
  "Tratează fiecare client cu urgență.", "Nu promite…", "Asumă-ți…"), or
- *i_statement* (positive): it is an "I" statement ("I build…", "I'll…"; "Eu ascult…", and
  without the pronoun, as Romanian says it: "Ascult…", "Mă asigur că…", "Îmi asum…").
- It has at least 3 words (*one_word*, *too_short*: a label or a slogan, not an action)
  and none of `data/cliches.txt` ("Customer first", "Clientul pe primul loc").
- It has at most `MAX_WORDS` words (*too_long*) and one sentence (*sentences*).

Otherwise it needs work: *we_statement* ("We listen…", "Ascultăm…": the team, not a
person; start with the verb or "I"), *no_action* (a noun phrase or a declarative:
"Excellent customer service", "Service comes first", "Serviciul contează"; the reason
names the first word that is not a verb), or *empty*.

How the first word is read:

- English: lemminflect's dictionary. The first word is a verb in the imperative when it is
  a verb whose lemma is itself (`getAllLemmas(word, upos="VERB")`: "treat", "be", not
  "treats", "being"). Unless the next word shows the first is a noun subject: an auxiliary
  ("Respect is earned") or a verb's 3rd-person or past form that is not a plural noun
  ("Service comes first", but "Keep promises"), or "of" ("Respect of…"). Before it,
  "don't", "do not", "never", "please" and adverbs ("always", "quickly") are skipped.
  "I", "I'll", "I'm"… make an "I" statement; "we", "we'll"… a "we" statement.
- Romanian: no offline part-of-speech tagger exists, so the check looks the word up in
  `data/ro_verb_forms.txt`, the imperative, negative imperative and present 1st-person
  forms of about 6,900 verbs from verbecc's conjugation tables (built by
  `scripts/build_romanian_verb_forms.py`), plus `EXTRA_RO_FORMS`. Words are split at
  hyphens ("Asumă-ți" is "Asumă" and "ți"), "ş"/"ţ" with a cedilla read as "ș"/"ț", case
  aside; a word typed without diacritics ("Trateaza") is looked up without them when it
  is not found as typed. Before the verb: "eu" (an "I" statement), "noi" (a "we"
  statement), "nu" (a negative imperative: "Nu promite"), "te rog", adverbs ("mereu",
  "întotdeauna") and clitic pronouns ("mă", "îmi", "le") are read. The imperative 2nd
  person singular often equals the present 3rd person ("Tratează"): read as an
  imperative; a noun first ("Serviciul contează") is not a verb form, so a declarative.

Languages: `language` is the statement's language, "ro" (or "ro-RO"…) for Romanian,
anything else English (`vision.check.statement_language` chooses it). The reason texts are
in the current Django language (gettext).

Cost: lemminflect's tables and the Romanian forms are loaded once per process
(`warm_up`, about a second); a check then takes a few hundredths of a millisecond (see
`bench/action_check.py`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.utils.translation import gettext, ngettext

from surveys.text import normalise

LANGUAGES = ("en", "ro")
MEETS, NEEDS_WORK = "meets", "needs_work"
MIN_WORDS = 3
MAX_WORDS = 15
DATA_DIR = Path(__file__).resolve().parent / "data"

# Forms the tables miss or that the check needs with another reading (kinds as in
# data/ro_verb_forms.txt: I imperative, N negative imperative, 1 present 1sg, W 1pl).
EXTRA_RO_FORMS = {
    "fii": "IN",  # "Fii…" and "Nu fi…": the tables give "fii" as the imperative only
    "fi": "N",
    "fiți": "IN",
    "sunt": "1",  # "Sunt mereu…": "I am"; also "they are", but a statement rarely starts so
    "suntem": "W",
    "hai": "I",  # "Hai să…": "let us…", an exhortation
    "haideți": "I",
}

# English words before the verb that keep it an imperative ("Don't promise…").
_EN_LEADS = frozenset(("don't", "dont", "never", "please", "kindly", "let's", "lets"))
_EN_ADVERBS = frozenset(("always", "just", "first", "only", "also", "still", "ever"))
_EN_I = frozenset(("i", "i'll", "i'm", "i've", "i'd", "im", "ill", "ive"))
_EN_WE = frozenset(("we", "we'll", "we're", "we've", "we'd", "weve"))
_EN_AUXILIARIES = frozenset(
    ("is", "are", "was", "were", "will", "would", "can", "could", "should", "must")
    + ("may", "might", "shall", "has", "had", "does", "did", "isn't", "aren't", "won't")
    + ("can't", "doesn't", "didn't", "wasn't", "'s", "matters", "means")
)

# Verbs whose noun is what a statement usually starts with ("Service with a smile",
# "Respect for every customer", "People matter most"): read as the verb only when an
# object follows ("Respect every customer", "Support colleagues"), not a preposition, a
# verb or nothing.
_EN_NOUNS_FIRST = frozenset(
    ("service", "respect", "people", "value", "support", "trust", "experience", "quality")
)
_EN_PREPOSITIONS = frozenset(
    ("with", "for", "of", "to", "in", "at", "on", "from", "above", "beyond", "first", "and")
)

_RO_I = frozenset(("eu",))
_RO_WE = frozenset(("noi",))
_RO_ADVERBS = frozenset(
    ("mereu", "întotdeauna", "totdeauna", "permanent", "doar", "numai", "chiar", "și")
    + ("niciodată", "deja", "acum", "azi", "astăzi", "zilnic", "constant")
)
# Clitic pronouns before the verb ("Mă asigur", "Îmi asum", "Le ofer", "Nu le promite").
_RO_CLITICS = frozenset(
    ("mă", "îmi", "mi", "m", "te", "îți", "ți", "îl", "l", "o", "ne", "ni", "vă", "vi")
    + ("v", "le", "li", "îi", "i", "își", "și", "se", "s")
)
# Present 1st-person forms that are also common nouns ("Respect față de client", "Sprijin
# pentru colegi"): read as a noun when a preposition, a conjunction or nothing follows.
_RO_NOUNS_TOO = frozenset(
    ("respect", "sprijin", "suport", "schimb", "cost", "transport", "câștig", "joc", "control")
)
_RO_AFTER_NOUN = frozenset(("față", "pentru", "și", "de", "în", "al", "a", "ale", "ai", "cu", ""))
# Clitics of the speaker: the verb after them is read as "I" before the imperative.
_RO_MY_CLITICS = frozenset(("mă", "îmi", "mi", "m"))
_RO_PLEASE = (("te", "rog"), ("vă", "rog"))

# Words as a reader counts them: "best-in-class", "24/7", "100%", "Asumă-ți" are one each.
_WORD_RE = re.compile(r"#?[^\W_]+(?:[-'’/.,][^\W_]+)*%?")
# Words for reading the start: apostrophes kept ("don't", "I'll"), hyphens split.
_LEAD_RE = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_SENTENCE_BREAK_RE = re.compile(r"(?<=[.!?…])\s+|[.!?…]*\n+")
_HAS_WORD_RE = re.compile(r"[^\W_]")
_FOLD_TABLE = str.maketrans("ăâîșț", "aaist")


@dataclass(frozen=True)
class Reason:
    """One reason: `words` are the statement's words it is about, as typed; `positive`
    reasons say what the statement does well."""

    kind: str
    text: str
    words: tuple[str, ...]
    positive: bool = False


@dataclass(frozen=True)
class ActionCheck:
    status: str
    reasons: tuple[Reason, ...]
    language: str

    def as_dict(self) -> dict:
        return {
            "status": self.status,
            "reasons": [{"text": r.text, "words": list(r.words)} for r in self.reasons],
        }


@dataclass(frozen=True, slots=True)
class _Lead:
    """How the statement starts: `kind` is "verb", "i", "we" or "none"; `word` the word,
    as typed, that decided it."""

    kind: str
    word: str


def check_action(text: str, *, language: str) -> ActionCheck:
    """Check an action statement (see the module's docstring for the rules)."""
    lang = _language(language)
    text = normalise(text or "").strip()
    words = _WORD_RE.findall(text)
    if not words:
        message = gettext(
            "Nothing to check yet: write what a person does, starting with a verb "
            "(“Treat…”, “Listen…”) or with “I”."
        )
        return ActionCheck(NEEDS_WORK, (Reason("empty", message, ()),), lang)

    reasons: list[Reason] = []
    lead = _lead_ro(text) if lang == "ro" else _lead_en(text)
    quoted = {"word": lead.word}
    # One or two words are a label or a slogan, whatever they start with: the reason below
    # says so, without a praise of the verb beside it.
    short = len(words) < MIN_WORDS
    if lead.kind == "verb" and not short:
        message = gettext("Starts with what to do: “%(word)s”.") % quoted
        reasons.append(Reason("lead_verb", message, (lead.word,), positive=True))
    elif lead.kind == "i" and not short:
        message = gettext("An “I” statement (“%(word)s”): each person can say it of themselves.")
        reasons.append(Reason("i_statement", message % quoted, (lead.word,), positive=True))
    elif lead.kind == "we":
        message = gettext(
            "“%(word)s” makes it a “we” statement, about the team rather than each person: "
            "start with the verb (“Listen to every customer”) or with “I” (“I listen…”)."
        )
        reasons.append(Reason("we_statement", message % quoted, (lead.word,)))
    elif lead.kind not in ("verb", "i") and len(words) > 1:  # one word: the reason below
        message = gettext(
            "“%(word)s” is not a verb: start with what to do (“Treat…”, “Listen…”) or with “I”."
        )
        reasons.append(Reason("no_action", message % quoted, (lead.word,)))

    if len(words) == 1:
        message = gettext(
            "One word (“%(word)s”) is a label, not an action: say what a person does, in "
            "a few words."
        )
        reasons.append(Reason("one_word", message % {"word": words[0]}, (words[0],)))
    elif len(words) < MIN_WORDS:
        message = gettext(
            "Only two words (%(words)s): a slogan rather than something to do. Say what, "
            "for whom or how."
        )
        reasons.append(Reason("too_short", message % {"words": _quoted(words)}, tuple(words)))
    for phrase in _cliches(text, lang):
        message = gettext("A cliché: %(words)s. Say what your team does, in your own words.")
        reasons.append(Reason("cliche", message % {"words": _quoted([phrase])}, (phrase,)))
    if len(words) > MAX_WORDS:
        message = ngettext(
            "%(count)d word: keep it short enough to remember, %(limit)d or fewer.",
            "%(count)d words: keep it short enough to remember, %(limit)d or fewer.",
            len(words),
        ) % {"count": len(words), "limit": MAX_WORDS}
        reasons.append(Reason("too_long", message, tuple(words[MAX_WORDS:])))
    sentences = [s.strip() for s in _SENTENCE_BREAK_RE.split(text) if _HAS_WORD_RE.search(s)]
    if len(sentences) > 1:
        message = ngettext(
            "%(count)d sentence: keep it to one.",
            "%(count)d sentences: keep it to one.",
            len(sentences),
        ) % {"count": len(sentences)}
        reasons.append(Reason("sentences", message, tuple(sentences[1:])))

    ordered = tuple(sorted(reasons, key=lambda r: r.positive))
    status = MEETS if all(r.positive for r in ordered) else NEEDS_WORK
    return ActionCheck(status, ordered, lang)


def warm_up(languages: Iterable[str] = LANGUAGES) -> None:
    """Load lemminflect's tables and the Romanian forms now, not on the first check."""
    for lang in languages:
        check_action("Listen to every customer.", language=lang)
        if _language(lang) == "ro":
            _ro_forms()
        else:
            _lemmas("listen", "VERB")


def _language(language: str) -> str:
    code = (language or "").strip().lower()[:2]
    return code if code in LANGUAGES else "en"


def _quoted(words: Iterable[str]) -> str:
    return ", ".join(gettext("“%(word)s”") % {"word": word} for word in dict.fromkeys(words))


def _fold(word: str) -> str:
    """Case and diacritics aside."""
    folded = word.casefold().replace("’", "'").translate(_FOLD_TABLE)
    if folded.isascii():
        return folded
    decomposed = unicodedata.normalize("NFD", folded)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


# English


@cache
def _lemminflect():
    import lemminflect  # about a second to load its tables: only when first needed

    return lemminflect


def _lemmas(word: str, upos: str) -> tuple[str, ...]:
    return _lemminflect().getAllLemmas(word, upos=upos).get(upos, ())


def _is_base_verb(word: str) -> bool:
    return word in _lemmas(word, "VERB")


def _is_adverb_only(word: str) -> bool:
    found = _lemminflect().getAllLemmas(word)
    return bool(found) and set(found) == {"ADV"}


def _shows_noun_subject(following: str) -> bool:
    """The word after a possible imperative shows the first was a noun subject: "is",
    "comes" (a verb's 3rd-person form, not a plural noun as in "Keep promises"), "came"."""
    if following in _EN_AUXILIARIES:
        return True
    lemminflect = _lemminflect()
    for lemma in _lemmas(following, "VERB"):
        third = lemminflect.getInflection(lemma, tag="VBZ")
        past = lemminflect.getInflection(lemma, tag="VBD")
        if following in third and following not in _plural_nouns(following):
            return True
        if following in past and following not in lemminflect.getInflection(lemma, tag="VBN"):
            return True
    return False


def _plural_nouns(word: str) -> set[str]:
    return {word for lemma in _lemmas(word, "NOUN") if lemma != word}


def _lead_en(text: str) -> _Lead:
    typed = _LEAD_RE.findall(text)
    words = [w.casefold().replace("’", "'") for w in typed]
    i = 0
    while i < len(words) and i < 4:
        word = words[i]
        if i == 0 and word in _EN_I:
            return _Lead("i", typed[i])
        if i == 0 and word in _EN_WE:
            return _Lead("we", typed[i])
        if word in _EN_LEADS or word in _EN_ADVERBS:
            i += 1
        elif word in ("do", "don't") and i + 1 < len(words) and words[i + 1] in ("not", "never"):
            i += 2
        elif word.endswith("ly") and _is_adverb_only(word):
            i += 1
        else:
            break
    if i >= len(words):
        return _Lead("none", typed[-1])
    word = words[i]
    if _is_base_verb(word):
        following = words[i + 1] if i + 1 < len(words) else ""
        if word == "let" and following in ("us", "'s"):
            return _Lead("verb", typed[i])
        if following and (
            _shows_noun_subject(following)
            or (following == "of" and _lemmas(word, "NOUN") and i == 0)
        ):
            return _Lead("none", typed[i])
        if word in _EN_NOUNS_FIRST and (
            not following or following in _EN_PREPOSITIONS or _lemmas(following, "VERB")
        ):
            return _Lead("none", typed[i])
        if _listed(text, typed[i]) and i + 1 < len(words) and not _is_base_verb(words[i + 1]):
            return _Lead("none", typed[i])  # "Fast, friendly, reliable service"
        return _Lead("verb", typed[i])
    if word.endswith(("'s", "'ll")) and _is_base_verb(word.split("'")[0]):
        return _Lead("verb", typed[i])  # "Let's"
    return _Lead("none", typed[i])


def _listed(text: str, word: str) -> bool:
    """The word is the first of a list, a comma after it ("Fast, friendly…")."""
    at = text.find(word)
    return at >= 0 and text[at + len(word) : at + len(word) + 1] == ","


# Romanian


@cache
def _ro_forms() -> tuple[dict[str, str], dict[str, str]]:
    """The Romanian verb forms and their kinds, as typed and without diacritics."""
    forms: dict[str, str] = {}
    for line in (DATA_DIR / "ro_verb_forms.txt").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            form, _, kinds = line.partition("\t")
            forms[form] = kinds
    for form, kinds in EXTRA_RO_FORMS.items():
        forms[form] = "".join(dict.fromkeys(forms.get(form, "") + kinds))
    folded: dict[str, str] = {}
    for form, kinds in forms.items():
        key = _fold(form)
        folded[key] = "".join(dict.fromkeys(folded.get(key, "") + kinds))
    return forms, folded


def _ro_kinds(word: str) -> str:
    forms, folded = _ro_forms()
    kinds = forms.get(word)
    if kinds is None and word.isascii():
        kinds = folded.get(_fold(word))
    return kinds or ""


def _lead_ro(text: str) -> _Lead:
    typed = [part for w in _LEAD_RE.findall(text) for part in w.split("-") if part]
    words = [w.casefold().replace("’", "'") for w in typed]
    if not words:
        return _Lead("none", text)
    if words[0] in _RO_I:
        return _Lead("i", typed[0])
    if words[0] in _RO_WE:
        return _Lead("we", typed[0])
    i = 0
    negative = mine = False
    while i < len(words) - 1 and i < 5:
        word = words[i]
        if tuple(words[i : i + 2]) in _RO_PLEASE:
            i += 2
        elif word == "nu":
            negative = True
            i += 1
        elif word in _RO_ADVERBS:
            i += 1
        elif word in _RO_CLITICS:
            mine = mine or word in _RO_MY_CLITICS
            i += 1
        else:
            break
    word = words[i]
    kinds = _ro_kinds(word)
    following = words[i + 1] if i + 1 < len(words) else ""
    if word in _RO_NOUNS_TOO and following in _RO_AFTER_NOUN and not mine:
        return _Lead("none", typed[i])
    if "W" in kinds and "I" not in kinds and "1" not in kinds:
        return _Lead("we", typed[i])
    if mine and "1" in kinds:
        return _Lead("i", typed[i])
    if "I" in kinds or (negative and "N" in kinds):
        return _Lead("verb", typed[i])
    if "1" in kinds:
        return _Lead("i", typed[i])
    if "W" in kinds:
        return _Lead("we", typed[i])
    return _Lead("none", typed[i])


# Clichés


@cache
def _cliche_phrases(lang: str) -> tuple[tuple[str, ...], ...]:
    phrases = []
    section = None
    for line in (DATA_DIR / "cliches.txt").read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1].strip()
        elif section == lang:
            keys = tuple(_fold(w) for w in re.findall(r"[^\W_]+%?", normalise(line)))
            if keys:
                phrases.append(keys)
    return tuple(sorted(phrases, key=len, reverse=True))


def _cliches(text: str, lang: str) -> list[str]:
    """The clichés in the statement, as typed, left to right, the longest at each place."""
    matches = list(re.finditer(r"[^\W_]+%?", text))
    keys = [_fold(m.group()) for m in matches]
    found = []
    i = 0
    while i < len(keys):
        for phrase in _cliche_phrases(lang):
            n = len(phrase)
            if tuple(keys[i : i + n]) == phrase:
                found.append(text[matches[i].start() : matches[i + n - 1].end()])
                i += n
                break
        else:
            i += 1
    return found
