"""The starter list of common support values (docs/method.md, stage 4), translated."""

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
