"""The key metrics of stage 7 (docs/method.md): a catalogue in plain language, the metrics
that fit each common value, and warnings when a chosen metric works against its value
("speed metrics for a speed value, not for a quality value"). Pure: no database."""

from dataclasses import dataclass
from functools import lru_cache

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from values.keys import same_value_keys, value_key


@dataclass(frozen=True)
class Metric:
    key: str
    abbreviation: str
    name: str
    definition: str
    # What the metric rewards: speed, resolution, satisfaction, effort, advocacy, quality
    # or loyalty. Not shown; it groups the metrics for the rules below.
    measures: str
    measured_by: str  # a suggested "how it will be measured", for the team to edit


# In the order a team reads them: what customers tell us, what the work shows, what the
# business sees.
CATALOGUE: dict[str, Metric] = {
    metric.key: metric
    for metric in (
        Metric(
            key="csat",
            abbreviation=_("CSAT"),
            name=_("Customer satisfaction (CSAT)"),
            definition=_(
                "How happy customers are with the help they just got. Right after a "
                "conversation they answer one question, usually from 1 to 5, and the "
                "score is the share who chose 4 or 5."
            ),
            measures="satisfaction",
            measured_by=_("One-question survey after each closed ticket"),
        ),
        Metric(
            key="nps",
            abbreviation=_("NPS"),
            name=_("Net Promoter Score (NPS)"),
            definition=_(
                "How likely customers are to recommend us to a friend, from 0 to 10. The "
                "score is the share who answer 9 or 10 minus the share who answer 0 to 6."
            ),
            measures="advocacy",
            measured_by=_("Short survey sent to customers every three months"),
        ),
        Metric(
            key="ces",
            abbreviation=_("CES"),
            name=_("Customer effort score (CES)"),
            definition=_(
                "How easy it was for customers to get what they needed. After a contact "
                "they say how much they agree with a sentence such as “It was easy to get "
                "my problem solved”."
            ),
            measures="effort",
            measured_by=_("One-question survey after each closed ticket or help-page visit"),
        ),
        Metric(
            key="fcr",
            abbreviation=_("FCR"),
            name=_("First contact resolution (FCR)"),
            definition=_(
                "The share of problems solved in the first conversation, without the "
                "customer having to come back or being passed on. It is counted from the "
                "tickets that are not reopened, or by asking customers."
            ),
            measures="resolution",
            measured_by=_("Tickets not reopened within 7 days, from the help desk, each week"),
        ),
        Metric(
            key="frt",
            abbreviation=_("FRT"),
            name=_("First response time (FRT)"),
            definition=_(
                "How long customers wait for the first reply from a person after they get "
                "in touch. It is read from the help desk, usually as the typical wait in "
                "minutes or hours."
            ),
            measures="speed",
            measured_by=_("Typical wait for a first reply, per channel, from the help desk"),
        ),
        Metric(
            key="aht",
            abbreviation=_("AHT"),
            name=_("Average handle time (AHT)"),
            definition=_(
                "How long one conversation takes on average, including the notes and "
                "follow-up work after it. It is read from the phone system or help desk."
            ),
            measures="speed",
            measured_by=_("Weekly average from the phone system or help desk"),
        ),
        Metric(
            key="qa",
            abbreviation=_("QA"),
            name=_("Quality assurance score (QA)"),
            definition=_(
                "How well conversations meet the team's own standards. A reviewer reads or "
                "listens to a sample of them and scores each one with a short checklist."
            ),
            measures="quality",
            measured_by=_("A reviewer scores a few conversations per person each week"),
        ),
        Metric(
            key="retention",
            abbreviation=_("Retention"),
            name=_("Customer retention rate"),
            definition=_(
                "The share of customers at the start of a period who are still customers "
                "at its end. It comes from billing or order records."
            ),
            measures="loyalty",
            measured_by=_("Customers kept over each quarter, from billing or order records"),
        ),
        Metric(
            key="aov",
            abbreviation=_("AOV"),
            name=_("Average order value (AOV)"),
            definition=_(
                "How much customers spend per order on average: total sales divided by "
                "the number of orders. It comes from the shop or billing system."
            ),
            measures="loyalty",
            measured_by=_("Total sales divided by the number of orders, each month"),
        ),
    )
}

# A metric the team names itself ("Refund requests per month"); not in CATALOGUE.
CUSTOM = "custom"

