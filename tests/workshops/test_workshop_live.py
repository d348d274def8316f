import time

from django.conf import settings as django_settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import workshop_for
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


SESSION = "a-session-key"


def _in_a_session(client):
    # A poll token works only with the session cookie of the page it was issued with.
    client.cookies[django_settings.SESSION_COOKIE_NAME] = SESSION
    return client


def test_it_refuses_a_token_of_another_workshop(client, acme, workshop, paul, fiona):
    # Paul's screen of his own workshop is issued a valid token. The very same token, with
    # the counter the other workshop really has, must not answer that other workshop's poll
    # (nor put Paul on its roster): without a session it is a 404, as for a stranger.
    other = workshop_for(acme, facilitators=[fiona], title="Board only")
    token = live.poll_token(workshop.pk, paul.pk, SESSION)
    live.poll(workshop.pk, paul.pk)  # as rendering his page does: Paul is on its roster

    _in_a_session(client)

    def poll(target):
        url = reverse("workshop_live", args=[target.pk])
        return client.get(url + f"?v={live.current_counter(target.pk)}&t={token}")

    assert poll(workshop).status_code == 304
    assert paul.pk in live.present_user_ids(workshop.pk)
    # Twice: a first appearance on a roster moves the counter, the second poll would match it.
    assert [poll(other).status_code, poll(other).status_code] == [404, 404]
    assert paul.pk not in live.present_user_ids(other.pk)


def test_it_refuses_a_forged_or_malformed_token(client, workshop, paul):
    _in_a_session(client)
    url = reverse("workshop_live", args=[workshop.pk])
    live.poll(workshop.pk, paul.pk)
    counter = live.current_counter(workshop.pk)
    valid = live.poll_token(workshop.pk, paul.pk, SESSION)
    assert client.get(url + f"?v={counter}&t={valid}").status_code == 304
    forged = valid.replace(f"{workshop.pk}.{paul.pk}", f"{workshop.pk}.{paul.pk + 1}")
    not_a_user = live._signer.sign(f"{workshop.pk}.paul.{live.session_digest(SESSION)}")
    for token in (forged, not_a_user, "", "garbage"):
        assert client.get(url + f"?v={counter}&t={token}").status_code == 404, token


def test_a_token_older_than_its_twelve_hours_is_refused(client, workshop, paul, monkeypatch):
    _in_a_session(client)
    url = reverse("workshop_live", args=[workshop.pk])
    live.poll(workshop.pk, paul.pk)
    now = time.time()
    tokens = {}
    for age in (live.POLL_TOKEN_MAX_AGE - 60, live.POLL_TOKEN_MAX_AGE + 60):
        with monkeypatch.context() as patch:
            patch.setattr(time, "time", lambda age=age: now - age)
            tokens[age] = live.poll_token(workshop.pk, paul.pk, SESSION)
    counter = live.current_counter(workshop.pk)
    statuses = [client.get(url + f"?v={counter}&t={t}").status_code for t in tokens.values()]
    # A screen left open overnight falls back to its session, and there is none here.
    assert statuses == [304, 404]


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
