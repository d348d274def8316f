"""Stage 3: the word cloud on the workshop screen, its ranked table, hide, merge and undo."""

import re

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from surveys import services, tasks, word_cloud
from surveys.models import Answer, WordAdjustment, WordCloud, device_fingerprint
from values import brainstorm as brainstorm_services
from values.models import Candidate, SourceKind
from workshops import live
from workshops import services as workshop_services

pytestmark = pytest.mark.django_db

ANSWERS = [
    "Fast and friendly help",
    "Fast answers from a real person",
    "Quick, friendly, honest",
    "Friendly people who listen",
    "Honest answers, fast",
    "A real person, quick help",
]


@pytest.fixture
def survey(workshop):
    workshop_services.workshop_set_stage(workshop=workshop, stage=3)
    survey = services.survey_for(workshop)
    services.survey_open(survey=survey)
    for n, text in enumerate(ANSWERS):
        services.answer_submit(survey=survey, device_id=f"device-{n}", text=text)
    return survey


def _table(page: str) -> dict[str, int]:
    """The ranked table as the page shows it: word → count."""
    rows = re.findall(
        r'<th scope="row">(?:<button[^>]*>)?([^<]+?)(?:</button>| <span class="badge"[^>]*>[^<]*'
        r'</span>)?</th>\s*<td class="number">(\d+)</td>',
        page,
    )
    return {word: int(count) for word, count in rows}


