"""The vision statement check of stage 6: how a draft fares on the method's three criteria.

Guidance, not a verdict. The check reads words, not meaning: it points at words that
often make a vision statement weak (and at some that make it strong), and says why. A
team may keep a statement the check questions; a statement the check likes may still not
land with the people who will live by it, which counts more.

`check_vision(text, language=...)` returns a `VisionCheck`: the word count and the three
criteria in this order, each with a status ("meets" or "needs_work") and its reasons.
A criterion needs work when one of its reasons is not positive; positive reasons ("about
the customer", "echoes your value Honesty") are shown beside the others. Every reason
names the words of the statement that caused it, as typed, in the order they come.

1. **simple** (simple to understand and act on):
   - *length*: the number of words (runs of letters or digits; "best-in-class" is one
     word, "24/7" and "100%" too); more than `MAX_WORDS` needs work.
   - *sentences*: more than one sentence needs work. A sentence ends at ". ", "! ", "? ",
     "…" or a line break, so an abbreviation with a full stop ("U.S. customers") counts
     as two.
   - *readability*: our own measure, the same for both languages: long words, by a
     syllable count by vowel groups (`syllables`), with rules per language (English: a
     silent final "e", "-ed" and "-es"; Romanian: "ee" and a consonant's "ie" are two
     syllables, "ea", "oa" and other diphthongs one, a final "i" after a consonant none).
     At least 3 words of `LONG_WORD_SYLLABLES` syllables or more, or 2 that are a
     quarter of the words, need work. The count is approximate (within a syllable for
     most words); it was chosen over textstat, whose English needs a download that fails
     offline in its newer versions and which has no Romanian formula (it silently uses the
     English one), so that both languages are measured alike and offline.
   - *buzzword* and *cliche*: entries of `data/buzzwords.txt` and `data/cliches.txt`.
   - *no_action*: neither a verb of `data/actions.txt` nor a word of what customers get
     (`data/service.txt`): nothing a person can do differently in their next customer
     interaction. "Amazing service" passes (service is something one gives); "We strive
     for excellence" does not.
2. **service** (describes the type of service to provide):
   - *customer* (positive): words of `data/customer.txt` (who is served) and
     `data/service.txt` (what they get); *not_customer* when there are none.
   - *company_vision*: entries of `data/company.txt` (revenue, markets, competitors).
   - *echoes* (positive): a word of the statement shares its lemma, or a long enough
     beginning (`_echoes`: "honest" and "Honesty", "onest" and "Onestitate"), with one
     of `values` (one reason per value) or of `top_words` (one reason for all).
3. **aspiration** (reflects who we are now and who we aspire to be):
   - *promise*: absolute promises of `data/promises.txt` ("24/7", "instantly", "every
     time"), which the team must confirm it can keep. `promises_confirmed=True` clears the
     reason; a collection of phrases clears those only (compared case aside).
   - *not_forward*: words of `data/past.txt` (what the company was or did).
   The check cannot tell whether a promise is kept or a statement is true of the team:
   it only asks.

Matching: list entries are compared with the statement's words case and diacritics aside,
and with their lemmas (simplemma), so "soluțiile" matches "soluție" and "leveraging"
matches "leverage" (Romanian typed without diacritics, "solutii", is read as the word
cloud reads it, `surveys.text`); an entry must be listed in its base form (its lemma). Phrases match
word by word, the longest entry first; words inside a cliché are not read again as
promises ("the customer is always right"). English words ending in "-ing" also match the
verb they come from ("serving" and "serve").

Languages: `language` is the statement's language, "en" or "ro" (a region such as
"ro-RO" is read as "ro"); anything else uses the English lists and rules. It chooses the
word lists and the lemmatiser; the reason texts are in the current Django language
(gettext), like the rest of the page.

Cost: the lists and the lemmatiser's dictionary are loaded once per process and
language (`_lexicon`, `warm_up`); a check of a short statement then takes well under a
millisecond (see `bench/vision_check.py`).

To add words, add a line to the list's `[en]` or `[ro]` section in `vision/data/`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import pairwise
from os.path import commonprefix
from pathlib import Path

import simplemma
from django.utils.translation import gettext, gettext_lazy, ngettext

# The word cloud's own reading of Romanian typed without diacritics ("solutii").
from surveys.text import _romanian_without_diacritics, normalise

LANGUAGES = ("en", "ro")
CRITERIA = ("simple", "service", "aspiration")
MEETS, NEEDS_WORK = "meets", "needs_work"
MAX_WORDS = 20
LONG_WORD_SYLLABLES = {"en": 4, "ro": 5}
DATA_DIR = Path(__file__).resolve().parent / "data"
LISTS = ("buzzwords", "cliches", "company", "customer", "service", "actions", "promises", "past")

# The "why?" of each kind of reason, for the UI to show beside it.
WHY = {
    "empty": gettext_lazy("The check starts when there is something to read."),
    "length": gettext_lazy(
        "A statement everyone can repeat from memory is one short sentence: a few words, "
        "up to about twenty."
    ),
    "sentences": gettext_lazy(
        "One sentence is easier to remember, and to pass on to a colleague, than several."
    ),
    "readability": gettext_lazy(
        "Long words slow the reader down; everyday words are understood at once, by everyone."
    ),
    "buzzword": gettext_lazy(
        "Jargon sounds important but tells nobody what to do when the next customer calls."
    ),
    "cliche": gettext_lazy(
        "Every company says this, so it no longer tells your team anything they can act on."
    ),
    "no_action": gettext_lazy(
        "A good statement tells a person what to do in their next customer interaction: "
        "what to give, or how to treat people."
    ),
    "customer": gettext_lazy("A service vision is about the customer and what they get from you."),
    "not_customer": gettext_lazy(
        "Name who you serve or what they get (help, care, an experience): that is what "
        "the team can act on."
    ),
    "company_vision": gettext_lazy(
        "Revenue, markets and competitors belong to the company's vision; the service "
        "vision says what customers get."
    ),
    "echoes": gettext_lazy(
        "A statement that echoes the team's values and the survey's words sums up what "
        "the team chose."
    ),
    "promise": gettext_lazy(
        "An absolute promise must be one the team can keep every day: confirm it, or soften it."
    ),
    "not_forward": gettext_lazy(
        "The statement should say who you want to be, not only what you were."
    ),
}


@dataclass(frozen=True)
class Reason:
    """One reason of a criterion: `words` are the statement's words that caused it, as
    typed; `positive` reasons say what is good and never make a criterion need work."""

    kind: str
    text: str
    words: tuple[str, ...]
    why: str
    positive: bool = False


@dataclass(frozen=True)
class Criterion:
    key: str
    status: str
    reasons: tuple[Reason, ...]


@dataclass(frozen=True)
class VisionCheck:
    criteria: tuple[Criterion, ...]
    words: int

    def criterion(self, key: str) -> Criterion:
        return next(c for c in self.criteria if c.key == key)

    def as_json(self) -> dict:
        return {
            "words": self.words,
            "criteria": [
                {
                    "key": c.key,
                    "status": c.status,
                    "reasons": [
                        {
                            "kind": r.kind,
                            "text": r.text,
                            "words": list(r.words),
                            "why": r.why,
                            "positive": r.positive,
                        }
                        for r in c.reasons
                    ],
                }
                for c in self.criteria
            ],
        }


@dataclass(frozen=True, slots=True)
class _Token:
    text: str
    start: int
    end: int
    keys: frozenset[str]


@dataclass(frozen=True, slots=True)
class _Entry:
    keys: tuple[str, ...]  # one folded key a word
    text: str


# An index of one list: the entries by the key of their first word, longest first.
_Index = dict[str, tuple[_Entry, ...]]


@dataclass(frozen=True, slots=True)
class _Match:
    start: int  # token positions
    end: int
    entry: _Entry
    typed: str  # the statement's words, as typed


# Tokens for matching: "#1", "24/7", "100%", words (an apostrophe's tail kept: "customer's").
# Hyphens separate tokens, so "best-in-class" matches the entry "best in class" too.
_TOKEN_RE = re.compile(r"#\d+|\d+ ?/ ?\d+|\d+(?:[.,]\d+)? ?%|[^\W_]+(?:['’][^\W_]+)?")
# Words as a reader counts them: "best-in-class", "24/7", "100%" and "e-mail" are one each.
_WORD_RE = re.compile(r"#?[^\W_]+(?:[-'’/.,][^\W_]+)*%?")
_SENTENCE_BREAK_RE = re.compile(r"(?<=[.!?…])\s+|[.!?…]*\n+")
_HAS_WORD_RE = re.compile(r"[^\W_]")


def check_vision(
    text: str,
    *,
    language: str,
    values: Sequence[str] = (),
    top_words: Sequence[str] = (),
    promises_confirmed: bool | Collection[str] = False,
) -> VisionCheck:
    """Check a draft vision statement (see the module's docstring for the rules)."""
    lang = _language(language)
    text = normalise(text or "")
    lexicon = _lexicon(lang)
    tokens = _tokenise(text, lang)
    count = len(_WORD_RE.findall(text))
    if not tokens:
        empty = Reason(
            "empty",
            gettext("Nothing to check yet: write a few words, up to one sentence."),
            (),
            str(WHY["empty"]),
        )
        return VisionCheck(tuple(Criterion(key, NEEDS_WORK, (empty,)) for key in CRITERIA), count)

    found = {name: _find(text, tokens, lexicon[name]) for name in LISTS}
    cliche_positions = {i for m in found["cliches"] for i in range(m.start, m.end)}
    found["promises"] = [
        m for m in found["promises"] if not cliche_positions & set(range(m.start, m.end))
    ]
    simple = _simple(text, tokens, count, found, lang)
    service = _service(tokens, found, lang, values, top_words)
    aspiration = _aspiration(found, promises_confirmed)
    return VisionCheck((simple, service, aspiration), count)


def statement_language(text: str, default: str) -> str:
    """The language a statement is written in, of those the check knows: a Romanian draft
    read by someone whose screen is in English is still checked with the Romanian lists.
    `default` (the reader's language) when the words do not tell (a few words, numbers)."""
    scores = dict(simplemma.langdetect(text, lang=LANGUAGES))
    best = max(LANGUAGES, key=lambda lang: scores.get(lang, 0.0))
    others = [scores.get(lang, 0.0) for lang in LANGUAGES if lang != best]
    if scores.get(best, 0.0) >= 0.5 and all(score < scores[best] for score in others):
        return best
    return _language(default)


def warm_up(languages: Iterable[str] = LANGUAGES) -> None:
    """Load the lists and the lemmatiser's dictionaries now, not on the first check."""
    for lang in languages:
        check_vision("We help customers.", language=lang)


def _criterion(key: str, reasons: list[Reason]) -> Criterion:
    status = NEEDS_WORK if any(not r.positive for r in reasons) else MEETS
    return Criterion(key, status, tuple(reasons))


def _reason(kind: str, text: str, words: Iterable[str] = (), *, positive: bool = False):
    return Reason(kind, text, tuple(dict.fromkeys(words)), str(WHY[kind]), positive)


def _quoted(words: Iterable[str]) -> str:
    return ", ".join(gettext("“%(word)s”") % {"word": word} for word in dict.fromkeys(words))


def _simple(text: str, tokens, count: int, found, lang: str) -> Criterion:
    reasons = []
    if count > MAX_WORDS:
        message = ngettext(
            "%(count)d word: a vision statement is one short sentence; aim for %(limit)d or fewer.",
            "%(count)d words: a vision statement is one short sentence; aim for %(limit)d "
            "or fewer.",
            count,
        )
        reasons.append(_reason("length", message % {"count": count, "limit": MAX_WORDS}))
    else:
        message = ngettext(
            "%(count)d word: short enough to remember.",
            "%(count)d words: short enough to remember.",
            count,
        )
        reasons.append(_reason("length", message % {"count": count}, positive=True))
    sentences = [s.strip() for s in _SENTENCE_BREAK_RE.split(text) if _HAS_WORD_RE.search(s)]
    if len(sentences) > 1:
        message = ngettext(
            "%(count)d sentence: keep it to one.",
            "%(count)d sentences: keep it to one.",
            len(sentences),
        )
        reasons.append(_reason("sentences", message % {"count": len(sentences)}, sentences[1:]))
    long_words = [
        t.text
        for t in tokens
        if t.text.isalpha() and syllables(t.text, lang) >= LONG_WORD_SYLLABLES[lang]
    ]
    if len(long_words) >= 3 or (len(long_words) >= 2 and 4 * len(long_words) >= count):
        message = gettext("Long words make it harder to read at a glance: %(words)s.")
        reasons.append(_reason("readability", message % {"words": _quoted(long_words)}, long_words))
    for name, kind, message in (
        (
            "buzzwords",
            "buzzword",
            gettext("Jargon and buzzwords: %(words)s. Say it in everyday words."),
        ),
        ("cliches", "cliche", gettext("An empty cliché: %(words)s. Say what your team does.")),
    ):
        words = _typed(found[name])
        if words:
            reasons.append(_reason(kind, message % {"words": _quoted(words)}, words))
    if not found["actions"] and not found["service"]:
        message = gettext(
            "Nothing here to act on in the next customer interaction: say what you give "
            "customers, or how you treat them."
        )
        reasons.append(_reason("no_action", message))
    return _criterion("simple", reasons)


def _service(tokens, found, lang: str, values, top_words) -> Criterion:
    reasons = []
    ordered = sorted([*found["customer"], *found["service"]], key=lambda m: m.start)
    about = _typed(ordered)
    if about:
        message = gettext("About the customer and the service they get: %(words)s.")
        reasons.append(
            _reason("customer", message % {"words": _quoted(about)}, about, positive=True)
        )
    else:
        message = gettext(
            "It does not say who is served or what they get: name the customer, or the "
            "help, care or experience they get."
        )
        reasons.append(_reason("not_customer", message))
    company = _typed(found["company"])
    if company:
        message = gettext("Reads like a company vision: %(words)s. Say what customers get instead.")
        reasons.append(_reason("company_vision", message % {"words": _quoted(company)}, company))
    for value in dict.fromkeys(v.strip() for v in values if v and v.strip()):
        words = _echoed(tokens, value, lang)
        if words:
            message = gettext("Echoes your value %(value)s: %(words)s.")
            reasons.append(
                _reason(
                    "echoes",
                    message % {"value": value, "words": _quoted(words)},
                    words,
                    positive=True,
                )
            )
    echoed = [w for top in top_words if top and top.strip() for w in _echoed(tokens, top, lang)]
    if echoed:
        message = gettext("Echoes the survey's words: %(words)s.")
        reasons.append(
            _reason("echoes", message % {"words": _quoted(echoed)}, echoed, positive=True)
        )
    return _criterion("service", reasons)


def _aspiration(found, promises_confirmed) -> Criterion:
    reasons = []
    promises = found["promises"]
    if promises_confirmed is True:
        promises = []
    elif promises_confirmed:
        confirmed = {_fold(normalise(p)) for p in promises_confirmed}
        promises = [m for m in promises if _fold(m.entry.text) not in confirmed]
    typed = _typed(promises)
    if typed:
        message = gettext("A promise to confirm: %(words)s. Can the team keep it every day?")
        reasons.append(_reason("promise", message % {"words": _quoted(typed)}, typed))
    past = _typed(found["past"])
    if past:
        message = gettext("Looks back rather than ahead: %(words)s. Say who you want to be.")
        reasons.append(_reason("not_forward", message % {"words": _quoted(past)}, past))
    return _criterion("aspiration", reasons)


def _typed(matches: Iterable[_Match]) -> list[str]:
    return [m.typed for m in matches]


def _language(language: str) -> str:
    code = (language or "").strip().lower()[:2]
    return code if code in LANGUAGES else "en"


# Romanian's letters first (the common case), then any other combining mark.
_FOLD_TABLE = str.maketrans("ăâîșțşţ", "aaistst")


@lru_cache(maxsize=1 << 14)
def _fold(word: str) -> str:
    """Case and diacritics aside: "Soluții" and "solutii" fold alike."""
    folded = word.casefold().translate(_FOLD_TABLE).replace("’", "'")
    if folded.isascii():
        return folded
    decomposed = unicodedata.normalize("NFD", folded)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=1 << 14)
