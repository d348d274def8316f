"""Stage 7 through the workshop page: what people notice when they write a value's action
statement, answer the five questions, vote, keep answers, pick metrics and write how each
team lives a value (htmx posts, and plain form posts without JavaScript)."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils.html import escape

from actions import services
from actions.models import (
    ActionStatement,
    AnswerSupport,
    ConflictGuide,
    Question,
    QuestionAnswer,
    TeamPractice,
    ValueMetric,
)
from tests.factories import logged_in, member, workshop_for
from values import brainstorm as brainstorm_services
from values import voting as voting_services
from values.models import Candidate
from workshops import live
from workshops import services as workshop_services
from workshops.models import Role, Stage, User, Workshop
from workshops.stages import stage_screen

pytestmark = pytest.mark.django_db

HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def pia(acme):
    return member(acme, Role.PARTICIPANT, email="pia@acme.example", display_name="Pia")


@pytest.fixture
def room(acme, alice, fiona, paul, pia):
    """Acme's workshop at stage 7: Speed, Quality and Honesty are the final values; Respect
    was proposed but not kept."""
    workshop = workshop_for(acme, facilitators=[fiona], participants=[paul, pia], title="Action")
    ids = [
        brainstorm_services.candidate_add(workshop=workshop, name=name, user=fiona).pk
        for name in ("Speed", "Quality", "Honesty", "Respect")
    ]
    voting_services.finalise(workshop=workshop, candidate_ids=ids[:3], name="", user=fiona)
    workshop_services.workshop_set_stage(workshop=workshop, stage=Stage.VALUES_IN_ACTION)
    return workshop


def _value(workshop, name) -> Candidate:
    return workshop.candidates.get(name=name)


def _post(user, name, *args, htmx=True, **data):
    extra = HX if htmx else {}
    return logged_in(user).post(reverse(name, args=args), data, **extra)


def _page(user, workshop) -> str:
    response = logged_in(user).get(workshop.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def _answer(value, user, text="It means we answer fast.", question=Question.MEANING):
    return services.answer_add(candidate=value, question=question, text=text, user=user)


# The action statement.


def test_a_statement_is_saved_and_everyone_sees_it(room, paul, pia):
    speed = _value(room, "Speed")
    response = _post(
        paul,
        "actions_statement_save",
        room.pk,
        speed.pk,
        text="  Treat every customer with urgency.  ",
        base_version=0,
    )
    assert response.status_code == 200
    statement = ActionStatement.objects.get(candidate=speed)
    assert (statement.text, statement.version, statement.updated_by) == (
        "Treat every customer with urgency.",
        1,
        paul,
    )
    assert "Treat every customer with urgency." in _page(pia, room)


def test_two_saves_from_the_same_version_lose_nothing(room, paul, pia):
    speed = _value(room, "Speed")
    url = ("actions_statement_save", room.pk, speed.pk)
    first = _post(paul, *url, text="Treat every customer with urgency.", base_version=0)
    second = _post(
        pia, "actions_statement_save", room.pk, speed.pk, text="Answer <fast>, fix it today.",
        base_version=0,
    )  # fmt: skip
    assert (first.status_code, second.status_code) == (200, 409)
    statement = ActionStatement.objects.get(candidate=speed)
    assert (statement.text, statement.version) == ("Treat every customer with urgency.", 1)
    body = second.content.decode()
    # The loser gets both: the text that won, and theirs back in the form, escaped.
    assert "Treat every customer with urgency." in body
    assert escape("Answer <fast>, fix it today.") in body
    assert "Answer <fast>" not in body
    assert "saved this action statement while you were editing" in body
    # Saving again from the version that won applies.
    again = _post(
        pia, "actions_statement_save", room.pk, speed.pk, text="Answer fast, fix it today.",
        base_version=1,
    )  # fmt: skip
    assert again.status_code == 200
    statement.refresh_from_db()
    assert (statement.text, statement.version, statement.updated_by) == (
        "Answer fast, fix it today.",
        2,
        pia,
    )


def test_a_conflict_without_javascript_keeps_the_text_on_a_page_of_its_own(room, paul, pia):
    speed = _value(room, "Speed")
    saved = _post(
        paul, "actions_statement_save", room.pk, speed.pk, htmx=False, text="Treat all fast.",
        base_version=0,
    )  # fmt: skip
    assert saved.status_code == 302 and saved["Location"] == room.get_absolute_url()
    lost = _post(
        pia, "actions_statement_save", room.pk, speed.pk, htmx=False, text="Be quick, be kind.",
        base_version=0,
    )  # fmt: skip
    assert lost.status_code == 409
    body = lost.content.decode()
    assert "Be quick, be kind." in body and "Treat all fast." in body
    assert ActionStatement.objects.get(candidate=speed).text == "Treat all fast."


@pytest.mark.parametrize(
    "data",
    [
        {"text": "x" * 201, "base_version": 0},
        {"text": "Treat\x00 them well.", "base_version": 0},
        {"text": "Treat them well.", "base_version": "-1"},
        {"text": "Treat them well.", "base_version": "old"},
        {"text": "Treat them well."},
    ],
)
def test_a_refused_statement_is_a_422_that_keeps_the_text(room, paul, data):
    speed = _value(room, "Speed")
    response = _post(paul, "actions_statement_save", room.pk, speed.pk, **data)
    assert response.status_code == 422
    assert escape(data["text"].replace("\x00", "")) in response.content.decode() or (
        "\x00" in data["text"]
    )
    assert not ActionStatement.objects.filter(candidate=speed, version__gt=0).exists()


def test_the_statement_check_answers_while_typing_and_writes_nothing(room, paul):
    response = _post(
        paul, "actions_check", room.pk, text="Treat every customer with urgency.", check="action-1"
    )
    assert response.status_code == 200
    assert 'id="check-action-1"' in response.content.decode()
    assert _post(paul, "actions_check", room.pk, text="x", check="#stage-body").status_code == 422
    assert not ActionStatement.objects.exists()


# The five questions.


def test_answers_by_two_people_to_one_question_are_both_shown(room, paul, pia, fiona):
    speed = _value(room, "Speed")
    for user, text in ((paul, "Nobody waits to hear from us."), (pia, "A fix the same day.")):
        response = _post(
            user, "actions_answer_add", room.pk, speed.pk, question="meaning", text=text
        )
        assert response.status_code == 200
    answers = QuestionAnswer.objects.filter(candidate=speed, question="meaning")
    assert [(a.author, a.version) for a in answers] == [(paul, 1), (pia, 1)]
    page = _page(fiona, room)
    assert "Nobody waits to hear from us." in page and "A fix the same day." in page
    assert "by Paul" in page and "by Pia" in page


def test_an_empty_answer_is_refused_with_a_word_on_what_to_do(room, paul):
    speed = _value(room, "Speed")
    for text in ("", "   "):
        response = _post(
            paul, "actions_answer_add", room.pk, speed.pk, question="meaning", text=text
        )
        assert response.status_code == 422
        assert "Write your answer first." in response.content.decode()
    assert not QuestionAnswer.objects.exists()


def test_an_answer_too_long_is_refused_and_kept_as_typed(room, paul):
    speed = _value(room, "Speed")
    text = "fast " * 130
    for htmx in (True, False):
        response = _post(
            paul, "actions_answer_add", room.pk, speed.pk, htmx=htmx, question="misread", text=text
        )
        assert response.status_code == 422
        body = response.content.decode()
        assert text.strip() in body
        assert "600" in body  # the message says how long it may be
    assert not QuestionAnswer.objects.exists()


def test_an_answer_to_no_known_question_is_refused(room, paul):
    speed = _value(room, "Speed")
    response = _post(paul, "actions_answer_add", room.pk, speed.pk, question="why", text="Hm.")
    assert response.status_code == 422
    assert 'id="actions-notice"' in response.content.decode()
    assert not QuestionAnswer.objects.exists()


def test_only_the_author_or_a_facilitator_changes_or_removes_an_answer(room, paul, pia, fiona):
    speed = _value(room, "Speed")
    answer = _answer(speed, paul, "Fast help.")
    save = ("actions_answer_save", room.pk, answer.pk)
    remove = ("actions_answer_remove", room.pk, answer.pk)
    assert _post(pia, *save, text="Mine now.", base_version=1).status_code == 404
    assert _post(pia, *remove).status_code == 404
    answer.refresh_from_db()
    assert (answer.text, answer.version) == ("Fast help.", 1)
    # Pia reads it and may vote for it, but has no edit form for it.
    page = _page(pia, room)
    assert "Fast help." in page and f'id="answer-edit-{answer.pk}"' not in page
    assert f'id="support-{answer.pk}"' in page
    assert f'id="answer-edit-{answer.pk}"' in _page(paul, room)
    # The author changes it; a facilitator changes and removes anyone's.
    assert _post(paul, *save, text="Fast, kind help.", base_version=1).status_code == 200
    assert _post(fiona, *save, text="Fast, kind help, always.", base_version=2).status_code == 200
    answer.refresh_from_db()
    assert (answer.text, answer.version, answer.updated_by) == (
        "Fast, kind help, always.",
        3,
        fiona,
    )
    assert _post(fiona, *remove).status_code == 200
    assert not QuestionAnswer.objects.exists()
    # The author removes their own.
    own = _answer(speed, pia, "Mine.")
    assert _post(pia, "actions_answer_remove", room.pk, own.pk).status_code == 200
    assert not QuestionAnswer.objects.exists()


def test_an_answer_edited_by_two_at_once_keeps_both_texts(room, paul, fiona):
    answer = _answer(_value(room, "Speed"), paul, "Fast help.")
    save = ("actions_answer_save", room.pk, answer.pk)
    assert _post(fiona, *save, text="Fast, kind help.", base_version=1).status_code == 200
    lost = _post(paul, *save, text="Quick help for all.", base_version=1)
    assert lost.status_code == 409
    body = lost.content.decode()
    assert "Quick help for all." in body and "Fast, kind help." in body
    answer.refresh_from_db()
    assert answer.text == "Fast, kind help."


def test_an_answer_cannot_be_edited_to_nothing(room, paul):
    answer = _answer(_value(room, "Speed"), paul, "Fast help.")
    response = _post(paul, "actions_answer_save", room.pk, answer.pk, text="   ", base_version=1)
    assert response.status_code == 422
    answer.refresh_from_db()
    assert (answer.text, answer.version) == ("Fast help.", 1)


def test_a_plus_one_is_the_value_asked_for(room, paul, pia):
    answer = _answer(_value(room, "Speed"), paul, "Fast help.")
    support = ("actions_answer_support", room.pk, answer.pk)
    for _ in range(2):  # a double click
        assert _post(pia, *support, support="1").status_code == 200
    assert AnswerSupport.objects.filter(answer=answer).count() == 1
    assert _post(paul, *support, support="1").status_code == 200
    assert AnswerSupport.objects.filter(answer=answer).count() == 2
    page = _page(pia, room)
    assert "(2 votes)" in page
    assert f'id="support-{answer.pk}" aria-pressed="true"' in page
    for _ in range(2):
        assert _post(pia, *support, support="0").status_code == 200
    assert list(AnswerSupport.objects.values_list("supporter", flat=True)) == [paul.pk]
    page = _page(pia, room)
    assert "(1 vote)" in page and f'id="support-{answer.pk}" aria-pressed="false"' in page


def test_a_facilitator_puts_an_answer_in_the_document_and_takes_it_out(room, paul, fiona):
    answer = _answer(_value(room, "Speed"), paul, "Fast help.")
    keep = ("actions_answer_keep", room.pk, answer.pk)
    # A participant cannot, not even for their own answer.
    assert _post(paul, *keep, keep="1").status_code == 404
    assert f'id="keep-{answer.pk}"' not in _page(paul, room)
    assert _post(fiona, *keep, keep="1").status_code == 200
    answer.refresh_from_db()
    assert answer.in_document
    assert "In the document" in _page(paul, room)
    assert "Take out of the document" in _page(fiona, room)
    assert _post(fiona, *keep, keep="0").status_code == 200
    answer.refresh_from_db()
    assert not answer.in_document
    assert "In the document" not in _page(paul, room)


def test_the_answers_with_the_most_votes_are_kept_ties_and_all(room, paul, pia, fiona):
    speed = _value(room, "Speed")
    a, b, c = (_answer(speed, paul, text) for text in ("First.", "Second.", "Third."))
    other = _answer(speed, paul, "Another question.", question=Question.MISREAD)
    services.answer_in_document(answer=c, in_document=True)  # kept by hand before the vote
    for answer, supporters in ((a, [paul, pia]), (b, [pia, fiona]), (c, [fiona])):
        for user in supporters:
            services.answer_support(answer=answer, user=user, support=True)
    assert "Keep the answers with the most votes" in _page(fiona, room)
    assert "Keep the answers with the most votes" not in _page(paul, room)
    keep_top = ("actions_question_keep_top", room.pk, speed.pk, "meaning")
    assert _post(paul, *keep_top).status_code == 404
    assert not QuestionAnswer.objects.filter(pk__in=[a.pk, b.pk], in_document=True).exists()
    assert _post(fiona, *keep_top).status_code == 200
    kept = set(QuestionAnswer.objects.filter(in_document=True).values_list("pk", flat=True))
    assert kept == {a.pk, b.pk}  # the tie at the top, both; c is taken out
    other.refresh_from_db()
    assert not other.in_document  # another question is not touched


def test_keeping_the_top_answers_with_no_votes_says_so_and_changes_nothing(room, paul, fiona):
    speed = _value(room, "Speed")
    a = _answer(speed, paul, "First.")
    b = _answer(speed, paul, "Second.")
    services.answer_in_document(answer=b, in_document=True)
    response = _post(fiona, "actions_question_keep_top", room.pk, speed.pk, "meaning")
    assert response.status_code == 200
    assert "Nobody has voted for an answer to this question yet." in response.content.decode()
    assert list(QuestionAnswer.objects.filter(in_document=True)) == [b]
    a.refresh_from_db()
    assert not a.in_document
    # And for a question without any answer at all.
    response = _post(fiona, "actions_question_keep_top", room.pk, speed.pk, "adherence")
    assert "Nobody has voted" in response.content.decode()


def test_keeping_the_top_answers_of_an_unknown_question_is_a_404(room, fiona):
    speed = _value(room, "Speed")
    assert _post(fiona, "actions_question_keep_top", room.pk, speed.pk, "nope").status_code == 404


# Key metrics.


def test_a_metric_from_the_catalogue_is_added_with_its_target(room, paul, pia):
    speed = _value(room, "Speed")
    response = _post(
        paul,
        "actions_metric_add",
        room.pk,
        speed.pk,
        metric="frt",
        target="  under 1 hour ",
        measured_by="Help desk report",
    )
    assert response.status_code == 200
    metric = ValueMetric.objects.get()
    assert (metric.metric, metric.target, metric.measured_by, metric.added_by) == (
        "frt",
        "under 1 hour",
        "Help desk report",
        paul,
    )
    page = _page(pia, room)
    assert "target: under 1 hour" in page and "measured by: Help desk report" in page


def test_the_same_metric_twice_is_one_row_with_the_new_target(room, paul, pia):
    speed = _value(room, "Speed")
    _post(paul, "actions_metric_add", room.pk, speed.pk, metric="frt", target="under 2 hours")
    response = _post(pia, "actions_metric_add", room.pk, speed.pk, metric="frt", target="1 hour")
    assert response.status_code == 200
    assert list(ValueMetric.objects.values_list("metric", "target")) == [("frt", "1 hour")]
    # The same for a custom metric, whatever its spacing and case.
    for name in ("Callbacks kept", "  callbacks   KEPT "):
        _post(paul, "actions_metric_add", room.pk, speed.pk, metric="custom", custom_name=name)
    custom = ValueMetric.objects.get(metric="custom")
    assert custom.custom_name == "Callbacks kept"
    assert ValueMetric.objects.count() == 2


def test_a_custom_metric_needs_a_name_and_keeps_what_was_typed(room, paul):
    speed = _value(room, "Speed")
    for htmx in (True, False):
        response = _post(
            paul,
            "actions_metric_add",
            room.pk,
            speed.pk,
            htmx=htmx,
            metric="custom",
            custom_name="   ",
            target="Every call returned",
            measured_by="The call log",
        )
        assert response.status_code == 422
        body = response.content.decode()
        assert "Name the custom metric." in body
        assert 'value="Every call returned"' in body and 'value="The call log"' in body
        assert '<option value="custom" selected>' in body
        assert f'id="metric-add-{speed.pk}" open' in body
    assert not ValueMetric.objects.exists()
    _post(paul, "actions_metric_add", room.pk, speed.pk, metric="custom", custom_name="Callbacks")
    assert list(ValueMetric.objects.values_list("custom_name", flat=True)) == ["Callbacks"]
    assert "Callbacks" in _page(paul, room)


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"metric": "nope"},
        {"metric": "frt", "target": "x" * 101},
        {"metric": "custom", "custom_name": "x" * 61},
        {"metric": "frt", "measured_by": "a\x07b"},
    ],
)
def test_a_refused_metric_is_a_422_with_the_message(room, paul, data):
    speed = _value(room, "Speed")
    response = _post(paul, "actions_metric_add", room.pk, speed.pk, **data)
    assert response.status_code == 422
    assert 'class="error" id="metric-' in response.content.decode()
    assert 'id="actions-notice"' in response.content.decode()
    assert not ValueMetric.objects.exists()


def test_a_custom_metric_name_that_grows_when_casefolded_still_fits(room, paul):
    speed = _value(room, "Speed")
    name = "Straße" * 10  # 60 characters; casefolded, 70
    response = _post(
        paul, "actions_metric_add", room.pk, speed.pk, metric="custom", custom_name=name
    )
    assert response.status_code in (200, 422)
    assert response.status_code == 200
    metric = ValueMetric.objects.get()
    assert metric.custom_name == name and metric.custom_key == name.casefold()


def test_a_metric_is_removed_by_whoever_added_it_or_a_facilitator(room, paul, pia, fiona):
    speed = _value(room, "Speed")
    pauls = services.metric_add(candidate=speed, metric="frt", user=paul)
    pias = services.metric_add(candidate=speed, metric="aht", user=pia)
    assert _post(pia, "actions_metric_remove", room.pk, speed.pk, pauls.pk).status_code == 404
    page = _page(pia, room)
    assert f'id="remove-metric-{pauls.pk}"' not in page
    assert f'id="remove-metric-{pias.pk}"' in page
    # Under another value's address it is not found either.
    quality = _value(room, "Quality")
    assert _post(fiona, "actions_metric_remove", room.pk, quality.pk, pauls.pk).status_code == 404
    assert ValueMetric.objects.count() == 2
    assert _post(paul, "actions_metric_remove", room.pk, speed.pk, pauls.pk).status_code == 200
    assert _post(fiona, "actions_metric_remove", room.pk, speed.pk, pias.pk).status_code == 200
    assert not ValueMetric.objects.exists()


def test_a_quality_value_measured_only_by_handle_time_is_warned(room, paul):
    quality = _value(room, "Quality")
    warning = (
        "Average handle time rewards short conversations: as the only measure of Quality "
        "it pushes people to rush. Add FCR or CSAT."
    )
    _post(paul, "actions_metric_add", room.pk, quality.pk, metric="aht")
    assert warning in _page(paul, room)
    _post(paul, "actions_metric_add", room.pk, quality.pk, metric="fcr")
    assert warning not in _page(paul, room)
    assert "metric-warning" not in _page(paul, room)


def test_the_suggested_metrics_are_one_click_each_until_added(room, paul):
    speed = _value(room, "Speed")
    page = _page(paul, room)
    assert f'id="suggest-{speed.pk}-frt"' in page and f'id="suggest-{speed.pk}-aht"' in page
    quality = _value(room, "Quality")
    assert f'id="suggest-{quality.pk}-fcr"' in page and f'id="suggest-{quality.pk}-csat"' in page
    # The button sends only its metric.
    assert _post(paul, "actions_metric_add", room.pk, speed.pk, metric="frt").status_code == 200
    page = _page(paul, room)
    assert f'id="suggest-{speed.pk}-frt"' not in page and f'id="suggest-{speed.pk}-aht"' in page
    _post(paul, "actions_metric_add", room.pk, speed.pk, metric="aht")
    page = _page(paul, room)
    assert f'id="suggest-{speed.pk}-' not in page
    assert set(ValueMetric.objects.values_list("metric", flat=True)) == {"frt", "aht"}


# Each team's practice, and the conflict guides.


def test_a_teams_practice_is_made_by_its_first_save(room, paul, pia):
    speed = _value(room, "Speed")
    url = ("actions_practice_save", room.pk, speed.pk, "support")
    assert not TeamPractice.objects.exists()
    response = _post(paul, *url, text="We reply within the hour.", base_version=0)
    assert response.status_code == 200
    practice = TeamPractice.objects.get()
    assert (practice.team, practice.text, practice.version) == (
        "support",
        "We reply within the hour.",
        1,
    )
    assert "We reply within the hour." in _page(pia, room)
    assert "1 of 7 written" in _page(pia, room)
    # A second first save from the same version is a conflict, not a second row.
    lost = _post(pia, *url, text="We call back.", base_version=0)
    assert lost.status_code == 409 and "We call back." in lost.content.decode()
    assert TeamPractice.objects.count() == 1
    unknown = _post(
        paul, "actions_practice_save", room.pk, speed.pk, "nope", text="x", base_version=0
    )
    assert unknown.status_code == 404


def test_a_conflict_guide_is_made_by_its_first_save(room, paul, fiona):
    url = ("actions_guide_save", room.pk, "concerns")
    response = _post(paul, *url, text="Raise it with your lead.", base_version=0)
    assert response.status_code == 200
    guide = ConflictGuide.objects.get()
    assert (guide.workshop, guide.topic, guide.text) == (
        room,
        "concerns",
        "Raise it with your lead.",
    )
    assert "Raise it with your lead." in _page(fiona, room)
    unknown = _post(paul, "actions_guide_save", room.pk, "nope", text="x", base_version=0)
    assert unknown.status_code == 404
    assert ConflictGuide.objects.count() == 1


# Values that are not final.


def _value_endpoints(workshop, value, answer, metric):
    """Every stage-7 endpoint about one value, with data that would otherwise be accepted."""
    return [
        ("actions_statement_save", [value.pk], {"text": "Treat all well.", "base_version": 0}),
        ("actions_answer_add", [value.pk], {"question": "meaning", "text": "Hm."}),
        ("actions_answer_save", [answer.pk], {"text": "Changed.", "base_version": 1}),
        ("actions_answer_remove", [answer.pk], {}),
        ("actions_answer_support", [answer.pk], {"support": "1"}),
        ("actions_answer_keep", [answer.pk], {"keep": "1"}),
        ("actions_question_keep_top", [value.pk, "meaning"], {}),
        ("actions_metric_add", [value.pk], {"metric": "csat"}),
        ("actions_metric_remove", [value.pk, metric.pk], {}),
        ("actions_practice_save", [value.pk, "sales"], {"text": "We sell.", "base_version": 0}),
    ]


def _snapshot():
    return [
        list(model.objects.order_by("pk").values())
        for model in (ActionStatement, QuestionAnswer, AnswerSupport, ValueMetric, TeamPractice)
    ]


def test_a_value_that_is_not_final_is_a_404_on_every_value_endpoint(room, fiona):
    respect = _value(room, "Respect")  # proposed, never in the final set
    answer = _answer(respect, fiona, "Kept from before.")
    services.answer_support(answer=answer, user=fiona, support=True)
    metric = services.metric_add(candidate=respect, metric="csat", user=fiona)
    before = _snapshot()
    for name, args, data in _value_endpoints(room, respect, answer, metric):
        for htmx in (True, False):
            response = _post(fiona, name, room.pk, *args, htmx=htmx, **data)
            assert response.status_code == 404, name
    assert _snapshot() == before
    assert "Kept from before." not in _page(fiona, room)


def test_another_workshops_value_is_a_404_under_this_one(room, acme, fiona):
    other = workshop_for(acme, facilitators=[fiona], title="Other")
    value = brainstorm_services.candidate_add(workshop=other, name="Care", user=fiona)
    voting_services.finalise(workshop=other, candidate_ids=[value.pk], name="", user=fiona)
    answer = _answer(value, fiona, "Elsewhere.")
    metric = services.metric_add(candidate=value, metric="csat", user=fiona)
    before = _snapshot()
    for name, args, data in _value_endpoints(room, value, answer, metric):
        assert _post(fiona, name, room.pk, *args, **data).status_code == 404, name
    assert _snapshot() == before


def test_work_on_a_value_survives_unfinalising_and_shows_again_when_it_is_back(room, paul, fiona):
    speed, quality = _value(room, "Speed"), _value(room, "Quality")
    for value, text in ((speed, "Treat every customer with urgency."), (quality, "Get it right.")):
        _post(paul, "actions_statement_save", room.pk, value.pk, text=text, base_version=0)
        _post(paul, "actions_answer_add", room.pk, value.pk, question="meaning", text=f"{text}!")
        _post(paul, "actions_metric_add", room.pk, value.pk, metric="csat", target="4.5")
    voting_services.unfinalise(workshop=room)
    page = _page(paul, room)
    assert 'id="no-final-values"' in page and "Treat every customer with urgency." not in page
    assert (
        _post(
            paul, "actions_statement_save", room.pk, speed.pk, text="Gone?", base_version=1
        ).status_code
        == 404
    )
    # Stage 5 finalises again, without Quality.
    voting_services.finalise(workshop=room, candidate_ids=[speed.pk], name="", user=fiona)
    page = _page(paul, room)
    assert "Treat every customer with urgency." in page
    assert "Treat every customer with urgency.!" in page and "target: 4.5" in page
    assert "Get it right." not in page
    assert "0 of 1 value complete" in page
    # Quality's work waits in the database for its return.
    assert ActionStatement.objects.get(candidate=quality).text == "Get it right."
    assert QuestionAnswer.objects.filter(candidate=quality).count() == 1
    assert ValueMetric.objects.filter(candidate=quality).count() == 1
    # And the saved version still counts: the statement continues from version 1.
    response = _post(
        paul, "actions_statement_save", room.pk, speed.pk, text="Answer now.", base_version=1
    )
    assert response.status_code == 200
    voting_services.finalise(
        workshop=room, candidate_ids=[quality.pk, speed.pk], name="", user=fiona
    )
    assert "Get it right." in _page(paul, room)


# The progress line and what is still missing.


def _missing_lines(page: str) -> list[str]:
    if "actions-missing" not in page:
        return []
    part = page.split('<ul class="actions-missing"', 1)[1].split("</ul>", 1)[0]
    return [line.split("</li>")[0].strip() for line in part.split("<li>")[1:]]


def test_progress_follows_a_value_as_it_gets_all_it_needs(room, paul, fiona):
    speed = _value(room, "Speed")
    page = _page(paul, room)
    assert "0 of 3 values complete" in page
    assert _missing_lines(page) == [
        "The vision statement: the team picks it in stage 6.",
        "Speed: an action statement, 5 of the 5 questions without an answer kept, a key metric",
        "Quality: an action statement, 5 of the 5 questions without an answer kept, a key metric",
        "Honesty: an action statement, 5 of the 5 questions without an answer kept, a key metric",
    ]
    assert "7 things missing" in page

    _post(paul, "actions_statement_save", room.pk, speed.pk, text="Treat all fast.", base_version=0)
    lines = _missing_lines(_page(paul, room))
    assert lines[1] == "Speed: 5 of the 5 questions without an answer kept, a key metric"

    _post(paul, "actions_metric_add", room.pk, speed.pk, metric="frt")
    lines = _missing_lines(_page(paul, room))
    assert lines[1] == "Speed: 5 of the 5 questions without an answer kept"

    answers = [_answer(speed, paul, f"Answer to {q}.", question=q) for q in Question.values]
    lines = _missing_lines(_page(paul, room))
    assert lines[1] == "Speed: 5 of the 5 questions without an answer kept"  # none kept yet
    for answer in answers[:4]:
        _post(fiona, "actions_answer_keep", room.pk, answer.pk, keep="1")
    lines = _missing_lines(_page(paul, room))
    assert lines[1] == "Speed: 1 of the 5 questions without an answer kept"
    assert "0 of 3 values complete" in _page(paul, room)

    _post(fiona, "actions_answer_keep", room.pk, answers[4].pk, keep="1")
    page = _page(paul, room)
    assert "1 of 3 values complete" in page
    assert not any(line.startswith("Speed") for line in _missing_lines(page))
    assert len(_missing_lines(page)) == 3
    # Taking an answer out of the document makes it incomplete again.
    _post(fiona, "actions_answer_keep", room.pk, answers[0].pk, keep="0")
    page = _page(paul, room)
    assert "0 of 3 values complete" in page
    assert "Speed: 1 of the 5 questions without an answer kept" in _missing_lines(page)
    # Removing the only metric too.
    metric = ValueMetric.objects.get()
    _post(paul, "actions_metric_remove", room.pk, speed.pk, metric.pk)
    assert "Speed: 1 of the 5 questions without an answer kept, a key metric" in (
        _missing_lines(_page(paul, room))
    )


def test_a_workshop_without_final_values_says_where_they_come_from(acme, fiona, paul):
    workshop = workshop_for(acme, facilitators=[fiona], participants=[paul], title="Early")
    workshop_services.workshop_set_stage(workshop=workshop, stage=Stage.VALUES_IN_ACTION)
    page = _page(paul, workshop)
    assert 'id="no-final-values"' in page and 'id="actions-progress"' not in page


# Refusals are 422s with a message, never a 500, with or without htmx.


def test_refused_forms_are_422_with_the_message_with_and_without_htmx(room, paul):
    speed = _value(room, "Speed")
    for htmx in (True, False):
        response = _post(
            paul, "actions_answer_add", room.pk, speed.pk, htmx=htmx, question="meaning"
        )
        assert response.status_code == 422
        assert "Write your answer first." in response.content.decode()
        response = _post(paul, "actions_metric_add", room.pk, speed.pk, htmx=htmx)
        assert response.status_code == 422
        assert "Choose a metric." in response.content.decode()
        response = _post(
            paul, "actions_practice_save", room.pk, speed.pk, "hr", htmx=htmx,
            text="x" * 1001, base_version=0,
        )  # fmt: skip
        assert response.status_code == 422
        assert "1000" in response.content.decode()
        response = _post(
            paul, "actions_guide_save", room.pk, "coaching", htmx=htmx, text="x" * 1501,
            base_version=0,
        )  # fmt: skip
        assert response.status_code == 422
        assert "1500" in response.content.decode()
    assert not TeamPractice.objects.exists() and not ConflictGuide.objects.exists()


# The demo's fourth workshop.


def test_the_demos_fourth_workshop_is_ready_for_its_values_in_action():
    call_command("demo", stdout=StringIO())
    workshop = Workshop.objects.get(title="Our values in action")
    assert workshop.stage == Stage.VALUES_IN_ACTION
    for email in ("ben@demo.example", "ana@demo.example", "dan@demo.example"):
        user = User.objects.get(email=email)
        response = logged_in(user).get(workshop.get_absolute_url())
        assert response.status_code == 200, email
        body = response.content.decode()
        assert "Treat every customer with urgency." in body
        assert 'id="actions-progress"' in body
    page = _page(User.objects.get(email="ana@demo.example"), workshop)
    assert "Keep the answers with the most votes" in page  # Honesty's answers have votes
    assert "Put in the document" in page


# Every change moves the stage on every screen; a refusal and the check do not.


def _stage_version(workshop) -> int:
    """The versions of the stage and its parts, summed: a change to one value moves that
    value's part (and the progress line), not the whole stage."""
    parts = [live.STAGE, *stage_parts(workshop)]
    return sum(version or 0 for version in live.part_versions(workshop.pk, parts).values())


