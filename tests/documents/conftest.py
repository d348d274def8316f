"""The demo's complete workshop ("Our customer service philosophy: complete": every
section written, its survey closed with a cloud), with a foreword and one action
statement in Romanian with every diacritic.

A test module builds it once (`rendered_once`), inside a transaction rolled back at the
end, and renders its exports once: a PDF takes about a second.

The builders below (`give_purpose`, `finalise_values`, `complete_value`, the
`complete_workshop` fixture) make a small complete workshop of the test's own."""

import io
import time
from dataclasses import dataclass

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.utils import translation

from actions import services as action_services
from actions.models import ActionStatement, Question
from documents import services as document_services
from documents.assembly import PhilosophyDocument, assemble
from documents.renderers import render
from philosophy.celery import app as celery_app
from surveys import services as survey_services
from values import brainstorm as brainstorm_services
from values import voting as voting_services
from values.models import Candidate
from vision import services as vision_services
from workshops import services
from workshops.management.commands.demo import COMPLETE_TITLE
from workshops.models import Role, Workshop

# ș ț ă î â, in comma-below form (U+0219, U+021B), as Romanian is written.
ROMANIAN_STATEMENT = "Spunem adevărul întâi, și când știrile sunt proaste: țintim încrederea."
FOREWORD = "Written by the whole support team.\nRead it before your first shift."


@dataclass
class Rendered:
    document: PhilosophyDocument
    # by (format, language)
    files: dict[tuple[str, str], bytes]
    progress: dict[tuple[str, str], list[int]]
    seconds: dict[tuple[str, str], float]

    def file(self, format: str, language: str = "en") -> bytes:
        return self.files[format, language]


def _complete(workshop: Workshop) -> None:
    admin = workshop.organisation.memberships.filter(role=Role.ADMIN).first().user
    honesty = Candidate.objects.get(workshop=workshop, name="Honesty")
    version = ActionStatement.objects.get(candidate=honesty).version
    action_services.statement_save(
        candidate=honesty, text=ROMANIAN_STATEMENT, base_version=version, user=admin
    )
    document_services.foreword_save(workshop=workshop, text=FOREWORD, base_version=0, user=admin)


def build_and_render(formats, languages=("en",)) -> Rendered:
    """The demo, its complete workshop with the additions above, and its exports in each
    language."""
    with translation.override("en"):
        call_command("demo", stdout=io.StringIO())
        workshop = Workshop.objects.get(title=COMPLETE_TITLE)
        _complete(workshop)
        document = assemble(workshop)
    rendered = Rendered(document, {}, {}, {})
    for language in languages:
        with translation.override(language):
            for format in formats:
                key = format, language
                rendered.progress[key] = []
                started = time.perf_counter()
                rendered.files[key] = render(
                    format, assemble(workshop), workshop, rendered.progress[key].append
                )
                rendered.seconds[key] = time.perf_counter() - started
    return rendered


def rendered_once(formats, languages=("en",)):
    """A module-scoped fixture: the exports rendered once for the module's tests, the
    rows they came from rolled back afterwards."""

    @pytest.fixture(scope="module")
    def fixture(django_db_setup, django_db_blocker):
        eager = celery_app.conf.task_always_eager
        celery_app.conf.task_always_eager = True
        try:
            with django_db_blocker.unblock(), transaction.atomic():
                result = build_and_render(formats, languages)
                cache.clear()
                transaction.set_rollback(True)
        finally:
            celery_app.conf.task_always_eager = eager
        return result

    return fixture


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
