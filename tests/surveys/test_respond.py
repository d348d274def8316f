"""The respondent's page: anonymous, one answer per device, nothing typed is ever lost."""

from datetime import timedelta

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from surveys import services
from surveys.models import Survey, SurveyStatus
from workshops import services as workshop_services

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey(workshop):
    survey = services.survey_for(workshop)
    services.survey_open(survey=survey)
    return survey


def _url(survey):
    return reverse("survey_respond", args=[survey.token])


def test_it_shows_the_question_to_anyone_with_the_link(client, survey):
    response = client.get(_url(survey))
    assert response.status_code == 200
    assert survey.question in response.content.decode()


def test_it_stores_an_answer_and_thanks_the_respondent(client, survey):
    response = client.post(_url(survey), {"text": "  Fast and friendly  "})
    assert response.status_code == 200
    assert "Thank you" in response.content.decode()
    assert list(survey.answers.values_list("text", flat=True)) == ["Fast and friendly"]


def test_a_returning_device_sees_and_changes_its_answer(client, survey):
    client.post(_url(survey), {"text": "Fast"})
    page = client.get(_url(survey)).content.decode()
    assert "You answered already" in page and ">\nFast</textarea>" in page
    client.post(_url(survey), {"text": "Fast and kind"})
    assert list(survey.answers.values_list("text", flat=True)) == ["Fast and kind"]


def test_another_device_adds_its_own_answer(survey):
    Client().post(_url(survey), {"text": "Honest"})
    Client().post(_url(survey), {"text": "Warm"})
    assert survey.answers.count() == 2


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Please write your answer before sending."),
        ("   ", "Please write your answer before sending."),
        ("?!... ---", "not only punctuation"),
        ("x" * 201, "to 200 characters at most"),
        ("Fast\x00", "control characters"),
        ("Bell\x07", "control characters"),
    ],
)
def test_bad_input_gets_a_clear_message_and_keeps_the_text(client, survey, text, message):
    response = client.post(_url(survey), {"text": text})
    page = response.content.decode()
    assert response.status_code == 422
    assert message in page
    assert survey.answers.count() == 0
    if text.strip() and "\x00" not in text and "\x07" not in text:
        assert text in page


def test_unknown_revoked_and_closed_links_answer_alike(client, survey):
    old_token = survey.token
    unknown = client.get(reverse("survey_respond", args=["no-such-token"]))
    services.survey_new_link(survey=survey)
    revoked = client.get(reverse("survey_respond", args=[old_token]))
    services.survey_close(survey=survey)
    closed = client.get(_url(survey))
    assert unknown.status_code == revoked.status_code == closed.status_code == 404
    assert unknown.content == revoked.content == closed.content
    assert "This survey is not open" in closed.content.decode()
    assert survey.workshop.title.encode() not in closed.content


def test_a_closed_survey_refuses_a_late_answer_without_a_server_error(client, survey):
    url = _url(survey)
    services.survey_close(survey=survey)
    response = client.post(url, {"text": "Too late"})
    assert response.status_code == 404
    assert survey.answers.count() == 0


def test_a_late_answer_is_shown_back_so_it_can_be_kept_and_links_still_answer_alike(client, survey):
    closed_url = _url(survey)
    services.survey_close(survey=survey)
    closed = client.post(closed_url, {"text": "Kind <b>people</b>"})
    unknown = client.post(
        reverse("survey_respond", args=["x" * 22]), {"text": "Kind <b>people</b>"}
    )
    assert closed.status_code == unknown.status_code == 404
    assert closed.content == unknown.content
    assert "Your answer was not sent" in closed.content.decode()
    assert "Kind &lt;b&gt;people&lt;/b&gt;" in closed.content.decode()


