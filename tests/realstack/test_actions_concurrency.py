"""Stage 7 on PostgreSQL with real threads: saves that race each other.

- Two people save the same action statement from the same version: one save applies, the
  other is told someone saved first and gets its text back; nothing is lost.
- The same catalogue metric added by several people at once stays one row.
- The first saves of a team's practice (no row yet) made at once make one row, and no
  IntegrityError escapes: the one that did not make it is a conflict like any other.
"""

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from actions import services
from actions.models import ActionStatement, TeamPractice, ValueMetric
from tests.factories import OrganisationFactory, member, workshop_for
from values import brainstorm as brainstorm_services
from values import voting as voting_services
from workshops.models import Role

pytestmark = [pytest.mark.realstack, pytest.mark.django_db(transaction=True)]

PEOPLE = 8


@pytest.fixture
def room(settings):
    if connection.vendor != "postgresql":
        pytest.fail("The realstack tier needs DATABASE_URL (PostgreSQL) and REDIS_URL set.")
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    organisation = OrganisationFactory()
    facilitator = member(organisation, Role.FACILITATOR)
    people = [member(organisation, display_name=f"Person {n}") for n in range(PEOPLE)]
    workshop = workshop_for(organisation, facilitators=[facilitator], participants=people)
    speed = brainstorm_services.candidate_add(workshop=workshop, name="Speed", user=facilitator)
    voting_services.finalise(workshop=workshop, candidate_ids=[speed.pk], name="", user=facilitator)
    return workshop, speed, people


def _race(work, arguments):
    """Run `work(argument)` for each argument in its own thread, all released at once;
    returns the results and the exceptions."""
    start = threading.Barrier(len(arguments))
    results, errors = [], []
    lock = threading.Lock()

    def run(argument):
        try:
            start.wait()
            result = work(argument)
            with lock:
                results.append(result)
        except Exception as error:  # noqa: BLE001 - the test reports any failure
            with lock:
                errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(a,)) for a in arguments]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors


def test_two_saves_of_a_statement_from_one_version_apply_one_and_keep_the_other(room):
    workshop, speed, people = room
    url = reverse("actions_statement_save", args=[workshop.pk, speed.pk])
    texts = {people[0]: "Treat every customer with urgency.", people[1]: "Answer fast, fix today."}
    clients = {}
    for person in texts:
        clients[person] = Client(raise_request_exception=False)
        clients[person].force_login(person)

    def save(person):
        response = clients[person].post(
            url, {"text": texts[person], "base_version": 0}, HTTP_HX_REQUEST="true"
        )
        return person, response.status_code, response.content.decode()

    results, errors = _race(save, list(texts))
    assert errors == []
    statuses = sorted(status for _, status, _ in results)
    assert statuses == [200, 409], statuses
    statement = ActionStatement.objects.get(candidate=speed)
    winner = next(person for person, status, _ in results if status == 200)
    loser, _, body = next(result for result in results if result[1] == 409)
    assert (statement.text, statement.version, statement.updated_by) == (
        texts[winner],
        1,
        winner,
    )
    # Nothing lost: the loser sees the text that won and gets theirs back.
    assert texts[loser] in body and texts[winner] in body


def test_the_same_catalogue_metric_added_at_once_is_one_row(room):
    workshop, speed, people = room

    def add(person):
        return services.metric_add(
            candidate=speed, metric="frt", user=person, target=f"under {person.pk} hours"
        )

    results, errors = _race(add, people)
    assert errors == []
    assert len(results) == PEOPLE
    rows = list(ValueMetric.objects.filter(candidate=speed))
    assert len(rows) == 1 and rows[0].metric == "frt"
    assert {r.pk for r in results} == {rows[0].pk}
    assert rows[0].target in {f"under {p.pk} hours" for p in people}


def test_the_first_saves_of_a_teams_practice_at_once_make_one_row(room):
    workshop, speed, people = room
    assert not TeamPractice.objects.exists()

    def save(person):
        return services.practice_save(
            candidate=speed,
            team="support",
            text=f"{person.display_name}: we reply within the hour.",
            base_version=0,
            user=person,
        )

    results, errors = _race(save, people)
    assert errors == [], errors  # no IntegrityError escapes
    practice = TeamPractice.objects.get(candidate=speed, team="support")
    assert practice.version == 1
    applied = [r for r in results if not r.conflicted]
    refused = [r for r in results if r.conflicted]
    assert len(applied) == 1 and len(refused) == PEOPLE - 1
    assert practice.text == applied[0].row.text
    # Every refused save kept its own text for its author.
    written = {f"{p.display_name}: we reply within the hour." for p in people}
    assert {r.rejected_text for r in refused} | {practice.text} == written


def test_the_first_saves_of_a_teams_practice_through_the_page_are_never_a_server_error(room):
    workshop, speed, people = room
    url = reverse("actions_practice_save", args=[workshop.pk, speed.pk, "sales"])
    clients = {}
    for person in people:
        clients[person] = Client(raise_request_exception=False)
        clients[person].force_login(person)

    def save(person):
        response = clients[person].post(
            url,
            {"text": f"{person.display_name} sells honestly.", "base_version": 0},
            HTTP_HX_REQUEST="true",
        )
        return response.status_code

    results, errors = _race(save, people)
    assert errors == []
    assert sorted(results) == [200] + [409] * (PEOPLE - 1), results
    assert TeamPractice.objects.filter(candidate=speed, team="sales").count() == 1
