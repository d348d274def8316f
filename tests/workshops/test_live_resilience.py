"""The live workshop page when things go wrong around it: the session ends, a seat is
taken away, an admin looks in without a seat, a save is only seconds old.

Personas as in tests/conftest.py: Alice administers Acme without a seat in its workshop,
Fiona facilitates it, Paul takes part, Nina is in Acme but not in the workshop.
"""

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

from django.contrib.messages import get_messages
from django.http import HttpResponse, HttpResponseRedirect
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from workshops import live, services
from workshops.middleware import HtmxLoginRedirectMiddleware
from workshops.models import ContextAnswer, ContextQuestion

PAGE = "http://testserver/workshops/{}/"


def _live_url(workshop, user, counter, client):
    """The poll URL with a token for `user`, issued in the client's current session."""
    token = live.poll_token(workshop.pk, user.pk, client.session.session_key)
    return reverse("workshop_live", args=[workshop.pk]) + f"?v={counter}&t={token}"


def _save_url(workshop):
    return reverse("context_save", args=[workshop.pk, ContextQuestion.PURPOSE])


def _htmx(workshop, current_url=None):
    return {
        "HTTP_HX_REQUEST": "true",
        "HTTP_HX_CURRENT_URL": current_url or PAGE.format(workshop.pk),
    }


# The session ended: htmx requests send the whole page to the log-in page.


def test_a_save_after_the_session_ended_sends_the_page_to_the_log_in_page(client, workshop):
    response = client.post(
        _save_url(workshop), {"text": "Kept words", "base_version": 0}, **_htmx(workshop)
    )
    assert response.status_code == 200
    location = urlsplit(response["HX-Redirect"])
    assert location.path == reverse("login")
    # Back to the workshop page afterwards, not to the save URL (a POST-only view).
    assert parse_qs(location.query)["next"] == [workshop.get_absolute_url()]
    assert response.content == b""


def test_it_keeps_the_query_of_the_page_the_person_was_on(client, workshop):
    current = PAGE.format(workshop.pk) + "?tab=context"
    response = client.post(
        _save_url(workshop), {"text": "x", "base_version": 0}, **_htmx(workshop, current)
    )
    next_url = parse_qs(urlsplit(response["HX-Redirect"]).query)["next"]
    assert next_url == [f"{workshop.get_absolute_url()}?tab=context"]


def test_it_never_sends_the_person_back_to_another_site(client, workshop):
    response = client.post(
        _save_url(workshop),
        {"text": "x", "base_version": 0},
        **_htmx(workshop, "https://evil.example/workshops/1/"),
    )
    assert parse_qs(urlsplit(response["HX-Redirect"]).query)["next"] == ["/"]


def test_a_request_without_htmx_keeps_the_ordinary_log_in_redirect(client, workshop):
    response = client.post(_save_url(workshop), {"text": "x", "base_version": 0})
    assert response.status_code == 302
    assert urlsplit(response["Location"]).path == reverse("login")
    assert "HX-Redirect" not in response


def test_it_leaves_other_redirects_of_htmx_requests_alone():
    middleware = HtmxLoginRedirectMiddleware(lambda request: HttpResponseRedirect("/elsewhere/"))
    request = RequestFactory().get("/", HTTP_HX_REQUEST="true")
    response = middleware(request)
    assert response.status_code == 302
    assert response["Location"] == "/elsewhere/"


def test_it_leaves_answers_that_are_not_redirects_alone():
    page = HttpResponse("ok")
    middleware = HtmxLoginRedirectMiddleware(lambda request: page)
    assert middleware(RequestFactory().get("/", HTTP_HX_REQUEST="true")) is page


# A participant taken out of the workshop while their page is open.


def _remove_paul(workshop, fiona, capture):
    with capture(execute=True):
        services.workshop_set_members(workshop=workshop, facilitators=[fiona], participants=[])


def test_a_participant_removed_while_watching_is_sent_to_the_dashboard(
    client_for, workshop, paul, fiona, django_capture_on_commit_callbacks
):
    client = client_for(paul)
    counter = client.get(workshop.get_absolute_url()).context["counter"]
    _remove_paul(workshop, fiona, django_capture_on_commit_callbacks)

    response = client.get(_live_url(workshop, paul, counter, client), **_htmx(workshop))

    assert response.status_code == 200
    assert response["HX-Redirect"] == reverse("home")
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "You are no longer a member of this workshop."
    ]


def test_the_dashboard_then_says_why(
    client_for, workshop, paul, fiona, django_capture_on_commit_callbacks
):
    client = client_for(paul)
    counter = client.get(workshop.get_absolute_url()).context["counter"]
    _remove_paul(workshop, fiona, django_capture_on_commit_callbacks)
    client.get(_live_url(workshop, paul, counter, client), **_htmx(workshop))
    dashboard = client.get(reverse("home"))
    assert "You are no longer a member of this workshop." in dashboard.content.decode()


