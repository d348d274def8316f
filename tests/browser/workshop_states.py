"""A workshop put through every stage, one screen-worth of state at a time.

`STATES` lists what a screen can show, in the order a real workshop reaches it: each step
moves the same workshop on (fills the context, opens the survey and answers it, counts the
cloud, brainstorms, votes, reveals, finalises, writes the vision and the values in action,
then finalises the document and shares it with every employee). The browser tests walk it
to look at every stage as the facilitator and as a participant.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone

from actions import services as action_services
from actions.models import ActionStatement, Question
from documents import sharing
from documents import versions as document_versions
from surveys import services as survey_services
from surveys import word_cloud
from surveys.models import Answer, device_fingerprint
from tests.factories import OrganisationFactory, member, workshop_for
from values import brainstorm as brainstorm_services
from values import voting as voting_services
from values.models import Candidate, SourceKind
from vision import services as vision_services
from vision.models import VisionDraft
from workshops import services
from workshops.models import ContextAnswer, Role, Stage, Workshop

CONTEXT = {
    "purpose": "We help families spend more time outdoors with gear that lasts.",
    "support_role": "Support keeps every trip on track.",
    "company_values": "Built to last. Customers first.",
}
ANSWERS = [
    "Fast, friendly and honest answers",
    "They actually listen to me",
    "Quick help from a real person",
    "Solved on the first call",
    "Friendly people who know the gear",
    "Honest advice, even when it means buying less",
    "Fast replies and no runaround",
    "Reliable and quick",
    "Friendly, fast, fair",
    "Fast shipping and friendly support",
]
CANDIDATES = [
    ("Honesty", "We say what is true, even when it costs us a sale."),
    ("Speed", "We treat every customer with urgency."),
    ("Listening", ""),
    ("Reliability", "Gear and promises that last."),
    ("Friendliness", ""),
    ("Ownership", "We own the problem until it is solved."),
]
# Dots of the first round (budget 3, cap 1): two values tie at the cut of three.
DOTS = {
    "fiona": ["Honesty", "Speed", "Listening"],
    "paul": ["Honesty", "Reliability", "Friendliness"],
}
FINAL = ["Honesty", "Speed", "Listening"]


@dataclass
class Team:
    workshop: Workshop
    alice: object
    fiona: object
    paul: object


def make_team() -> Team:
    """Acme: Alice administers it, Fiona facilitates its workshop, Paul takes part."""
    organisation = OrganisationFactory(name="Acme")
    alice = member(organisation, Role.ADMIN, email="alice@acme.example", display_name="Alice")
    fiona = member(organisation, Role.FACILITATOR, email="fiona@acme.example", display_name="Fiona")
    paul = member(organisation, Role.PARTICIPANT, email="paul@acme.example", display_name="Paul")
    workshop = workshop_for(organisation, facilitators=[fiona], participants=[paul])
    return Team(workshop=workshop, alice=alice, fiona=fiona, paul=paul)


def _stage(team: Team, stage: int) -> None:
    services.workshop_set_stage(workshop=team.workshop, stage=stage)
    team.workshop.refresh_from_db()


def context_written(team: Team) -> None:
    for key, text in CONTEXT.items():
        ContextAnswer.objects.filter(workshop=team.workshop, key=key).update(
            text=text, version=1, updated_by=team.fiona, updated_at=timezone.now()
        )
    _stage(team, Stage.CONTEXT)


def survey_open_with_answers(team: Team) -> None:
    survey = survey_services.survey_for(team.workshop)
    survey_services.survey_open(survey=survey)
    Answer.objects.bulk_create(
        Answer(survey=survey, device=device_fingerprint(f"state-{n}"), text=text)
        for n, text in enumerate(ANSWERS)
    )
    _stage(team, Stage.SURVEY)


def cloud_counted(team: Team) -> None:
    word_cloud.recount(survey_services.survey_for(team.workshop))
    _stage(team, Stage.WORD_CLOUD)


def brainstorm_with_candidates(team: Team) -> None:
    for name, description in CANDIDATES:
        brainstorm_services.candidate_add(
            workshop=team.workshop, name=name, description=description, user=team.paul
        )
    brainstorm_services.candidate_add(
        workshop=team.workshop,
        name="Knowledge",
        source=SourceKind.TYPED,
        source_text="we want customers to trust our advice",
        user=team.fiona,
    )
    _stage(team, Stage.BRAINSTORM)


def vote_not_opened(team: Team) -> None:
    brainstorm_services.brainstorm_end(workshop=team.workshop)
    _stage(team, Stage.VOTE)


def _current_round(team: Team):
    return team.workshop.rounds.order_by("-number").first()


def vote_round_open(team: Team) -> None:
    voting = voting_services.round_open(
        workshop=team.workshop, candidates=list(team.workshop.candidates.all()), budget=3, cap=1
    )
    entries = {entry.name: entry.pk for entry in voting.entries.all()}
    # Fiona spends all her dots, Paul one of three: both a spent and an open ballot.
    for name in DOTS["fiona"]:
        voting_services.dot_add(voting=voting, user=team.fiona, entry_id=entries[name])
    voting_services.dot_add(voting=voting, user=team.paul, entry_id=entries[DOTS["paul"][0]])


def vote_round_revealed(team: Team) -> None:
    voting = _current_round(team)
    entries = {entry.name: entry.pk for entry in voting.entries.all()}
    for name in DOTS["paul"][1:]:
        voting_services.dot_add(voting=voting, user=team.paul, entry_id=entries[name])
    voting_services.round_reveal(voting=voting)


def values_final(team: Team) -> None:
    names = {c.name: c.pk for c in team.workshop.candidates.all()}
    voting_services.finalise(
        workshop=team.workshop, candidate_ids=[names[n] for n in FINAL], name="", user=team.fiona
    )


# Stage 6: a weak draft and a good one, so the screen shows both kinds of check.
DRAFTS = {
    "paul": "We leverage synergy to deliver best-in-class solutions 24/7.",
    "fiona": "Every customer leaves with an honest answer, fast.",
}


def vision(team: Team) -> None:
    for name, text in DRAFTS.items():
        vision_services.draft_create(workshop=team.workshop, author=getattr(team, name), text=text)
    _stage(team, Stage.VISION)


def vision_compared_and_picked(team: Team) -> None:
    """Both drafts rated and shortlisted, side by side; the weak one picked despite the
    check, with the reason shown beside the final statement."""
    weak, good = VisionDraft.objects.filter(workshop=team.workshop).order_by("pk")
    for rater in (team.paul, team.fiona):
        vision_services.draft_rate(
            draft=weak,
            rater=rater,
            ratings={"simple": ("needs_work", "Jargon."), "service": ("meets", "")},
        )
    for draft in (weak, good):
        vision_services.draft_shortlist(draft=draft, shortlisted=True)
    vision_services.statement_pick(
        draft=weak, user=team.fiona, reason="The team will own it.", language="en"
    )


def values_in_action(team: Team) -> None:
    _stage(team, Stage.VALUES_IN_ACTION)


# Stage 7 with something in it: Honesty has its statement, answers (one kept for the
# document, one with a vote) and CSAT alone, which warns (a satisfaction score rewards
# telling customers what they want to hear); Speed has a statement the check questions
# and its first response time; Listening is still empty.
ACTION_STATEMENTS = {
    "Honesty": ("fiona", "Say what is true, even when it costs us a sale."),
    "Speed": ("paul", "Urgency."),
}
ACTION_ANSWERS = [
    ("Honesty", Question.MEANING, "paul", "We tell customers the truth about stock.", True),
    ("Honesty", Question.MEANING, "fiona", "No promise we cannot keep.", False),
    ("Honesty", Question.MISREAD, "paul", "Honest is not blunt.", False),
]
ACTION_METRICS = [("Honesty", "csat", "above 90%"), ("Speed", "frt", "under 1 hour")]


def values_in_action_filled(team: Team) -> None:
    values = {value.name: value for value in team.workshop.candidates.filter(name__in=FINAL)}
    for name, (who, text) in ACTION_STATEMENTS.items():
        action_services.statement_save(
            candidate=values[name], text=text, base_version=0, user=getattr(team, who)
        )
    for name, question, who, text, kept in ACTION_ANSWERS:
        answer = action_services.answer_add(
            candidate=values[name], question=question, text=text, user=getattr(team, who)
        )
        if kept:
            action_services.answer_in_document(answer=answer, in_document=True)
        else:
            action_services.answer_support(answer=answer, user=team.fiona, support=True)
    for name, metric, target in ACTION_METRICS:
        action_services.metric_add(
            candidate=values[name], metric=metric, target=target, user=team.paul
        )


def document(team: Team) -> None:
    _stage(team, Stage.DOCUMENT)


# A kept answer to each of the five questions, for a value that has none kept yet.
KEPT_ANSWERS = {
    Question.MEANING: "{name} is why customers can count on us.",
    Question.IN_ACTION: "Every reply shows {name}, from the first line to the last.",
    Question.MISREAD: "{name} is no excuse to skip the details.",
    Question.ADHERENCE: "Each week we read ten conversations for {name}.",
    Question.RELATIONSHIPS: "Customers come back because {name} earns their trust.",
}


def complete_in_action(candidate: Candidate, user, *, statement: str, metric: str = "csat"):
    """Fill in what stage 7 still misses for the value: its action statement, a kept
    answer to each question, a key metric (what it has already stays)."""
    saved = ActionStatement.objects.filter(candidate=candidate).first()
    if saved is None or not saved.text.strip():
        action_services.statement_save(
            candidate=candidate,
            text=statement,
            base_version=saved.version if saved else 0,
            user=user,
        )
    kept = set(
        candidate.question_answers.filter(in_document=True).values_list("question", flat=True)
    )
    for question, text in KEPT_ANSWERS.items():
        if question not in kept:
            answer = action_services.answer_add(
                candidate=candidate,
                question=question,
                text=text.format(name=candidate.name),
                user=user,
            )
            action_services.answer_in_document(answer=answer, in_document=True)
    if not candidate.metrics.exists():
        action_services.metric_add(
            candidate=candidate, metric=metric, user=user, target="4.5 of 5", measured_by="Survey"
        )


# Stage 8 finalised and shared: what employees said Honesty and Speed mean to them.
EMPLOYEE_READINGS = {
    "Honesty": ["Telling customers the truth, even when it hurts.", "No promise we cannot keep."],
    "Speed": ["Answering fast, so nobody waits for us."],
}


def document_shared(team: Team) -> None:
    """Every value complete, version 1 finalised, shared by Alice, and three employees'
    readings of two values."""
    for value in team.workshop.candidates.filter(name__in=FINAL):
        complete_in_action(value, team.fiona, statement=f"We live {value.name} every day.")
    document_versions.version_finalise(workshop=team.workshop, user=team.fiona)
    sharing.share_start(workshop=team.workshop, user=team.alice)
    for name, texts in EMPLOYEE_READINGS.items():
        value = team.workshop.candidates.get(name=name)
        for n, text in enumerate(texts):
            sharing.interpretation_submit(
                workshop=team.workshop, candidate_id=value.pk, device_id=f"employee-{n}", text=text
            )


STATES: list[tuple[str, Callable[[Team], None]]] = [
    ("stage 1, context written", context_written),
    ("stage 2, survey open with answers", survey_open_with_answers),
    ("stage 3, word cloud", cloud_counted),
    ("stage 4, brainstorm with candidates", brainstorm_with_candidates),
    ("stage 5, no round yet", vote_not_opened),
    ("stage 5, round open", vote_round_open),
    ("stage 5, round revealed", vote_round_revealed),
    ("stage 5, final values", values_final),
    ("stage 6, two drafts", vision),
    ("stage 6, shortlist compared, a statement picked", vision_compared_and_picked),
    ("stage 7", values_in_action),
    ("stage 7, values in action partly written, a metric warning", values_in_action_filled),
    ("stage 8", document),
    ("stage 8, finalised, shared, read by employees", document_shared),
]
