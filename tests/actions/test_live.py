"""Stage 7's live parts: a change to one value re-sends that value's panel and the
progress line to the other screens, not the whole stage."""

import pytest
from django.urls import reverse

from actions import services
from tests.factories import logged_in
from tests.workshops.test_live_parts import Screen, _swapped_ids
from values import brainstorm, voting
from workshops import services as workshop_services
from workshops.models import Stage

pytestmark = pytest.mark.django_db


@pytest.fixture
def values(workshop, fiona):
    added = [
        brainstorm.candidate_add(workshop=workshop, name=name, user=fiona)
        for name in ("Speed", "Quality", "Honesty")
    ]
    voting.finalise(workshop=workshop, candidate_ids=[c.pk for c in added], name="", user=fiona)
    workshop_services.workshop_set_stage(workshop=workshop, stage=Stage.VALUES_IN_ACTION)
    for candidate in added:
        candidate.refresh_from_db()
    return added


def test_an_answer_to_one_value_brings_that_value_and_the_progress_alone(
    workshop, values, paul, fiona, django_capture_on_commit_callbacks
):
    screen = Screen(paul, workshop)
    screen.poll()
    quality = values[1]
    with django_capture_on_commit_callbacks(execute=True):
        logged_in(fiona).post(
            reverse("actions_answer_add", args=[workshop.pk, quality.pk]),
            {"question": "meaning", "text": "Right the first time, every time."},
            HTTP_HX_REQUEST="true",
        )
    response = screen.poll()
    # (Fiona's post makes her present: who is here comes along.)
    swapped = set(_swapped_ids(response)) - {"presence"}
    assert swapped == {"actions-progress", f"value-{quality.pk}"}
    body = response.content.decode()
    assert "Right the first time, every time." in body
    assert f'id="value-{values[0].pk}"' not in body and 'id="stage-body"' not in body
    # A screen that saw the change has nothing more to fetch.
    assert screen.poll().status_code == 304


def test_a_saved_statement_reaches_the_other_screens_and_a_refused_one_does_not(
    workshop, values, paul, fiona, django_capture_on_commit_callbacks
):
    screen = Screen(paul, workshop)
    screen.poll()
    speed = values[0]
    with django_capture_on_commit_callbacks(execute=True):
        services.statement_save(
            candidate=speed, text="Treat every customer with urgency.", base_version=0, user=fiona
        )
    response = screen.poll()
    assert f"value-{speed.pk}" in _swapped_ids(response)
    assert "Treat every customer with urgency." in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        result = services.statement_save(
            candidate=speed, text="Be quick.", base_version=0, user=paul
        )
    assert result.conflicted
    assert screen.poll().status_code == 304


def test_a_conflict_guide_brings_the_guides_alone(
    workshop, values, paul, fiona, django_capture_on_commit_callbacks
):
    screen = Screen(paul, workshop)
    screen.poll()
    with django_capture_on_commit_callbacks(execute=True):
        services.guide_save(
            workshop=workshop,
            topic="coaching",
            text="One conversation, in private, the same week.",
            base_version=0,
            user=fiona,
        )
    response = screen.poll()
    assert _swapped_ids(response) == ["conflict-guides"]
    assert "One conversation, in private" in response.content.decode()
