"""A room answering the survey at once, on the production topology (PostgreSQL, Redis):
every answer the respondent was thanked for is stored, once, and nobody sees a server error.

Each request comes from its own thread with its own test client and database connection,
so PostgreSQL sees truly concurrent transactions.
"""

import logging

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.test import Client, RequestFactory
from django.urls import reverse

from surveys import services
from surveys.devices import DEVICE_SALT
from surveys.models import Answer, device_fingerprint
from tests.realstack.threads import in_threads

pytestmark = [pytest.mark.realstack, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def survey(workshop, settings):
    if connection.vendor != "postgresql":
        pytest.fail("The realstack tier needs DATABASE_URL (PostgreSQL) and REDIS_URL set.")
    # Hundreds of answers from one address (and, below, one device) within seconds: the rate
    # limits have their own tests (tests/surveys/test_respond.py).
    settings.RATELIMIT_ENABLE = False
    survey = services.survey_for(workshop)
    services.survey_open(survey=survey)
    return survey


def _url(survey):
    return reverse("survey_respond", args=[survey.token])


def _device_of(cookie: str) -> str:
    """The device (as stored) of a device cookie, read as the view reads it."""
    name = django_settings.SURVEY_DEVICE_COOKIE
    request = RequestFactory().get("/")
    request.COOKIES[name] = cookie
    return device_fingerprint(request.get_signed_cookie(name, salt=DEVICE_SALT))


def _post(url: str, text: str, cookie: str | None = None) -> int:
    # No shared client: the test client's request-exception signal is not thread-safe, so a
    # 500 is read from the status and the logged traceback.
    client = Client(raise_request_exception=False)
    if cookie is not None:
        client.cookies[django_settings.SURVEY_DEVICE_COOKIE] = cookie
    return client.post(url, {"text": text}).status_code


def _server_errors(caplog) -> str:
    return "\n".join(
        f"{record.getMessage()}\n{record.exc_text or ''}"
        for record in caplog.records
        if record.name == "django.request" and record.levelno >= logging.ERROR
    )


def test_two_hundred_respondents_at_once_each_have_their_answer_stored(survey, caplog):
    url = _url(survey)
    threads, per_thread = 50, 4

    def answer(n):
        # No device cookie: every post is a new respondent.
        texts = [f"Answer {n}-{k}: fast, kind and honest ✓" for k in range(per_thread)]
        return [(text, _post(url, text)) for text in texts]

    results, failures = in_threads(threads, answer)

    assert failures == []
    assert len(results) == threads * per_thread
    server_errors = [(text, status) for text, status in results if status >= 500]
    assert server_errors == [], _server_errors(caplog)
    acknowledged = [text for text, status in results if status == 200]
    stored = list(Answer.objects.filter(survey=survey).values_list("text", flat=True))
    assert len(stored) == len(acknowledged)
    assert set(stored) == set(acknowledged)
    assert Answer.objects.filter(survey=survey).values("device").distinct().count() == len(stored)
    # With the rate limits off, no valid answer has a reason to be refused.
    assert sorted({status for _, status in results}) == [200]


def test_one_device_answering_from_many_tabs_at_once_keeps_one_answer(survey, caplog):
    """update_or_create races on the unique (survey, device) constraint: the first insert of
    a device, then row updates. Several devices, so the insert race is run several times."""
    url = _url(survey)
    devices, threads, per_thread = 4, 20, 3
    seen: dict[str, set[str]] = {}

    for d in range(devices):
        cookie = Client().get(url).cookies[django_settings.SURVEY_DEVICE_COOKIE].value
        device = _device_of(cookie)
        assert not Answer.objects.filter(survey=survey, device=device).exists()

        def answer(n, d=d, cookie=cookie):
            texts = [f"Device {d}, tab {n}, try {k}: warm and quick" for k in range(per_thread)]
            return [(text, _post(url, text, cookie)) for text in texts]

        results, failures = in_threads(threads, answer)

        assert failures == []
        assert len(results) == threads * per_thread
        server_errors = [(text, status) for text, status in results if status >= 500]
        assert server_errors == [], _server_errors(caplog)
        acknowledged = {text for text, status in results if status == 200}
        rows = list(
            Answer.objects.filter(survey=survey, device=device).values_list("text", flat=True)
        )
        assert len(rows) == 1, rows
        assert rows[0] in acknowledged
        assert sorted({status for _, status in results}) == [200]
        seen[device] = acknowledged

    assert Answer.objects.filter(survey=survey).count() == devices
    assert set(Answer.objects.filter(survey=survey).values_list("device", flat=True)) == set(seen)
