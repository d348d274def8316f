"""Stage 4 on the workshop page: propose, point to duplicates, edit own, merge, end."""

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from surveys import services as survey_services
from tests.factories import logged_in as _as
from values import brainstorm as brainstorm_services
from values.models import Candidate, SourceKind
from workshops import services as workshop_services

pytestmark = pytest.mark.django_db


@pytest.fixture
def brainstorm(workshop):
    workshop_services.workshop_set_stage(workshop=workshop, stage=4)
    return workshop


def _add(client, workshop, **data):
    return client.post(reverse("values_add", args=[workshop.pk]), data, HTTP_HX_REQUEST="true")


def test_a_participant_proposes_a_value_with_the_statement_it_came_from(brainstorm, paul, fiona):
    response = _add(
        _as(paul),
        brainstorm,
        name="Honesty",
        statement="we want customers to believe what we tell them is true",
    )
    assert response.status_code == 200
    page = _as(fiona).get(brainstorm.get_absolute_url()).content.decode()
    assert "Honesty" in page and "from “we want customers to believe" in page
    assert "1 candidate value" in page


def test_one_click_on_a_starter_value_adds_it_translated_and_it_leaves_the_list(brainstorm, paul):
    client = _as(paul)
    client.cookies["django_language"] = "ro"
    _add(client, brainstorm, starter="honesty")
    candidate = Candidate.objects.get()
    assert candidate.name == "Onestitate" and candidate.sources.get().kind == SourceKind.STARTER
    page = client.get(brainstorm.get_absolute_url()).content.decode()
    assert 'id="starter-honesty"' not in page and 'id="starter-respect"' in page


def test_one_click_on_a_cloud_word_adds_it(brainstorm, paul):
    survey = survey_services.survey_for(brainstorm)
    survey_services.survey_open(survey=survey)
    survey_services.answer_submit(survey=survey, device_id="a", text="Patient people")
    survey_services.answer_submit(survey=survey, device_id="b", text="Patient people, fast")
    page = _as(paul).get(brainstorm.get_absolute_url()).content.decode()
    assert 'value="patient people"' in page
    _add(_as(paul), brainstorm, cloud_word="patient people")
    candidate = Candidate.objects.get()
    assert candidate.name == "Patient people"
    assert candidate.sources.get().text == "patient people"


def test_a_starter_value_in_another_language_is_the_same_value(brainstorm, paul, fiona):
    _add(_as(fiona), brainstorm, starter="empathy")  # Fiona reads English
    romanian = _as(paul)
    romanian.cookies["django_language"] = "ro"
    page = romanian.get(brainstorm.get_absolute_url()).content.decode()
    assert 'id="starter-empathy"' not in page and 'id="starter-honesty"' in page
    refused = _add(romanian, brainstorm, name="Empatie")
    assert refused.status_code == 409
    # Added from the starter list in English, it is named in the reader's language.
    assert "„Empatie” este deja pe listă." in refused.content.decode()
    assert list(Candidate.objects.values_list("name", flat=True)) == ["Empathy"]


def test_an_adjective_from_the_cloud_is_the_value_the_starter_list_names(brainstorm, paul):
    _add(_as(paul), brainstorm, starter="honesty")
    refused = _add(_as(paul), brainstorm, cloud_word="honest")
    assert refused.status_code == 409 and "“Honesty” is on the list already." in (
        refused.content.decode()
    )
    _add(_as(paul), brainstorm, name="Loyal")
    page = _as(paul).get(brainstorm.get_absolute_url()).content.decode()
    assert 'id="starter-loyalty"' not in page and 'id="starter-speed"' in page
    # Synonyms stay apart: the team may want both.
    assert _add(_as(paul), brainstorm, name="Fast").status_code == 200


def test_trust_beside_incredere_is_refused_and_the_page_says_what_is_matched(
    brainstorm, paul, fiona
):
    survey = survey_services.survey_for(brainstorm)
    survey.languages = "ro,en"
    survey.save()
    _add(_as(paul), brainstorm, name="Încredere")
    page = _as(fiona).get(brainstorm.get_absolute_url()).content.decode()
    assert 'aria-describedby="candidate-name-help"' in page
    assert "recognised from a built-in list of common values" in page
    assert "synonyms and related words (“Speed”, “Responsiveness”) stay separate" in page

    refused = _add(_as(fiona), brainstorm, name="Trust")
    assert refused.status_code == 409
    notice = refused.content.decode()
    assert "“Încredere” is on the list already." in notice
    assert "a synonym is a value of its own, which the facilitator can merge" in notice
    assert _add(_as(fiona), brainstorm, name="Reliability").status_code == 200
    assert sorted(Candidate.objects.values_list("name", flat=True)) == ["Reliability", "Încredere"]


