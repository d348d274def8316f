"""What makes two names the same value: case, accents, word forms, and a common value's
names in the product's languages (synonyms stay apart, for the facilitator to merge)."""

import unicodedata
from functools import lru_cache

import simplemma
from django.conf import settings
from django.utils import translation

from surveys.models import Survey
from surveys.text import tokenise
from values.starter import RELATED_FORMS, SAME_VALUE_WORDS, STARTER_VALUES
from workshops.models import Workshop

_LEMMA_LANGUAGES = ("en", "ro", "fr", "de", "es", "it", "hu")


def languages_of(workshop: Workshop, survey: Survey | None = None) -> tuple[str, ...]:
    """The survey's answer languages, then English. Pass the survey when it is at hand."""
    survey_languages = (
        survey.languages
        if survey is not None
        else Survey.objects.filter(workshop=workshop).values_list("languages", flat=True).first()
    )
    first = [code for code in (survey_languages or "").split(",") if code]
    return tuple(dict.fromkeys([*first, "en"]))


def value_key(name: str, languages: tuple[str, ...] = ("en",)) -> str:
    """What makes two names the same value: case, accents and word forms do not count
    ("Listening", "listen", "LISTENING"; "Încredere", "incredere")."""
    langs = tuple(code for code in languages if code in _LEMMA_LANGUAGES) or ("en",)
    words = []
    for run in tokenise(name):
        for word in run:
            lemma = simplemma.lemmatize(word.casefold(), lang=langs)
            words.append(without_accents(lemma))
    return " ".join(words)[:120]


def without_accents(text: str) -> str:
    """Casefolded, with accents and diacritics dropped ("Încredere" → "incredere")."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=32)
def _starter_keys(languages: tuple[str, ...]) -> tuple[frozenset[str], ...]:
    """The keys of each value of the built-in lists, in every language of the product and
    in the other forms of its word: in a workshop where one person reads English and
    another Romanian, "Empathy" and "Empatie" are one value, "honest" from the cloud is
    "Honesty", and "Trust" is "Încredere" (the starter list, then SAME_VALUE_WORDS)."""
    keys = []
    for starter, (name, _description) in STARTER_VALUES.items():
        names = {value_key(form, languages) for form in RELATED_FORMS.get(starter, ())}
        for code, _label in settings.LANGUAGES:
            with translation.override(code):
                names.add(value_key(str(name), languages))
        keys.append(frozenset(names))
    for words in SAME_VALUE_WORDS:
        keys.append(frozenset(value_key(word, languages) for word in words))
    return tuple(keys)


def same_value_keys(key: str, languages: tuple[str, ...]) -> frozenset[str]:
    """The keys that name the same value as `key`: itself, and, for a value of the
    built-in lists, its other forms and its names in the other languages. Synonyms are
    never the same value: the facilitator merges them if the team wants."""
    for keys in _starter_keys(languages):
        if key in keys:
            return keys
    return frozenset([key])
