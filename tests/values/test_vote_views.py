"""Stage 5 on the workshop page: open a round, place dots, reveal, narrow, finalise."""

import re

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from tests.factories import htmx_post as _post
from tests.factories import logged_in as _as
from values import brainstorm as brainstorm_services
from values import selectors as value_selectors
from values import voting as voting_services
from values.models import Ballot, Candidate, RoundStatus
from workshops import services as workshop_services
from workshops.models import ContextAnswer

pytestmark = pytest.mark.django_db

NAMES = ["Honesty", "Respect", "Speed", "Quality", "Empathy", "Listening", "Loyalty"]


@pytest.fixture
def voting_stage(workshop, paul):
    workshop_services.workshop_set_stage(workshop=workshop, stage=5)
    for name in NAMES:
        brainstorm_services.candidate_add(workshop=workshop, name=name, user=paul)
    return workshop


def _page(user, workshop) -> str:
    return _as(user).get(workshop.get_absolute_url()).content.decode()


def _entry(voting, name) -> int:
    return voting.entries.get(name=name).pk


def test_the_facilitator_opens_a_round_with_a_suggested_budget(voting_stage, fiona, paul):
    page = _page(fiona, voting_stage)
    assert 'name="budget" min="1" max="50" value="3"' in page  # a third of 7, at least 3
    assert "The facilitator opens the voting soon" in _page(paul, voting_stage)
    _post(_as(fiona), "vote_open", voting_stage.pk, budget=3, cap=1)
    voting = voting_stage.rounds.get()
    assert voting.entries.count() == 7 and voting.budget == 3
    assert value_selectors.value_set_for(voting_stage).brainstorm_ended_at is not None


def test_a_participant_places_and_takes_back_dots_and_sees_what_is_left(voting_stage, fiona, paul):
    voting = voting_services.round_open(
        workshop=voting_stage, candidates=list(voting_stage.candidates.all()), budget=2
    )
    client = _as(paul)
    page = _post(client, "vote_dot", voting_stage.pk, voting.pk, add=_entry(voting, "Speed"))
    assert "You have 1 dot of 2 left." in page.content.decode()
    refused = _post(client, "vote_dot", voting_stage.pk, voting.pk, add=_entry(voting, "Speed"))
    assert refused.status_code == 409
    assert "most dots one person may give it (1)" in refused.content.decode()
    _post(client, "vote_dot", voting_stage.pk, voting.pk, add=_entry(voting, "Honesty"))
    refused = _post(client, "vote_dot", voting_stage.pk, voting.pk, add=_entry(voting, "Quality"))
    assert "You have placed all your 2 dots" in refused.content.decode()
    _post(client, "vote_dot", voting_stage.pk, voting.pk, remove=_entry(voting, "Speed"))
    assert Ballot.objects.get(voter=paul).used == 1

    # Hidden results: no counts for anyone, and the facilitator sees who voted, not how.
    facilitator_page = _page(fiona, voting_stage)
    assert "Results stay hidden until the facilitator reveals them." in facilitator_page
    assert '<span class="entry-name">Speed' in facilitator_page
    assert "1 dot<" not in facilitator_page and 'class="entry-votes"' not in facilitator_page
    assert re.search(r"1 of 2 has voted: Paul\.", facilitator_page)
    assert "Not yet: Fiona." in facilitator_page


def test_the_reveal_shows_everyone_the_same_sorted_chart(voting_stage, fiona, paul):
    voting = voting_services.round_open(
        workshop=voting_stage, candidates=list(voting_stage.candidates.all()), budget=3, cap=2
    )
    for user, names in ((paul, ["Speed", "Speed", "Honesty"]), (fiona, ["Speed", "Respect"])):
        for name in names:
            voting_services.dot_add(voting=voting, user=user, entry_id=_entry(voting, name))
    _post(_as(fiona), "vote_round_action", voting_stage.pk, voting.pk, action="reveal")
    voting.refresh_from_db()
    assert voting.status == RoundStatus.REVEALED
    pages = [_page(user, voting_stage) for user in (paul, fiona)]
    for page in pages:
        order = re.findall(r'<span class="entry-name">([^<]+)', page)
        assert order[:3] == ["Speed", "Honesty", "Respect"]
        assert "3 dots" in page and '<rect width="100"' in page


