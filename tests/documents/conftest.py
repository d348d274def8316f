"""A workshop whose document is complete: every section has its content."""

import pytest

from actions import services as action_services
from actions.models import Question
from surveys import services as survey_services
from values import brainstorm as brainstorm_services
from values import voting as voting_services
from vision import services as vision_services
from workshops import services


def give_purpose(workshop, user, text="We help people think clearly."):
    from workshops.models import ContextAnswer

    row = ContextAnswer.objects.filter(workshop=workshop, key="purpose").first()
    services.context_answer_save(
        workshop=workshop,
        key="purpose",
        text=text,
        base_version=row.version if row else 0,
        user=user,
    )


def pick_vision(workshop, user, text="Every customer leaves calmer than they came."):
    draft = vision_services.draft_create(workshop=workshop, author=user, text=text)
    return vision_services.statement_pick(
        draft=draft, user=user, reason="The team owns it.", language="en"
    )


def finalise_values(workshop, user, names=("Honesty", "Speed")):
    candidates = [
        brainstorm_services.candidate_add(workshop=workshop, name=name, user=user) for name in names
    ]
    if len(candidates) > 1:
        voting = voting_services.round_open(workshop=workshop, candidates=candidates, budget=2)
        voting_services.dot_add(voting=voting, user=user, entry_id=voting.entries.first().pk)
        voting_services.round_reveal(voting=voting)
    voting_services.finalise(
        workshop=workshop, candidate_ids=[c.pk for c in candidates], name="", user=user
    )
    return candidates


def complete_value(candidate, user, *, statement=None, metric="csat"):
    action_services.statement_save(
        candidate=candidate,
        text=statement or f"We live {candidate.name} every day.",
        base_version=0,
        user=user,
    )
    for question in Question.values:
        answer = action_services.answer_add(
            candidate=candidate, question=question, text=f"{candidate.name}: {question}", user=user
        )
        action_services.answer_in_document(answer=answer, in_document=True)
    action_services.metric_add(
        candidate=candidate, metric=metric, user=user, target="4.5", measured_by="survey"
    )


@pytest.fixture
def complete_workshop(workshop, fiona, paul):
    give_purpose(workshop, fiona)
    pick_vision(workshop, fiona)
    survey = survey_services.survey_for(workshop)
    survey_services.survey_open(survey=survey)
    survey_services.answer_submit(survey=survey, device_id="a", text="=1+1")
    survey_services.answer_submit(survey=survey, device_id="b", text="Încredere și răbdare")
    for candidate in finalise_values(workshop, fiona):
        complete_value(candidate, paul)
    return workshop
