"""Creating workshops, who sees them, moving between stages, settings and the dashboard."""

import re

import pytest
from django.urls import reverse

from tests.factories import workshop_for
from workshops.models import ContextAnswer, ContextQuestion, Stage, Workshop, WorkshopMember


def _create_url(organisation):
    return reverse("workshop_create", args=[organisation.pk])


def _stage_url(workshop):
    return reverse("workshop_stage", args=[workshop.pk])


def _settings_url(workshop):
    return reverse("workshop_settings", args=[workshop.pk])


def _is_checked(page, field, user):
    """Whether the form's checkbox for this person in this list is ticked."""
    match = re.search(rf'<input type="checkbox" name="{field}" value="{user.pk}"[^>]*>', page)
    assert match is not None, f"no {field} checkbox for {user}"
    return " checked" in match.group(0)


def _seats(workshop):
    return dict(WorkshopMember.objects.filter(workshop=workshop).values_list("user_id", "role"))


# Creating a workshop


@pytest.mark.parametrize("persona", ["alice", "fiona"])
def test_it_lets_admins_and_facilitators_create_a_workshop(
    client_for, acme, fiona, paul, persona, request
):
    user = request.getfixturevalue(persona)

    response = client_for(user).post(
        _create_url(acme),
        {
            "title": "Values day",
            "company_name": "Acme Support",
            "facilitators": [fiona.pk],
            "participants": [paul.pk],
        },
    )

    workshop = Workshop.objects.get(title="Values day")
    assert response.status_code == 302
    assert response["Location"] == workshop.get_absolute_url()
    assert workshop.organisation == acme
    assert workshop.company_name == "Acme Support"
    assert workshop.created_by == user
    assert workshop.stage == Stage.CONTEXT
    assert _seats(workshop) == {fiona.pk: "facilitator", paul.pk: "participant"}
    assert set(workshop.context_answers.values_list("key", flat=True)) == set(
        ContextQuestion.values
    )


def test_it_offers_the_create_form_with_the_organisation_and_creator_filled_in(
    client_for, acme, fiona, paul
):
    response = client_for(fiona).get(_create_url(acme))

    form = response.context["form"]
    page = response.content.decode()
    assert response.status_code == 200
    assert "Create a workshop" in page
    assert form["company_name"].value() == "Acme"
    assert _is_checked(page, "facilitators", fiona)
    assert not _is_checked(page, "participants", fiona)
    assert "Paul" in page


def test_it_does_not_let_a_participant_create_a_workshop(client_for, acme, fiona, paul):
    client = client_for(paul)

    page = client.get(_create_url(acme))
    post = client.post(
        _create_url(acme),
        {"title": "Mine", "company_name": "Acme", "facilitators": [paul.pk]},
    )

    assert page.status_code == 404
    assert post.status_code == 404
    assert not Workshop.objects.exists()


def test_it_does_not_let_an_admin_of_another_organisation_create_one(client_for, acme, charlie):
    response = client_for(charlie).get(_create_url(acme))

    assert response.status_code == 404


def test_it_requires_at_least_one_facilitator(client_for, acme, alice, paul):
    response = client_for(alice).post(
        _create_url(acme),
        {"title": "Values day", "company_name": "Acme", "participants": [paul.pk]},
    )

    assert response.status_code == 200
    assert "Choose at least one facilitator." in response.content.decode()
    assert not Workshop.objects.exists()


def test_it_refuses_people_from_outside_the_organisation(client_for, acme, alice, charlie):
    response = client_for(alice).post(
        _create_url(acme),
        {"title": "Values day", "company_name": "Acme", "facilitators": [charlie.pk]},
    )

    assert response.status_code == 200
    assert "Select a valid choice." in response.content.decode()
    assert not Workshop.objects.exists()


def test_it_refuses_control_characters_in_the_title(client_for, acme, alice):
    response = client_for(alice).post(
        _create_url(acme),
        {"title": "Values\x00day", "company_name": "Acme", "facilitators": [alice.pk]},
    )

    assert response.status_code == 200
    assert "Please remove the invisible control characters" in response.content.decode()
    assert not Workshop.objects.exists()


