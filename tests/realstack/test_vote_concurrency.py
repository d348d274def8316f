"""A room clicking dots at once, on PostgreSQL with real threads: nobody ever holds more
dots than the budget or more than the cap on one value, every acknowledged click is counted
once, and a refused click is a VoteRefused, never a server error.

30 participants make 12 attempts each per round (most add a dot, some take one back), in
10 rounds in a row. Each participant clicks in bursts of 4 at once, so a burst meets the
dots of the earlier ones. The clicks run in a pool of threads, each with its own database
connection, released in waves by a barrier: each wave is the bursts of several people, so
PostgreSQL sees one ballot, its votes and the shared entries updated by several
transactions at the same moment.
"""

import random
import threading
import time
from collections import Counter
from dataclasses import dataclass

import pytest
from django.db import connection
from django.db.models import Sum
from django.db.models.functions import Coalesce

from tests.factories import OrganisationFactory, member, workshop_for
from values import brainstorm as brainstorm_services
from values import voting as voting_services
from values.models import Ballot, Entry, Vote
from workshops.models import Role

pytestmark = [pytest.mark.realstack, pytest.mark.django_db(transaction=True)]

PARTICIPANTS = 30
ATTEMPTS_EACH = 12
BURST = 4  # one person's clicks at the same moment; ATTEMPTS_EACH in 3 bursts
BUDGET = 5
REPETITIONS = 10
THREADS = 36  # a wave: the bursts of 9 people; 10 waves a round (2 cores: more is no faster)
REMOVE_SHARE = 0.25
VALUES = ("Honesty", "Respect", "Speed", "Curiosity", "Patience", "Courage", "Clarity", "Care")
DEADLOCK = "40P01"  # SQLSTATE deadlock_detected


class ServerErrors(AssertionError):
    """Clicks that failed with something other than VoteRefused: each one a 500."""


@dataclass(frozen=True)
class Attempt:
    voter: int  # index into the participants
    entry_id: int
    remove: bool


@pytest.fixture
def room(settings):
    if connection.vendor != "postgresql":
        pytest.fail("The realstack tier needs DATABASE_URL (PostgreSQL) and REDIS_URL set.")
    # 31 accounts to create: the strength of the password hash is not under test here.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    organisation = OrganisationFactory()
    facilitator = member(organisation, Role.FACILITATOR)
    participants = [member(organisation) for _ in range(PARTICIPANTS)]
    workshop = workshop_for(organisation, facilitators=[facilitator], participants=participants)
    candidates = [
        brainstorm_services.candidate_add(workshop=workshop, name=name, user=facilitator)
        for name in VALUES
    ]
    return workshop, participants, candidates