def _token_keys(word: str, lang: str) -> frozenset[str]:
    """What a token of the statement matches: its form and its lemma, folded."""
    lower = word.casefold().replace("’", "'").replace(" ", "")
    forms = {lower, lower.split("'")[0]}
    keys = set()
    for form in forms:
        keys.add(_fold(form))
        if form.isalpha():
            keys.add(_fold(simplemma.lemmatize(form, lang)))
            if lang == "ro" and form.isascii() and not simplemma.is_known(form, lang):
                restored = _romanian_without_diacritics(form)  # "solutii" is "soluții"
                if restored:
                    keys.add(_fold(restored))
            if lang == "en" and len(form) > 5 and form.endswith("ing"):
                keys.update((form[:-3], form[:-3] + "e"))  # "serving" is a form of "serve"
    return frozenset(keys)


def _tokenise(text: str, lang: str) -> list[_Token]:
    return [
        _Token(m.group(), m.start(), m.end(), _token_keys(m.group(), lang))
        for m in _TOKEN_RE.finditer(text)
    ]


def _find(text: str, tokens: Sequence[_Token], index: _Index) -> list[_Match]:
    """The entries of a list in the statement, left to right, the longest at each place."""
    matches = []
    i = 0
    while i < len(tokens):
        best = None
        for key in tokens[i].keys:
            for entry in index.get(key, ()):
                n = len(entry.keys)
                if best is not None and n <= len(best.keys):
                    continue
                if i + n <= len(tokens) and all(
                    entry.keys[j] in tokens[i + j].keys for j in range(1, n)
                ):
                    best = entry
        if best is None:
            i += 1
            continue
        end = i + len(best.keys)
        typed = text[tokens[i].start : tokens[end - 1].end]
        matches.append(_Match(i, end, best, typed))
        i = end
    return matches