def stage_parts(workshop) -> list[str]:
    return [part.name for part in stage_screen(workshop.stage).parts]


def test_every_change_moves_the_stage_or_its_part_on_every_screen(
    room, paul, fiona, django_capture_on_commit_callbacks
):
    speed = _value(room, "Speed")
    answer = _answer(speed, paul, "Fast help.")
    metric = services.metric_add(candidate=speed, metric="frt", user=paul)
    services.answer_support(answer=answer, user=paul, support=True)
    changes = [
        (paul, "actions_statement_save", [speed.pk], {"text": "Treat all.", "base_version": 0}),
        (paul, "actions_answer_add", [speed.pk], {"question": "misread", "text": "Not rushed."}),
        (paul, "actions_answer_save", [answer.pk], {"text": "Fast, kind.", "base_version": 1}),
        (fiona, "actions_answer_support", [answer.pk], {"support": "1"}),
        (fiona, "actions_answer_keep", [answer.pk], {"keep": "1"}),
        (fiona, "actions_question_keep_top", [speed.pk, "meaning"], {}),
        (paul, "actions_metric_add", [speed.pk], {"metric": "aht"}),
        (paul, "actions_metric_remove", [speed.pk, metric.pk], {}),
        (
            paul,
            "actions_practice_save",
            [speed.pk, "hr"],
            {"text": "Hire fast.", "base_version": 0},
        ),
        (paul, "actions_guide_save", ["coaching"], {"text": "Ask first.", "base_version": 0}),
        (paul, "actions_answer_remove", [answer.pk], {}),
    ]
    for user, name, args, data in changes:
        before = _stage_version(room)
        with django_capture_on_commit_callbacks(execute=True):
            response = _post(user, name, room.pk, *args, **data)
        assert response.status_code == 200, name
        assert _stage_version(room) > before, name


