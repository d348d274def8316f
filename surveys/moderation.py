"""The optional offensive-words filter: matching answers wait for the facilitator's approval.

Word lists come from glin-profanity (English, French, German, Spanish, Italian, Hungarian)
and, for Romanian, which it lacks, from surveys/data/offensive_words_ro.txt. An answer is
checked against the lists of every language the survey expects, so a Romanian answer in
an English and Romanian survey is caught whichever language it is read as. Words are
matched whole, after the same normalisation as the word cloud: "class" never matches "ass".
"""

from functools import cache
from pathlib import Path

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
_OWN_LISTS = {"ro": Path(__file__).with_name("data") / "offensive_words_ro.txt"}


@cache
def offensive_words(language: str) -> tuple[frozenset[str], frozenset[str]]:
    """(single words, phrases of several words) of `language`, casefolded."""
    if language in _OWN_LISTS:
        lines = _OWN_LISTS[language].read_text(encoding="utf-8").splitlines()
        entries = [line for line in lines if line.strip() and not line.startswith("#")]
    else:
        entries = dictionary.get_words(_GLIN_LANGUAGES.get(language, ""))
    words, phrases = set(), set()
    for entry in entries:
        # Entries spelled with symbols ("a$$") cannot match a word of letters; hyphenated
        # and multi-word ones are matched as runs of words, as the answers are read.
        tokens = [token.casefold() for run in tokenise(entry) for token in run]
        if len(tokens) == 1:
            words.add(tokens[0])
        elif tokens:
            phrases.add(" ".join(tokens))
    return frozenset(words), frozenset(phrases)


def has_word_lists(language: str) -> bool:
    return language in _GLIN_LANGUAGES or language in _OWN_LISTS


def is_offensive(text: str, languages: list[str]) -> bool:
    runs = [[token.casefold() for token in run] for run in tokenise(text)]
    tokens = {token for run in runs for token in run}
    joined = [f" {' '.join(run)} " for run in runs]
    for language in languages:
        words, phrases = offensive_words(language)
        if tokens & words:
            return True
        if any(f" {phrase} " in run for phrase in phrases for run in joined):
            return True
    return False
