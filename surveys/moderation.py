"""The optional offensive-words filter: matching answers wait for the facilitator's approval.

Word lists come from glin-profanity (English, French, German, Spanish, Italian, Hungarian),
topped up from surveys/data/offensive_words_<language>.txt; Romanian, which glin-profanity
lacks, has only its own file (each file's header says where its words come from and under
which licence). An answer is checked against the lists of every language the survey
expects, so a Romanian answer in an English and Romanian survey is caught whichever
language it is read as.

Words are matched whole, after the word cloud's normalisation ("class" never matches
"ass"), with case and diacritics aside ("cacat" is "căcat") and in their other forms:
a word is offensive when it, its lemma, or (in Romanian) its stem without a case or
vocative ending is listed, so "dobitocilor", "idioților" and "idiots" are caught by
"dobitoc", "idiot" and "idiot".
"""

import re
import unicodedata
from functools import cache, lru_cache
from pathlib import Path

import simplemma
from glin_profanity.data.dictionary import dictionary

from surveys.text import tokenise

_GLIN_LANGUAGES = {
    "en": "english",
    "fr": "french",
    "de": "german",
    "es": "spanish",
    "it": "italian",
    "hu": "hungarian",
}
_DATA = Path(__file__).with_name("data")
_OWN_LISTS = {
    "ro": _DATA / "offensive_words_ro.txt",
    "en": _DATA / "offensive_words_en.txt",
}
_LEMMA_LANGUAGES = frozenset({"en", "ro", "fr", "de", "es", "it", "hu"})

# glin-profanity entries that are ordinary words in answers about customer service
# ("Escort me to the right desk", "domination of the market", "xx" for kisses).
_ALLOWED = {
    "en": frozenset({"domination", "escort", "hardcore", "snatch", "xx"}),
}

# An entry spelled with symbols is read as the answers are: "f*ck" as the run "f ck",
# which matches "f*ck" typed. One that leaves a single word ("a$$" → "a", "@ss" → "ss")
# would match every answer with that word in it, and is left out.
_SPELLED_WITH_SYMBOLS = re.compile(r"[^\w\s.'’-]|[\d_]")

# Romanian endings of case, number and address, longest first: "dobitoc-ilor",
# "idiot-ule", "tâmpit-ii". Only stems of four letters or more are tried, so that short
# listed words ("cur", "bou") match only the forms that are listed.
_RO_ENDINGS = ("urilor", "ilor", "elor", "ului", "ule", "lor", "ul", "ii", "le", "ei", "i", "e")
_MIN_STEM = 4


def fold(word: str) -> str:
    """Casefolded, without diacritics, Romanian cedillas counted as commas ("Căcat" →
    "cacat")."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def _entries(language: str) -> list[str]:
    entries = []
    if language in _GLIN_LANGUAGES:
        entries += dictionary.get_words(_GLIN_LANGUAGES[language])
    if language in _OWN_LISTS:
        lines = _OWN_LISTS[language].read_text(encoding="utf-8").splitlines()
        entries += [line.strip() for line in lines if line.strip() and not line.startswith("#")]
    return entries


@cache
def offensive_words(language: str) -> tuple[frozenset[str], frozenset[str]]:
    """(single words, phrases of several words) of `language`, folded (see `fold`)."""
    allowed = _ALLOWED.get(language, frozenset())
    words, phrases = set(), set()
    for entry in _entries(language):
        if entry.casefold() in allowed:
            continue
        # Hyphenated and multi-word entries are matched as runs of words, as the answers
        # are read.
        tokens = [fold(token) for run in tokenise(entry) for token in run]
        if len(tokens) == 1 and _SPELLED_WITH_SYMBOLS.search(entry):
            continue
        if len(tokens) == 1:
            words.add(tokens[0])
        elif tokens:
            phrases.add(" ".join(tokens))
    return frozenset(words), frozenset(phrases)


def has_word_lists(language: str) -> bool:
    return language in _GLIN_LANGUAGES or language in _OWN_LISTS


@lru_cache(maxsize=1 << 14)
def _forms(token: str, language: str) -> frozenset[str]:
    """The folded forms a token is looked up under in `language`'s list."""
    word = token.casefold()
    forms = {fold(word)}
    if language in _LEMMA_LANGUAGES:
        forms.add(fold(simplemma.lemmatize(word, language)))
    if language == "ro":
        folded = fold(word)
        for ending in _RO_ENDINGS:
            if folded.endswith(ending) and len(folded) - len(ending) >= _MIN_STEM:
                forms.add(folded[: -len(ending)])
    return frozenset(forms)


@cache
def _phrases_by_first_word(language: str) -> dict[str, tuple[tuple[str, ...], ...]]:
    """The phrases of `language` as word tuples, under their first word: an answer is
    only compared with the phrases that start with one of its words (this runs on every
    answer sent)."""
    index: dict[str, list[tuple[str, ...]]] = {}
    for phrase in offensive_words(language)[1]:
        words = tuple(phrase.split())
        index.setdefault(words[0], []).append(words)
    return {first: tuple(phrases) for first, phrases in index.items()}


def is_offensive(text: str, languages: list[str]) -> bool:
    runs = [[fold(token) for token in run] for run in tokenise(text)]
    tokens = {token for run in runs for token in run}
    for language in languages:
        words = offensive_words(language)[0]
        if any(not words.isdisjoint(_forms(token, language)) for token in tokens):
            return True
        starts = _phrases_by_first_word(language)
        for run in runs:
            for i, token in enumerate(run):
                for phrase in starts.get(token, ()):
                    if tuple(run[i : i + len(phrase)]) == phrase:
                        return True
    return False