# The metrics that fit each value, best first. A family is a value of the starter list
# (by its key in values.starter.STARTER_VALUES) or a common value of SAME_VALUE_WORDS (by
# the first word of its line), so every name of that value, in any form or language of
# the product, finds it ("Viteză" is "speed", "loial" is "loyalty", "Încredere" is
# "trust"). The first five rows are the method's own pairs.
FAMILY_METRICS: dict[str, tuple[str, ...]] = {
    "integrity": ("nps", "qa"),
    "quality": ("fcr", "csat"),
    "speed": ("frt", "aht"),
    "loyalty": ("retention", "aov"),
    "autonomy": ("ces",),
    # A reviewer can check that what was said was true; a customer who was told the truth
    # recommends us. CSAT is left out: the truth sometimes disappoints.
    "honesty": ("qa", "nps"),
    # "A capable adult whose time matters": wasted effort is disrespect.
    "respect": ("csat", "ces", "qa"),
    # Hearing the whole problem first is what lets it be solved at once.
    "listening": ("qa", "fcr", "csat"),
    # A clear answer is one the customer need not work to follow.
    "communication": ("qa", "csat", "ces"),
    # Customers treated as people come back.
    "personalization": ("csat", "qa", "retention"),
    "empathy": ("csat", "qa"),
    # Customers who know what happens and why do not have to chase us.
    "transparency": ("qa", "ces", "nps"),
    # Owning a problem until it is solved shows as problems solved, not passed on.
    "accountability": ("fcr", "qa", "csat"),
    # Quick answers, and the follow-up that keeps customers happy.
    "responsiveness": ("frt", "csat"),
    "trust": ("nps", "retention"),
    "kindness": ("csat", "qa"),
    "care": ("csat", "qa"),
    # Doing what we promised, every time: solved once, done to the standard.
    "reliability": ("fcr", "qa"),
    "patience": ("csat", "qa"),
    "friendliness": ("csat", "qa"),
    "professionalism": ("qa", "csat"),
    "simplicity": ("ces", "fcr"),
    "fairness": ("qa", "csat"),
    "ownership": ("fcr", "qa", "csat"),
    # Reaching out first spares customers the effort of asking.
    "proactivity": ("ces", "csat"),
    "courtesy": ("csat", "qa"),
    "helpfulness": ("fcr", "csat"),
    "clarity": ("ces", "qa"),
    "availability": ("frt", "ces"),
    # A reviewer with one checklist sees whether everyone gives the same service.
    "consistency": ("qa", "fcr"),
    "competence": ("fcr", "qa"),
    "expertise": ("fcr", "qa"),
    # Efficient is solved once with little waste, not merely short.
    "efficiency": ("fcr", "aht", "ces"),
    "flexibility": ("csat", "ces"),
    "accuracy": ("qa", "fcr"),
    "precision": ("qa", "fcr"),
    "punctuality": ("frt", "csat"),
    "accessibility": ("ces", "csat"),
    "warmth": ("csat", "qa"),
    "sincerity": ("qa", "nps"),
    "understanding": ("csat", "qa"),
    "attentiveness": ("qa", "fcr"),
    "excellence": ("fcr", "csat", "qa"),
    "urgency": ("frt", "aht"),
}

# For a value nothing above names: how customers feel about the help, and whether they
# would recommend it.
GENERAL_METRICS: tuple[str, ...] = ("csat", "nps")


@lru_cache(maxsize=8)
def _family_keys(languages: tuple[str, ...]) -> tuple[tuple[str, frozenset[str]], ...]:
    return tuple(
        (family, same_value_keys(value_key(family, languages), languages))
        for family in FAMILY_METRICS
    )


def value_family(name: str, languages: tuple[str, ...] = ("en", "ro")) -> str | None:
    """The family of FAMILY_METRICS that the value `name` belongs to, or None. A name of
    several words that is no value of the lists belongs to the one family its words name
    ("Customer care" is care, "Răspuns rapid" is speed), and to none when they name two
    ("Clear communication")."""
    key = value_key(name, languages)
    if not key:
        return None
    families = _family_keys(languages)
    for family, keys in families:
        if key in keys:
            return family
    named = {family for word in key.split() for family, keys in families if word in keys}
    return named.pop() if len(named) == 1 else None


def suggested_metrics(name: str, languages: tuple[str, ...] = ("en", "ro")) -> list[str]:
    """The catalogue keys that fit the value `name`, best first (two or three, one for
    Autonomy); CSAT and NPS for a value of the team's own that no family names."""
    family = value_family(name, languages)
    return list(FAMILY_METRICS.get(family, GENERAL_METRICS))


@dataclass(frozen=True)
class MetricWarning:
    metrics: tuple[str, ...]  # the chosen keys it is about, in catalogue order
    text: str