def test_a_removed_participant_without_htmx_is_redirected_too(
    client_for, workshop, paul, fiona, django_capture_on_commit_callbacks
):
    client = client_for(paul)
    counter = client.get(workshop.get_absolute_url()).context["counter"]
    _remove_paul(workshop, fiona, django_capture_on_commit_callbacks)
    response = client.get(_live_url(workshop, paul, counter, client))
    assert response.status_code == 302
    assert response["Location"] == reverse("home")


def test_a_poll_with_someone_elses_token_is_still_a_404(
    client_for, workshop, paul, fiona, django_capture_on_commit_callbacks
):
    client = client_for(paul)
    counter = client.get(workshop.get_absolute_url()).context["counter"]
    _remove_paul(workshop, fiona, django_capture_on_commit_callbacks)
    response = client.get(_live_url(workshop, fiona, counter, client), **_htmx(workshop))
    assert response.status_code == 404
    assert "HX-Redirect" not in response


def test_a_poll_without_a_token_by_someone_without_access_is_still_a_404(
    client_for, workshop, nina
):
    url = reverse("workshop_live", args=[workshop.pk])
    response = client_for(nina).get(url, **_htmx(workshop))
    assert response.status_code == 404
    assert "HX-Redirect" not in response


def test_a_token_of_one_person_never_redirects_another(client_for, client, workshop, paul, nina):
    # Nina was never in the workshop; Paul's token in her session is someone else's.
    response = client_for(nina).get(_live_url(workshop, paul, 0, client), **_htmx(workshop))
    assert response.status_code == 404


# Who is here: admins who look in without a seat are listed too.


def _presence(response) -> str:
    html = response.content.decode()
    return html[html.index('<aside id="presence" class="presence"') : html.index("</aside>")]


def test_an_admin_without_a_seat_who_has_the_workshop_open_is_listed(
    client_for, workshop, alice, paul
):
    client_for(alice).get(workshop.get_absolute_url())
    presence = _presence(client_for(paul).get(workshop.get_absolute_url()))
    assert f'data-user="{alice.pk}"' in presence
    assert 'Alice <span class="muted">(admin)</span>' in presence


def test_an_admin_who_is_not_looking_is_not_listed(client_for, workshop, alice, paul):
    presence = _presence(client_for(paul).get(workshop.get_absolute_url()))
    assert f'data-user="{paul.pk}"' in presence
    assert f'data-user="{alice.pk}"' not in presence
    assert "(admin)" not in presence


def test_a_present_member_without_a_seat_or_admin_role_is_not_listed(
    client_for, workshop, nina, paul
):
    live.poll(workshop.pk, nina.pk, max_age=0)
    presence = _presence(client_for(paul).get(workshop.get_absolute_url()))
    assert f'data-user="{paul.pk}"' in presence
    assert f'data-user="{nina.pk}"' not in presence


# "Just now" for a save less than a minute old.


def test_an_answer_saved_seconds_ago_was_saved_just_now(workshop):
    answer = ContextAnswer(workshop=workshop, key=ContextQuestion.PURPOSE)
    assert not answer.saved_just_now
    answer.updated_at = timezone.now() - timedelta(seconds=59)
    assert answer.saved_just_now
    answer.updated_at = timezone.now() - timedelta(seconds=61)
    assert not answer.saved_just_now


def test_the_page_says_just_now_then_minutes_ago(client_for, workshop, paul):
    client = client_for(paul)
    client.post(_save_url(workshop), {"text": "Why we exist", "base_version": 0})
    page = client.get(workshop.get_absolute_url()).content.decode()
    assert "Last saved by Paul just now." in page
    assert "0 minutes" not in page

    ContextAnswer.objects.filter(workshop=workshop, key=ContextQuestion.PURPOSE).update(
        updated_at=timezone.now() - timedelta(minutes=5)
    )
    page = client.get(workshop.get_absolute_url()).content.decode()
    assert "Last saved by Paul, 5\xa0minutes ago." in page


# What the page's script needs from the server: notes to show, ids to keep focus on.


def test_the_workshop_page_carries_the_hidden_notes_and_the_stage_announcer(
    client_for, workshop, fiona
):
    html = client_for(fiona).get(workshop.get_absolute_url()).content.decode()
    assert '<span class="draft-note" hidden>Your unsaved text was restored.</span>' in html
    assert '<span class="saved-note" hidden>Saved.</span>' in html
    assert 'id="server-trouble" class="notice warning server-trouble" role="alert" hidden' in html
    # The announcer is outside the live region, so a re-render of the region keeps it.
    assert html.index('id="stage-announcer"') > html.index("</aside>")
    for element_id in ("stage-next", "stage-2", "save-purpose", "workshop-settings-link"):
        assert f'id="{element_id}"' in html


def test_a_save_shows_its_saved_note(client_for, workshop, paul):
    response = client_for(paul).post(
        _save_url(workshop), {"text": "Why we exist", "base_version": 0}, HTTP_HX_REQUEST="true"
    )
    assert '<span class="saved-note">Saved.</span>' in response.content.decode()
