"""Presence follows the session: logging out takes a person off every workshop screen at
once, and the page's poll token (valid for hours) marks nobody present after that."""

from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse

from workshops import live


def _present(workshop) -> set[int]:
    return live.present_user_ids(workshop.pk)


def test_logging_out_takes_the_person_off_the_roster(client_for, client, workshop, paul, fiona):
    page = client_for(paul).get(workshop.get_absolute_url())
    assert page.status_code == 200
    assert paul.pk in _present(workshop)
    assert client.post(reverse("logout")).status_code == 302
    assert paul.pk not in _present(workshop)
    fiona_page = Client()
    fiona_page.force_login(fiona)
    present = fiona_page.get(workshop.get_absolute_url()).context["present"]
    assert fiona.pk in present and paul.pk not in present


def test_a_poll_token_kept_after_logging_out_marks_nobody_present(
    client_for, client, workshop, paul
):
    page = client_for(paul).get(workshop.get_absolute_url())
    session_cookie = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    query = f"?v={page.context['counter']}&t={page.context['poll_token']}"
    url = reverse("workshop_live", args=[workshop.pk]) + query
    client.post(reverse("logout"))
    # The old token, even sent with the old session cookie, as a copied request would be.
    replay = Client()
    replay.cookies[django_settings.SESSION_COOKIE_NAME] = session_cookie
    response = replay.get(url, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert response["HX-Redirect"].startswith(reverse("login"))
    assert paul.pk not in _present(workshop)


def test_a_poll_token_without_its_session_marks_nobody_present(client_for, workshop, paul):
    page = client_for(paul).get(workshop.get_absolute_url())
    live.presence_end(user_id=paul.pk, workshop_ids=[workshop.pk], session_key="another")
    assert paul.pk not in _present(workshop)
    query = f"?v={page.context['counter']}&t={page.context['poll_token']}"
    response = Client().get(reverse("workshop_live", args=[workshop.pk]) + query)
    assert response.status_code == 404
    assert paul.pk not in _present(workshop)


def test_the_poll_token_never_holds_the_session_key(client_for, client, workshop, paul):
    page = client_for(paul).get(workshop.get_absolute_url())
    session_key = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    assert page.context["poll_token"]
    assert session_key not in page.context["poll_token"]
    assert session_key not in page.content.decode()