def _as(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _page(client, workshop) -> str:
    response = client.get(workshop.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_everyone_in_the_workshop_sees_the_cloud_and_its_ranked_table(client_for, survey, paul):
    page = _page(client_for(paul), survey.workshop)
    table = _table(page)
    assert table["fast"] == 3 and table["friendly"] == 3 and table["real person"] == 2
    assert "help" in table and "and" not in table and "a" not in table  # stopwords dropped
    assert list(table.values()) == sorted(table.values(), reverse=True)
    assert "<caption" in page and 'scope="col"' in page
    # Participants read; only facilitators hide and merge.
    assert 'id="cloud-merge-form"' not in page and 'id="hide-1"' not in page

    picture = re.search(r'id="cloud-image" src="([^"]+)"', page).group(1)
    svg = client_for(paul).get(picture)
    assert svg.status_code == 200 and svg["Content-Type"] == "image/svg+xml"
    assert "immutable" in svg["Cache-Control"]
    assert ">fast<" in svg.content.decode() and ">real person<" in svg.content.decode()


def test_clicking_a_word_of_the_ranked_table_proposes_it_as_a_value(client_for, survey, paul):
    participant = _as(paul)
    page = _page(participant, survey.workshop)
    assert re.search(
        r'<button type="submit" name="cloud_word" value="friendly"[^>]*>friendly<', page
    )
    add = reverse("values_add", args=[survey.workshop_id])
    response = participant.post(add, {"cloud_word": "friendly"}, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert response.status_code == 200
    assert "“Friendly” is now a candidate value" in page
    # The word stays in the table, marked, and is no longer offered.
    assert _table(page)["friendly"] == 3
    assert 'name="cloud_word" value="friendly"' not in page
    assert 'name="cloud_word" value="fast"' in page
    candidate = Candidate.objects.get()
    assert candidate.name == "Friendly" and candidate.sources.get().kind == SourceKind.CLOUD
    # A second click from a screen not yet refreshed points to the value instead.
    again = participant.post(add, {"cloud_word": "friendly"}, HTTP_HX_REQUEST="true")
    assert again.status_code == 409
    assert "“Friendly” is on the list already." in again.content.decode()
    assert Candidate.objects.count() == 1


def test_words_are_not_offered_once_the_brainstorm_has_ended(client_for, survey, paul):
    brainstorm_services.brainstorm_end(workshop=survey.workshop)
    page = _page(_as(paul), survey.workshop)
    assert 'name="cloud_word"' not in page and _table(page)["fast"] == 3


def test_a_picture_that_no_longer_matches_the_words_is_not_served(client_for, survey, fiona):
    old = word_cloud.cloud_view(survey).picture_hash
    word_cloud.word_hide(survey=survey, key="fast", user=fiona)
    url = reverse("survey_cloud_svg", args=[survey.workshop_id, old])
    assert client_for(fiona).get(url).status_code == 404


def test_the_png_download_is_a_png(client_for, survey, paul):
    response = client_for(paul).get(reverse("survey_cloud_png", args=[survey.workshop_id]))
    assert response.status_code == 200 and response.content[:8] == b"\x89PNG\r\n\x1a\n"
    assert "attachment" in response["Content-Disposition"]


def test_hiding_a_word_takes_it_out_for_everyone_and_undo_brings_it_back(
    client_for, survey, fiona, paul
):
    facilitator = _as(fiona)
    url = reverse("survey_cloud_hide", args=[survey.workshop_id])
    response = facilitator.post(url, {"key": "fast"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "fast" not in _table(response.content.decode())
    page = _page(_as(paul), survey.workshop)
    assert "fast" not in _table(page)
    assert "“fast” hidden" in page and "by Fiona" in page
    assert 'id="undo-' not in page  # participants see what was hidden, not the undo

    adjustment = WordAdjustment.objects.get(survey=survey)
    facilitator.post(reverse("survey_cloud_undo", args=[survey.workshop_id, adjustment.pk]))
    assert _table(_page(_as(paul), survey.workshop))["fast"] == 3
    assert not WordAdjustment.objects.exists()


def test_merging_counts_one_word_as_another_and_is_undoable(client_for, survey, fiona):
    facilitator = client_for(fiona)
    url = reverse("survey_cloud_merge", args=[survey.workshop_id])
    facilitator.post(url, {"key": "fast", "into_key": "quick"})
    table = _table(_page(facilitator, survey.workshop))
    assert "fast" not in table and table["quick"] == 5
    assert "“fast” counted as “quick”" in _page(facilitator, survey.workshop)

    adjustment = WordAdjustment.objects.get(survey=survey, kind="merge")
    facilitator.post(reverse("survey_cloud_undo", args=[survey.workshop_id, adjustment.pk]))
    table = _table(_page(facilitator, survey.workshop))
    assert table["fast"] == 3 and table["quick"] == 2


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"key": "fast", "into_key": "fast"}, "Choose two different words"),
        ({"key": "nowhere", "into_key": "fast"}, "no longer in the cloud"),
        ({"key": "fast", "into_key": ""}, "Choose the word to merge it into"),
    ],
)
def test_a_merge_that_does_not_fit_says_why_and_changes_nothing(
    client_for, survey, fiona, data, message
):
    url = reverse("survey_cloud_merge", args=[survey.workshop_id])
    response = client_for(fiona).post(url, data, HTTP_HX_REQUEST="true")
    assert response.status_code in (409, 422)
    assert message in response.content.decode() and 'role="alert"' in response.content.decode()
    assert not WordAdjustment.objects.exists()


def test_a_merged_word_cannot_be_merged_again_so_merges_never_loop(survey, fiona):
    word_cloud.word_merge(survey=survey, key="fast", into_key="quick", user=fiona)
    with pytest.raises(word_cloud.AdjustmentRefused):
        word_cloud.word_merge(survey=survey, key="quick", into_key="fast", user=fiona)
    # A chain is fine: quick → friendly takes fast along.
    word_cloud.word_merge(survey=survey, key="quick", into_key="friendly", user=fiona)
    words = {w.key: w.count for w in word_cloud.cloud_view(survey).words}
    assert words["friendly"] == 8 and "quick" not in words and "fast" not in words


def test_hiding_the_same_word_twice_at_once_is_refused_cleanly(client_for, survey, fiona):
    word_cloud.word_hide(survey=survey, key="fast", user=fiona)
    url = reverse("survey_cloud_hide", args=[survey.workshop_id])
    response = client_for(fiona).post(url, {"key": "fast"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 409
    assert WordAdjustment.objects.count() == 1


def test_hidden_answers_leave_the_cloud(survey, fiona):
    answer = Answer.objects.get(survey=survey, text="Quick, friendly, honest")
    services.answer_set_hidden(answer=answer, hidden=True)
    words = {w.key: w.count for w in word_cloud.cloud_view(survey).words}
    assert words["friendly"] == 2 and words["quick"] == 1
    assert WordCloud.objects.get(survey=survey).answer_count == len(ANSWERS) - 1


def test_answers_loaded_without_a_recount_wait_for_the_facilitator_to_count_again(
    client_for, workshop, fiona, paul
):
    workshop_services.workshop_set_stage(workshop=workshop, stage=3)
    survey = services.survey_for(workshop)
    Answer.objects.bulk_create(
        Answer(survey=survey, device=device_fingerprint(str(n)), text="Patient people")
        for n in range(3)
    )
    # Showing the cloud counts nothing (a GET never writes): it says it is behind, and the
    # facilitator is offered to count again.
    assert 'id="cloud-counting"' in _page(client_for(paul), workshop)
    assert not WordCloud.objects.filter(survey=survey).exists()
    page = _page(client_for(fiona), workshop)
    assert 'id="cloud-recount"' in page
    client_for(fiona).post(
        reverse("survey_action", args=[workshop.pk]), {"action": "recount"}, HTTP_HX_REQUEST="true"
    )
    assert _table(_page(client_for(paul), workshop)) == {"patient people": 3}


def test_a_new_answer_changes_every_screen_and_the_counts(
    client_for, survey, paul, django_capture_on_commit_callbacks
):
    before = live.poll(survey.workshop_id, paul.pk, max_age=0)
    with django_capture_on_commit_callbacks(execute=True):
        services.answer_submit(survey=survey, device_id="late", text="Patient and fast")
    assert live.poll(survey.workshop_id, paul.pk, max_age=0) != before
    assert _table(_page(client_for(paul), survey.workshop))["fast"] == 4


def test_many_answers_ask_for_one_recount_every_few_seconds(survey, monkeypatch, settings):
    settings.WORD_CLOUD_REFRESH_SECONDS = 4
    sent = []
    monkeypatch.setattr(
        tasks.recount_word_cloud, "apply_async", lambda args, countdown: sent.append(countdown)
    )
    for n in range(20):
        services.answer_submit(survey=survey, device_id=f"burst-{n}", text="Kind words")
    assert sent == [4]
    # The recount clears the claim when it starts: answers after that ask again.
    word_cloud.recount(survey, draw=False)
    services.answer_submit(survey=survey, device_id="after", text="Kind words")
    assert sent == [4, 4]


def test_a_background_recount_draws_the_picture_once_for_every_screen(survey):
    cache.clear()
    word_cloud.recount(survey, draw=True)
    view = word_cloud.cloud_view(survey)
    assert cache.get(word_cloud._picture_key(survey, view.picture_hash, "svg")).startswith("<svg")


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("fiona", "Open the survey in stage 2"),
        ("paul", "The cloud grows here as employees answer"),
    ],
)
def test_an_empty_cloud_tells_people_what_happens_next(
    request, client_for, workshop, persona, expected
):
    workshop_services.workshop_set_stage(workshop=workshop, stage=3)
    page = _page(client_for(request.getfixturevalue(persona)), workshop)
    assert expected in page and 'id="cloud-image"' not in page


def test_answers_of_only_common_words_say_so(client_for, workshop, paul):
    workshop_services.workshop_set_stage(workshop=workshop, stage=3)
    survey = services.survey_for(workshop)
    services.survey_open(survey=survey)
    services.answer_submit(survey=survey, device_id="x", text="it is what it is")
    assert "no words to count yet" in _page(client_for(paul), workshop)


def test_markup_in_an_answer_is_shown_as_typed_but_never_counted(client_for, survey, fiona):
    typed = "<script>alert('xss')</script> fast help"
    services.answer_submit(survey=survey, device_id="x", text=typed)
    assert Answer.objects.get(device=device_fingerprint("x")).text == typed
    page = _page(client_for(fiona), survey.workshop)
    assert "<script>alert" not in page
    table = _table(page)
    assert table["fast"] == 4 and table["help"] == 3
    assert not {"script", "alert", "xss"} & set(table)
    svg = client_for(fiona).get(re.search(r'id="cloud-image" src="([^"]+)"', page).group(1))
    assert ">fast<" in svg.content.decode() and ">xss<" not in svg.content.decode()


def test_the_cloud_shows_in_romanian(client_for, survey, paul):
    client = client_for(paul)
    client.cookies["django_language"] = "ro"
    page = client.get(survey.workshop.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="ro").content
    assert "Cuvinte și expresii" in page.decode()


def test_a_stranger_cannot_reach_the_picture(survey):
    url = reverse("survey_cloud_png", args=[survey.workshop_id])
    assert Client().get(url).status_code == 302


@given(key=st.text(max_size=300), into_key=st.text(max_size=300))
@hypothesis_settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_hide_and_merge_never_fail_on_any_input(survey, fiona, key, into_key):
    client = _as(fiona)
    hide = client.post(
        reverse("survey_cloud_hide", args=[survey.workshop_id]), {"key": key}, HTTP_HX_REQUEST="1"
    )
    merge = client.post(
        reverse("survey_cloud_merge", args=[survey.workshop_id]),
        {"key": key, "into_key": into_key},
        HTTP_HX_REQUEST="1",
    )
    assert hide.status_code in (200, 409, 422) and merge.status_code in (200, 409, 422)
    # Only words the cloud shows can be adjusted.
    shown = {row[0] for row in WordCloud.objects.get(survey=survey).words}
    assert set(WordAdjustment.objects.values_list("key", flat=True)) <= shown
