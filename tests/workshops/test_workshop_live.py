from django.conf import settings as django_settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from workshops import live
from workshops.models import Stage


def _live_url(workshop, user, counter, client):
    """The poll URL with a token for `user`, issued in the client's current session."""
    token = live.poll_token(workshop.pk, user.pk, client.session.session_key)
    return reverse("workshop_live", args=[workshop.pk]) + f"?v={counter}&t={token}"


def test_it_answers_304_while_nothing_changed(client_for, workshop, paul):
    client = client_for(paul)
    page = client.get(workshop.get_absolute_url())
    counter = page.context["counter"]
    with CaptureQueriesContext(connection) as queries:
        response = client.get(_live_url(workshop, paul, counter, client))
    assert response.status_code == 304
    # No model is read: with Redis no query at all; without it, one read of the cache table.
    assert [q["sql"] for q in queries if "philosophy_cache" not in q["sql"]] == []
    assert len(queries) == (0 if django_settings.REDIS_URL else 1)
    assert response["Cache-Control"] == "no-store"


def test_it_renders_the_new_stage_after_the_facilitator_moves_on(
    client_for, workshop, paul, fiona, django_capture_on_commit_callbacks
):
    counter = client_for(paul).get(workshop.get_absolute_url()).context["counter"]
    with django_capture_on_commit_callbacks(execute=True):
        client_for(fiona).post(reverse("workshop_stage", args=[workshop.pk]), {"stage": 2})
    client = client_for(paul)
    response = client.get(_live_url(workshop, paul, counter, client), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert f'data-stage="{Stage.SURVEY}"' in response.content.decode()


def test_it_refuses_a_token_of_another_workshop(client, workshop, paul, charlie, acme):
    client.cookies[django_settings.SESSION_COOKIE_NAME] = "a-session-key"
    token = live.poll_token(workshop.pk + 1, paul.pk, "a-session-key")
    url = reverse("workshop_live", args=[workshop.pk]) + f"?v=1&t={token}"
    response = client.get(url)
    # Without a valid token the poll falls back to the session, and there is none.
    assert response.status_code == 404


def test_it_shows_who_is_present(client_for, workshop, paul, fiona):
    client_for(fiona).get(workshop.get_absolute_url())
    response = client_for(paul).get(workshop.get_absolute_url())
    assert {fiona.pk, paul.pk} <= response.context["present"]


def test_it_sends_a_screen_whose_session_ended_to_the_login_page(client, workshop, paul):
    response = client.get(
        _live_url(workshop, paul, 0, client),
        HTTP_HX_REQUEST="true",
        HTTP_HX_CURRENT_URL=f"http://testserver{workshop.get_absolute_url()}",
    )
    assert response.status_code == 200
    assert response["HX-Redirect"].startswith(reverse("login"))
    assert "next=" in response["HX-Redirect"]
