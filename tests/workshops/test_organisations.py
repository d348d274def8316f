"""The organisation page: invitations, accepting them, roles and removing people."""

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from tests.factories import PASSWORD, UserFactory, workshop_for
from workshops import services
from workshops.models import Invitation, Membership, Organisation, Role, User, WorkshopMember

INVALID_INVITATION = "This invitation link does not work"
LAST_ADMIN = "An organisation needs at least one admin."


def _invite(organisation, role=Role.PARTICIPANT, email="", invited_by=None):
    """An invitation made through the service, with its token (the link's secret part)."""
    return services.invitation_create(
        organisation=organisation, role=role, email=email, invited_by=invited_by
    )


def _token_in(text):
    match = re.search(r"/invite/([\w-]+)/", text)
    assert match is not None, "no invitation link in the text"
    return match.group(1)


# The organisation page


def test_it_shows_the_organisation_to_its_members(client_for, acme, alice, paul):
    response = client_for(paul).get(acme.get_absolute_url())

    page = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Acme</h1>" in page
    assert "You are Participant here." in page
    assert "alice@acme.example" in page
    # Only admins get the invitation form.
    assert "Create invitation" not in page


def test_it_hides_the_organisation_from_an_admin_of_another(client_for, acme, alice, charlie):
    response = client_for(charlie).get(acme.get_absolute_url())

    assert response.status_code == 404


def test_it_sends_anonymous_visitors_to_login(client, acme):
    response = client.get(acme.get_absolute_url())

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_it_sends_a_user_without_organisation_to_create_one(client_for, db):
    loner = UserFactory(email="loner@example.com")

    response = client_for(loner).get(reverse("home"), follow=True)

    assert response.redirect_chain == [(reverse("organisation_create"), 302)]
    assert "You are not in an organisation yet." in response.content.decode()


def test_it_makes_the_creator_of_an_organisation_its_admin(client_for, db):
    loner = UserFactory(email="loner@example.com")

    response = client_for(loner).post(reverse("organisation_create"), {"name": "Initech"})

    organisation = Organisation.objects.get(name="Initech")
    assert response.status_code == 302
    assert response["Location"] == organisation.get_absolute_url()
    assert Membership.objects.get(organisation=organisation, user=loner).role == Role.ADMIN


def test_it_refuses_control_characters_in_an_organisation_name(client_for, db):
    loner = UserFactory(email="loner@example.com")

    response = client_for(loner).post(reverse("organisation_create"), {"name": "Ini\x07tech"})

    assert response.status_code == 200
    assert "Please remove the invisible control characters" in response.content.decode()
    assert not Organisation.objects.exists()


# Creating and revoking invitations


def test_it_shows_a_new_invitation_link_and_stores_only_its_hash(client_for, acme, alice):
    response = client_for(alice).post(
        reverse("invitation_create", args=[acme.pk]), {"email": "", "role": Role.FACILITATOR}
    )

    page = response.content.decode()
    token = _token_in(page)
    invitation = Invitation.objects.get()
    assert response.status_code == 200
    assert "Invitation created." in page
    assert f"http://testserver/invite/{token}/" in page
    assert invitation.role == Role.FACILITATOR
    assert invitation.organisation == acme
    assert invitation.invited_by == alice
    assert invitation.token_hash != token
    assert token not in invitation.token_hash
    assert Invitation.find_usable(token) == invitation


