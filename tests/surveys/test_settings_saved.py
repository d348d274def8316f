"""Saving the survey's settings says so (before, the form came back as it was, silently)."""

import pytest
from django.urls import reverse

from workshops import services as workshop_services

pytestmark = pytest.mark.django_db

SETTINGS = {"question": "How should we sound?", "languages": ["en"], "max_answer_length": 150}


@pytest.fixture
def at_survey(workshop):
    workshop_services.workshop_set_stage(workshop=workshop, stage=2)
    return workshop


def test_saving_the_settings_confirms_it_on_the_stage(client_for, at_survey, fiona):
    url = reverse("survey_settings", args=[at_survey.pk])
    response = client_for(fiona).post(url, SETTINGS, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="survey-settings-saved"' in page and "Settings saved" in page
    assert "How should we sound?" in page
    # The next render (another change, a reload) no longer says it.
    again = client_for(fiona).get(at_survey.get_absolute_url()).content.decode()
    assert "How should we sound?" in again and 'id="survey-settings-saved"' not in again


def test_without_javascript_the_confirmation_follows_the_redirect(client_for, at_survey, fiona):
    url = reverse("survey_settings", args=[at_survey.pk])
    response = client_for(fiona).post(url, SETTINGS, follow=True)
    assert response.redirect_chain[-1][0] == at_survey.get_absolute_url()
    assert "Settings saved" in response.content.decode()
