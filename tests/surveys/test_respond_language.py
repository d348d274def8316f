"""Switching the respondent page's language keeps what was typed (before, the switch was a
form of its own, and the text was gone)."""

import pytest
from django.conf import settings
from django.urls import reverse

from surveys import services
from surveys.models import Answer

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey(workshop):
    survey = services.survey_for(workshop)
    services.survey_open(survey=survey)
    return survey


def test_switching_language_keeps_the_typed_answer_and_sends_nothing(client, survey):
    url = reverse("survey_respond", args=[survey.token])
    form = client.get(url).content.decode()
    assert 'form="answer-form" name="switch_language" value="ro"' in form

    response = client.post(url, {"text": "Fast and kind help", "switch_language": "ro"})

    page = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="ro">' in page and "Fast and kind help</textarea>" in page
    assert "Trimiteți" in page  # the send button, in Romanian
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ro"
    assert not Answer.objects.exists()
    # Sent from there, it is stored as typed.
    client.post(url, {"text": "Fast and kind help"})
    assert Answer.objects.get().text == "Fast and kind help"


def test_an_unknown_language_is_an_ordinary_send(client, survey):
    url = reverse("survey_respond", args=[survey.token])
    response = client.post(url, {"text": "Patient people", "switch_language": "xx"})
    assert response.status_code == 200 and Answer.objects.get().text == "Patient people"