def test_a_duplicate_points_to_the_existing_value(brainstorm, paul, fiona):
    brainstorm_services.candidate_add(workshop=brainstorm, name="Listening", user=fiona)
    response = _add(_as(paul), brainstorm, name="listen")
    page = response.content.decode()
    assert response.status_code == 409
    existing = Candidate.objects.get()
    assert "“Listening” is on the list already." in page
    assert f'href="#candidate-{existing.pk}"' in page and "highlight" in page
    # What was typed stays in the box.
    assert 'value="listen"' in page


def test_an_empty_proposal_says_what_is_missing(brainstorm, paul):
    response = _add(_as(paul), brainstorm, name="  ")
    assert (
        response.status_code == 422 and "Name the value you propose." in response.content.decode()
    )


def test_participants_change_only_their_own_values(brainstorm, paul, fiona):
    pauls = brainstorm_services.candidate_add(workshop=brainstorm, name="Speed", user=paul)
    fionas = brainstorm_services.candidate_add(workshop=brainstorm, name="Respect", user=fiona)
    client = _as(paul)
    page = client.get(brainstorm.get_absolute_url()).content.decode()
    assert f'id="edit-{pauls.pk}"' in page and f'id="edit-{fionas.pk}"' not in page
    edit = reverse("values_edit", args=[brainstorm.pk, fionas.pk])
    assert client.post(edit, {"name": "Disrespect"}).status_code == 404
    edit = reverse("values_edit", args=[brainstorm.pk, pauls.pk])
    client.post(edit, {"name": "Urgency", "description": "Now"})
    pauls.refresh_from_db()
    assert pauls.name == "Urgency"
    # The facilitator changes anyone's.
    remove = reverse("values_remove", args=[brainstorm.pk, pauls.pk])
    _as(fiona).post(remove)
    assert list(Candidate.objects.values_list("name", flat=True)) == ["Respect"]


def test_the_facilitator_merges_two_values(brainstorm, paul, fiona):
    speed = brainstorm_services.candidate_add(workshop=brainstorm, name="Speed", user=paul)
    quick = brainstorm_services.candidate_add(
        workshop=brainstorm, name="Quick", user=paul, source=SourceKind.CLOUD, source_text="fast"
    )
    url = reverse("values_merge", args=[brainstorm.pk])
    assert _as(paul).post(url, {"source": quick.pk, "target": speed.pk}).status_code == 404
    _as(fiona).post(url, {"source": quick.pk, "target": speed.pk})
    assert list(Candidate.objects.values_list("name", flat=True)) == ["Speed"]
    assert speed.sources.count() == 2


def test_ending_the_brainstorm_stops_new_values(brainstorm, paul, fiona):
    _as(fiona).post(reverse("values_brainstorm", args=[brainstorm.pk]), {"action": "end"})
    page = _as(paul).get(brainstorm.get_absolute_url()).content.decode()
    assert "The brainstorm has ended" in page and 'id="candidate-form"' not in page
    response = _add(_as(paul), brainstorm, name="Honesty")
    assert response.status_code == 409 and "facilitator can reopen" in response.content.decode()


def test_a_cloud_word_longer_than_a_value_name_gets_a_message(brainstorm, paul):
    response = _add(_as(paul), brainstorm, cloud_word="w" * 61)
    assert response.status_code == 422
    assert "at most 60 characters" in response.content.decode()
    assert not Candidate.objects.exists()


