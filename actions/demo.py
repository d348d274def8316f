"""The fourth demo workshop, at its values in action (stage 7), partly filled: Speed is
complete; Honesty has its statement, a few answers and a metric; Expertise has a weak
statement the check questions and a metric that works against it; Reliability is empty,
for the newcomer to start. One conflict guide is written.

The fifth is complete: every value has its statement, a kept answer to each of the five
questions and its metrics, two teams say how they live one value, and the three conflict
guides are written, so its document (stage 8) is ready to export."""

from actions import services
from actions.models import ConflictTopic, Question
from values.models import Candidate
from workshops.demo import DemoWorkshops

STATEMENTS = {
    "Speed": ("ben@demo.example", "Treat every customer with urgency."),
    "Honesty": ("chloe@demo.example", "Spune ce crezi și fă ce spui."),
    "Expertise": ("dan@demo.example", "Expertise."),
}
# (value, question, author, text, kept for the document, supporters)
ANSWERS = [
    ("Speed", Question.MEANING, "ben@demo.example",
     "Nobody waits to hear from us: a first answer within the hour, a fix the same day.",
     True, ["chloe@demo.example", "dan@demo.example"]),
    ("Speed", Question.IN_ACTION, "ana@demo.example",
     "We answer before we investigate: “Got it, here is what happens next.”", True, []),
    ("Speed", Question.MISREAD, "chloe@demo.example",
     "Fast is not rushed: we never close a ticket to hit a number.", True, []),
    ("Speed", Question.ADHERENCE, "dan@demo.example",
     "First response time every week, and a sample of closed tickets read for rushing.",
     True, []),
    ("Speed", Question.RELATIONSHIPS, "ben@demo.example",
     "Customers stop chasing us; we hear about problems while they are small.", True, []),
    ("Honesty", Question.MEANING, "chloe@demo.example",
     "We tell customers the truth about stock, delays and repairs, even when it costs a sale.",
     False, ["ben@demo.example", "dan@demo.example"]),
    ("Honesty", Question.MEANING, "dan@demo.example",
     "Nu promitem ce nu putem livra.", False, ["ben@demo.example"]),
    ("Honesty", Question.MISREAD, "ben@demo.example",
     "Honest is not blunt: bad news comes with what we will do about it.", False, []),
]  # fmt: skip
# (value, metric, target, how it is measured, added by)
METRICS = [
    ("Speed", "frt", "under 1 hour", "Help desk report, every Monday", "ben@demo.example"),
    ("Speed", "aht", "", "", "ben@demo.example"),
    ("Honesty", "nps", "above 50", "", "chloe@demo.example"),
    ("Expertise", "aht", "under 6 minutes", "", "dan@demo.example"),
]
GUIDE = (
    ConflictTopic.CONCERNS,
    "Anyone can raise a concern with their lead or in the weekly support meeting; "
    "nobody is blamed for raising one.",
)