def test_the_link_stops_at_the_closing_time_and_the_survey_shows_as_closed(
    client, client_for, survey, fiona
):
    workshop_services.workshop_set_stage(workshop=survey.workshop, stage=2)
    Survey.objects.filter(pk=survey.pk).update(closes_at=timezone.now() - timedelta(minutes=1))
    assert client.get(_url(survey)).status_code == 404
    page = client_for(fiona).get(survey.workshop.get_absolute_url()).content.decode()
    assert 'class="badge badge-closed"' in page and 'value="open"' in page
    # Read as closed, without a write: a GET never writes.
    survey.refresh_from_db()
    assert survey.status == SurveyStatus.OPEN
    assert survey.status_now() == SurveyStatus.CLOSED
    # Reopening after the closing time takes answers again, with no closing time.
    services.survey_open(survey=survey)
    assert survey.closes_at is None
    assert client.post(_url(survey), {"text": "Again"}).status_code == 200


def test_before_the_closing_time_the_survey_takes_answers_and_says_when_it_closes(
    client, client_for, survey, fiona
):
    workshop_services.workshop_set_stage(workshop=survey.workshop, stage=2)
    Survey.objects.filter(pk=survey.pk).update(closes_at=timezone.now() + timedelta(hours=1))
    assert client.post(_url(survey), {"text": "In time"}).status_code == 200
    page = client_for(fiona).get(survey.workshop.get_absolute_url()).content.decode()
    assert 'class="badge badge-open"' in page and "Closes at" in page


def test_an_expired_page_shows_the_typed_answer_again(survey):
    client = Client(enforce_csrf_checks=True)
    response = client.post(_url(survey), {"text": "Kept after expiry", "csrfmiddlewaretoken": "x"})
    page = response.content.decode()
    assert response.status_code == 403
    assert "Kept after expiry" in page and "expired" in page
    assert "csrfmiddlewaretoken" in page


def test_too_many_answers_from_one_device_are_slowed_down_with_the_text_kept(client, survey):
    client.get(_url(survey))  # the device cookie
    for n in range(20):
        assert client.post(_url(survey), {"text": f"Answer {n}"}).status_code == 200
    response = client.post(_url(survey), {"text": "One more"})
    assert response.status_code == 429
    assert "One more" in response.content.decode()


def test_a_room_behind_one_address_is_slowed_down_only_past_its_limit(settings, survey):
    settings.SURVEY_RATE_PER_ADDRESS = "3/10m"
    for n in range(3):
        phone = Client()
        phone.get(_url(survey))
        assert phone.post(_url(survey), {"text": f"Phone {n}"}).status_code == 200
    late = Client()
    late.get(_url(survey))
    response = late.post(_url(survey), {"text": "Fourth phone"})
    assert response.status_code == 429
    assert "Fourth phone" in response.content.decode()
    assert survey.answers.count() == 3


def test_no_ip_address_is_stored(survey):
    address = "203.0.113.77"
    Client(REMOTE_ADDR=address).post(_url(survey), {"text": "Kind people"})
    assert survey.answers.count() == 1
    for model in apps.get_models():
        for row in model.objects.values_list():
            assert address not in repr(row), model


def test_the_respondent_page_is_light(client, survey):
    response = client.get(_url(survey))
    assert len(response.content) < 8_000
    assert b'name="text"' in response.content
    assert b"htmx" not in response.content


def test_the_default_question_is_shown_in_the_respondents_language(client, survey):
    client.cookies["django_language"] = "ro"
    page = client.get(_url(survey)).content.decode()
    assert "La ce doriți să se gândească clienții noștri" in page


def test_a_question_the_facilitator_wrote_is_shown_as_written(client, survey):
    survey.question = "How should we sound on the phone?"
    survey.save()
    client.cookies["django_language"] = "ro"
    assert "How should we sound on the phone?" in client.get(_url(survey)).content.decode()


def test_a_nul_character_gets_one_clear_message(client, survey):
    response = client.post(_url(survey), {"text": "Kind\x00 people"})
    page = response.content.decode()
    assert response.status_code == 422
    assert page.count("invisible control characters") == 1
    assert "Null characters" not in page


def test_the_respondent_switches_the_page_to_the_other_language(client, survey):
    page = client.get(_url(survey)).content.decode()
    assert 'name="switch_language" value="ro"' in page and "Română" in page
    client.post(_url(survey), {"text": "", "switch_language": "ro"})
    page = client.get(_url(survey)).content.decode()
    assert "La ce doriți să se gândească clienții noștri" in page
    assert 'name="switch_language" value="en"' in page