def test_after_the_brainstorm_the_list_stays_as_voted_on_until_reopened(brainstorm, paul, fiona):
    pauls = brainstorm_services.candidate_add(workshop=brainstorm, name="Speed", user=paul)
    brainstorm_services.brainstorm_end(workshop=brainstorm)
    page = _as(paul).get(brainstorm.get_absolute_url()).content.decode()
    assert f'id="candidate-{pauls.pk}"' in page and '"candidate-name">Speed<' in page
    assert f'id="edit-{pauls.pk}"' not in page
    edit = reverse("values_edit", args=[brainstorm.pk, pauls.pk])
    remove = reverse("values_remove", args=[brainstorm.pk, pauls.pk])
    for user in (paul, fiona):
        refused = _as(user).post(edit, {"name": "Urgency"}, HTTP_HX_REQUEST="true")
        assert refused.status_code == 409 and "facilitator can reopen" in refused.content.decode()
        assert _as(user).post(remove, HTTP_HX_REQUEST="true").status_code == 409
    assert list(Candidate.objects.values_list("name", flat=True)) == ["Speed"]
    brainstorm_services.brainstorm_reopen(workshop=brainstorm)
    _as(paul).post(edit, {"name": "Urgency"})
    assert list(Candidate.objects.values_list("name", flat=True)) == ["Urgency"]


@given(
    action=st.sampled_from(["edit", "remove", "merge", "brainstorm"]),
    data=st.dictionaries(
        st.sampled_from(["name", "description", "source", "target", "action"]),
        st.one_of(st.text(max_size=400), st.integers().map(str)),
    ),
)
@hypothesis_settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_edit_merge_and_brainstorm_forms_never_fail_on_any_input(
    brainstorm, paul, fiona, action, data
):
    # The examples share the workshop: an earlier one may have renamed Speed, or added
    # "speedy" (the same value), so any value on the list will do.
    speed = brainstorm.candidates.order_by("pk").first() or brainstorm_services.candidate_add(
        workshop=brainstorm, name="Speed", user=paul
    )
    url = {
        "edit": reverse("values_edit", args=[brainstorm.pk, speed.pk]),
        "remove": reverse("values_remove", args=[brainstorm.pk, speed.pk]),
        "merge": reverse("values_merge", args=[brainstorm.pk]),
        "brainstorm": reverse("values_brainstorm", args=[brainstorm.pk]),
    }[action]
    for user in (paul, fiona):
        response = _as(user).post(url, data, HTTP_HX_REQUEST="true")
        assert response.status_code in (200, 404, 409, 422)
    for candidate in Candidate.objects.all():
        assert candidate.key and "\x00" not in candidate.name


def test_an_empty_list_says_what_to_do(brainstorm, paul):
    page = _as(paul).get(brainstorm.get_absolute_url()).content.decode()
    assert "No values yet." in page


@given(
    name=st.text(max_size=80),
    description=st.text(max_size=400),
    statement=st.text(max_size=400),
    starter=st.sampled_from(["", "honesty", "nope", "\x00"]),
    cloud_word=st.text(max_size=120),
)
@hypothesis_settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_proposals_never_fail_on_any_input(
    brainstorm, paul, name, description, statement, starter, cloud_word
):
    data = {"name": name, "description": description, "statement": statement}
    data.update(starter=starter, cloud_word=cloud_word)
    response = _add(_as(paul), brainstorm, **data)
    assert response.status_code in (200, 409, 422)
    for candidate in Candidate.objects.all():
        assert candidate.key and "\x00" not in candidate.name


def test_a_starter_value_shows_in_the_readers_language_until_renamed(brainstorm, paul, fiona):
    _add(_as(fiona), brainstorm, starter="honesty")  # Fiona reads English
    _add(_as(fiona), brainstorm, starter="speed")
    speed = Candidate.objects.get(name="Speed")
    brainstorm_services.candidate_update(candidate=speed, name="Speed of reply", description="")
    romanian = _as(paul)
    romanian.cookies["django_language"] = "ro"

    page = romanian.get(brainstorm.get_absolute_url()).content.decode()
    assert '<strong class="candidate-name">Onestitate</strong>' in page
    assert "Le spunem clienților adevărul" in page
    assert '<strong class="candidate-name">Speed of reply</strong>' in page  # renamed
    assert '<strong class="candidate-name">Honesty</strong>' not in page
    english = _as(fiona).get(brainstorm.get_absolute_url()).content.decode()
    assert '<strong class="candidate-name">Honesty</strong>' in english
    assert list(Candidate.objects.values_list("name", flat=True)) == ["Honesty", "Speed of reply"]