def _read_list(name: str) -> dict[str, list[str]]:
    """A list's entries by language, as written in vision/data/<name>.txt."""
    entries: dict[str, list[str]] = {}
    section = None
    for line in (DATA_DIR / f"{name}.txt").read_text(encoding="utf-8").splitlines():
        line = line.strip()
        # A comment is a line that starts with "#" and no letter or digit after it ("#1"
        # is an entry).
        if not line or (line.startswith("#") and not line[1:2].isalnum()):
            continue
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1].strip()
            continue
        if section is not None:
            entries.setdefault(section, []).append(normalise(line))
    return entries


@cache
def _lexicon(lang: str) -> dict[str, _Index]:
    """Every list of `lang`, indexed for matching: read once per process and language."""
    lexicon = {}
    for name in LISTS:
        by_first: dict[str, list[_Entry]] = {}
        for text in _read_list(name).get(lang, []):
            keys = tuple(_fold(t.replace(" ", "")) for t in _TOKEN_RE.findall(text))
            if keys:
                by_first.setdefault(keys[0], []).append(_Entry(keys, text))
        lexicon[name] = {
            key: tuple(sorted(entries, key=lambda e: -len(e.keys)))
            for key, entries in by_first.items()
        }
    return lexicon


def _echoes(word: str, other: str) -> bool:
    """Two folded words of one family: equal, or sharing a beginning of at least five
    letters that is most of the shorter one ("honest"/"honesty", "empathy"/"empathetic";
    not "care"/"career", nor "integrity"/"integrate")."""
    if word == other:
        return True
    shared = len(commonprefix([word, other]))
    return shared >= 5 and shared >= 0.7 * min(len(word), len(other))


