"""A database restart while people answer: an answer is stored after one more try on a
fresh connection, or it comes back to the respondent in the form with a 503; never a bare
error page, never lost words."""

import pytest
from django.db import OperationalError, connection
from django.urls import reverse

from surveys import services

pytestmark = pytest.mark.django_db

TEXT = "Kind <b>people</b>, fast answers"
SHOWN_BACK = ">\nKind &lt;b&gt;people&lt;/b&gt;, fast answers</textarea>"


@pytest.fixture
def survey(workshop, settings):
    settings.SURVEY_RETRY_DELAY_SECONDS = 0
    survey = services.survey_for(workshop)
    services.survey_open(survey=survey)
    return survey


def _url(survey):
    return reverse("survey_respond", args=[survey.token])


class DroppedConnection:
    """Fails the first `times` queries whose SQL matches, as a restarted server does."""

    def __init__(self, verb: str = "", table: str = "", times: int = 1):
        self.verb, self.table, self.times, self.failed = verb, table, times, 0

    def __call__(self, execute, sql, params, many, context):
        matches = sql.lstrip().upper().startswith(self.verb) and self.table in sql
        if matches and self.failed < self.times:
            self.failed += 1
            raise OperationalError("server closed the connection unexpectedly")
        return execute(sql, params, many, context)


@pytest.mark.parametrize(
    ("verb", "table"), [("INSERT", "surveys_answer"), ("SELECT", "surveys_survey")]
)
def test_an_answer_that_meets_a_dropped_connection_is_stored_on_the_second_try(
    client, survey, verb, table
):
    outage = DroppedConnection(verb, table)
    with connection.execute_wrapper(outage):
        response = client.post(_url(survey), {"text": TEXT})
    assert outage.failed == 1
    assert response.status_code == 200
    assert "Your answer is saved" in response.content.decode()
    assert list(survey.answers.values_list("text", flat=True)) == [TEXT]


def test_an_answer_the_database_cannot_take_comes_back_in_the_form_with_a_503(client, survey):
    assert client.get(_url(survey)).status_code == 200
    # Every query fails, the cache's too when it is in the database (no Redis).
    with connection.execute_wrapper(DroppedConnection(times=999)):
        response = client.post(_url(survey), {"text": TEXT})
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    page = response.content.decode()
    assert "We could not save your answer just now" in page
    assert SHOWN_BACK in page
    assert survey.question in page
    assert f'action="{_url(survey)}"' in page
    assert "Your answer is saved" not in page
    assert survey.answers.count() == 0
    # The answer is tried twice, no more.
    outage = DroppedConnection("INSERT", "surveys_answer", times=99)
    with connection.execute_wrapper(outage):
        assert client.post(_url(survey), {"text": TEXT}).status_code == 503
    assert outage.failed == 2
    # Sent again once the database is back, it is stored.
    response = client.post(_url(survey), {"text": TEXT})
    assert response.status_code == 200
    assert list(survey.answers.values_list("text", flat=True)) == [TEXT]


def test_a_process_that_never_read_the_survey_still_gives_the_answer_back(
    client, survey, monkeypatch
):
    monkeypatch.setattr(services, "_recently_read", {})
    with connection.execute_wrapper(DroppedConnection(times=999)):
        response = client.post(_url(survey), {"text": TEXT})
    assert response.status_code == 503
    page = response.content.decode()
    assert "We could not save your answer just now" in page
    assert SHOWN_BACK in page
    assert f'action="{_url(survey)}"' in page
    assert '<h1 id="question">Your answer</h1>' in page and survey.question not in page