def _attempts(rng: random.Random, entry_ids: list[int]) -> list[Attempt]:
    """Everyone's bursts, everyone's first burst before anyone's second."""
    attempts = []
    for _burst in range(ATTEMPTS_EACH // BURST):
        voters = list(range(PARTICIPANTS))
        rng.shuffle(voters)
        for voter in voters:
            attempts += [
                Attempt(voter, rng.choice(entry_ids), rng.random() < REMOVE_SHARE)
                for _ in range(BURST)
            ]
    return attempts


def _click_at_once(voting, participants, attempts: list[Attempt]):
    """Run the attempts in waves of THREADS at once; the outcome of each attempt: "ok",
    "refused", or the exception it raised."""
    assert THREADS % BURST == 0
    assert len(attempts) % THREADS == 0
    wave = threading.Barrier(THREADS, timeout=120)
    outcomes: list[tuple[Attempt, object]] = []
    lock = threading.Lock()

    def run(mine: list[Attempt]):
        try:
            for attempt in mine:
                wave.wait()
                click = voting_services.dot_remove if attempt.remove else voting_services.dot_add
                user = participants[attempt.voter]
                try:
                    click(voting=voting, user=user, entry_id=attempt.entry_id)
                    outcome = "ok"
                except voting_services.VoteRefused:
                    outcome = "refused"
                except Exception as error:  # noqa: BLE001 - a server error: reported by the test
                    outcome = error
                with lock:
                    outcomes.append((attempt, outcome))
        finally:
            connection.close()

    # Thread n takes the n-th click of every wave.
    threads = [threading.Thread(target=run, args=(attempts[n::THREADS],)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not any(thread.is_alive() for thread in threads), "a click hung"
    assert len(outcomes) == len(attempts), "a thread stopped early (broken barrier?)"
    return outcomes


def _describe(error: BaseException) -> str:
    cause = error.__cause__
    return f"{type(error).__name__} ({type(cause).__name__ if cause else '-'}): {error}"


def _check_round(voting, cap: int, participants, outcomes) -> Counter:
    """The invariants, read back from the database; a tally of the outcomes."""
    ballots = list(
        Ballot.objects.filter(round=voting).annotate(dots=Coalesce(Sum("votes__count"), 0))
    )
    assert len(ballots) == PARTICIPANTS + 1  # the facilitator is seated too
    assert [(b.voter_id, b.used) for b in ballots if b.used > BUDGET] == []
    assert [(b.voter_id, b.used, b.dots) for b in ballots if b.used != b.dots] == []

    votes = Vote.objects.filter(entry__round=voting)
    assert list(votes.filter(count__gt=cap).values_list("pk", "count")) == []
    assert not votes.exclude(cap=cap).exists()

    entries = Entry.objects.filter(round=voting).annotate(placed=Coalesce(Sum("dots__count"), 0))
    assert [(e.name, e.votes, e.placed) for e in entries if e.votes != e.placed] == []

    # Every acknowledged click is in the database, once; refused and failed ones are not.
    tally: Counter = Counter()
    net: Counter = Counter()
    errors = []
    for attempt, outcome in outcomes:
        kind = "remove" if attempt.remove else "add"
        if isinstance(outcome, BaseException):
            errors.append((attempt, outcome))
            outcome = "error"
        tally[f"{kind} {outcome}"] += 1
        if outcome == "ok":
            net[participants[attempt.voter].pk] += -1 if attempt.remove else 1
    used = {b.voter_id: b.used for b in ballots}
    assert tally["add ok"] - tally["remove ok"] == sum(used.values())
    assert {voter: dots for voter, dots in used.items() if dots} == +net
    # The round was really contested: some ballots filled up and some clicks were refused.
    assert BUDGET in used.values()
    assert tally["add refused"] > 0

    # Last, so that a broken invariant is what gets reported when both happen.
    report = "\n".join(f"{a}: {_describe(e)}" for a, e in errors[:5])
    if errors and all(getattr(e.__cause__, "sqlstate", None) == DEADLOCK for _, e in errors):
        raise ServerErrors(f"{len(errors)} clicks deadlocked:\n{report}")
    assert errors == [], report
    return tally


@pytest.mark.parametrize(
    "cap",
    [
        # With a cap of 2 an add and a remove of one person's dot on one value meet on
        # the same rows: they must lock them in the same order, or they deadlock.
        2,
        # With a cap of 1 an add never waits for a Vote row that has a dot (its
        # `count < cap` fails on the committed row), so the lock cycle cannot close.
        1,
    ],
)
def test_thirty_voters_clicking_at_once_never_exceed_budget_or_cap(room, cap):
    workshop, participants, candidates = room
    rng = random.Random(f"dots-{cap}")
    totals: Counter = Counter()
    started = time.monotonic()
    voting = None
    for repetition in range(1, REPETITIONS + 1):
        if voting is not None:
            voting_services.round_reveal(voting=voting)
        voting = voting_services.round_open(
            workshop=workshop, candidates=candidates, budget=BUDGET, cap=cap
        )
        entry_ids = list(voting.entries.values_list("pk", flat=True))
        outcomes = _click_at_once(voting, participants, _attempts(rng, entry_ids))
        try:
            totals += _check_round(voting, cap, participants, outcomes)
        except AssertionError as failure:
            failure.add_note(f"round {repetition} of {REPETITIONS}, cap {cap}")
            raise
    print(
        f"cap {cap}: {REPETITIONS} rounds of {PARTICIPANTS} × {ATTEMPTS_EACH} clicks "
        f"in {time.monotonic() - started:.1f}s: {dict(totals)}"
    )
