"""Invisible format characters (direction overrides, zero-width spaces, byte-order marks) are
refused in every typed text, as control characters are: they make a text read differently
from what it holds (a name that reads "Acme" but sorts and matches as something else)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from surveys import services as survey_services
from tests.factories import UserFactory
from workshops.models import Organisation
from workshops.validators import no_control_characters

MESSAGE = "Please remove the invisible control characters from this text."
INVISIBLE = {
    "right-to-left override": "\u202e",
    "left-to-right embedding": "\u202a",
    "first-strong isolate": "\u2068",
    "pop directional isolate": "\u2069",
    "zero-width space": "\u200b",
    "zero-width non-joiner": "\u200c",
    "right-to-left mark": "\u200f",
    "byte-order mark": "\ufeff",
    "soft hyphen": "\u00ad",
    "word joiner": "\u2060",
    "zero-width joiner between letters": "\u200d",
}


@pytest.mark.parametrize("character", INVISIBLE.values(), ids=INVISIBLE.keys())
def test_the_shared_check_refuses_invisible_format_characters(character):
    with pytest.raises(ValidationError) as refused:
        no_control_characters(f"Kind{character}ness")
    assert refused.value.code == "control_characters"


@pytest.mark.parametrize(
    "text",
    [
        "Oameni grijulii, răspunsuri rapide — și corecte",
        "👩‍💻 people who code, 👨🏽‍🦰 and 👨‍👩‍👧",
        "🏴󠁧󠁢󠁳󠁣󠁴󠁿 Scotland's flag",
        "❤️ kind",
    ],
)
def test_emoji_sequences_and_accents_are_kept(text):
    no_control_characters(text)


def test_an_organisation_name_with_a_direction_override_is_refused(client_for, db):
    loner = UserFactory(email="loner@example.com")
    response = client_for(loner).post(reverse("organisation_create"), {"name": "Acme\u202eeviL"})
    assert response.status_code == 200
    assert MESSAGE in response.content.decode()
    assert not Organisation.objects.exists()


def test_a_survey_answer_with_a_zero_width_space_is_refused_and_kept(client, workshop):
    survey = survey_services.survey_for(workshop)
    survey_services.survey_open(survey=survey)
    url = reverse("survey_respond", args=[survey.token])
    response = client.post(url, {"text": "Fast\u200b and kind"})
    assert response.status_code == 422
    page = response.content.decode()
    assert MESSAGE in page
    assert "Fast\u200b and kind</textarea>" in page
    assert survey.answers.count() == 0
    assert client.post(url, {"text": "👩‍💻 fast and kind"}).status_code == 200
    assert list(survey.answers.values_list("text", flat=True)) == ["👩‍💻 fast and kind"]