def test_it_seats_someone_chosen_as_both_as_facilitator(client_for, acme, alice, fiona):
    client_for(alice).post(
        _create_url(acme),
        {
            "title": "Values day",
            "company_name": "Acme",
            "facilitators": [fiona.pk],
            "participants": [fiona.pk],
        },
    )

    assert _seats(Workshop.objects.get()) == {fiona.pk: "facilitator"}


# Who sees a workshop


@pytest.mark.parametrize("persona", ["fiona", "paul"])
def test_it_shows_the_workshop_to_its_members(client_for, workshop, persona, request):
    response = client_for(request.getfixturevalue(persona)).get(workshop.get_absolute_url())

    page = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Philosophy 2026</h1>" in page
    assert 'data-stage="1"' in page


def test_it_hides_the_workshop_from_an_org_member_who_is_not_in_it(client_for, workshop, nina):
    response = client_for(nina).get(workshop.get_absolute_url())

    assert response.status_code == 404


def test_it_hides_the_workshop_from_another_organisation(client_for, workshop, charlie):
    response = client_for(charlie).get(workshop.get_absolute_url())

    assert response.status_code == 404


def test_it_answers_404_for_a_workshop_that_does_not_exist(client_for, workshop, alice):
    response = client_for(alice).get(reverse("workshop_detail", args=[workshop.pk + 1000]))

    assert response.status_code == 404


def test_it_sends_anonymous_visitors_to_login(client, workshop):
    response = client.get(workshop.get_absolute_url())

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_it_lets_the_org_admin_run_a_workshop_she_is_not_seated_in(client_for, workshop, alice):
    assert alice.pk not in _seats(workshop)

    response = client_for(alice).get(workshop.get_absolute_url())

    page = response.content.decode()
    assert response.status_code == 200
    assert "Workshop settings" in page
    assert 'data-action="next-stage"' in page


def test_it_gives_participants_no_stage_controls(client_for, workshop, paul):
    page = client_for(paul).get(workshop.get_absolute_url()).content.decode()

    assert 'data-action="next-stage"' not in page
    assert "Workshop settings" not in page
    assert "The facilitator moves the workshop from stage to stage" in page


# Moving between stages


@pytest.mark.parametrize("persona", ["fiona", "alice"])
def test_it_lets_facilitators_and_the_admin_move_the_stage(client_for, workshop, persona, request):
    response = client_for(request.getfixturevalue(persona)).post(
        _stage_url(workshop), {"stage": Stage.WORD_CLOUD}
    )

    workshop.refresh_from_db()
    assert response.status_code == 302
    assert response["Location"] == workshop.get_absolute_url()
    assert workshop.stage == Stage.WORD_CLOUD


