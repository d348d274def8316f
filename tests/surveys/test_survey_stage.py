"""The facilitator's side of stage 2: settings, open and close, the link, moderation, CSV."""

import csv
import io

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from surveys import services
from workshops import services as workshop_services

pytestmark = pytest.mark.django_db


@pytest.fixture
def at_survey(workshop):
    workshop_services.workshop_set_stage(workshop=workshop, stage=2)
    return workshop


def _action(client, workshop, action):
    return client.post(reverse("survey_action", args=[workshop.pk]), {"action": action})


def test_opening_gives_a_link_and_a_qr_code(client_for, at_survey, fiona):
    client = client_for(fiona)
    _action(client, at_survey, "open")
    page = client.get(at_survey.get_absolute_url()).content.decode()
    survey = services.survey_for(at_survey)
    assert len(survey.token) >= 22  # 128 bits, URL-safe
    assert reverse("survey_respond", args=[survey.token]) in page
    assert 'src="data:image/svg+xml' in page


def test_participants_see_the_count_but_no_controls(client_for, at_survey, fiona, paul):
    _action(client_for(fiona), at_survey, "open")
    survey = services.survey_for(at_survey)
    Client().post(reverse("survey_respond", args=[survey.token]), {"text": "Kind"})
    page = client_for(paul).get(at_survey.get_absolute_url()).content.decode()
    assert "1 answer" in page
    assert 'id="survey-close"' not in page and "Question and settings" not in page


def test_replacing_the_link_stops_the_old_one(client_for, at_survey, fiona):
    client = client_for(fiona)
    _action(client, at_survey, "open")
    old = services.survey_for(at_survey).token
    _action(client, at_survey, "new_link")
    assert services.survey_for(at_survey).token != old
    assert Client().get(reverse("survey_respond", args=[old])).status_code == 404


def test_settings_are_validated_and_kept_on_error(client_for, at_survey, fiona):
    url = reverse("survey_settings", args=[at_survey.pk])
    response = client_for(fiona).post(
        url,
        {"question": "What should customers feel?", "languages": [], "max_answer_length": 5},
        HTTP_HX_REQUEST="true",
    )
    page = response.content.decode()
    assert response.status_code == 422
    assert "Choose at least one language." in page
    assert "What should customers feel?" in page
    survey = services.survey_for(at_survey)
    assert survey.question != "What should customers feel?"


def test_settings_change_the_question(client_for, at_survey, fiona):
    url = reverse("survey_settings", args=[at_survey.pk])
    client_for(fiona).post(
        url,
        {"question": "How should we sound?", "languages": ["en", "ro"], "max_answer_length": 150},
    )
    survey = services.survey_for(at_survey)
    assert (survey.question, survey.language_list, survey.max_answer_length) == (
        "How should we sound?",
        ["en", "ro"],
        150,
    )


def test_a_hidden_answer_is_kept_and_marked_in_the_csv(client_for, at_survey, fiona):
    client = client_for(fiona)
    _action(client, at_survey, "open")
    survey = services.survey_for(at_survey)
    good = services.answer_submit(survey=survey, device_id="a", text="Friendly")
    bad = services.answer_submit(survey=survey, device_id="b", text='=HYPERLINK("x")')
    client.post(reverse("survey_answer_visibility", args=[at_survey.pk, bad.pk]), {"hidden": "1"})
    response = client.get(reverse("survey_answers_csv", args=[at_survey.pk]))
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][:2] == ["answer", "hidden"]
    by_text = {row[0]: row[1] for row in rows[1:]}
    assert by_text == {good.text: "no", '\'=HYPERLINK("x")': "yes"}


def test_participants_do_not_read_an_answer_the_facilitator_hid(client_for, at_survey, fiona, paul):
    _action(client_for(fiona), at_survey, "open")
    survey = services.survey_for(at_survey)
    rude = services.answer_submit(survey=survey, device_id="a", text="Rude remark")
    services.answer_submit(survey=survey, device_id="b", text="Friendly")
    services.answer_set_hidden(answer=rude, hidden=True)
    page = client_for(paul).get(at_survey.get_absolute_url()).content.decode()
    assert "Rude remark" not in page and "An answer the facilitator hid." in page
    assert "Friendly" in page
    assert "Rude remark" in client_for(fiona).get(at_survey.get_absolute_url()).content.decode()


