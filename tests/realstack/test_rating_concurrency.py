"""Ratings of stage 6 on PostgreSQL with real threads: the same person's ratings of the
same draft, sent many times at once, leave one row per criterion (INSERT … ON CONFLICT)."""

import threading

import pytest
from django.db import connection

from tests.factories import OrganisationFactory, member, workshop_for
from vision import services
from vision.models import DraftRating
from workshops.models import Role

pytestmark = [pytest.mark.realstack, pytest.mark.django_db(transaction=True)]


def test_concurrent_ratings_of_one_criterion_leave_one_row():
    if connection.vendor != "postgresql":
        pytest.fail("The realstack tier needs DATABASE_URL (PostgreSQL) and REDIS_URL set.")
    organisation = OrganisationFactory()
    facilitator = member(organisation, Role.FACILITATOR)
    rater = member(organisation, Role.PARTICIPANT)
    workshop = workshop_for(organisation, facilitators=[facilitator], participants=[rater])
    draft = services.draft_create(workshop=workshop, author=rater, text="Fast, kind help.")
    errors = []
    start = threading.Barrier(8)

    def rate(verdict):
        try:
            start.wait()
            ratings = {"simple": (verdict, ""), "service": (verdict, "")}
            services.draft_rate(draft=draft, rater=rater, ratings=ratings)
        except Exception as error:  # noqa: BLE001 - the test reports any failure
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=rate, args=(v,)) for v in ("meets", "needs_work") * 4]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert DraftRating.objects.filter(draft=draft, rater=rater).count() == 2