def test_a_refusal_and_the_check_move_nothing(room, paul, django_capture_on_commit_callbacks):
    speed = _value(room, "Speed")
    services.statement_save(candidate=speed, text="Treat all.", base_version=0, user=paul)
    client = logged_in(paul)
    # (Not the live counter: a first screen of a viewer marks them present, a roster change.)
    watched = [live.WORKSHOP, live.STAGE, *stage_parts(room)]
    versions = live.part_versions(room.pk, watched)
    refused = [
        ("actions_statement_save", [speed.pk], {"text": "Stale.", "base_version": 0}, 409),
        ("actions_answer_add", [speed.pk], {"question": "meaning", "text": ""}, 422),
        ("actions_metric_add", [speed.pk], {"metric": "custom"}, 422),
        ("actions_check", [], {"text": "Treat all.", "check": "action-9"}, 200),
    ]
    for name, args, data, status in refused:
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            response = client.post(reverse(name, args=[room.pk, *args]), data, **HX)
        assert response.status_code == status, name
        assert callbacks == [], name
    assert live.part_versions(room.pk, watched) == versions


def test_what_people_write_is_shown_escaped(room, paul, fiona):
    speed = _value(room, "Speed")
    _post(paul, "actions_statement_save", room.pk, speed.pk, text="<b>Act</b> now.", base_version=0)
    _post(paul, "actions_answer_add", room.pk, speed.pk, question="meaning", text="<i>We</i>\nact")
    _post(
        paul, "actions_metric_add", room.pk, speed.pk, metric="custom",
        custom_name="<u>Calls</u>", target="<s>1</s>", measured_by="<em>log</em>",
    )  # fmt: skip
    _post(paul, "actions_practice_save", room.pk, speed.pk, "design", text="<script>x</script>",
          base_version=0)  # fmt: skip
    _post(paul, "actions_guide_save", room.pk, "complaints", text="<h1>Own it</h1>", base_version=0)
    page = _page(fiona, room)
    for raw in ("<b>Act", "<i>We", "<u>Calls", "<s>1", "<em>log", "<script>x", "<h1>Own"):
        assert raw not in page, raw
    for shown in ("&lt;b&gt;Act&lt;/b&gt; now.", "&lt;i&gt;We&lt;/i&gt;<br>act",
                  "&lt;u&gt;Calls&lt;/u&gt;", "&lt;script&gt;x&lt;/script&gt;",
                  "&lt;h1&gt;Own it&lt;/h1&gt;"):  # fmt: skip
        assert shown in page, shown


