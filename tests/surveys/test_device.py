"""The survey link and the device: one answer per device, seen only by that device, only in
its own survey; a link is looked up once for a room of phones, a mistyped one not at all."""

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from surveys import services, tasks
from surveys.models import Survey
from tests.factories import workshop_for
from workshops import live
from workshops import services as workshop_services

pytestmark = pytest.mark.django_db


def _open(workshop):
    survey = services.survey_for(workshop)
    services.survey_open(survey=survey)
    return survey


def _url(survey):
    return reverse("survey_respond", args=[survey.token])


def test_another_phone_gets_an_empty_form_not_the_first_phones_answer(workshop):
    survey = _open(workshop)
    first, second = Client(), Client()
    first.post(_url(survey), {"text": "Patient and kind"})

    theirs = second.get(_url(survey)).content.decode()
    assert survey.question in theirs and "</textarea>" in theirs
    assert "Patient and kind" not in theirs and "You answered already" not in theirs
    mine = first.get(_url(survey)).content.decode()
    assert "You answered already" in mine and ">\nPatient and kind</textarea>" in mine


def test_the_same_phone_starts_afresh_in_another_workshops_survey(acme, workshop, fiona):
    survey = _open(workshop)
    other = _open(workshop_for(acme, facilitators=[fiona], title="Sales team"))
    phone = Client()
    phone.post(_url(survey), {"text": "Patient and kind"})

    page = phone.get(_url(other)).content.decode()
    assert other.question in page and "</textarea>" in page
    assert "Patient and kind" not in page and "You answered already" not in page
    phone.post(_url(other), {"text": "Quick"})
    assert list(survey.answers.values_list("text", flat=True)) == ["Patient and kind"]
    assert list(other.answers.values_list("text", flat=True)) == ["Quick"]


def test_a_tampered_device_cookie_counts_as_a_new_device(workshop):
    survey = _open(workshop)
    phone = Client()
    phone.post(_url(survey), {"text": "Patient and kind"})
    cookie = phone.cookies[settings.SURVEY_DEVICE_COOKIE]
    # Someone edits the device id in the cookie, keeping the old signature.
    device_id, _, signature = cookie.value.partition(":")
    cookie.set(cookie.key, f"{device_id}x:{signature}", f"{device_id}x:{signature}")

    page = phone.get(_url(survey)).content.decode()
    assert survey.question in page and "</textarea>" in page
    assert "Patient and kind" not in page and "You answered already" not in page
    phone.post(_url(survey), {"text": "Quick"})
    assert sorted(survey.answers.values_list("text", flat=True)) == ["Patient and kind", "Quick"]


def test_the_thanks_page_shows_the_answer_back(workshop):
    survey = _open(workshop)
    page = Client().post(_url(survey), {"text": "  Patient and kind  "}).content.decode()
    assert "Thank you" in page
    assert "<blockquote>Patient and kind</blockquote>" in page


def test_the_phone_is_remembered_for_a_year_by_a_cookie_scripts_cannot_read(workshop):
    # A phone that comes back next week changes its answer instead of adding a second one.
    survey = _open(workshop)
    response = Client().get(_url(survey))
    cookie = response.cookies[settings.SURVEY_DEVICE_COOKIE]
    assert cookie["max-age"] == 365 * 24 * 3600
    assert cookie["httponly"] is True and cookie["samesite"] == "Lax"
    assert cookie["secure"] is True  # DEBUG is off here, as in production


def _survey_lookups(client, url) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    table = Survey._meta.db_table
    return response.status_code, sum(f'FROM "{table}"' in q["sql"] for q in queries)


def test_a_room_of_phones_opening_the_link_costs_one_lookup(workshop, settings):
    settings.LIVE_LOCAL_CACHE_SECONDS = 60
    survey = _open(workshop)
    assert _survey_lookups(Client(), _url(survey)) == (200, 1)
    assert _survey_lookups(Client(), _url(survey)) == (200, 0)
    page = Client().get(_url(survey)).content.decode()
    assert survey.question in page


def test_a_mistyped_link_is_not_looked_up(client, workshop):
    _open(workshop)
    url = reverse("survey_respond", args=["abc"])
    assert _survey_lookups(client, url) == (404, 0)
    assert "This survey is not open" in client.get(url).content.decode()


def test_an_answer_from_a_phone_reaches_the_screens_in_the_room_at_once(
    client_for, workshop, paul, django_capture_on_commit_callbacks, monkeypatch
):
    # The count moves with the answer itself, not seconds later with the cloud's recount.
    recounts = []
    monkeypatch.setattr(
        tasks, "schedule_recount", lambda survey_id, **_: recounts.append(survey_id)
    )
    survey = _open(workshop)
    workshop_services.workshop_set_stage(workshop=workshop, stage=2)
    client = client_for(paul)
    counter = client.get(workshop.get_absolute_url()).context["counter"]
    token = live.poll_token(workshop.pk, paul.pk, client.session.session_key)
    url = reverse("workshop_live", args=[workshop.pk]) + f"?v={counter}&t={token}"
    assert client.get(url, HTTP_HX_REQUEST="true").status_code == 304
    with django_capture_on_commit_callbacks(execute=True):
        Client().post(_url(survey), {"text": "Patient and kind"})

    assert recounts == [survey.pk]
    response = client.get(url, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "1 answer" in response.content.decode()
