"""A voter's dots: each comes off, or counts against, the right value and the right voter.

Written against the public services (round_open, candidate_add, dot_add, dot_remove) and
the voting screen, as the people in the room see it with live results. Refusals are checked
as whole sentences: they are what the voter reads.
"""

import re

import pytest
from django.urls import reverse

from tests.factories import logged_in as _as
from values import brainstorm as brainstorm_services
from values import voting as voting_services
from values.models import Ballot
from workshops import services as workshop_services

pytestmark = pytest.mark.django_db


@pytest.fixture
def voting(workshop, paul):
    workshop_services.workshop_set_stage(workshop=workshop, stage=5)
    candidates = [
        brainstorm_services.candidate_add(workshop=workshop, name=name, user=paul)
        for name in ("Honesty", "Respect", "Speed")
    ]
    return voting_services.round_open(
        workshop=workshop, candidates=candidates, budget=3, cap=2, results_live=True
    )


def _entry(voting, name) -> int:
    return voting.entries.get(name=name).pk


def _take_back(user, voting, name):
    url = reverse("vote_dot", args=[voting.workshop_id, voting.pk])
    return _as(user).post(url, {"remove": _entry(voting, name)}, HTTP_HX_REQUEST="true")


def _counts(page: str) -> dict[str, int]:
    """The dots each value shows on the live results, by name."""
    rows = re.findall(
        r'<span class="entry-name">([^<]+).*?<span class="entry-votes">(\d+) dots?</span>',
        page,
        re.S,
    )
    return {name.strip(): int(count) for name, count in rows}


def _says(page: str, message: str) -> bool:
    """The page shows exactly this sentence (not inside a longer word)."""
    return re.search(rf"(?<!\w){re.escape(message)}(?!\w)", page) is not None


def _left(page: str) -> str:
    return re.search(r"You have (\d+) dots? of (\d+) left", page).group(0)


def test_a_dot_taken_back_comes_off_that_value_and_that_voter_only(voting, paul, fiona):
    for user, name in ((paul, "Speed"), (fiona, "Speed"), (paul, "Honesty")):
        voting_services.dot_add(voting=voting, user=user, entry_id=_entry(voting, name))
    page = _as(fiona).get(voting.workshop.get_absolute_url()).content.decode()
    assert _counts(page) == {"Speed": 2, "Honesty": 1, "Respect": 0}

    # Paul takes back his only dot on Honesty, then his dot on Speed, which Fiona shares.
    assert _take_back(paul, voting, "Honesty").status_code == 200
    response = _take_back(paul, voting, "Speed")
    assert response.status_code == 200
    assert _left(response.content.decode()) == "You have 3 dots of 3 left"

    page = _as(fiona).get(voting.workshop.get_absolute_url()).content.decode()
    assert _counts(page) == {"Speed": 1, "Honesty": 0, "Respect": 0}
    assert _left(page) == "You have 2 dots of 3 left"
    # Fiona's dot on Speed is still hers to take back.
    assert _take_back(fiona, voting, "Speed").status_code == 200
    assert Ballot.objects.get(round=voting, voter=fiona).used == 0


def test_a_dot_cannot_be_taken_back_twice(voting, paul, fiona):
    voting_services.dot_add(voting=voting, user=paul, entry_id=_entry(voting, "Speed"))
    voting_services.dot_add(voting=voting, user=paul, entry_id=_entry(voting, "Honesty"))
    voting_services.dot_add(voting=voting, user=fiona, entry_id=_entry(voting, "Speed"))
    assert _take_back(paul, voting, "Speed").status_code == 200

    refused = _take_back(paul, voting, "Speed")
    assert refused.status_code == 409
    page = refused.content.decode()
    assert _says(page, "You have no dot on “Speed”.")
    assert _left(page) == "You have 2 dots of 3 left"
    assert _counts(page) == {"Speed": 1, "Honesty": 1, "Respect": 0}


def test_nobody_takes_back_a_dot_they_never_placed(voting, paul, fiona):
    voting_services.dot_add(voting=voting, user=fiona, entry_id=_entry(voting, "Respect"))
    refused = _take_back(paul, voting, "Respect")
    assert refused.status_code == 409
    assert _says(refused.content.decode(), "You have no dot on “Respect”.")
    assert _left(refused.content.decode()) == "You have 3 dots of 3 left"
    assert _counts(refused.content.decode())["Respect"] == 1


def test_a_voter_with_no_dot_left_is_told_to_take_one_back(voting, paul):
    for name in ("Speed", "Honesty", "Respect"):
        voting_services.dot_add(voting=voting, user=paul, entry_id=_entry(voting, name))
    url = reverse("vote_dot", args=[voting.workshop_id, voting.pk])
    refused = _as(paul).post(url, {"add": _entry(voting, "Speed")}, HTTP_HX_REQUEST="true")
    assert refused.status_code == 409
    page = refused.content.decode()
    assert _says(page, "You have placed all your 3 dots. Take one back to move it.")
    assert _left(page) == "You have 0 dots of 3 left"
    assert _counts(page) == {"Speed": 1, "Honesty": 1, "Respect": 1}


def _add(user, voting, entry_id):
    url = reverse("vote_dot", args=[voting.workshop_id, voting.pk])
    return _as(user).post(url, {"add": entry_id}, HTTP_HX_REQUEST="true")


def test_a_dot_placed_counts_against_the_cap_of_its_voter_only(voting, paul, fiona):
    speed = _entry(voting, "Speed")
    voting_services.dot_add(voting=voting, user=fiona, entry_id=speed)
    voting_services.dot_add(voting=voting, user=paul, entry_id=_entry(voting, "Honesty"))
    voting_services.dot_add(voting=voting, user=paul, entry_id=speed)
    # Fiona's one dot on Speed is still one: she may give it her second (the cap is 2).
    page = _as(fiona).get(voting.workshop.get_absolute_url()).content.decode()
    assert f'id="entry-{speed}"' in page
    speed_row = page.split(f'id="entry-{speed}"', 1)[1].split("</li>", 1)[0]
    assert 'aria-label="Your dots: 1"' in speed_row
    assert _add(fiona, voting, speed).status_code == 200
    refused = _add(fiona, voting, speed)
    assert refused.status_code == 409
    assert _says(refused.content.decode(), "“Speed” has the most dots one person may give it (2).")
    assert _counts(refused.content.decode())["Speed"] == 3


@pytest.mark.parametrize(
    ("who", "what", "message"),
    [
        ("alice", "Speed", "You are not among the voters of this round."),
        ("paul", "elsewhere", "That value is not in this round."),
        ("paul", "closed", "This round is closed: dots can no longer change."),
    ],
)
def test_a_refused_dot_says_why(request, voting, who, what, message):
    entry_id = _entry(voting, "Speed")
    if what == "elsewhere":
        entry_id = voting.entries.order_by("-pk").first().pk + 1000
    if what == "closed":
        url = reverse("vote_round_action", args=[voting.workshop_id, voting.pk])
        _as(request.getfixturevalue("fiona")).post(url, {"action": "close"})
    refused = _add(request.getfixturevalue(who), voting, entry_id)
    assert refused.status_code == 409
    assert _says(refused.content.decode(), message)
    assert voting.entries.get(pk=_entry(voting, "Speed")).votes == 0
