"""Merging values while a round is open, on PostgreSQL with real threads: merges and dot
clicks take their row locks in one order (docs/architecture.md), so none deadlocks and no
click is a server error; every dot stays counted, within the budget and the cap.

Before the one lock order, 15 merges racing 12 voters gave dozens of "deadlock detected"
errors: a merge locked entries, then votes, then ballots; a dot the other way round.
"""

import contextlib
import random
import threading

import pytest
from django.db import connection
from django.db.models import Sum
from django.db.models.functions import Coalesce

from tests.factories import OrganisationFactory, member, workshop_for
from values import brainstorm as brainstorm_services
from values import voting as voting_services
from values.models import Ballot, Candidate, Entry, Vote
from workshops.models import Role
from workshops.services import DomainError

pytestmark = [pytest.mark.realstack, pytest.mark.django_db(transaction=True)]

VOTERS = 12
CLICKS_EACH = 24
MERGES = 15
BUDGET = 6
CAP = 2
NAMES = [
    *("Amber", "Anchor", "Arrow", "Badger", "Basil", "Beacon", "Birch", "Cedar", "Comet"),
    *("Coral", "Delta", "Ember", "Falcon", "Fern", "Garnet", "Harbor", "Indigo", "Jasper"),
    *("Juniper", "Kestrel", "Lantern", "Maple", "Meadow", "Nectar", "Onyx", "Pebble"),
    *("Quartz", "Raven", "Saffron", "Tundra"),
]
assert len(NAMES) == 2 * MERGES


@pytest.fixture
def room(settings):
    if connection.vendor != "postgresql":
        pytest.fail("The realstack tier needs DATABASE_URL (PostgreSQL) and REDIS_URL set.")
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    organisation = OrganisationFactory()
    facilitator = member(organisation, Role.FACILITATOR)
    voters = [member(organisation) for _ in range(VOTERS)]
    workshop = workshop_for(organisation, facilitators=[facilitator], participants=voters)
    candidates = [
        brainstorm_services.candidate_add(workshop=workshop, name=name, user=facilitator)
        for name in NAMES
    ]
    voting = voting_services.round_open(
        workshop=workshop, candidates=candidates, budget=BUDGET, cap=CAP
    )
    return voting, voters, candidates


def test_merges_during_an_open_round_neither_deadlock_nor_lose_a_dot(room):
    voting, voters, candidates = room
    entry_ids = list(voting.entries.values_list("pk", flat=True))
    start = threading.Barrier(VOTERS + 3, timeout=60)
    errors: list[BaseException] = []
    lock = threading.Lock()

    def vote(user, seed: int):
        rng = random.Random(seed)
        try:
            start.wait()
            for _ in range(CLICKS_EACH):
                click = (
                    voting_services.dot_remove if rng.random() < 0.3 else voting_services.dot_add
                )
                # A full ballot, a value merged away meanwhile: refused with a message.
                with contextlib.suppress(voting_services.VoteRefused):
                    click(voting=voting, user=user, entry_id=rng.choice(entry_ids))
        except Exception as error:  # noqa: BLE001 - a server error: reported below
            with lock:
                errors.append(error)
        finally:
            connection.close()

    def merge(pairs):
        try:
            start.wait()
            for source, target in pairs:
                with contextlib.suppress(DomainError):
                    brainstorm_services.candidates_merge(source=source, target=target)
        except Exception as error:  # noqa: BLE001 - a server error: reported below
            with lock:
                errors.append(error)
        finally:
            connection.close()

    pairs = [(candidates[2 * n + 1], candidates[2 * n]) for n in range(MERGES)]
    threads = [threading.Thread(target=vote, args=(u, n)) for n, u in enumerate(voters)]
    threads += [threading.Thread(target=merge, args=(pairs[n::3],)) for n in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not any(thread.is_alive() for thread in threads), "a click or a merge hung"

    assert [f"{type(e).__name__}: {e}" for e in errors] == []
    assert Candidate.objects.filter(workshop=voting.workshop).count() == MERGES
    assert Entry.objects.filter(round=voting).count() == MERGES
    # Every dot is counted once: on its ballot, on its vote row and on its entry.
    ballots = Ballot.objects.filter(round=voting).annotate(dots=Coalesce(Sum("votes__count"), 0))
    assert [(b.pk, b.used, b.dots) for b in ballots if b.used != b.dots or b.used > BUDGET] == []
    assert not Vote.objects.filter(entry__round=voting, count__gt=CAP).exists()
    entries = Entry.objects.filter(round=voting).annotate(placed=Coalesce(Sum("dots__count"), 0))
    assert [(e.name, e.votes, e.placed) for e in entries if e.votes != e.placed] == []
    assert sum(b.used for b in ballots) > 0