def _label(body: str, stem: str) -> str:
    return body.split(f'<label for="text-{stem}">', 1)[1].split("</label>", 1)[0]


def test_the_practice_and_guide_fields_keep_their_label_after_a_save(room, paul):
    speed = _value(room, "Speed")
    page = _page(paul, room)
    practice = _post(
        paul, "actions_practice_save", room.pk, speed.pk, "hr", text="Hire.", base_version=0
    ).content.decode()
    guide = _post(
        paul, "actions_guide_save", room.pk, "concerns", text="Tell.", base_version=0
    ).content.decode()
    assert _label(practice, f"team-{speed.pk}-hr") == _label(page, f"team-{speed.pk}-hr") == "HR"
    assert _label(guide, "guide-concerns") == _label(page, "guide-concerns")


def test_the_statement_and_answer_fields_keep_their_label_after_a_save(room, paul):
    speed = _value(room, "Speed")
    answer = _answer(speed, paul, "Fast help.")
    page = _page(paul, room)
    statement = _post(
        paul, "actions_statement_save", room.pk, speed.pk, text="Treat all.", base_version=0
    ).content.decode()
    saved = _post(
        paul, "actions_answer_save", room.pk, answer.pk, text="Fast.", base_version=1
    ).content.decode()
    stem = f"action-{speed.pk}"
    assert _label(statement, stem) == _label(page, stem)
    assert _label(saved, answer.stem) == _label(page, answer.stem)