def test_it_returns_only_the_invitations_section_to_htmx(client_for, acme, alice):
    response = client_for(alice).post(
        reverse("invitation_create", args=[acme.pk]),
        {"email": "", "role": Role.PARTICIPANT},
        headers={"HX-Request": "true"},
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert page.lstrip().startswith('<section id="invitations"')
    assert "<html" not in page
    assert "/invite/" in page


def test_it_emails_the_invitation_link_to_the_invited_address(
    client_for, acme, alice, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(alice).post(
            reverse("invitation_create", args=[acme.pk]),
            {"email": "dana@acme.example", "role": Role.PARTICIPANT},
        )

    token = _token_in(response.content.decode())
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["dana@acme.example"]
    assert "Acme" in message.subject
    assert f"/invite/{token}/" in message.body
    assert "Alice invites you to join Acme as Participant" in message.body


def test_the_emailed_link_starts_with_the_site_root_the_app_runs_under(
    client_for, acme, alice, settings, django_capture_on_commit_callbacks
):
    # `make run PORT=8123` runs the app under http://127.0.0.1:8123 and sets SITE_ROOT so.
    settings.SITE_ROOT = "http://127.0.0.1:8123"
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(alice).post(
            reverse("invitation_create", args=[acme.pk]),
            {"email": "dana@acme.example", "role": Role.PARTICIPANT},
        )

    token = _token_in(response.content.decode())
    body = mail.outbox[0].body
    assert f"http://127.0.0.1:8123/invite/{token}/" in body
    assert "127.0.0.1:8000" not in body


def test_it_sends_no_email_for_a_link_without_address(
    client_for, acme, alice, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client_for(alice).post(
            reverse("invitation_create", args=[acme.pk]), {"email": "", "role": Role.PARTICIPANT}
        )

    assert Invitation.objects.count() == 1
    assert mail.outbox == []


def test_it_refuses_an_invalid_invitation_address(client_for, acme, alice):
    response = client_for(alice).post(
        reverse("invitation_create", args=[acme.pk]),
        {"email": "not an address", "role": Role.PARTICIPANT},
    )

    assert response.status_code == 422
    assert "Enter a valid email address." in response.content.decode()
    assert not Invitation.objects.exists()


@pytest.mark.parametrize("address", ["paul@acme.example", "Paul@ACME.example"])
def test_it_refuses_to_invite_someone_who_is_already_a_member(
    client_for, acme, alice, paul, address
):
    response = client_for(alice).post(
        reverse("invitation_create", args=[acme.pk]), {"email": address, "role": Role.ADMIN}
    )

    assert response.status_code == 422
    assert "paul@acme.example is already a member of Acme." in response.content.decode()
    assert not Invitation.objects.exists()


def test_it_invites_a_member_of_another_organisation(client_for, acme, alice, charlie):
    response = client_for(alice).post(
        reverse("invitation_create", args=[acme.pk]),
        {"email": "charlie@globex.example", "role": Role.PARTICIPANT},
    )

    assert response.status_code == 200
    assert Invitation.objects.get().email == "charlie@globex.example"


def test_it_refuses_a_second_open_invitation_for_the_same_address(client_for, acme, alice):
    _invite(acme, email="dana@acme.example", invited_by=alice)

    response = client_for(alice).post(
        reverse("invitation_create", args=[acme.pk]),
        {"email": "DANA@acme.example", "role": Role.FACILITATOR},
        headers={"HX-Request": "true"},
    )

    assert response.status_code == 422
    assert (
        "dana@acme.example already has an open invitation: revoke it first or share its link."
        in response.content.decode()
    )
    assert Invitation.objects.count() == 1


@pytest.mark.parametrize("spoil", ["revoked", "expired"])
def test_it_invites_an_address_again_once_its_invitation_stopped_working(
    client_for, acme, alice, spoil
):
    invitation, _ = _invite(acme, email="dana@acme.example", invited_by=alice)
    if spoil == "revoked":
        services.invitation_revoke(invitation=invitation)
    else:
        Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now())

    response = client_for(alice).post(
        reverse("invitation_create", args=[acme.pk]),
        {"email": "dana@acme.example", "role": Role.PARTICIPANT},
    )

    assert response.status_code == 200
    assert Invitation.objects.count() == 2


def test_it_refuses_an_address_that_another_organisation_invited_too(
    client_for, acme, globex, alice, charlie
):
    _invite(globex, email="dana@acme.example", invited_by=charlie)

    response = client_for(alice).post(
        reverse("invitation_create", args=[acme.pk]),
        {"email": "dana@acme.example", "role": Role.PARTICIPANT},
    )

    # Globex's invitation is no concern of Acme's.
    assert response.status_code == 200
    assert Invitation.objects.filter(organisation=acme).count() == 1


def test_it_says_the_invitation_was_emailed_and_still_offers_its_link(client_for, acme, alice):
    response = client_for(alice).post(
        reverse("invitation_create", args=[acme.pk]),
        {"email": "dana@acme.example", "role": Role.PARTICIPANT},
    )

    page = response.content.decode()
    token = _token_in(page)
    assert "Invitation created and e-mailed to dana@acme.example." in page
    assert f'value="http://testserver/invite/{token}/"' in page


def test_it_says_to_share_a_link_without_address_itself(client_for, acme, alice):
    response = client_for(alice).post(
        reverse("invitation_create", args=[acme.pk]), {"email": "", "role": Role.PARTICIPANT}
    )

    page = response.content.decode()
    assert "Share this link with the person you invite" in page
    assert "e-mailed to" not in page


def test_it_lists_open_invitations_and_revokes_them(client_for, acme, alice):
    invitation, token = _invite(acme, email="dana@acme.example", invited_by=alice)
    client = client_for(alice)
    assert "dana@acme.example" in client.get(acme.get_absolute_url()).content.decode()

    response = client.post(reverse("invitation_revoke", args=[acme.pk, invitation.pk]))

    invitation.refresh_from_db()
    assert response.status_code == 200
    assert invitation.revoked_at is not None
    assert "Create invitation" in response.content.decode()
    assert "dana@acme.example" not in response.content.decode()
    assert Invitation.find_usable(token) is None


def test_it_says_in_the_invitations_section_that_an_invitation_was_revoked(client_for, acme, alice):
    invitation, _ = _invite(acme, invited_by=alice)

    response = client_for(alice).post(
        reverse("invitation_revoke", args=[acme.pk, invitation.pk]),
        headers={"HX-Request": "true"},
    )

    page = response.content.decode()
    assert page.lstrip().startswith('<section id="invitations"')
    notice = '<p class="notice success" role="status" tabindex="-1" autofocus>'
    assert f"{notice}Invitation revoked.</p>" in page


@pytest.mark.parametrize("persona", ["fiona", "paul"])
def test_it_does_not_let_a_non_admin_create_an_invitation(client_for, acme, persona, request):
    user = request.getfixturevalue(persona)

    response = client_for(user).post(
        reverse("invitation_create", args=[acme.pk]), {"email": "", "role": Role.ADMIN}
    )

    assert response.status_code == 404
    assert not Invitation.objects.exists()


@pytest.mark.parametrize("persona", ["fiona", "paul", "charlie"])
def test_it_does_not_let_others_revoke_an_invitation(client_for, acme, alice, persona, request):
    user = request.getfixturevalue(persona)
    invitation, _ = _invite(acme, invited_by=alice)

    response = client_for(user).post(reverse("invitation_revoke", args=[acme.pk, invitation.pk]))

    invitation.refresh_from_db()
    assert response.status_code == 404
    assert invitation.revoked_at is None


def test_it_does_not_let_an_admin_of_another_organisation_invite(client_for, acme, charlie):
    response = client_for(charlie).post(
        reverse("invitation_create", args=[acme.pk]), {"email": "", "role": Role.ADMIN}
    )

    assert response.status_code == 404
    assert not Invitation.objects.exists()


def test_it_does_not_revoke_another_organisations_invitation_through_its_own(
    client_for, acme, globex, alice, charlie
):
    invitation, _ = _invite(globex, invited_by=charlie)

    response = client_for(alice).post(reverse("invitation_revoke", args=[acme.pk, invitation.pk]))

    invitation.refresh_from_db()
    assert response.status_code == 404
    assert invitation.revoked_at is None


# Accepting invitations


def test_it_shows_who_invites_to_what_before_accepting(client, acme, alice):
    _, token = _invite(acme, role=Role.FACILITATOR, invited_by=alice)

    response = client.get(reverse("invitation_accept", args=[token]))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Join Acme" in page
    assert "You are invited as Facilitator." in page
    assert "Create account and join" in page


def test_it_lets_an_anonymous_person_sign_up_and_join_with_the_invited_role(client, acme, alice):
    invitation, token = _invite(acme, role=Role.FACILITATOR, invited_by=alice)

    response = client.post(
        reverse("invitation_accept", args=[token]),
        {
            "display_name": "Dana",
            "email": "dana@acme.example",
            "password": "a sturdy passphrase",
            "language": "en",
        },
        follow=True,
    )

    dana = User.objects.get(email="dana@acme.example")
    invitation.refresh_from_db()
    page = response.content.decode()
    assert response.redirect_chain[0] == (acme.get_absolute_url(), 302)
    assert response.context["user"] == dana
    assert "You joined Acme." in page
    assert "You are Facilitator here." in page
    assert Membership.objects.get(organisation=acme, user=dana).role == Role.FACILITATOR
    assert invitation.accepted_by == dana
    assert invitation.accepted_at is not None


def test_it_keeps_the_invitation_when_the_signup_form_has_errors(client, acme, alice):
    invitation, token = _invite(acme, invited_by=alice)

    response = client.post(
        reverse("invitation_accept", args=[token]),
        {
            "display_name": "Alice again",
            "email": "alice@acme.example",
            "password": "a sturdy passphrase",
            "language": "en",
        },
    )

    invitation.refresh_from_db()
    assert response.status_code == 200
    assert "An account with this e-mail address already exists." in response.content.decode()
    assert invitation.accepted_at is None
    assert User.objects.filter(email="alice@acme.example").count() == 1


def test_it_lets_a_logged_in_user_join_with_one_click(client_for, acme, alice, charlie):
    invitation, token = _invite(acme, role=Role.PARTICIPANT, invited_by=alice)
    client = client_for(charlie)
    page = client.get(reverse("invitation_accept", args=[token])).content.decode()
    assert "Join as Charlie" in page
    assert 'name="password"' not in page

    response = client.post(reverse("invitation_accept", args=[token]))

    invitation.refresh_from_db()
    assert response.status_code == 302
    assert response["Location"] == acme.get_absolute_url()
    assert Membership.objects.get(organisation=acme, user=charlie).role == Role.PARTICIPANT
    # Charlie stays the admin of his own organisation.
    assert Membership.objects.get(organisation__name="Globex", user=charlie).role == Role.ADMIN
    assert invitation.accepted_by == charlie


def test_it_lets_an_existing_user_log_in_from_the_invitation_and_join(client, acme, alice):
    UserFactory(email="dana@elsewhere.example", display_name="Dana")
    _, token = _invite(acme, invited_by=alice)
    invite_url = reverse("invitation_accept", args=[token])

    logged_in = client.post(
        reverse("login"),
        {"username": "dana@elsewhere.example", "password": PASSWORD, "next": invite_url},
    )
    assert logged_in["Location"] == invite_url
    client.post(invite_url)

    assert Membership.objects.filter(organisation=acme, user__display_name="Dana").exists()


def test_it_does_not_demote_a_member_who_accepts_a_lesser_invitation(client_for, acme, alice):
    invitation, token = _invite(acme, role=Role.PARTICIPANT, invited_by=alice)

    client_for(alice).post(reverse("invitation_accept", args=[token]))

    assert Membership.objects.get(organisation=acme, user=alice).role == Role.ADMIN


def test_it_tells_a_member_who_accepts_that_they_are_one_already(client_for, acme, alice, paul):
    invitation, token = _invite(acme, role=Role.ADMIN, invited_by=alice)

    response = client_for(paul).post(reverse("invitation_accept", args=[token]), follow=True)

    invitation.refresh_from_db()
    page = response.content.decode()
    assert response.redirect_chain == [(acme.get_absolute_url(), 302)]
    assert "You are already a member of Acme, as Participant." in page
    assert "You joined" not in page
    assert Membership.objects.get(organisation=acme, user=paul).role == Role.PARTICIPANT
    # The link was meant for someone else: it still works for them.
    assert invitation.accepted_at is None
    assert Invitation.find_usable(token) == invitation


def test_it_shows_a_member_the_invitation_page_without_a_join_button(
    client_for, acme, alice, fiona
):
    _, token = _invite(acme, invited_by=alice)

    page = client_for(fiona).get(reverse("invitation_accept", args=[token])).content.decode()

    assert "You are already a member of Acme, as Facilitator." in page
    assert "Join as" not in page
    assert f'href="{acme.get_absolute_url()}"' in page


def test_the_service_refuses_a_member_and_leaves_the_invitation_open(acme, alice, paul):
    invitation, token = _invite(acme, invited_by=alice)

    with pytest.raises(services.AlreadyMember) as refusal:
        services.invitation_accept(token=token, user=paul)

    invitation.refresh_from_db()
    assert refusal.value.membership.user == paul
    assert invitation.accepted_at is None


# Invitations that name an e-mail address


def _signup(**overrides):
    data = {
        "display_name": "Dana",
        "email": "dana@acme.example",
        "password": "a sturdy passphrase",
        "language": "en",
    }
    data.update(overrides)
    return data


def test_it_shows_the_invited_address_as_text_on_the_sign_up_form(client, acme, alice):
    _, token = _invite(acme, email="dana@acme.example", invited_by=alice)

    page = client.get(reverse("invitation_accept", args=[token])).content.decode()

    assert "dana@acme.example" in page
    assert 'name="email"' not in page
    assert 'name="password"' in page


def test_it_creates_the_account_for_the_invited_address_whatever_is_posted(client, acme, alice):
    invitation, token = _invite(acme, email="dana@acme.example", invited_by=alice)

    response = client.post(
        reverse("invitation_accept", args=[token]), _signup(email="mallory@example.com")
    )

    invitation.refresh_from_db()
    assert response.status_code == 302
    assert not User.objects.filter(email="mallory@example.com").exists()
    dana = User.objects.get(email="dana@acme.example")
    assert Membership.objects.filter(organisation=acme, user=dana).exists()
    assert invitation.accepted_by == dana


def test_it_creates_the_account_for_the_invited_address_when_none_is_posted(client, acme, alice):
    _, token = _invite(acme, email="dana@acme.example", invited_by=alice)
    data = _signup()
    del data["email"]

    response = client.post(reverse("invitation_accept", args=[token]), data)

    assert response.status_code == 302
    assert Membership.objects.filter(organisation=acme, user__email="dana@acme.example").exists()


def test_it_offers_to_log_in_when_the_invited_address_has_an_account(client, acme, alice):
    UserFactory(email="dana@acme.example")
    invitation, token = _invite(acme, email="dana@acme.example", invited_by=alice)
    url = reverse("invitation_accept", args=[token])

    response = client.post(url, _signup())

    invitation.refresh_from_db()
    page = response.content.decode()
    assert response.status_code == 200
    assert "An account with this e-mail address already exists." in page
    assert f'<a href="/accounts/login/?next={url.replace("/", "%2F")}">Log in instead</a>' in page
    assert invitation.accepted_at is None


def test_it_refuses_a_logged_in_user_with_another_address(client_for, acme, alice, charlie):
    invitation, token = _invite(acme, email="dana@acme.example", invited_by=alice)
    client = client_for(charlie)
    url = reverse("invitation_accept", args=[token])
    message = "This invitation is for dana@acme.example. Log in with that account to accept it."

    page = client.get(url).content.decode()
    response = client.post(url)

    invitation.refresh_from_db()
    assert message in page
    assert "Join as" not in page
    assert response.status_code == 403
    assert message in response.content.decode()
    assert not Membership.objects.filter(organisation=acme, user=charlie).exists()
    assert invitation.accepted_at is None


def test_it_offers_someone_with_another_address_to_log_out_and_come_back(
    client_for, acme, alice, charlie
):
    _, token = _invite(acme, email="dana@acme.example", invited_by=alice)
    client = client_for(charlie)
    url = reverse("invitation_accept", args=[token])

    page = client.get(url).content.decode()
    logged_out = client.post(reverse("logout"), {"next": url})

    assert f'action="{reverse("logout")}"' in page
    assert f'name="next" value="{url}"' in page
    assert logged_out["Location"] == url
    assert "Create account and join" in client.get(url).content.decode()


def test_it_lets_the_invitee_join_while_logged_in_whatever_the_case(client_for, acme, alice):
    dana = UserFactory(email="dana@acme.example", display_name="Dana")
    _, token = _invite(acme, email="Dana@Acme.example", invited_by=alice)

    response = client_for(dana).post(reverse("invitation_accept", args=[token]))

    assert response.status_code == 302
    assert Membership.objects.filter(organisation=acme, user=dana).exists()


def test_the_service_refuses_an_invitation_for_someone_else(acme, alice, charlie):
    invitation, token = _invite(acme, email="dana@acme.example", invited_by=alice)

    with pytest.raises(services.InvitationForSomeoneElse):
        services.invitation_accept(token=token, user=charlie)

    invitation.refresh_from_db()
    assert invitation.accepted_at is None
    assert not Membership.objects.filter(organisation=acme, user=charlie).exists()


def _accepted(invitation):
    invitation.accepted_at = timezone.now()
    invitation.save()


def _revoked(invitation):
    services.invitation_revoke(invitation=invitation)


def _expired(invitation):
    invitation.expires_at = timezone.now() - timedelta(seconds=1)
    invitation.save()


@pytest.mark.parametrize("spoil", [_accepted, _revoked, _expired], ids=lambda f: f.__name__)
def test_it_shows_the_same_not_working_page_for_a_used_revoked_or_expired_link(
    client_for, client, acme, alice, charlie, spoil
):
    invitation, token = _invite(acme, role=Role.ADMIN, invited_by=alice)
    spoil(invitation)
    url = reverse("invitation_accept", args=[token])

    anonymous = client.get(url)
    signup = client.post(
        url,
        {
            "display_name": "Mallory",
            "email": "mallory@example.com",
            "password": "a sturdy passphrase",
            "language": "en",
        },
    )
    one_click = client_for(charlie).post(url)

    for response in (anonymous, signup, one_click):
        assert response.status_code == 404
        assert INVALID_INVITATION in response.content.decode()
    assert not User.objects.filter(email="mallory@example.com").exists()
    assert not Membership.objects.filter(organisation=acme, user=charlie).exists()


def test_it_shows_the_same_not_working_page_for_a_made_up_link(client, db):
    response = client.get(reverse("invitation_accept", args=["made-up-token"]))

    assert response.status_code == 404
    assert INVALID_INVITATION in response.content.decode()


def test_it_lets_a_link_work_only_once(client_for, acme, alice, charlie, nina):
    _, token = _invite(acme, invited_by=alice)
    client_for(charlie).post(reverse("invitation_accept", args=[token]))

    client_for(charlie).post(reverse("logout"))
    response = client_for(nina).post(reverse("invitation_accept", args=[token]))

    assert response.status_code == 404
    assert INVALID_INVITATION in response.content.decode()


# Roles


def test_it_lets_the_admin_change_a_role(client_for, acme, alice, paul):
    membership = Membership.objects.get(organisation=acme, user=paul)

    response = client_for(alice).post(
        reverse("member_role", args=[acme.pk, membership.pk]),
        {"role": Role.FACILITATOR},
        follow=True,
    )

    membership.refresh_from_db()
    assert response.redirect_chain == [(acme.get_absolute_url(), 302)]
    assert "Role changed." in response.content.decode()
    assert membership.role == Role.FACILITATOR


@pytest.mark.parametrize("persona", ["fiona", "paul", "charlie"])
def test_it_does_not_let_others_change_roles(client_for, acme, alice, paul, persona, request):
    user = request.getfixturevalue(persona)
    membership = Membership.objects.get(organisation=acme, user=paul)

    response = client_for(user).post(
        reverse("member_role", args=[acme.pk, membership.pk]), {"role": Role.ADMIN}
    )

    membership.refresh_from_db()
    assert response.status_code == 404
    assert membership.role == Role.PARTICIPANT


def test_it_does_not_change_a_role_in_another_organisation_through_its_own(
    client_for, acme, alice, charlie
):
    membership = Membership.objects.get(user=charlie)

    response = client_for(alice).post(
        reverse("member_role", args=[acme.pk, membership.pk]), {"role": Role.PARTICIPANT}
    )

    membership.refresh_from_db()
    assert response.status_code == 404
    assert membership.role == Role.ADMIN


def test_it_ignores_an_unknown_role(client_for, acme, alice, paul):
    membership = Membership.objects.get(organisation=acme, user=paul)

    client_for(alice).post(reverse("member_role", args=[acme.pk, membership.pk]), {"role": "owner"})

    membership.refresh_from_db()
    assert membership.role == Role.PARTICIPANT


def test_it_does_not_let_the_last_admin_step_down(client_for, acme, alice, paul):
    membership = Membership.objects.get(organisation=acme, user=alice)

    response = client_for(alice).post(
        reverse("member_role", args=[acme.pk, membership.pk]),
        {"role": Role.PARTICIPANT},
        follow=True,
    )

    membership.refresh_from_db()
    assert LAST_ADMIN in response.content.decode()
    assert membership.role == Role.ADMIN


def test_it_lets_an_admin_step_down_when_another_admin_remains(client_for, acme, alice, paul):
    Membership.objects.filter(organisation=acme, user=paul).update(role=Role.ADMIN)
    membership = Membership.objects.get(organisation=acme, user=alice)

    response = client_for(alice).post(
        reverse("member_role", args=[acme.pk, membership.pk]), {"role": Role.FACILITATOR}
    )

    membership.refresh_from_db()
    assert response.status_code == 302
    assert membership.role == Role.FACILITATOR


# Removing people


def test_it_asks_to_confirm_before_removing_someone(client_for, acme, alice, paul):
    page = client_for(alice).get(acme.get_absolute_url()).content.decode()

    remove_url = reverse("member_remove", args=[acme.pk, Membership.objects.get(user=paul).pk])
    disclosure = re.search(r'<details class="confirm">.*?</details>', page, re.DOTALL)
    assert disclosure is not None
    assert "<summary>Remove Paul…</summary>" in disclosure[0]
    assert f'action="{remove_url}"' in disclosure[0]
    assert '<button type="submit" class="danger">Yes, remove Paul</button>' in disclosure[0]
    # The only way to remove Paul is the button inside the disclosure.
    assert page.count(f'action="{remove_url}"') == 1


def test_it_does_not_let_the_last_admin_be_removed(client_for, acme, alice, paul):
    membership = Membership.objects.get(organisation=acme, user=alice)

    response = client_for(alice).post(
        reverse("member_remove", args=[acme.pk, membership.pk]), follow=True
    )

    assert LAST_ADMIN in response.content.decode()
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_it_removes_a_member_and_their_workshop_seats(client_for, acme, alice, paul, workshop):
    membership = Membership.objects.get(organisation=acme, user=paul)

    response = client_for(alice).post(
        reverse("member_remove", args=[acme.pk, membership.pk]), follow=True
    )

    assert "Paul was removed." in response.content.decode()
    assert not Membership.objects.filter(organisation=acme, user=paul).exists()
    assert not WorkshopMember.objects.filter(user=paul).exists()
    assert WorkshopMember.objects.filter(workshop=workshop).count() == 1
    assert client_for(paul).get(workshop.get_absolute_url()).status_code == 404


def test_it_keeps_seats_in_workshops_of_other_organisations(
    client_for, acme, globex, alice, charlie, paul, workshop
):
    Membership.objects.create(organisation=globex, user=paul, role=Role.PARTICIPANT)
    globex_workshop = workshop_for(globex, facilitators=[charlie], participants=[paul])
    membership = Membership.objects.get(organisation=acme, user=paul)

    client_for(alice).post(reverse("member_remove", args=[acme.pk, membership.pk]))

    assert WorkshopMember.objects.filter(workshop=globex_workshop, user=paul).exists()
    assert not WorkshopMember.objects.filter(workshop=workshop, user=paul).exists()


@pytest.mark.parametrize("persona", ["fiona", "paul", "charlie"])
def test_it_does_not_let_others_remove_people(client_for, acme, alice, nina, persona, request):
    user = request.getfixturevalue(persona)
    membership = Membership.objects.get(organisation=acme, user=nina)

    response = client_for(user).post(reverse("member_remove", args=[acme.pk, membership.pk]))

    assert response.status_code == 404
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_it_refuses_to_change_membership_on_get(client_for, acme, alice, paul):
    membership = Membership.objects.get(organisation=acme, user=paul)
    client = client_for(alice)

    assert client.get(reverse("member_remove", args=[acme.pk, membership.pk])).status_code == 405
    assert client.get(reverse("member_role", args=[acme.pk, membership.pk])).status_code == 405
    assert client.get(reverse("invitation_create", args=[acme.pk])).status_code == 405
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_the_people_table_scrolls_in_its_own_box_rather_than_the_page(client_for, acme, paul):
    page = client_for(paul).get(acme.get_absolute_url()).content.decode()

    box = re.search(r'<div class="table-scroll"[^>]*>\s*<table class="table">', page)
    assert box is not None
    # A keyboard can scroll it, and a screen reader names it after the section.
    assert 'tabindex="0"' in box[0]
    assert 'aria-labelledby="members-heading"' in box[0]
    stylesheet = (settings.BASE_DIR / "static/css/app.css").read_text()
    assert re.search(r"\.table-scroll\s*{[^}]*overflow-x:\s*auto", stylesheet)


def test_members_see_only_the_workshops_they_take_part_in(client_for, acme, workshop, nina, paul):
    assert workshop.title not in client_for(nina).get(acme.get_absolute_url()).content.decode()
    assert workshop.title in client_for(paul).get(acme.get_absolute_url()).content.decode()


def test_the_invitation_email_is_plain_text(
    client_for, acme, alice, mailoutbox, django_capture_on_commit_callbacks
):
    alice.display_name = "Alice O'Brien & Co"
    alice.save()
    with django_capture_on_commit_callbacks(execute=True):
        client_for(alice).post(
            reverse("invitation_create", args=[acme.pk]),
            {"email": "new@acme.example", "role": "participant"},
        )
    assert "Alice O'Brien & Co invites you" in mailoutbox[0].body
