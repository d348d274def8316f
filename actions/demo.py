"""The fourth demo workshop, at its values in action (stage 7), partly filled: Speed is
complete; Honesty has its statement, a few answers and a metric; Expertise has a weak
statement the check questions and a metric that works against it; Reliability is empty,
for the newcomer to start. One conflict guide is written."""

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


def build(demo: DemoWorkshops) -> None:
    users = demo.users
    values = {
        value.name: value
        for value in Candidate.objects.filter(workshop=demo.actions, final_position__isnull=False)
    }
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
