"""The document assembled from the stages: its gaps, its digest, and its versions."""

import pytest

from actions import services as action_services
from actions.models import Question, QuestionAnswer
from documents import services
from documents.assembly import assemble
from documents.models import DocumentVersion
from tests.documents.conftest import (
    complete_value,
    finalise_values,
    give_purpose,
    pick_vision,
)
from workshops.models import Stage

pytestmark = pytest.mark.django_db


def _gaps(workshop) -> list[tuple[str, int]]:
    return [(gap.text, gap.stage) for gap in assemble(workshop).gaps]


def test_an_empty_workshop_lists_every_section_missing_with_its_stage(workshop):
    document = assemble(workshop)
    assert not document.complete
    assert [gap.stage for gap in document.gaps] == [Stage.CONTEXT, Stage.VISION, Stage.VOTE]
    texts = " ".join(gap.text for gap in document.gaps)
    assert "purpose" in texts and "vision" in texts and "values" in texts
    assert document.purpose == document.vision == "" and document.values == ()
    assert document.company == "Acme" and document.title == workshop.title


def test_a_value_without_statement_answers_or_metric_is_named_in_its_gap(workshop, fiona):
    give_purpose(workshop, fiona)
    pick_vision(workshop, fiona)
    finalise_values(workshop, fiona, names=("Honesty",))
    gaps = _gaps(workshop)
    assert len(gaps) == 1
    text, stage = gaps[0]
    assert stage == Stage.VALUES_IN_ACTION
    assert text.startswith("Honesty:")
    assert "an action statement" in text
    assert "5 of the 5 questions" in text
    assert "a key metric" in text


def test_each_missing_part_of_a_value_is_named_alone(workshop, fiona, paul):
    give_purpose(workshop, fiona)
    pick_vision(workshop, fiona)
    honesty, speed = finalise_values(workshop, fiona)
    complete_value(honesty, paul)
    complete_value(speed, paul)
    assert _gaps(workshop) == []

    # An answer no longer kept: one question without an answer kept.
    answer = QuestionAnswer.objects.get(candidate=speed, question=Question.MISREAD)
    action_services.answer_in_document(answer=answer, in_document=False)
    ((text, stage),) = _gaps(workshop)
    assert stage == Stage.VALUES_IN_ACTION and text.startswith("Speed:")
    assert "1 of the 5 questions" in text
    assert "action statement" not in text and "metric" not in text

    action_services.answer_in_document(answer=answer, in_document=True)
    for metric in honesty.metrics.all():
        action_services.metric_remove(metric=metric)
    ((text, _stage),) = _gaps(workshop)
    assert text.startswith("Honesty:") and "a key metric" in text
    assert "questions" not in text and "statement" not in text

    action_services.metric_add(candidate=honesty, metric="nps", user=paul)
    action_services.statement_save(candidate=honesty, text="  ", base_version=1, user=paul)
    ((text, _stage),) = _gaps(workshop)
    assert text.startswith("Honesty:") and "an action statement" in text
    assert "metric" not in text


def test_an_answer_not_kept_is_not_in_the_document(workshop, fiona, paul):
    (honesty,) = finalise_values(workshop, fiona, names=("Honesty",))
    kept = action_services.answer_add(
        candidate=honesty, question=Question.MEANING, text="Kept", user=paul
    )
    action_services.answer_in_document(answer=kept, in_document=True)
    action_services.answer_add(
        candidate=honesty, question=Question.MEANING, text="Not kept", user=paul
    )
    (value,) = assemble(workshop).values
    assert value.answers[0].answers == ("Kept",)


def test_a_complete_workshop_has_no_gaps(complete_workshop):
    document = assemble(complete_workshop)
    assert document.complete and document.gaps == ()
    assert document.purpose and document.vision
    assert [v.name for v in document.values] == ["Honesty", "Speed"]
    assert all(v.statement and v.metrics for v in document.values)
    assert all(all(a.answers for a in v.answers) for v in document.values)


def test_the_digest_changes_with_the_content_and_only_then(complete_workshop, fiona):
    first = assemble(complete_workshop).digest()
    assert assemble(complete_workshop).digest() == first
    assert len(first) == 64

    services.foreword_save(
        workshop=complete_workshop, text="From the admins.", base_version=0, user=fiona
    )
    second = assemble(complete_workshop).digest()
    assert second != first
    assert assemble(complete_workshop).digest() == second

    # Saving the same text again is no change of content.
    services.foreword_save(
        workshop=complete_workshop, text="From the admins.", base_version=1, user=fiona
    )
    assert assemble(complete_workshop).digest() == second

    give_purpose(complete_workshop, fiona, text="Another purpose.")
    assert assemble(complete_workshop).digest() not in (first, second)


def test_the_content_a_version_keeps_has_no_gaps_and_is_json(workshop):
    import json

    content = assemble(workshop).content()
    assert "gaps" not in content
    assert json.loads(json.dumps(content))["title"] == workshop.title


def test_versions_are_numbered_in_order_and_one_content_is_one_version(complete_workshop, fiona):
    first = services.version_for(complete_workshop)
    assert first.number == 1
    again = services.version_for(complete_workshop)
    assert again.pk == first.pk

    services.foreword_save(
        workshop=complete_workshop, text="A foreword.", base_version=0, user=fiona
    )
    second = services.version_for(complete_workshop)
    assert second.number == 2 and second.digest != first.digest
    assert second.content["foreword"] == "A foreword."
    assert services.version_for(complete_workshop).pk == second.pk
    assert DocumentVersion.objects.filter(workshop=complete_workshop).count() == 2


def test_versions_are_numbered_per_workshop(complete_workshop, acme, fiona):
    from tests.factories import workshop_for

    services.version_for(complete_workshop)
    other = workshop_for(acme, facilitators=[fiona], title="Another")
    assert services.version_for(other).number == 1


def test_one_content_is_one_version_whatever_the_readers_language(complete_workshop):
    from django.utils import translation

    english = services.version_for(complete_workshop)
    with translation.override("ro"):
        romanian = services.version_for(complete_workshop)
    assert romanian.pk == english.pk and romanian.number == 1