def test_it_returns_the_live_region_to_htmx_after_a_stage_move(client_for, workshop, fiona):
    response = client_for(fiona).post(
        _stage_url(workshop), {"stage": Stage.VOTE}, headers={"HX-Request": "true"}
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert page.lstrip().startswith('<div id="live"')
    assert f'data-stage="{Stage.VOTE}"' in page


@pytest.mark.parametrize("persona", ["paul", "nina", "charlie"])
def test_it_does_not_let_others_move_the_stage(client_for, workshop, persona, request):
    response = client_for(request.getfixturevalue(persona)).post(
        _stage_url(workshop), {"stage": Stage.VOTE}
    )

    workshop.refresh_from_db()
    assert response.status_code == 404
    assert workshop.stage == Stage.CONTEXT


def test_it_does_not_move_the_stage_on_get(client_for, workshop, fiona):
    response = client_for(fiona).get(_stage_url(workshop), {"stage": Stage.VOTE})

    workshop.refresh_from_db()
    assert response.status_code == 405
    assert workshop.stage == Stage.CONTEXT


@pytest.mark.parametrize("stage", ["0", "9", "x", "-1", "", "1.5"])
def test_it_refuses_a_stage_that_does_not_exist(client_for, workshop, fiona, stage):
    Workshop.objects.filter(pk=workshop.pk).update(stage=Stage.SURVEY)

    response = client_for(fiona).post(_stage_url(workshop), {"stage": stage}, follow=True)

    workshop.refresh_from_db()
    assert response.status_code == 200
    assert "There is no such stage." in response.content.decode()
    assert workshop.stage == Stage.SURVEY


def test_it_refuses_a_missing_stage_without_500_for_htmx(client_for, workshop, fiona):
    response = client_for(fiona).post(_stage_url(workshop), {}, headers={"HX-Request": "true"})

    workshop.refresh_from_db()
    assert response.status_code == 200
    assert workshop.stage == Stage.CONTEXT


# Settings


def test_it_shows_the_settings_to_a_facilitator_with_current_values(
    client_for, workshop, fiona, paul
):
    response = client_for(fiona).get(_settings_url(workshop))

    page = response.content.decode()
    assert response.status_code == 200
    assert 'value="Philosophy 2026"' in page
    assert _is_checked(page, "facilitators", fiona)
    assert _is_checked(page, "participants", paul)
    assert not _is_checked(page, "facilitators", paul)


def test_it_saves_title_company_and_members_from_the_settings(
    client_for, workshop, fiona, paul, nina
):
    response = client_for(fiona).post(
        _settings_url(workshop),
        {
            "title": "Philosophy 2027",
            "company_name": "Acme Europe",
            "facilitators": [fiona.pk, nina.pk],
            "participants": [],
        },
        follow=True,
    )

    workshop.refresh_from_db()
    assert response.redirect_chain == [(workshop.get_absolute_url(), 302)]
    assert "Workshop saved." in response.content.decode()
    assert workshop.title == "Philosophy 2027"
    assert workshop.company_name == "Acme Europe"
    assert _seats(workshop) == {fiona.pk: "facilitator", nina.pk: "facilitator"}
    assert client_for(paul).get(workshop.get_absolute_url()).status_code == 404
    assert client_for(nina).get(workshop.get_absolute_url()).status_code == 200


def test_it_keeps_the_settings_when_no_facilitator_is_left(client_for, workshop, fiona, paul):
    response = client_for(fiona).post(
        _settings_url(workshop),
        {"title": "Renamed", "company_name": "Acme", "participants": [paul.pk]},
    )

    workshop.refresh_from_db()
    assert response.status_code == 200
    assert "Choose at least one facilitator." in response.content.decode()
    assert workshop.title == "Philosophy 2026"
    assert _seats(workshop) == {fiona.pk: "facilitator", paul.pk: "participant"}


@pytest.mark.parametrize("persona", ["paul", "nina", "charlie"])
def test_it_hides_the_settings_from_others(client_for, workshop, fiona, persona, request):
    client = client_for(request.getfixturevalue(persona))

    page = client.get(_settings_url(workshop))
    post = client.post(
        _settings_url(workshop),
        {"title": "Hijacked", "company_name": "Acme", "facilitators": [fiona.pk]},
    )

    workshop.refresh_from_db()
    assert page.status_code == 404
    assert post.status_code == 404
    assert workshop.title == "Philosophy 2026"


# The dashboard


def test_it_lists_the_workshops_the_user_is_in_on_the_dashboard(client_for, acme, workshop, paul):
    response = client_for(paul).get(reverse("home"))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Philosophy 2026" in page
    assert workshop.get_absolute_url() in page
    assert "Stage 1: Context" in page


def test_it_lists_no_workshop_for_an_org_member_who_is_in_none(client_for, workshop, nina):
    page = client_for(nina).get(reverse("home")).content.decode()

    assert "Philosophy 2026" not in page
    assert "You are not in a workshop yet." in page
    assert "Acme" in page


def test_it_lists_every_workshop_of_the_organisation_for_its_admin(
    client_for, acme, alice, fiona, workshop
):
    workshop_for(acme, facilitators=[fiona], title="Fiona's own")

    response = client_for(alice).get(reverse("home"))

    titles = [w.title for w in response.context["workshops"]]
    assert sorted(titles) == ["Fiona's own", "Philosophy 2026"]


def test_it_does_not_list_workshops_of_other_organisations(client_for, workshop, charlie):
    page = client_for(charlie).get(reverse("home")).content.decode()

    assert "You are not in a workshop yet." in page and "Globex" in page
    assert "Philosophy 2026" not in page
    assert list(client_for(charlie).get(reverse("home")).context["workshops"]) == []


def test_it_creates_the_context_questions_with_a_new_workshop(workshop):
    answers = ContextAnswer.objects.filter(workshop=workshop)

    assert answers.count() == len(ContextQuestion.values)
    assert all(a.version == 0 and a.text == "" for a in answers)