def test_narrowing_to_five_then_finalising_in_order_with_a_name(voting_stage, fiona, paul):
    voting = voting_services.round_open(
        workshop=voting_stage, candidates=list(voting_stage.candidates.all()), budget=3
    )
    for name in ("Speed", "Honesty", "Respect"):
        voting_services.dot_add(voting=voting, user=paul, entry_id=_entry(voting, name))
    voting_services.round_reveal(voting=voting)
    facilitator = _as(fiona)
    page = _page(fiona, voting_stage)
    # Five would fit, but only three got a dot: those are checked, and no value without a
    # dot counts as tied.
    assert "The 3 values with the most dots are checked." in page
    checked = re.findall(r'name="entries" value="(\d+)" checked', page)
    assert sorted(map(int, checked)) == sorted(
        _entry(voting, n) for n in ("Speed", "Honesty", "Respect")
    )
    assert "tied at the cut" not in page
    chosen = [_entry(voting, n) for n in ("Speed", "Honesty", "Respect", "Quality", "Empathy")]
    _post(facilitator, "vote_narrow", voting_stage.pk, voting.pk, entries=chosen, budget=2, cap=1)
    second = voting_stage.rounds.get(number=2)
    assert second.entries.count() == 5

    voting_services.round_reveal(voting=second)
    too_many = [e.pk for e in second.entries.all()] + [chosen[0]]
    response = _post(
        facilitator, "vote_narrow", voting_stage.pk, second.pk, entries=too_many, finalise="1"
    )
    assert response.status_code in (409, 422)
    final = [_entry(second, n) for n in ("Speed", "Honesty", "Respect")]
    _post(facilitator, "vote_narrow", voting_stage.pk, second.pk, entries=final, finalise="1")
    speed = Candidate.objects.get(name="Speed")
    _post(facilitator, "values_final", voting_stage.pk, action="up", candidate=speed.pk)
    _post(facilitator, "values_final", voting_stage.pk, action="name", name="The HSR way")
    page = _page(paul, voting_stage)
    assert re.findall(r"<li>\s*<strong>([^<]+)</strong>", page) == ["Honesty", "Speed", "Respect"]
    assert "The HSR way" in page and "Initials: HSR" in page
    # The history keeps both rounds.
    assert "Voting history (2 rounds)" in page


def test_the_company_values_are_shown_beside_the_final_set(voting_stage, fiona, paul):
    ContextAnswer.objects.filter(workshop=voting_stage, key="company_values").update(
        text="Customers first. Own it."
    )
    honesty = Candidate.objects.get(name="Honesty")
    speed = Candidate.objects.get(name="Speed")
    voting_services.finalise(
        workshop=voting_stage, candidate_ids=[honesty.pk, speed.pk], name="", user=fiona
    )
    page = _page(paul, voting_stage)
    assert "Customers first. Own it." in page and "should not contradict them" in page


def test_live_results_show_the_counts_while_people_vote(voting_stage, fiona, paul):
    _post(_as(fiona), "vote_open", voting_stage.pk, budget=3, cap=1, results_live="on")
    voting = voting_stage.rounds.get()
    _post(_as(paul), "vote_dot", voting_stage.pk, voting.pk, add=_entry(voting, "Speed"))
    page = _page(fiona, voting_stage)
    assert "Results stay hidden" not in page and "1 dot</span>" in page
    # The rows keep their alphabetical order while people vote, counts and all, so a row
    # never moves under a voter's finger; the reveal sorts them by dots.
    assert page.index('<span class="entry-name">Empathy') < page.index(
        '<span class="entry-name">Speed'
    )


def test_hidden_results_show_no_counts_until_the_reveal(voting_stage, fiona, paul):
    _post(_as(fiona), "vote_open", voting_stage.pk, budget=3, cap=1)
    voting = voting_stage.rounds.get()
    _post(_as(paul), "vote_dot", voting_stage.pk, voting.pk, add=_entry(voting, "Speed"))
    page = _page(paul, voting_stage)
    assert "Results stay hidden until the facilitator reveals them." in page
    # Every value is listed, Paul's own dot marked, and none with a count.
    assert sorted(re.findall(r'<span class="entry-name">([^<]+)', page)) == sorted(NAMES)
    assert 'aria-label="Your dots: 1"' in page
    assert 'class="entry-votes"' not in page


def test_a_closed_round_takes_no_more_dots(voting_stage, fiona, paul):
    voting = voting_services.round_open(
        workshop=voting_stage, candidates=list(voting_stage.candidates.all()), budget=2
    )
    _post(_as(fiona), "vote_round_action", voting_stage.pk, voting.pk, action="close")
    voting.refresh_from_db()
    assert voting.status == RoundStatus.CLOSED
    assert "Voting is closed." in _page(paul, voting_stage)
    refused = _post(_as(paul), "vote_dot", voting_stage.pk, voting.pk, add=_entry(voting, "Speed"))
    assert refused.status_code == 409 and "This round is closed" in refused.content.decode()
    assert Ballot.objects.get(round=voting, voter=paul).used == 0


@given(
    action=st.sampled_from(["narrow", "final", "round_action"]),
    data=st.dictionaries(
        st.sampled_from(["entries", "finalise", "budget", "cap", "action", "name", "candidate"]),
        st.one_of(st.text(max_size=100), st.integers().map(str)),
    ),
)
@hypothesis_settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_narrowing_and_final_forms_never_fail_on_any_input(voting_stage, fiona, action, data):
    voting = voting_stage.rounds.first() or voting_services.round_open(
        workshop=voting_stage, candidates=list(voting_stage.candidates.all()), budget=3
    )
    voting_services.round_reveal(voting=voting)
    url_name, args = {
        "narrow": ("vote_narrow", (voting_stage.pk, voting.pk)),
        "final": ("values_final", (voting_stage.pk,)),
        "round_action": ("vote_round_action", (voting_stage.pk, voting.pk)),
    }[action]
    response = _post(_as(fiona), url_name, *args, **data)
    assert response.status_code in (200, 409, 422)
    assert Candidate.objects.filter(final_position__isnull=False).count() <= 5


