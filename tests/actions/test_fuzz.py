"""Random input on every form of stage 7 (every POST endpoint of actions/urls.py): never a
server error, whatever text, choice or version arrives, from a participant or a
facilitator, with htmx or without."""

import pytest
from django.urls import get_resolver, reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from actions import services
from actions.models import ActionStatement, QuestionAnswer, ValueMetric
from tests.factories import logged_in, workshop_for
from values import brainstorm as brainstorm_services
from values import voting as voting_services
from workshops import services as workshop_services
from workshops.models import Stage

pytestmark = pytest.mark.django_db

_FUZZ = hypothesis_settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Text of every kind: control characters, NUL, surrogates are not sendable; long and
# whitespace-only texts and letters that grow when casefolded (ß, ﬃ) are.
_TEXT = st.one_of(
    st.text(max_size=80),
    st.text(alphabet="ßﬃ İ\n\t\x00\x07<>&\"'", max_size=80),
    st.text(min_size=180, max_size=1600).map(lambda s: s[:1600]),
    st.just(""),
    st.just("   "),
)
_VERSION = st.one_of(
    st.integers(min_value=-3, max_value=5).map(str),
    st.sampled_from(["", "x", "1.5", "99999999999999999999999", "-0"]),
)


def _choice(*known):
    return st.one_of(st.sampled_from(known), st.text(max_size=20))


_CHOICE = {
    "question": _choice("meaning", "misread", "MEANING", ""),
    "metric": _choice("csat", "frt", "aht", "custom", "nope", ""),
    "support": st.sampled_from(["0", "1", "", "yes", "2"]),
    "keep": st.sampled_from(["0", "1", "", "true"]),
    "check": _choice("action-1", "action-", "new", "action-1\n", " action-2 "),
}
_FIELDS = ("text", "base_version", "custom_name", "target", "measured_by", *_CHOICE)


def _field(name):
    if name in _CHOICE:
        return _CHOICE[name]
    if name == "base_version":
        return _VERSION
    return _TEXT


_DATA = st.lists(st.sampled_from(_FIELDS), unique=True).flatmap(
    lambda names: st.fixed_dictionaries({name: _field(name) for name in names})
)


@pytest.fixture
def room(acme, alice, fiona, paul, settings):
    settings.RATELIMIT_ENABLE = False  # the live check is rate limited; its limit has tests
    workshop = workshop_for(acme, facilitators=[fiona], participants=[paul], title="Fuzz")
    ids = [
        brainstorm_services.candidate_add(workshop=workshop, name=name, user=fiona).pk
        for name in ("Quality", "Honesty", "Respect")
    ]
    voting_services.finalise(workshop=workshop, candidate_ids=ids[:2], name="", user=fiona)
    workshop_services.workshop_set_stage(workshop=workshop, stage=Stage.VALUES_IN_ACTION)
    return workshop


def _objects(room, paul):
    """The value, an answer and a metric the endpoints act on (made again when removed)."""
    value = room.candidates.get(name="Quality")
    answer = QuestionAnswer.objects.filter(candidate=value).first() or services.answer_add(
        candidate=value, question="meaning", text="Right first time.", user=paul
    )
    metric = ValueMetric.objects.filter(candidate=value).first() or services.metric_add(
        candidate=value, metric="aht", user=paul
    )
    return value, answer, metric


def _urls(room, value, answer, metric, slug):
    w = room.pk
    return {
        "actions_statement_save": reverse("actions_statement_save", args=[w, value.pk]),
        "actions_check": reverse("actions_check", args=[w]),
        "actions_answer_add": reverse("actions_answer_add", args=[w, value.pk]),
        "actions_answer_save": reverse("actions_answer_save", args=[w, answer.pk]),
        "actions_answer_remove": reverse("actions_answer_remove", args=[w, answer.pk]),
        "actions_answer_support": reverse("actions_answer_support", args=[w, answer.pk]),
        "actions_answer_keep": reverse("actions_answer_keep", args=[w, answer.pk]),
        "actions_question_keep_top": reverse(
            "actions_question_keep_top", args=[w, value.pk, slug or "meaning"]
        ),
        "actions_metric_add": reverse("actions_metric_add", args=[w, value.pk]),
        "actions_metric_remove": reverse("actions_metric_remove", args=[w, value.pk, metric.pk]),
        "actions_practice_save": reverse(
            "actions_practice_save", args=[w, value.pk, slug or "support"]
        ),
        "actions_guide_save": reverse("actions_guide_save", args=[w, slug or "concerns"]),
    }


ENDPOINTS = [
    "actions_statement_save",
    "actions_check",
    "actions_answer_add",
    "actions_answer_save",
    "actions_answer_remove",
    "actions_answer_support",
    "actions_answer_keep",
    "actions_question_keep_top",
    "actions_metric_add",
    "actions_metric_remove",
    "actions_practice_save",
    "actions_guide_save",
]
# Slugs for the question, team and topic in the URL: known, unknown, and the other kinds'.
_SLUG = st.sampled_from(
    ["", "meaning", "adherence", "support", "hr", "concerns", "coaching", "nope", "in_action"]
)


def test_every_post_endpoint_is_fuzzed():
    names = [name for name in get_resolver().reverse_dict if isinstance(name, str)]
    assert sorted(ENDPOINTS) == sorted(n for n in names if n.startswith("actions_"))


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@given(data=_DATA, slug=_SLUG, facilitator=st.booleans(), htmx=st.booleans())
@_FUZZ
def test_no_stage_7_form_fails_on_any_input(
    room, paul, fiona, endpoint, data, slug, facilitator, htmx
):
    value, answer, metric = _objects(room, paul)
    url = _urls(room, value, answer, metric, slug)[endpoint]
    extra = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    response = logged_in(fiona if facilitator else paul).post(url, data, **extra)
    assert response.status_code < 500, (endpoint, data)
    assert response.status_code in (200, 302, 404, 409, 422), (endpoint, response.status_code)
    for statement in ActionStatement.objects.all():
        assert "\x00" not in statement.text and len(statement.text) <= ActionStatement.MAX_LENGTH
    for answer in QuestionAnswer.objects.all():
        assert (
            answer.text.strip()
            and "\x00" not in answer.text
            and len(answer.text) <= QuestionAnswer.MAX_LENGTH
        )
    for metric in ValueMetric.objects.all():
        assert len(metric.custom_name) <= ValueMetric.NAME_MAX_LENGTH
        assert len(metric.target) <= ValueMetric.TARGET_MAX_LENGTH