def test_a_metric_warning_names_the_value_as_the_page_does(room, paul):
    quality = _value(room, "Quality")
    services.metric_add(candidate=quality, metric="aht", user=paul)
    client = logged_in(paul)
    client.cookies["django_language"] = "ro"
    page = client.get(room.get_absolute_url()).content.decode()
    assert f'<h3 id="value-{quality.pk}-heading">Calitate</h3>' in page
    warning = page.split('metric-warning" role="status">', 1)[1].split("</p>", 1)[0]
    assert "Calitate" in warning and "Quality" not in warning


def _opened(body: str) -> list[str]:
    return re.findall(r'<details id="(value-\d+)" class="value-in-action[^"]*" open>', body)


def test_the_page_opens_the_first_value_missing_something_and_a_change_the_value_worked_on(
    room, paul, fiona
):
    speed, quality = _value(room, "Speed"), _value(room, "Quality")
    assert _opened(_page(paul, room)) == [f"value-{speed.pk}"]
    # Speed complete: the page opens Quality.
    services.statement_save(candidate=speed, text="Treat all fast.", base_version=0, user=paul)
    services.metric_add(candidate=speed, metric="frt", user=paul)
    for question in Question.values:
        answer = _answer(speed, paul, "Yes.", question=question)
        services.answer_in_document(answer=answer, in_document=True)
    assert _opened(_page(paul, room)) == [f"value-{quality.pk}"]
    # An htmx change re-renders with only the value just worked on open.
    response = _post(paul, "actions_answer_add", room.pk, speed.pk, question="misread", text="No.")
    assert _opened(response.content.decode()) == [f"value-{speed.pk}"]
    refused = _post(paul, "actions_metric_add", room.pk, quality.pk, metric="custom")
    assert _opened(refused.content.decode()) == [f"value-{quality.pk}"]
