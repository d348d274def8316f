"""Stage 5, live: a dot's answer is the part of the ballot it changed, and the other
screens fetch only what that dot changed for them."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import htmx_post, logged_in
from tests.workshops.test_live_parts import Screen, _swapped_ids
from values import brainstorm as brainstorm_services
from values import voting as voting_services
from workshops import services as workshop_services

pytestmark = pytest.mark.django_db

NAMES = ["Honesty", "Respect", "Speed", "Quality", "Empathy", "Listening", "Loyalty"]


@pytest.fixture
def voting(workshop, paul, nina):
    workshop.members.create(user=nina, role="participant")
    workshop_services.workshop_set_stage(workshop=workshop, stage=5)
    for name in NAMES:
        brainstorm_services.candidate_add(workshop=workshop, name=name, user=paul)
    return voting_services.round_open(
        workshop=workshop, candidates=list(workshop.candidates.all()), budget=3
    )


def _dot(user, voting, name, *, remove=False):
    entry = voting.entries.get(name=name).pk
    data = {"remove": entry} if remove else {"add": entry}
    return htmx_post(logged_in(user), "vote_dot", voting.workshop_id, voting.pk, **data)


def test_a_dot_answers_with_its_voters_dots_not_the_whole_screen(voting, paul):
    response = _dot(paul, voting, "Speed")
    html = response.content.decode()
    assert response.status_code == 200
    speed = voting.entries.get(name="Speed").pk
    # The row it changed, and the place of a refusal's notice, emptied.
    assert _swapped_ids(response) == ["vote-notice", "dots-left", f"mine-{speed}"]
    assert "You have 2 dots of 3 left." in html
    assert f'id="dot-remove-{speed}"' in html
    assert 'id="live"' not in html and 'id="stage-body"' not in html
    assert len(response.content) < 1_500


def test_the_last_dot_turns_off_every_rows_button_and_taking_one_back_turns_them_on(voting, paul):
    every_row = ["vote-notice", "dots-left"] + [
        f"mine-{entry.pk}" for entry in voting.entries.all()
    ]
    _dot(paul, voting, "Speed")
    _dot(paul, voting, "Honesty")
    last = _dot(paul, voting, "Quality")
    assert sorted(_swapped_ids(last)) == sorted(every_row)
    assert last.content.decode().count('aria-disabled="true"') == len(NAMES)
    back = _dot(paul, voting, "Quality", remove=True)
    assert sorted(_swapped_ids(back)) == sorted(every_row)
    # Every "+ Dot" is on again but Speed's and Honesty's, which have their one dot each.
    assert back.content.decode().count('aria-disabled="true"') == 2


def test_a_refused_dot_answers_with_the_whole_screen_and_says_why(voting, paul):
    _dot(paul, voting, "Speed")
    response = _dot(paul, voting, "Speed")
    assert response.status_code == 409
    assert response["HX-Retarget"] == "#live" and response["HX-Reswap"] == "morph"
    assert 'id="live"' in response.content.decode()
    assert "most dots one person may give it (1)" in response.content.decode()


def test_another_voters_screen_downloads_almost_nothing_after_a_dot_while_results_are_hidden(
    voting, paul, nina, django_capture_on_commit_callbacks
):
    ninas_screen = Screen(nina, voting.workshop)
    ninas_screen.poll()
    with django_capture_on_commit_callbacks(execute=True):
        _dot(paul, voting, "Speed")  # Paul's first dot: he has voted now
    with CaptureQueriesContext(connection) as queries:
        response = ninas_screen.poll()
    assert response.status_code == 200
    assert _swapped_ids(response) == []  # what changed, who has voted, is not on her screen
    assert len(response.content) < 1_000
    # Her screen's parts did not move: told so from the cache, without reading a model.
    assert [q["sql"] for q in queries if "philosophy_cache" not in q["sql"]] == []
    with django_capture_on_commit_callbacks(execute=True):
        _dot(paul, voting, "Honesty")  # not his first: nobody else's screen changes
    assert ninas_screen.poll().status_code == 304


def test_the_facilitators_screen_fetches_who_has_voted_alone(
    voting, paul, fiona, django_capture_on_commit_callbacks
):
    screen = Screen(fiona, voting.workshop)
    screen.poll()
    with django_capture_on_commit_callbacks(execute=True):
        _dot(paul, voting, "Speed")
    response = screen.poll()
    assert _swapped_ids(response) == ["who-voted"]
    assert "1 of 3 has voted: Paul." in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        _dot(paul, voting, "Speed", remove=True)  # his last dot back: not voted any more
    assert "0 of 3 have voted." in screen.poll().content.decode()


def test_with_live_results_every_screen_gets_the_new_counts(
    workshop, paul, nina, django_capture_on_commit_callbacks
):
    workshop.members.create(user=nina, role="participant")
    workshop_services.workshop_set_stage(workshop=workshop, stage=5)
    for name in NAMES[:3]:
        brainstorm_services.candidate_add(workshop=workshop, name=name, user=paul)
    voting = voting_services.round_open(
        workshop=workshop, candidates=list(workshop.candidates.all()), budget=2, results_live=True
    )
    screen = Screen(nina, workshop)
    screen.poll()
    with django_capture_on_commit_callbacks(execute=True):
        response = _dot(paul, voting, "Speed")
    assert response["HX-Retarget"] == "#live"  # the clicker's screen moves as a whole too
    answer = screen.poll()
    # (and who is here: Paul's own screen just rendered, so he counts as here now)
    assert _swapped_ids(answer) in (["stage-body"], ["stage-body", "presence"])
    assert "1 dot<" in answer.content.decode()