@dataclass(frozen=True)
class _Rule:
    """Chosen alone for a value of `families`, the metrics of `texts` work against it: the
    warning is the text for those of them that were chosen. Chosen beside them, the
    metrics of `tolerated` do not measure what they neglect, so the warning stands; any
    other metric, a team-named one included, does, and silences it."""

    families: frozenset[str]
    texts: dict[tuple[str, ...], str]  # the chosen ones, in catalogue order, to the text
    tolerated: frozenset[str] = frozenset()

    @property
    def against(self) -> frozenset[str]:
        return frozenset(key for keys in self.texts for key in keys)


# Values about doing the work well, for which a speed metric alone rewards rushing.
_QUALITY_TYPE = frozenset(
    {
        "quality",
        "listening",
        "empathy",
        "personalization",
        "respect",
        "communication",
        "accountability",
        "ownership",
        "care",
        "patience",
        "kindness",
        "friendliness",
        "courtesy",
        "warmth",
        "understanding",
        "attentiveness",
        "helpfulness",
        "expertise",
        "competence",
        "reliability",
        "professionalism",
        "accuracy",
        "precision",
        "excellence",
    }
)
# Values about telling customers the truth.
_TRUTH_TYPE = frozenset({"honesty", "integrity", "transparency", "sincerity", "trust", "fairness"})

_RULES = (
    _Rule(
        _QUALITY_TYPE,
        {
            ("aht",): _(
                "Average handle time rewards short conversations: as the only measure of "
                "%(value)s it pushes people to rush. Add %(fix)s."
            ),
            ("frt",): _(
                "First response time rewards a quick first reply, not a good one: as the only "
                "measure of %(value)s it invites fast, empty answers. Add %(fix)s."
            ),
            ("frt", "aht"): _(
                "First response time and average handle time reward speed alone: as the "
                "only measures of %(value)s they push people to rush. Add %(fix)s."
            ),
        },
    ),
    # A first reply that comes fast does a relationship no harm; a hurried call does.
    _Rule(
        frozenset({"loyalty"}),
        {
            ("aht",): _(
                "Average handle time rewards ending conversations quickly: a customer hurried "
                "off the line does not feel like family, so speed alone cannot measure "
                "%(value)s. Add %(fix)s."
            ),
        },
        tolerated=frozenset({"frt"}),
    ),
    # Retention is a sales figure too: neither checks what customers were told.
    _Rule(
        _TRUTH_TYPE,
        {
            ("aov",): _(
                "Average order value rewards selling more: as the main measure of %(value)s it "
                "tempts people to sell customers what they do not need. Add %(fix)s."
            ),
        },
        tolerated=frozenset({"retention"}),
    ),
    # Trust and fairness are left out: a customer who trusts us is usually a satisfied one.
    _Rule(
        frozenset({"honesty", "integrity", "transparency", "sincerity"}),
        {
            ("csat",): _(
                "A satisfaction score drops when the truth disappoints: as the only measure "
                "of %(value)s it rewards telling customers what they want to hear. "
                "Add %(fix)s."
            ),
        },
    ),
)


def _either(keys: list[str]) -> str:
    """Two abbreviations joined by "or" ("FCR or CSAT"), or one alone ("CES")."""
    names = [str(CATALOGUE[key].abbreviation) for key in keys]
    if len(names) == 1:
        return names[0]
    return gettext("%(first)s or %(second)s") % {"first": names[0], "second": names[1]}


def metric_warnings(
    name: str, metric_keys: list[str], languages: tuple[str, ...] = ("en", "ro")
) -> list[MetricWarning]:
    """What works against the value `name` among its chosen metrics: a speed metric as the
    only measure of a value about doing the work well (AHT rewards rushing), AHT alone
    for Loyalty, average order value alone for a value about the truth (it rewards
    upselling), CSAT alone for Honesty. No warning when a metric that fits the value is
    chosen too, nor for a value of the team's own. A team-named metric (CUSTOM) never
    warns, and counts as another measure; unknown keys are ignored."""
    family = value_family(name, languages)
    chosen = {key for key in metric_keys if key in CATALOGUE or key == CUSTOM}
    if family is None or not chosen:
        return []
    warnings = []
    for rule in _RULES:
        if family not in rule.families or not chosen <= rule.against | rule.tolerated:
            continue
        about = tuple(key for key in CATALOGUE if key in chosen & rule.against)
        if not about:
            continue
        fix = [key for key in FAMILY_METRICS[family] if key not in rule.against | rule.tolerated]
        params = {"value": name.strip(), "fix": _either(fix[:2])}
        warnings.append(MetricWarning(metrics=about, text=str(rule.texts[about]) % params))
    return warnings