@given(data=st.dictionaries(st.sampled_from(["add", "remove", "budget", "cap"]), st.text()))
@hypothesis_settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_dot_and_round_forms_never_fail_on_any_input(voting_stage, fiona, paul, data):
    voting = value_selectors.open_round(voting_stage) or voting_services.round_open(
        workshop=voting_stage, candidates=list(voting_stage.candidates.all()), budget=3
    )
    dot = _post(_as(paul), "vote_dot", voting_stage.pk, voting.pk, **data)
    opened = _post(_as(fiona), "vote_open", voting_stage.pk, **data)
    assert dot.status_code in (200, 409, 422) and opened.status_code in (200, 409, 422)
    for ballot in Ballot.objects.all():
        assert 0 <= ballot.used <= ballot.budget


def test_the_ballot_is_alphabetical_across_accents_and_shows_what_each_value_means(
    voting_stage, fiona, paul
):
    brainstorm_services.candidate_add(
        workshop=voting_stage, name="Încredere", description="Customers rely on us", user=paul
    )
    voting_services.round_open(
        workshop=voting_stage, candidates=list(voting_stage.candidates.all()), budget=3
    )
    page = _page(paul, voting_stage)
    names = [name.strip() for name in re.findall(r'<span class="entry-name">([^<]+)', page)]
    assert names == sorted(NAMES + ["Încredere"], key=lambda name: name.replace("Î", "I"))
    assert "Customers rely on us" in page


def test_the_history_marks_the_values_that_became_final(voting_stage, fiona, paul):
    voting = voting_services.round_open(
        workshop=voting_stage, candidates=list(voting_stage.candidates.all()), budget=3
    )
    voting_services.round_reveal(voting=voting)
    chosen = list(voting_stage.candidates.filter(name__in=["Speed", "Honesty"]))
    voting_services.finalise(
        workshop=voting_stage, candidate_ids=[c.pk for c in chosen], name="", user=fiona
    )
    page = _page(paul, voting_stage)
    assert "Voting history (1 round)" in page
    assert page.count("(final value)") == 2


def test_the_voting_screen_costs_the_same_queries_for_a_larger_team(voting_stage, fiona, paul):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import member
    from workshops.models import WorkshopMember

    def queries_for(extra: int) -> int:
        for n in range(extra):
            user = member(voting_stage.organisation, email=f"v{extra}-{n}@acme.example")
            WorkshopMember.objects.create(workshop=voting_stage, user=user, role="participant")
        for voting in voting_stage.rounds.all():
            voting_services.round_close(voting=voting)
            voting_services.round_reveal(voting=voting)
        voting = voting_services.round_open(
            workshop=voting_stage, candidates=list(voting_stage.candidates.all()), budget=3
        )
        voting_services.dot_add(voting=voting, user=paul, entry_id=_entry(voting, "Speed"))
        counts = []
        for user in (fiona, paul):
            client = _as(user)
            with CaptureQueriesContext(connection) as queries:
                client.get(voting_stage.get_absolute_url())
            counts.append(len(queries))
        return counts

    queries_for(1)  # round 1: from round 2 on, the screen also shows the history
    assert queries_for(2) == queries_for(10)


def test_starter_values_show_in_the_readers_language_on_the_ballot_and_the_final_list(
    voting_stage, fiona, paul
):
    voting = voting_services.round_open(
        workshop=voting_stage, candidates=list(voting_stage.candidates.all()), budget=2, cap=1
    )
    romanian = _as(paul)
    romanian.cookies["django_language"] = "ro"
    ballot = romanian.get(voting_stage.get_absolute_url()).content.decode()
    assert re.search(r'<span class="entry-name">Onestitate\b', ballot)
    assert re.search(r'<span class="entry-name">Empatie\b', ballot)
    assert not re.search(r'<span class="entry-name">Honesty\b', ballot)
    assert re.search(r'<span class="entry-name">Honesty\b', _page(fiona, voting_stage))

    voting_services.round_close(voting=voting)
    voting_services.round_reveal(voting=voting)
    chosen = [c.pk for c in voting_stage.candidates.filter(name__in=["Honesty", "Empathy"])]
    voting_services.finalise(workshop=voting_stage, candidate_ids=chosen, name="", user=fiona)
    final = romanian.get(voting_stage.get_absolute_url()).content.decode()
    assert "<strong>Onestitate</strong>" in final and "<strong>Empatie</strong>" in final
    assert "Inițiale: OE." in final or "Inițiale: EO." in final
