"""The share link's interpretation check on PostgreSQL with real threads: a company reads
the philosophy at once and says what its values mean to them.

- A hundred answers at once, from many devices over two values (some devices answer both
  values, some answer one twice): none lost, exactly one row per device and value, each
  the device's latest text, and nobody sees a server error.
- One device answering the same value from several tabs at once: one row, never an
  IntegrityError (the upsert takes the race on the unique constraint).

Each request comes from its own thread with its own test client and database connection,
so PostgreSQL sees truly concurrent transactions.
"""

import logging

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.test import Client, RequestFactory
from django.urls import reverse

from documents import sharing, versions
from documents.models import Interpretation
from surveys.devices import DEVICE_SALT
from tests.documents.conftest import complete_value, finalise_values, give_purpose, pick_vision
from tests.realstack.threads import in_threads

pytestmark = [pytest.mark.realstack, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def shared(workshop, alice, fiona, paul, settings):
    """The workshop's document complete, finalised and shared: its link, and its values."""
    if connection.vendor != "postgresql":
        pytest.fail("The realstack tier needs DATABASE_URL (PostgreSQL) and REDIS_URL set.")
    # A hundred answers from one address within a second: the rate limits have their own
    # tests (tests/documents/test_sharing.py).
    settings.RATELIMIT_ENABLE = False
    give_purpose(workshop, fiona)
    pick_vision(workshop, fiona)
    honesty, speed = finalise_values(workshop, fiona)
    for value in (honesty, speed):
        complete_value(value, paul)
    versions.version_finalise(workshop=workshop, user=fiona)
    link = sharing.share_start(workshop=workshop, user=alice)
    return link, honesty, speed


def _url(link) -> str:
    return reverse("document_share", args=[link.token])


def _new_device(url: str) -> str:
    """A device cookie, as the share page gives it on a first visit."""
    return Client().get(url).cookies[django_settings.SURVEY_DEVICE_COOKIE].value


def _device_of(cookie: str) -> str:
    """The device (as stored) of a device cookie, read as the view reads it."""
    name = django_settings.SURVEY_DEVICE_COOKIE
    request = RequestFactory().get("/")
    request.COOKIES[name] = cookie
    return sharing.interpretation_device(request.get_signed_cookie(name, salt=DEVICE_SALT))


def _post(url: str, cookie: str, value: int, text: str) -> int:
    # No shared client: the test client's request-exception signal is not thread-safe, so a
    # 500 is read from the status and the logged traceback.
    client = Client(raise_request_exception=False)
    client.cookies[django_settings.SURVEY_DEVICE_COOKIE] = cookie
    return client.post(url, {"value": value, "text": text}).status_code


def _server_errors(caplog) -> str:
    return "\n".join(
        f"{record.getMessage()}\n{record.exc_text or ''}"
        for record in caplog.records
        if record.name == "django.request" and record.levelno >= logging.ERROR
    )


def test_a_hundred_answers_at_once_keep_one_row_per_device_and_value_the_latest(shared, caplog):
    link, honesty, speed = shared
    url = _url(link)
    # Per device, the answers it sends one after the other: 40 devices answer Honesty,
    # 20 answer both values, 10 answer Speed twice (the second replaces the first).
    plans: list[list[tuple[int, str]]] = []
    for d in range(40):
        plans.append([(honesty.pk, f"Device {d}: the truth, even when it costs a sale.")])
    for d in range(40, 60):
        plans.append(
            [
                (honesty.pk, f"Device {d}: we say what we do not know."),
                (speed.pk, f"Device {d}: nobody waits for us."),
            ]
        )
    for d in range(60, 70):
        plans.append(
            [
                (speed.pk, f"Device {d}, first thought: closing tickets fast."),
                (speed.pk, f"Device {d}, second thought: a quick answer, then a real fix."),
            ]
        )
    assert sum(len(plan) for plan in plans) == 100
    cookies = [_new_device(url) for _plan in plans]

    def answer(n):
        return [(n, value, text, _post(url, cookies[n], value, text)) for value, text in plans[n]]

    results, failures = in_threads(len(plans), answer)

    assert failures == []
    assert len(results) == 100
    server_errors = [result for result in results if result[3] >= 500]
    assert server_errors == [], _server_errors(caplog)
    # With the rate limits off, no valid answer has a reason to be refused.
    # Each saved, then sent back to the page by a redirect.
    assert sorted({status for *_sent, status in results}) == [302]
    # Exactly one row per device and value, each holding the device's last text for it.
    expected = {}
    for n, plan in enumerate(plans):
        for value, text in plan:
            expected[_device_of(cookies[n]), value] = text
    rows = Interpretation.objects.filter(workshop=link.workshop)
    stored = {(row.device, row.candidate_id): row.text for row in rows}
    assert rows.count() == len(stored) == len(expected) == 90
    assert stored == expected
    assert rows.filter(candidate=honesty).count() == 60
    assert rows.filter(candidate=speed).count() == 30


def test_one_device_answering_from_many_tabs_at_once_keeps_one_answer(shared, caplog):
    link, honesty, _speed = shared
    url = _url(link)
    tabs = 12
    cookie = _new_device(url)

    def answer(n):
        text = f"Tab {n}: being straight with customers."
        return [(n, honesty.pk, text, _post(url, cookie, honesty.pk, text))]

    results, failures = in_threads(tabs, answer)

    assert failures == []
    server_errors = [result for result in results if result[3] >= 500]
    assert server_errors == [], _server_errors(caplog)
    # Each saved, then sent back to the page by a redirect.
    assert sorted({status for *_sent, status in results}) == [302]
    (row,) = Interpretation.objects.filter(candidate=honesty)
    assert row.device == _device_of(cookie)
    assert row.text in {text for _n, _value, text, _status in results}
