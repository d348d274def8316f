"""The starter list of common support values (docs/method.md, stage 4), translated."""

from functools import lru_cache

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

STARTER_VALUES = {
    "honesty": (
        _("Honesty"),
        _("We tell customers the truth, even when it is not what they hoped."),
    ),
    "respect": (
        _("Respect"),
        _("Every customer is treated as a capable adult whose time matters."),
    ),
    "integrity": (_("Integrity"), _("We do what we say, and say what we do.")),
    "autonomy": (_("Autonomy"), _("Customers can help themselves, and our people can decide.")),
    "quality": (_("Quality"), _("We get it right the first time.")),
    "listening": (_("Listening"), _("We hear the whole problem before we answer.")),
    "communication": (_("Communication"), _("Clear, plain and timely, in the customer's words.")),
    "personalization": (_("Personalization"), _("Each customer is a person, not a ticket.")),
    "speed": (_("Speed"), _("We treat every customer with urgency.")),
    "loyalty": (_("Loyalty"), _("We make customers feel like family.")),
    "empathy": (_("Empathy"), _("We see the problem through the customer's eyes.")),
    "transparency": (_("Transparency"), _("Customers know what happens and why.")),
    "accountability": (_("Accountability"), _("We own the problem until it is solved.")),
    "responsiveness": (_("Responsiveness"), _("We answer quickly, and follow up.")),
}

# Other words of the same root, in English and Romanian, that name the same value: the
# cloud offers adjectives ("honest", "loyal"), the starter list nouns ("Honesty"). Only
# forms of one word, never synonyms ("fast" is not "Speed": the team may want both).
RELATED_FORMS = {
    "honesty": ("honest", "onest"),
    "respect": ("respectful", "respectuos"),
    "integrity": ("integru",),
    "autonomy": ("autonomous", "autonom"),
    "quality": (),
    "listening": ("listen", "asculta"),
    "communication": ("communicate", "communicative", "comunica", "comunicativ"),
    "personalization": ("personalisation", "personalised", "personalized", "personalizat"),
    "speed": ("speedy", "rapid"),
    "loyalty": ("loyal", "loial"),
    "empathy": ("empathetic", "empathic", "empatic"),
    "transparency": ("transparent",),
    "accountability": ("accountable", "responsabil"),
    "responsiveness": ("responsive", "prompt"),
}

# A starter value's name in another language is that value too ("Viteză" is "Speed").
RELATED_FORMS["speed"] += ("viteză", "rapiditate")
RELATED_FORMS["honesty"] += ("cinste", "cinstit")

# Common customer-support values that are not offered on the starter list, each with its
# words in English and Romanian: any of them names the same value, so "Trust" is refused
# beside "Încredere" and pointed to it. Like RELATED_FORMS, only one word in its forms and
# its translations, never synonyms or related words ("Speed" and "Responsiveness",
# "Kindness" and "Warmth" stay two values, for the facilitator to merge if the team
# wants). A word belongs to one line only.
SAME_VALUE_WORDS: tuple[tuple[str, ...], ...] = (
    ("trust", "trustworthiness", "trustworthy", "încredere"),
    ("kindness", "kind", "amabilitate", "amabil"),
    ("care", "caring", "grijă", "grijuliu"),
    ("reliability", "reliable", "fiabilitate", "fiabil", "seriozitate", "serios"),
    ("patience", "patient", "răbdare", "răbdător"),
    ("friendliness", "friendly", "prietenos", "amiabilitate"),
    ("professionalism", "professional", "profesionalism", "profesionist"),
    ("simplicity", "simple", "simplitate", "simplu"),
    ("fairness", "fair", "corectitudine", "corect"),
    ("ownership", "asumare"),
    ("proactivity", "proactive", "proactiveness", "proactivitate", "proactiv"),
    ("courtesy", "courteous", "politețe", "politicos"),
    ("helpfulness", "helpful", "serviabilitate", "serviabil"),
    ("clarity", "clear", "claritate", "clar"),
    ("availability", "available", "disponibilitate", "disponibil"),
    ("consistency", "consistent", "consecvență", "consecvent"),
    ("competence", "competent", "competență"),
    ("expertise", "expert", "expertiză"),
    ("efficiency", "efficient", "eficiență", "eficient"),
    ("flexibility", "flexible", "flexibilitate", "flexibil"),
    ("openness", "open", "deschidere", "deschis"),
    ("modesty", "modest", "modestie"),
    ("positivity", "positive", "pozitivitate", "pozitiv"),
    ("enthusiasm", "enthusiastic", "entuziasm", "entuziast"),
    ("passion", "passionate", "pasiune", "pasionat"),
    ("curiosity", "curious", "curiozitate", "curios"),
    ("collaboration", "collaborative", "colaborare"),
    ("teamwork", "lucru în echipă"),
    ("innovation", "innovative", "inovație", "inovare", "inovator"),
    ("excellence", "excellent", "excelență"),
    ("commitment", "committed", "angajament"),
    ("dedication", "dedicated", "dedicare", "dedicat"),
    ("involvement", "involved", "implicare", "implicat"),
    ("accuracy", "accurate", "acuratețe"),
    ("precision", "precise", "precizie", "precis"),
    ("punctuality", "punctual", "punctualitate"),
    ("safety", "safe", "siguranță"),
    ("security", "secure", "securitate"),
    ("privacy", "confidențialitate"),
    ("accessibility", "accessible", "accesibilitate", "accesibil"),
    ("warmth", "warm", "căldură", "cald"),
    ("gratitude", "grateful", "recunoștință", "recunoscător"),
    ("humour", "humor", "umor"),
    ("generosity", "generous", "generozitate", "generos"),
    ("sincerity", "sincere", "sinceritate", "sincer"),
    ("calm", "calmness"),
    ("understanding", "înțelegere"),
    ("authenticity", "authentic", "autenticitate", "autentic"),
    ("attentiveness", "attentive", "attention", "atenție", "atent"),
    ("inclusion", "inclusive", "inclusivity", "incluziune", "incluziv"),
    ("urgency", "urgent", "urgență"),
)


@lru_cache(maxsize=1)
def _starter_texts() -> dict[str, tuple[str, int]]:
    """Each starter value's name and description, as written in every language of the
    product, to (its key, 0 for the name or 1 for the description)."""
    texts = {}
    for code, _label in settings.LANGUAGES:
        with translation.override(code):
            for key, pair in STARTER_VALUES.items():
                for part, text in enumerate(pair):
                    texts.setdefault(str(text), (key, part))
    return texts


def in_reader_language(text: str) -> str:
    """A starter value's name or description as the starter list added it, in any
    language, shown in the reader's language ("Honesty" added by an English reader is
    "Onestitate" to a Romanian one). Any other text, a renamed value's too, is shown as
    it was written."""
    found = _starter_texts().get(text)
    if found is None:
        return text
    key, part = found
    return str(STARTER_VALUES[key][part])