def _echoed(tokens: Sequence[_Token], name: str, lang: str) -> list[str]:
    """The statement's words that echo one of the words (of three letters or more) of a
    value's name or a survey word."""
    wanted = [
        _token_keys(word, lang) for word in _TOKEN_RE.findall(normalise(name)) if len(word) >= 3
    ]
    return [
        token.text
        for token in tokens
        if any(_echoes(a, b) for keys in wanted for a in keys for b in token.keys)
    ]


# Syllables by vowel groups.
_EN_VOWEL_GROUP_RE = re.compile(r"[aeiou]+y?|(?<=.)y[aeiou]*")
_RO_VOWEL_GROUP_RE = re.compile(r"[aeiouăâî]+")
# Vowel pairs that Romanian reads as one syllable (diphthongs; "ii" of plurals too).
_RO_ONE_SYLLABLE = frozenset(
    ("ea", "oa", "ia", "ie", "io", "iu", "ua", "uă", "ai", "ei")
    + ("oi", "ui", "au", "ău", "eu", "ou", "âi", "îi", "ăi", "ii")
)


@lru_cache(maxsize=1 << 14)
def syllables(word: str, lang: str) -> int:
    """An approximate syllable count of a word: vowel groups, with a few rules of the
    language (see the module's docstring). At least 1."""
    w = word.casefold()
    if lang == "ro":
        return max(_syllables_ro(w), 1)
    return max(_syllables_en(w), 1)


