"""Sign-up, log-in and its lockout, log-out, password reset, profile and language."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory
from workshops import services
from workshops.models import Membership, Organisation, Role, User

pytestmark = pytest.mark.django_db

CONTROL_CHARACTERS_MESSAGE = "Please remove the invisible control characters from this text."


def _signup_data(**overrides):
    data = {
        "organisation_name": "Initech",
        "display_name": "Bob",
        "email": "bob@initech.example",
        "password": "a sturdy passphrase",
        "language": "en",
    }
    data.update(overrides)
    return data


def _login(client, email, password=PASSWORD, ip="127.0.0.1"):
    return client.post(reverse("login"), {"username": email, "password": password}, REMOTE_ADDR=ip)


def _logged_in_user(client):
    """Who the next request is made by, as the dashboard shows it (None when anonymous)."""
    response = client.get(reverse("profile"))
    if response.status_code != 200:
        return None
    return response.context["user"]


# Sign-up


def _confirmation_link(message) -> str:
    match = re.search(r"http://\S+(/accounts/signup/confirm/[^/\s]+/)", message.body)
    assert match is not None, message.body
    return match.group(1)


def _sign_up_and_confirm(client, **overrides):
    """Sign up, then follow the e-mailed link and press its button: the confirming response."""
    response = client.post(reverse("signup"), _signup_data(**overrides))
    assert response.status_code == 302
    assert response["Location"] == reverse("signup_sent")
    link = _confirmation_link(mail.outbox[-1])
    assert client.get(link).status_code == 200
    return client.post(link)


def test_sign_up_asks_to_confirm_the_address_by_e_mail_before_creating_anything(client):
    response = client.post(reverse("signup"), _signup_data(), follow=True)

    assert response.status_code == 200
    assert "Check your e-mail" in response.content.decode()
    assert not User.objects.exists() and not Organisation.objects.exists()
    assert _logged_in_user(client) is None
    [message] = mail.outbox
    assert message.to == ["bob@initech.example"]
    assert message.subject == "Finish creating your account on Philosophy Workshop"
    assert "/accounts/signup/confirm/" in message.body


def test_the_e_mailed_link_shows_a_button_and_a_get_creates_nothing(client):
    client.post(reverse("signup"), _signup_data())
    link = _confirmation_link(mail.outbox[-1])

    page = client.get(link)

    assert page.status_code == 200
    assert "bob@initech.example" in page.content.decode()
    assert "Initech" in page.content.decode()
    assert "Create my account" in page.content.decode()
    assert not User.objects.exists()


def test_it_creates_the_user_and_their_organisation_with_them_as_admin(client):
    response = _sign_up_and_confirm(client, language="ro")

    user = User.objects.get(email="bob@initech.example")
    organisation = Organisation.objects.get(name="Initech")
    assert response.status_code == 302
    assert response["Location"] == organisation.get_absolute_url()
    assert user.display_name == "Bob"
    assert user.language == "ro"
    assert user.check_password("a sturdy passphrase")
    assert Membership.objects.get(user=user, organisation=organisation).role == Role.ADMIN
    assert response.cookies["django_language"].value == "ro"


def test_it_logs_the_new_admin_in_and_welcomes_them_on_the_organisation_page(client):
    _sign_up_and_confirm(client)
    response = client.get(Organisation.objects.get(name="Initech").get_absolute_url())

    page = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Initech</h1>" in page
    assert "You are Admin here." in page
    assert "Welcome! Invite your team, then create a workshop." in page
    assert response.context["user"].email == "bob@initech.example"


def test_a_confirmation_link_works_once(client):
    client.post(reverse("signup"), _signup_data())
    link = _confirmation_link(mail.outbox[-1])
    assert client.post(link).status_code == 302
    client.post(reverse("logout"))

    again = client.post(link)

    assert again.status_code == 404
    assert "This link does not work any more" in again.content.decode()
    assert User.objects.filter(email="bob@initech.example").count() == 1
    assert Organisation.objects.filter(name="Initech").count() == 1


def test_a_made_up_confirmation_link_creates_nothing(client):
    response = client.post(reverse("signup_confirm", args=["x" * 43]))
    assert response.status_code == 404
    assert "This link does not work any more" in response.content.decode()
    assert not User.objects.exists()


def test_it_stores_the_email_in_lower_case(client):
    _sign_up_and_confirm(client, email="Bob@Initech.Example")

    assert User.objects.filter(email="bob@initech.example").exists()


def test_an_address_with_an_account_gets_the_same_answer_and_its_owner_an_e_mail(client, alice):
    new = client.post(reverse("signup"), _signup_data(), follow=True)
    taken = client.post(reverse("signup"), _signup_data(email="ALICE@acme.example"), follow=True)

    # The same page either way: sign-up does not tell whether an address has an account.
    assert new.status_code == taken.status_code == 200

    def without_csrf_tokens(response):  # masked afresh on every page
        return re.sub(r"[A-Za-z0-9]{64}", "", response.content.decode())

    assert without_csrf_tokens(new) == without_csrf_tokens(taken)
    assert "An account with this e-mail address already exists" not in taken.content.decode()
    assert User.objects.filter(email__iexact="alice@acme.example").count() == 1
    assert not Organisation.objects.filter(name="Initech").exists()
    message = mail.outbox[-1]
    assert message.to == ["alice@acme.example"]
    assert message.subject == "You already have an account on Philosophy Workshop"
    assert "http://127.0.0.1:8000/accounts/login/" in message.body
    assert "http://127.0.0.1:8000/accounts/password-reset/" in message.body
    assert "/accounts/signup/confirm/" not in message.body
    # Alice's password is unchanged.
    assert User.objects.get(email="alice@acme.example").check_password(PASSWORD)


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("password", "This password is too common."),
        ("83749261", "This password is entirely numeric."),
        ("x7#k", "This password is too short."),
    ],
)
def test_it_refuses_a_weak_password(client, password, message):
    response = client.post(reverse("signup"), _signup_data(password=password))

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not User.objects.exists()
    assert not Organisation.objects.exists()


def test_it_refuses_a_password_too_like_the_email(client):
    response = client.post(
        reverse("signup"), _signup_data(email="bobsmith@initech.example", password="bobsmith")
    )

    assert "The password is too similar to the" in response.content.decode()
    assert not User.objects.exists()


@pytest.mark.parametrize("name", ["Bob\x00Smith", "Bob\x07Smith", "Bob\x1bSmith", "Bob\x7fSmith"])
def test_it_refuses_control_characters_in_the_display_name(client, name):
    response = client.post(reverse("signup"), _signup_data(display_name=name))

    assert response.status_code == 200
    assert CONTROL_CHARACTERS_MESSAGE in response.content.decode()
    assert not User.objects.exists()


def test_it_refuses_control_characters_in_the_organisation_name(client):
    response = client.post(reverse("signup"), _signup_data(organisation_name="Ini\x00tech"))

    assert response.status_code == 200
    assert CONTROL_CHARACTERS_MESSAGE in response.content.decode()
    assert not Organisation.objects.exists()


def test_it_sends_a_logged_in_user_from_signup_to_the_dashboard(client_for, alice):
    response = client_for(alice).get(reverse("signup"))

    assert response.status_code == 302
    assert response["Location"] == reverse("home")


# Log-in and lockout


def test_it_logs_in_with_the_email_address(client, alice):
    response = _login(client, "alice@acme.example")

    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert _logged_in_user(client) == alice


def test_it_logs_in_with_the_email_address_typed_in_capitals(client, alice):
    response = _login(client, "Alice@ACME.example")

    assert response.status_code == 302
    assert _logged_in_user(client) == alice


def test_it_carries_the_profile_language_into_the_cookie_on_login(client):
    UserFactory(email="ro@acme.example", language="ro")

    response = _login(client, "ro@acme.example")

    assert response.cookies["django_language"].value == "ro"


def test_it_refuses_a_wrong_password_with_a_message(client, alice):
    response = _login(client, "alice@acme.example", password="not the password")

    assert response.status_code == 200
    assert (
        "That e-mail address and password don&#x27;t match an account. "
        "The password is case-sensitive."
    ) in response.content.decode()
    assert _logged_in_user(client) is None


def _fail_five_times(client, email, ip="127.0.0.1"):
    for _ in range(5):
        response = _login(client, email, password="not the password", ip=ip)
    return response


def test_it_locks_out_a_username_from_one_address_after_five_failures(client, alice):
    fifth = _fail_five_times(client, "alice@acme.example")
    response = _login(client, "alice@acme.example")

    assert fifth.status_code == 429
    assert response.status_code == 429
    assert "Too many failed log-ins" in response.content.decode()
    assert _logged_in_user(client) is None


def test_it_does_not_lock_out_after_four_failures(client, alice):
    for _ in range(4):
        _login(client, "alice@acme.example", password="not the password")

    response = _login(client, "alice@acme.example")

    assert response.status_code == 302
    assert _logged_in_user(client) == alice


def test_it_still_lets_the_locked_out_username_in_from_another_address(client, alice):
    _fail_five_times(client, "alice@acme.example", ip="203.0.113.7")

    response = _login(client, "alice@acme.example", ip="198.51.100.23")

    assert response.status_code == 302
    assert _logged_in_user(client) == alice


def test_it_still_lets_another_username_in_from_the_locked_out_address(client, alice, fiona):
    _fail_five_times(client, "alice@acme.example", ip="203.0.113.7")

    response = _login(client, "fiona@acme.example", ip="203.0.113.7")

    assert response.status_code == 302
    assert _logged_in_user(client) == fiona


def test_it_does_not_escape_the_lockout_by_changing_the_case_of_the_email(client, alice):
    _fail_five_times(client, "alice@acme.example")

    response = _login(client, "ALICE@acme.example")

    assert response.status_code == 429
    assert _logged_in_user(client) is None


# Log-out


def test_it_does_not_log_out_on_get(client_for, alice):
    client = client_for(alice)

    response = client.get(reverse("logout"))

    assert response.status_code == 405
    assert _logged_in_user(client) == alice


def test_it_logs_out_on_post(client_for, alice):
    client = client_for(alice)

    response = client.post(reverse("logout"))

    assert response.status_code == 302
    assert _logged_in_user(client) is None


# Password reset


def test_it_emails_a_reset_link_that_lets_the_user_choose_a_new_password(client, alice):
    response = client.post(reverse("password_reset"), {"email": "alice@acme.example"})

    assert response.status_code == 302
    assert response["Location"] == reverse("password_reset_done")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["alice@acme.example"]
    link = re.search(r"https?://testserver(/accounts/reset/\S+/)", mail.outbox[0].body)
    assert link is not None

    confirm = client.get(link.group(1), follow=True)
    assert confirm.status_code == 200
    assert "Choose a new password" in confirm.content.decode()

    saved = client.post(
        confirm.redirect_chain[-1][0],
        {"new_password1": "a brand new passphrase", "new_password2": "a brand new passphrase"},
    )
    assert saved.status_code == 302
    assert saved["Location"] == reverse("password_reset_complete")
    alice.refresh_from_db()
    assert alice.check_password("a brand new passphrase")

    again = client.get(link.group(1), follow=True)
    assert "This link no longer works" in again.content.decode()


def test_it_sends_nothing_for_an_unknown_address_but_says_the_same(client, alice):
    response = client.post(reverse("password_reset"), {"email": "nobody@acme.example"})

    assert response.status_code == 302
    assert response["Location"] == reverse("password_reset_done")
    assert mail.outbox == []


def test_it_rejects_a_forged_reset_link(client, alice):
    response = client.get("/accounts/reset/MQ/bad-token/", follow=True)

    assert response.status_code == 200
    assert "This link no longer works" in response.content.decode()


def test_the_reset_form_calls_its_field_e_mail_address_like_every_other_form(client):
    page = client.get(reverse("password_reset")).content.decode()

    assert '<label for="id_email">E-mail address:</label>' in page


def test_the_page_of_a_broken_reset_link_is_titled_like_its_heading(client, alice):
    page = client.get("/accounts/reset/MQ/bad-token/", follow=True).content.decode()

    assert "<title>This link no longer works · " in page
    assert "<h1>This link no longer works</h1>" in page


# Autofill


def _autocomplete_of(page, name):
    field = re.search(rf'<input[^>]*\bname="{name}"[^>]*>', page)
    assert field is not None, f"no input named {name}"
    value = re.search(r'autocomplete="([^"]*)"', field[0])
    return value and value[1]


@pytest.mark.parametrize(
    ("url_name", "fields"),
    [
        (
            "signup",
            {
                "organisation_name": "organization",
                "display_name": "name",
                "email": "email",
                "password": "new-password",
            },
        ),
        ("login", {"username": "username", "password": "current-password"}),
        ("password_reset", {"email": "email"}),
    ],
)
def test_the_account_forms_tell_the_browser_what_to_autofill(client, url_name, fields):
    page = client.get(reverse(url_name)).content.decode()

    assert {name: _autocomplete_of(page, name) for name in fields} == fields


@pytest.mark.parametrize(
    ("url_name", "fields"),
    [
        ("profile", {"display_name": "name"}),
        (
            "password_change",
            {
                "old_password": "current-password",
                "new_password1": "new-password",
                "new_password2": "new-password",
            },
        ),
    ],
)
def test_the_logged_in_account_forms_tell_the_browser_what_to_autofill(
    client_for, paul, url_name, fields
):
    page = client_for(paul).get(reverse(url_name)).content.decode()

    assert {name: _autocomplete_of(page, name) for name in fields} == fields


def test_the_invitation_sign_up_form_tells_the_browser_what_to_autofill(client, acme, alice):
    _, token = services.invitation_create(
        organisation=acme, role=Role.PARTICIPANT, email="", invited_by=alice
    )

    page = client.get(reverse("invitation_accept", args=[token])).content.decode()

    assert _autocomplete_of(page, "display_name") == "name"
    assert _autocomplete_of(page, "email") == "email"
    assert _autocomplete_of(page, "password") == "new-password"


# Changing the password while logged in


def test_it_changes_the_password_and_keeps_the_user_logged_in(client_for, paul):
    client = client_for(paul)

    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "a brand new passphrase",
            "new_password2": "a brand new passphrase",
        },
        follow=True,
    )

    paul.refresh_from_db()
    assert response.redirect_chain == [(reverse("password_change_done"), 302)]
    assert "<h1>Password changed</h1>" in response.content.decode()
    assert paul.check_password("a brand new passphrase")
    assert _logged_in_user(client) == paul


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"old_password": "not the password"},
            "Your old password was entered incorrectly. Please enter it again.",
        ),
        ({"new_password2": "another passphrase"}, "The two password fields didn’t match."),
        ({"new_password1": "password", "new_password2": "password"}, "too common"),
    ],
)
def test_it_refuses_a_password_change_with_a_reason(client_for, paul, data, message):
    form = {
        "old_password": PASSWORD,
        "new_password1": "a brand new passphrase",
        "new_password2": "a brand new passphrase",
        **data,
    }

    response = client_for(paul).post(reverse("password_change"), form)

    paul.refresh_from_db()
    assert response.status_code == 200
    assert message in response.content.decode()
    assert paul.check_password(PASSWORD)


def test_it_sends_anonymous_visitors_from_the_password_change_to_login(client):
    response = client.get(reverse("password_change"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_profile_links_to_the_password_change_not_the_reset(client_for, paul):
    page = client_for(paul).get(reverse("profile")).content.decode()

    assert f'<a href="{reverse("password_change")}">Change your password</a>' in page
    assert reverse("password_reset") not in page


# Profile


def test_it_saves_the_display_name_and_language_and_sets_the_cookie(client_for, paul):
    response = client_for(paul).post(
        reverse("profile"), {"display_name": "Paul Popescu", "language": "ro"}
    )

    paul.refresh_from_db()
    assert response.status_code == 302
    assert response["Location"] == reverse("profile")
    assert paul.display_name == "Paul Popescu"
    assert paul.language == "ro"
    assert response.cookies["django_language"].value == "ro"


def test_it_refuses_control_characters_in_the_profile_name(client_for, paul):
    response = client_for(paul).post(
        reverse("profile"), {"display_name": "Pa\x07ul", "language": "en"}
    )

    paul.refresh_from_db()
    assert response.status_code == 200
    assert CONTROL_CHARACTERS_MESSAGE in response.content.decode()
    assert paul.display_name == "Paul"


def test_it_refuses_an_unknown_profile_language(client_for, paul):
    response = client_for(paul).post(reverse("profile"), {"display_name": "Paul", "language": "xx"})

    paul.refresh_from_db()
    assert response.status_code == 200
    assert "Select a valid choice." in response.content.decode()
    assert paul.language == "en"


def test_it_sends_anonymous_visitors_from_the_profile_to_login(client):
    response = client.get(reverse("profile"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


# Language switch


def test_it_switches_the_language_for_an_anonymous_visitor(client):
    response = client.post(
        reverse("language_switch"), {"language": "ro", "next": "/accounts/login/"}
    )

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"
    assert response.cookies["django_language"].value == "ro"


def test_it_saves_the_switched_language_in_the_profile(client_for, paul):
    response = client_for(paul).post(
        reverse("language_switch"), {"language": "ro", "next": reverse("profile")}
    )

    paul.refresh_from_db()
    assert response["Location"] == reverse("profile")
    assert response.cookies["django_language"].value == "ro"
    assert paul.language == "ro"


@pytest.mark.parametrize(
    "next_url",
    ["https://evil.example/", "//evil.example/", "http://testserver.evil.example/", ""],
)
def test_it_refuses_an_off_site_next_and_goes_home(client, next_url):
    response = client.post(reverse("language_switch"), {"language": "ro", "next": next_url})

    assert response.status_code == 302
    assert response["Location"] == "/"


def test_it_falls_back_to_english_for_an_unknown_language(client_for, paul):
    paul.language = "ro"
    paul.save()

    response = client_for(paul).post(reverse("language_switch"), {"language": "xx", "next": "/"})

    paul.refresh_from_db()
    assert response.cookies["django_language"].value == "en"
    assert paul.language == "en"


def test_it_does_not_switch_language_on_get(client):
    response = client.get(reverse("language_switch"), {"language": "ro"})

    assert response.status_code == 405
    assert "django_language" not in response.cookies


def _options(html, select_id):
    select = re.search(rf'<select[^>]*id="{select_id}"[^>]*>(.*?)</select>', html, re.S).group(1)
    return re.findall(r'<option value="(\w+)"[^>]*>([^<]+)</option>', select)


@pytest.mark.parametrize("page_language", ["en", "ro"])
def test_each_language_is_named_in_itself_in_the_footer_and_the_signup_form(client, page_language):
    client.cookies["django_language"] = page_language
    page = client.get(reverse("signup")).content.decode()

    named_in_itself = [("en", "English"), ("ro", "Română")]
    assert _options(page, "language-choice") == named_in_itself  # the footer
    assert _options(page, "id_language") == named_in_itself  # the sign-up form
    assert "Romanian" not in page and "Română" in page


def test_the_profile_form_names_languages_like_the_footer(client_for, paul):
    page = client_for(paul).get(reverse("profile")).content.decode()
    assert _options(page, "id_language") == _options(page, "language-choice")
    assert ("ro", "Română") in _options(page, "id_language")


def test_the_footer_switch_changes_the_page_and_the_profile(client_for, paul):
    client = client_for(paul)
    response = client.post(
        reverse("language_switch"), {"language": "ro", "next": reverse("profile")}, follow=True
    )

    paul.refresh_from_db()
    assert paul.language == "ro"
    assert '<html lang="ro">' in response.content.decode()
    assert ("ro", "Română") in _options(response.content.decode(), "id_language")