def test_the_facilitator_reads_and_moderates_every_answer_a_page_at_a_time(
    client_for, at_survey, fiona
):
    client = client_for(fiona)
    _action(client, at_survey, "open")
    survey = services.survey_for(at_survey)
    answers = [
        services.answer_submit(survey=survey, device_id=f"d{n}", text=f"Answer number {n}")
        for n in range(120)
    ]
    stage = client.get(at_survey.get_absolute_url()).content.decode()
    assert "Answer number 119" in stage and "Answer number 0<" not in stage
    assert "See all 120 answers" in stage
    all_answers = reverse("survey_answers", args=[at_survey.pk])
    first = client.get(all_answers).content.decode()
    assert "Answer number 119" in first and "Page 1 of 2" in first
    second = client.get(all_answers + "?page=2").content.decode()
    assert "Answer number 0<" in second
    # Hiding from the second page comes back to it.
    response = client.post(
        reverse("survey_answer_visibility", args=[at_survey.pk, answers[0].pk]),
        {"hidden": "1", "next": all_answers + "?page=2"},
    )
    assert response.status_code == 302
    assert response["Location"] == f"{all_answers}?page=2#answer-{answers[0].pk}"
    answers[0].refresh_from_db()
    assert answers[0].hidden
    # Anywhere else, it goes back to the workshop.
    elsewhere = client.post(
        reverse("survey_answer_visibility", args=[at_survey.pk, answers[1].pk]),
        {"hidden": "1", "next": "https://evil.example/"},
    )
    assert elsewhere["Location"] == at_survey.get_absolute_url()


def _settings(client, workshop, **data):
    data.setdefault("max_answer_length", 200)
    return client.post(reverse("survey_settings", args=[workshop.pk]), data)


def test_the_settings_form_has_a_question_field_for_each_answer_language(
    client_for, at_survey, fiona
):
    survey = services.survey_for(at_survey)
    survey.languages = "en,ro"
    survey.save()
    page = client_for(fiona).get(at_survey.get_absolute_url()).content.decode()
    assert 'name="question_en"' in page and 'name="question_ro"' in page
    assert "Question in English" in page and "Question in Romanian" in page
    # The default question, already translated, fills both.
    assert "La ce doriți să se gândească clienții noștri" in page
    assert 'name="question_fr"' not in page


def test_each_language_keeps_its_own_question_and_respondents_read_theirs(
    client_for, at_survey, fiona
):
    client = client_for(fiona)
    _settings(
        client,
        at_survey,
        languages=["en", "ro"],
        question_en="How should we sound on the phone?",
        question_ro="Cum ar trebui să sunăm la telefon?",
    )
    survey = services.survey_for(at_survey)
    assert survey.question == "How should we sound on the phone?"
    assert survey.questions == {
        "en": "How should we sound on the phone?",
        "ro": "Cum ar trebui să sunăm la telefon?",
    }
    _action(client, at_survey, "open")
    survey.refresh_from_db()
    link = reverse("survey_respond", args=[survey.token])
    romanian = Client()
    romanian.cookies["django_language"] = "ro"
    page = romanian.get(link).content.decode()
    assert "Cum ar trebui să sunăm la telefon?" in page
    assert "How should we sound on the phone?" not in page
    assert "How should we sound on the phone?" in Client().get(link).content.decode()

    # The projector shows the question in every answer language, the reader's first.
    join = client.get(reverse("survey_join", args=[at_survey.pk])).content.decode()
    assert "<h1>How should we sound on the phone?</h1>" in join
    assert '<p class="lead join-question" lang="ro">Cum ar trebui să sunăm la telefon?</p>' in join


def test_a_language_without_its_own_question_falls_back_to_the_first(client_for, at_survey, fiona):
    client = client_for(fiona)
    _settings(
        client,
        at_survey,
        languages=["en", "ro"],
        question_en="How should we sound on the phone?",
        # The default question left beside the facilitator's own is not a translation.
        question_ro="La ce doriți să se gândească clienții noștri când se gândesc la "
        "serviciile pe care le oferim?",
    )
    survey = services.survey_for(at_survey)
    assert survey.questions == {"en": "How should we sound on the phone?"}
    _action(client, at_survey, "open")
    survey.refresh_from_db()
    romanian = Client()
    romanian.cookies["django_language"] = "ro"
    page = romanian.get(reverse("survey_respond", args=[survey.token])).content.decode()
    assert "How should we sound on the phone?" in page
    assert "La ce doriți" not in page


def test_the_question_is_required_in_the_first_language(client_for, at_survey, fiona):
    response = _settings(
        client_for(fiona), at_survey, languages=["en", "ro"], question_en=" ", question_ro=""
    )
    assert response.status_code == 422
    assert "Write the question." in response.content.decode()
    assert "Question in English" in response.content.decode()


@given(
    languages=st.lists(st.sampled_from(["en", "ro", "fr", "xx", ""]), max_size=4),
    questions=st.dictionaries(
        st.sampled_from(["question", "question_en", "question_ro", "question_fr", "question_xx"]),
        st.text(max_size=320),
        max_size=5,
    ),
)
@hypothesis_settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_the_settings_never_fail_on_any_question_or_language(
    client_for, at_survey, fiona, languages, questions
):
    response = client_for(fiona).post(
        reverse("survey_settings", args=[at_survey.pk]),
        {"languages": languages, "max_answer_length": 200, **questions},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code in (200, 422)
    survey = services.survey_for(at_survey)
    assert survey.question.strip() and len(survey.question) <= 300
    assert set(survey.questions) <= set(survey.language_list)