def _syllables_en(w: str) -> int:
    groups = _EN_VOWEL_GROUP_RE.findall(w)
    n = len(groups)
    if n > 1 and groups[-1] == "e":
        silent = (
            (w.endswith("e") and not (w.endswith("le") and w[-3:-2] not in "aeiouy"))
            or (w.endswith("ed") and w[-3:-2] not in "td")
            or (
                w.endswith("es")
                and not w.endswith(("ses", "xes", "zes", "ces", "ges", "ches", "shes"))
            )
        )
        n -= silent
    return n


def _syllables_ro(w: str) -> int:
    n = 0
    for m in _RO_VOWEL_GROUP_RE.finditer(w):
        group = m.group()
        before = w[m.start() - 1] if m.start() else ""
        n += 1
        for k, (a, b) in enumerate(pairwise(group)):
            pair = a + b
            if pair not in _RO_ONE_SYLLABLE:
                n += 1  # a hiatus: i-de-e, a-er
            elif pair == "ie" and k == 0 and before and before not in "cg":
                n += 1  # after a consonant "ie" is two: cli-ent, bu-cu-ri-e, so-lu-ți-e
    if len(w) > 2 and w.endswith("i") and w[-2] not in "aeiouăâî" and n > 1:
        n -= 1  # a final "i" after a consonant is not a syllable: clienți, oameni
    return n