# The fifth workshop: (statement, five answers in the questions' order, metrics).
COMPLETE = {
    "Honesty": (
        "Tell every customer the truth, even when it costs us a sale.",
        (
            "We say what we know, what we do not, and when we will know more.",
            "“That tent will not survive a winter storm; this one will.”",
            "Honest is not blunt: bad news comes with what we will do about it.",
            "A monthly read of twenty conversations, checked for promises we could not keep.",
            "Customers trust our advice, so they come back to ask before they buy.",
        ),
        (("nps", "above 50", "Short survey every quarter"), ("qa", "90% or more", "")),
    ),
    "Speed": (
        "Treat every customer with urgency.",
        (
            "Nobody waits to hear from us: a first answer within the hour.",
            "We answer before we investigate: “Got it, here is what happens next.”",
            "Fast is not rushed: we never close a ticket to hit a number.",
            "First response time every week, and closed tickets read for rushing.",
            "Customers stop chasing us; we hear about problems while they are small.",
        ),
        (("frt", "under 1 hour", "Help desk report, every Monday"), ("fcr", "80%", "")),
    ),
    "Expertise": (
        "Răspunde ca un ghid care a parcurs deja traseul.",
        (
            "Știm echipamentul și traseele: sfatul nostru este cel al unui ghid.",
            "Recomandăm doar ce am folosit sau am testat noi înșine.",
            "Expertiza nu înseamnă jargon: explicăm simplu.",
            "Evaluări lunare ale conversațiilor, cu o listă scurtă de verificare.",
            "Clienții ne cer părerea înainte de fiecare excursie.",
        ),
        (("fcr", "85%", ""), ("qa", "", "A reviewer scores five conversations a week")),
    ),
    "Reliability": (
        "Keep every promise we make to a customer.",
        (
            "A promised call back happens, at the time we said.",
            "We write the promise in the ticket, and whoever picks it up keeps it.",
            "Reliable is not rigid: when we cannot keep a promise, we say so early.",
            "Promises kept on time, counted from the tickets every month.",
            "Customers plan their trips around what we tell them.",
        ),
        (("retention", "95% a year", "Billing records, each quarter"),),
    ),
}
PRACTICES = [
    ("Speed", "support", "Answer every new ticket within the hour; a shared queue at lunch."),
    ("Speed", "product", "Fix the top reason for waiting each quarter."),
]
GUIDES = [
    (ConflictTopic.CONCERNS, "Anyone can raise a concern with their lead or in the weekly "
     "support meeting; nobody is blamed for raising one."),
    (ConflictTopic.COMPLAINTS, "A complaint that touches a value goes to the support lead "
     "the same day, and the customer hears back within two days."),
    (ConflictTopic.COACHING, "One conversation, in private, the same week: what happened, "
     "which value it touched, what we do next time."),
]  # fmt: skip


def build(demo: DemoWorkshops) -> None:
    _partly(demo)
    _complete(demo)


def _final(workshop) -> dict:
    return {
        value.name: value
        for value in Candidate.objects.filter(workshop=workshop, final_position__isnull=False)
    }


def _complete(demo: DemoWorkshops) -> None:
    users, ana = demo.users, demo.users["ana@demo.example"]
    authors = [users[email] for email in ("ben@demo.example", "chloe@demo.example")]
    values = _final(demo.complete)
    for name, (statement, answers, metrics) in COMPLETE.items():
        value = values[name]
        services.statement_save(candidate=value, text=statement, base_version=0, user=ana)
        for n, (question, text) in enumerate(zip(Question.values, answers, strict=True)):
            answer = services.answer_add(
                candidate=value, question=question, text=text, user=authors[n % 2]
            )
            services.answer_in_document(answer=answer, in_document=True)
        for metric, target, measured_by in metrics:
            services.metric_add(
                candidate=value, metric=metric, user=ana, target=target, measured_by=measured_by
            )
    for name, team, text in PRACTICES:
        services.practice_save(
            candidate=values[name], team=team, text=text, base_version=0, user=ana
        )
    for topic, text in GUIDES:
        services.guide_save(
            workshop=demo.complete, topic=topic, text=text, base_version=0, user=ana
        )


def _partly(demo: DemoWorkshops) -> None:
    users = demo.users
    values = _final(demo.actions)
    for name, (email, text) in STATEMENTS.items():
        services.statement_save(
            candidate=values[name], text=text, base_version=0, user=users[email]
        )
    for name, question, email, text, kept, supporters in ANSWERS:
        answer = services.answer_add(
            candidate=values[name], question=question, text=text, user=users[email]
        )
        for supporter in supporters:
            services.answer_support(answer=answer, user=users[supporter], support=True)
        if kept:
            services.answer_in_document(answer=answer, in_document=True)
    for name, metric, target, measured_by, email in METRICS:
        services.metric_add(
            candidate=values[name],
            metric=metric,
            user=users[email],
            target=target,
            measured_by=measured_by,
        )
    topic, text = GUIDE
    services.guide_save(
        workshop=demo.actions,
        topic=topic,
        text=text,
        base_version=0,
        user=users["ana@demo.example"],
    )
