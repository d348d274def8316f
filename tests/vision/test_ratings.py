"""Stage 6: the team rates the drafts, the facilitator shortlists them, compares them side
by side, confirms promises the team can keep and picks the final statement."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.timezone import now

from tests.factories import logged_in, member, workshop_for
from vision import services
from vision.check import check_vision
from vision.models import DraftRating, VisionDraft, VisionStatement
from workshops import services as workshop_services
from workshops.models import Role, Stage

pytestmark = pytest.mark.django_db

GOOD = "Every customer leaves with an honest answer, fast."
BUZZWORDS = "We leverage synergy to deliver best-in-class solutions 24/7."
PROMISE = "We answer every customer instantly, with care."


@pytest.fixture
def pia(acme):
    return member(acme, Role.PARTICIPANT, email="pia@acme.example", display_name="Pia")


@pytest.fixture
def vision(acme, fiona, paul, pia):
    workshop = workshop_for(acme, facilitators=[fiona], participants=[paul, pia], title="Vision")
    workshop_services.workshop_set_stage(workshop=workshop, stage=Stage.VISION)
    return workshop


@pytest.fixture
def good(vision, paul):
    return services.draft_create(workshop=vision, author=paul, text=GOOD)


@pytest.fixture
def weak(vision, pia):
    return services.draft_create(workshop=vision, author=pia, text=BUZZWORDS)


def _post(user, name, *args, **data):
    return logged_in(user).post(reverse(name, args=args), data, HTTP_HX_REQUEST="true")


def _rate(user, draft, **data):
    return _post(user, "vision_draft_rate", draft.workshop_id, draft.pk, **data)


def _page(user, workshop) -> str:
    return logged_in(user).get(workshop.get_absolute_url()).content.decode()


def test_the_same_rating_sent_twice_leaves_one_row_per_criterion(good, paul):
    data = {"verdict_simple": "meets", "comment_simple": "Short.", "verdict_service": "needs_work"}
    first = _rate(paul, good, **data)
    assert first.status_code == 200
    assert f'id="rated-{good.pk}">Your ratings are saved.</p>' in first.content.decode()
    assert _rate(paul, good, **data).status_code == 200
    rows = DraftRating.objects.filter(draft=good, rater=paul)
    assert sorted(rows.values_list("criterion", "verdict", "comment")) == [
        ("service", "needs_work", ""),
        ("simple", "meets", "Short."),
    ]


def test_a_changed_rating_replaces_the_old_one_and_not_rated_clears_it(good, paul):
    _rate(paul, good, verdict_simple="meets", verdict_service="meets")
    _rate(paul, good, verdict_simple="needs_work", comment_simple="Too long", verdict_service="")
    assert list(DraftRating.objects.values_list("criterion", "verdict", "comment")) == [
        ("simple", "needs_work", "Too long")
    ]
    page = _page(paul, good.workshop)
    # The form shows the person's own ratings back.
    assert f'id="rate-{good.pk}-simple-needs_work" checked' in page
    assert 'value="Too long"' in page


def test_the_database_itself_refuses_a_second_rating_of_the_same_criterion(good, paul):
    # The upsert relies on this constraint; two racing requests on PostgreSQL are in
    # tests/realstack/test_rating_concurrency.py.
    services.draft_rate(draft=good, rater=paul, ratings={"simple": ("meets", "")})
    with pytest.raises(IntegrityError), transaction.atomic():
        DraftRating.objects.create(
            draft=good, rater=paul, criterion="simple", verdict="needs_work", updated_at=now()
        )
    assert DraftRating.objects.get().verdict == "meets"


def test_a_comment_too_long_is_refused_and_nothing_saved(good, paul):
    response = _rate(paul, good, verdict_simple="meets", comment_simple="x" * 301)
    assert response.status_code == 422
    assert not DraftRating.objects.exists()
    # What was typed stays in the form.
    assert "x" * 301 in response.content.decode()


def test_participants_cannot_shortlist_pick_unpick_or_confirm(good, paul):
    workshop = good.workshop
    for name, args, data in [
        ("vision_draft_shortlist", (workshop.pk, good.pk), {"shortlisted": "1"}),
        ("vision_pick", (workshop.pk, good.pk), {"reason": "We like it."}),
        ("vision_promise_confirm", (workshop.pk, good.pk), {}),
        ("vision_unpick", (workshop.pk,), {}),
    ]:
        assert _post(paul, name, *args, **data).status_code == 404, name
    good.refresh_from_db()
    assert not good.shortlisted and not good.promises_confirmed
    assert not VisionStatement.objects.exists()


def test_another_organisation_gets_404_for_every_new_url(good, charlie):
    workshop = good.workshop
    for name, args in [
        ("vision_draft_rate", (workshop.pk, good.pk)),
        ("vision_draft_shortlist", (workshop.pk, good.pk)),
        ("vision_pick", (workshop.pk, good.pk)),
        ("vision_promise_confirm", (workshop.pk, good.pk)),
        ("vision_unpick", (workshop.pk,)),
    ]:
        response = _post(charlie, name, *args, verdict_simple="meets", shortlisted="1")
        assert response.status_code == 404, name
    assert not DraftRating.objects.exists() and not VisionStatement.objects.exists()


def test_the_shortlist_compares_the_check_and_the_teams_ratings(good, weak, fiona, paul, pia):
    workshop = good.workshop
    page = _page(fiona, workshop)
    assert 'id="no-shortlist"' in page
    for draft in (good, weak):
        assert _post(fiona, "vision_draft_shortlist", workshop.pk, draft.pk, shortlisted="1")
    _rate(paul, weak, verdict_simple="needs_work", comment_simple="Jargon.")
    _rate(pia, weak, verdict_simple="meets")
    _rate(fiona, weak, verdict_simple="needs_work")
    page = _page(paul, workshop)
    assert 'class="compare"' in page
    assert f'id="compare-draft-{good.pk}"' in page and f'id="compare-draft-{weak.pk}"' in page
    assert "Team: 1 meets · 2 needs work" in page
    assert "<strong>Paul</strong> (Needs work): Jargon." in page
    # The check's verdict on the weak draft's simplicity, in its column; the good draft's
    # check says it meets, though nobody has rated it yet (the team's count is apart).
    checks = [
        criterion.status == "meets"
        for draft in (good, weak)
        for criterion in check_vision(draft.text, language="en").criteria
    ]
    assert page.count('class="compare-check meets"') == sum(checks)
    assert page.count('class="compare-check needs-work"') == len(checks) - sum(checks)
    # Taken off the shortlist, it leaves the comparison.
    _post(fiona, "vision_draft_shortlist", workshop.pk, weak.pk, shortlisted="0")
    assert f'id="compare-draft-{weak.pk}"' not in _page(paul, workshop)


def test_picking_a_draft_that_needs_work_without_a_reason_is_refused(weak, fiona):
    workshop = weak.workshop
    services.draft_shortlist(draft=weak, shortlisted=True)
    response = _post(fiona, "vision_pick", workshop.pk, weak.pk, reason="   ")
    assert response.status_code == 422
    assert not VisionStatement.objects.exists()
    body = response.content.decode()
    assert "The check says this draft needs work on: Simple to understand and act on" in body
    # Said beside the reason's box too, which names it, not only at the top of the stage.
    assert f'aria-describedby="pick-error-{weak.pk}"' in body
    assert f'<p class="error" id="pick-error-{weak.pk}">The check says' in body


def test_a_picked_draft_edited_afterwards_says_so_and_can_be_picked_again(good, fiona, paul):
    workshop = good.workshop
    services.draft_shortlist(draft=good, shortlisted=True)
    services.statement_pick(draft=good, user=fiona, reason="", language="en")
    assert "edited since it was picked" not in _page(paul, workshop)
    services.draft_save(
        draft=good, text="Every customer leaves with an honest answer.", base_version=1, user=paul
    )
    page = _page(fiona, workshop)
    assert "Its draft has been edited since it was picked" in page
    assert f'id="pick-form-{good.pk}"' in page  # the new words can be picked
    assert GOOD in page  # the statement keeps the words that were picked


def test_a_pick_with_a_reason_is_recorded_and_shown_beside_the_statement(weak, fiona, paul):
    workshop = weak.workshop
    services.draft_shortlist(draft=weak, shortlisted=True)
    response = _post(fiona, "vision_pick", workshop.pk, weak.pk, reason="")
    assert response.status_code == 422
    assert f'id="pick-reason-{weak.pk}" rows="2"' in response.content.decode()

    response = _post(fiona, "vision_pick", workshop.pk, weak.pk, reason="The team will own it.")
    assert response.status_code == 200
    statement = VisionStatement.objects.get()
    assert (statement.text, statement.draft, statement.picked_by) == (BUZZWORDS, weak, fiona)
    assert statement.despite and statement.override_reason == "The team will own it."
    page = _page(paul, workshop)
    assert 'id="vision-statement"' in page
    assert "Picked despite: Simple to understand and act on" in page
    assert "because: The team will own it." in page


def test_a_draft_that_meets_every_criterion_is_picked_without_a_reason(good, fiona, paul):
    response = _post(fiona, "vision_pick", good.workshop_id, good.pk)
    assert response.status_code == 200
    statement = VisionStatement.objects.get()
    assert (statement.text, statement.despite, statement.override_reason) == (GOOD, [], "")
    page = _page(paul, good.workshop)
    assert GOOD in page and "Picked despite" not in page


def test_a_second_pick_replaces_the_first_and_unpick_removes_it(good, weak, fiona):
    workshop = good.workshop
    _post(fiona, "vision_pick", workshop.pk, weak.pk, reason="Bold.")
    _post(fiona, "vision_pick", workshop.pk, good.pk)
    assert list(VisionStatement.objects.values_list("draft", flat=True)) == [good.pk]
    assert _post(fiona, "vision_unpick", workshop.pk).status_code == 200
    assert not VisionStatement.objects.exists()
    assert VisionDraft.objects.count() == 2
    assert 'id="vision-statement"' not in _page(fiona, workshop)


def test_the_picked_text_stays_when_its_draft_is_edited_or_removed(good, fiona, paul):
    _post(fiona, "vision_pick", good.workshop_id, good.pk)
    services.draft_save(draft=good, text="Something else.", base_version=1, user=paul)
    services.draft_remove(draft=good)
    assert VisionStatement.objects.get().text == GOOD


def test_a_confirmed_promise_clears_the_flag_until_the_text_changes(vision, fiona, paul):
    draft = services.draft_create(workshop=vision, author=paul, text=PROMISE)
    page = _page(fiona, vision)
    assert f'id="confirm-promise-{draft.pk}"' in page
    assert 'data-kind="promise"' in page
    # A participant is not offered the confirmation.
    assert f'id="confirm-promise-{draft.pk}"' not in _page(paul, vision)

    assert _post(fiona, "vision_promise_confirm", vision.pk, draft.pk).status_code == 200
    draft.refresh_from_db()
    assert draft.promises_confirmed_by == fiona and draft.promises_confirmed_at
    page = _page(paul, vision)
    assert 'data-kind="promise"' not in page
    assert f'id="promise-confirmed-{draft.pk}"' in page and "Promise confirmed by Fiona" in page
    # Then it can be picked without a reason, if nothing else needs work.
    assert not services.needs_work(draft, "en")

    # New words need a new confirmation.
    response = _post(
        paul,
        "vision_draft_save",
        vision.pk,
        draft.pk,
        text="We answer every customer instantly, with a smile.",
        base_version=draft.version,
    )
    assert response.status_code == 200
    draft.refresh_from_db()
    assert not draft.promises_confirmed and draft.promises_confirmed_by is None
    assert 'data-kind="promise"' in _page(paul, vision)


def test_a_save_of_the_same_words_keeps_the_confirmation(vision, fiona, paul):
    draft = services.draft_create(workshop=vision, author=paul, text=PROMISE)
    services.draft_confirm_promises(draft=draft, user=fiona)
    services.draft_save(draft=draft, text=PROMISE, base_version=1, user=paul)
    draft.refresh_from_db()
    assert draft.promises_confirmed
