"""Stage 6: each person walks a draft through the customer's journey (first contact,
waiting, problem solved, follow-up): does it tell an employee what to do at each step?"""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.timezone import now

from tests.factories import logged_in, member, workshop_for
from vision import services
from vision.models import JourneyAnswer
from workshops import services as workshop_services
from workshops.models import Role, Stage

pytestmark = pytest.mark.django_db

GOOD = "Every customer leaves with an honest answer, fast."


@pytest.fixture
def pia(acme):
    return member(acme, Role.PARTICIPANT, email="pia@acme.example", display_name="Pia")


@pytest.fixture
def good(acme, fiona, paul, pia):
    workshop = workshop_for(acme, facilitators=[fiona], participants=[paul, pia], title="Vision")
    workshop_services.workshop_set_stage(workshop=workshop, stage=Stage.VISION)
    return services.draft_create(workshop=workshop, author=paul, text=GOOD)


def _walk(user, draft, **data):
    url = reverse("vision_draft_journey", args=[draft.workshop_id, draft.pk])
    return logged_in(user).post(url, data, HTTP_HX_REQUEST="true")


def _page(user, workshop) -> str:
    return logged_in(user).get(workshop.get_absolute_url()).content.decode()


def test_the_same_walk_sent_twice_leaves_one_row_per_step(good, paul):
    data = {"tells_first_contact": "yes", "tells_waiting": "no", "tells_solved": "yes"}
    first = _walk(paul, good, **data)
    assert first.status_code == 200
    page = first.content.decode()
    assert f'id="walked-{good.pk}">Your walk-through is saved.</p>' in page
    # Not the ratings' confirmation.
    assert f'id="rated-{good.pk}"></p>' in page
    assert _walk(paul, good, **data).status_code == 200
    rows = JourneyAnswer.objects.filter(draft=good, rater=paul)
    assert sorted(rows.values_list("step", "tells")) == [
        ("first_contact", True),
        ("solved", True),
        ("waiting", False),
    ]


def test_a_changed_answer_replaces_the_old_one_and_not_answered_clears_it(good, paul):
    _walk(paul, good, tells_first_contact="yes", tells_follow_up="yes")
    _walk(paul, good, tells_first_contact="no", tells_follow_up="")
    assert list(JourneyAnswer.objects.values_list("step", "tells")) == [("first_contact", False)]
    page = _page(paul, good.workshop)
    # The form shows the person's own answers back.
    assert f'id="journey-{good.pk}-first_contact-no" checked' in page
    assert f'id="journey-{good.pk}-follow_up-none" checked' in page


def test_the_database_itself_refuses_a_second_answer_for_the_same_step(good, paul):
    services.draft_journey(draft=good, rater=paul, answers={"waiting": True})
    with pytest.raises(IntegrityError), transaction.atomic():
        JourneyAnswer.objects.create(
            draft=good, rater=paul, step="waiting", tells=False, updated_at=now()
        )
    assert JourneyAnswer.objects.get().tells is True


def test_an_answer_that_is_neither_yes_nor_no_is_refused_and_nothing_saved(good, paul):
    response = _walk(paul, good, tells_first_contact="yes", tells_waiting="maybe")
    assert response.status_code == 422
    assert not JourneyAnswer.objects.exists()
    # The panel stays open with what was sent.
    page = response.content.decode()
    assert f'id="journey-{good.pk}" open' in page
    assert f'id="journey-{good.pk}-first_contact-yes" checked' in page


def test_the_compare_table_shows_the_teams_tally_per_step(good, fiona, paul, pia):
    workshop = good.workshop
    services.draft_shortlist(draft=good, shortlisted=True)
    _walk(paul, good, tells_first_contact="yes", tells_waiting="no")
    _walk(pia, good, tells_first_contact="yes", tells_waiting="no")
    _walk(fiona, good, tells_first_contact="yes", tells_waiting="yes", tells_follow_up="no")
    page = _page(paul, workshop)
    assert '<tr data-row="journey">' in page
    assert "Customer journey" in page
    assert "First contact: 3 yes · 0 no" in page
    assert "Waiting: 1 yes · 2 no" in page
    assert "Problem solved: 0 yes · 0 no" in page
    assert "Follow-up: 0 yes · 1 no" in page


def test_another_organisation_gets_404_and_nothing_is_saved(good, charlie):
    assert _walk(charlie, good, tells_first_contact="yes").status_code == 404
    assert not JourneyAnswer.objects.exists()


def test_a_draft_of_another_workshop_is_404(good, acme, fiona, paul):
    other = workshop_for(acme, facilitators=[fiona], participants=[paul], title="Other")
    url = reverse("vision_draft_journey", args=[other.pk, good.pk])
    response = logged_in(paul).post(url, {"tells_first_contact": "yes"})
    assert response.status_code == 404
    assert not JourneyAnswer.objects.exists()
