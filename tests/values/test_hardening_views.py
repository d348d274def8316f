"""What the brainstorm and vote screens say after the hardening: a statement kept on the
value that exists, a merge announced and undone, a refused round that changes nothing, and
the next round offered only when it can be accepted."""

import pytest

from tests.factories import htmx_post as _post
from tests.factories import logged_in as _as
from values import brainstorm as brainstorm_services
from values import selectors as value_selectors
from values import voting as voting_services
from values.models import Candidate
from workshops import services as workshop_services

pytestmark = pytest.mark.django_db


@pytest.fixture
def brainstorm(workshop):
    workshop_services.workshop_set_stage(workshop=workshop, stage=4)
    return workshop


def test_a_statement_typed_for_an_existing_value_is_added_to_it(brainstorm, paul, fiona):
    honesty = brainstorm_services.candidate_add(workshop=brainstorm, name="Honesty", user=fiona)
    response = _post(
        _as(paul),
        "values_add",
        brainstorm.pk,
        name="honesty",
        statement="we want customers to believe what we tell them is true",
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "“Honesty” is on the list already: your statement was added to it." in page
    assert f'id="candidate-{honesty.pk}" class="candidate highlight"' in page
    assert "from “we want customers to believe what we tell them is true”" in page
    assert Candidate.objects.filter(workshop=brainstorm).count() == 1


def test_a_merge_is_announced_listed_and_undone_from_the_page(brainstorm, paul, fiona):
    speed = brainstorm_services.candidate_add(workshop=brainstorm, name="Speed", user=paul)
    quick = brainstorm_services.candidate_add(workshop=brainstorm, name="Quick replies", user=paul)
    response = _post(_as(fiona), "values_merge", brainstorm.pk, source=quick.pk, target=speed.pk)
    page = response.content.decode()
    assert "“Quick replies” is merged into “Speed”. Undo it under “Merged values”." in page
    merge = brainstorm.merges.get()
    assert f'id="merge-undo-{merge.pk}"' in page
    # Participants see what was merged, without the undo.
    seen = _as(paul).get(brainstorm.get_absolute_url()).content.decode()
    assert "“Quick replies” merged into “Speed”" in seen and "merge-undo-" not in seen

    page = _post(_as(fiona), "values_merge_undo", brainstorm.pk, merge.pk).content.decode()
    assert sorted(Candidate.objects.values_list("name", flat=True)) == ["Quick replies", "Speed"]
    assert "Merged values" not in page and "1 candidate value" not in page
    assert "2 candidate values" in page


def test_a_refused_first_round_keeps_the_brainstorm_open(brainstorm, paul, fiona):
    brainstorm_services.candidate_add(workshop=brainstorm, name="Honesty", user=paul)
    response = _post(_as(fiona), "vote_open", brainstorm.pk, budget=3, cap=1)
    assert response.status_code == 409
    assert "A round needs at least two values to choose from." in response.content.decode()
    assert value_selectors.value_set_for(brainstorm).brainstorm_ended_at is None
    assert not brainstorm.rounds.exists()


def _revealed_round(workshop, voters, names, dots):
    candidates = [
        brainstorm_services.candidate_add(workshop=workshop, name=n, user=voters[0]) for n in names
    ]
    voting = voting_services.voting_start(workshop=workshop, budget=3)
    entries = {e.name: e.pk for e in voting.entries.all()}
    for user, name in dots:
        voting_services.dot_add(voting=voting, user=user, entry_id=entries[name])
    voting_services.round_reveal(voting=voting)
    workshop_services.workshop_set_stage(workshop=workshop, stage=5)
    return candidates, voting


def test_after_a_reveal_of_five_only_values_with_dots_are_checked(workshop, paul, fiona):
    _revealed_round(
        workshop,
        [paul],
        ["Honesty", "Respect", "Speed", "Care", "Joy"],
        [(paul, "Honesty"), (paul, "Speed"), (fiona, "Speed")],
    )
    page = _as(fiona).get(workshop.get_absolute_url()).content.decode()
    assert "The 2 values with the most dots are checked." in page
    assert page.count('name="entries"') == 5 and page.count(" checked>") == 2
    assert 'id="round-next"' in page and 'id="round-next-hint"' not in page


def test_when_every_value_is_checked_the_next_round_says_what_to_do(workshop, paul, fiona):
    _revealed_round(
        workshop,
        [paul],
        ["Honesty", "Respect", "Speed"],
        [(paul, "Honesty"), (paul, "Speed"), (fiona, "Respect")],
    )
    page = _as(fiona).get(workshop.get_absolute_url()).content.decode()
    assert 'id="round-next-hint"' in page and 'id="round-finalise"' in page


def test_two_values_offer_only_the_finalising(workshop, paul, fiona):
    _revealed_round(workshop, [paul], ["Honesty", "Respect"], [(paul, "Honesty")])
    page = _as(fiona).get(workshop.get_absolute_url()).content.decode()
    assert 'id="round-finalise"' in page and 'id="round-next"' not in page


def test_a_final_value_can_be_neither_removed_nor_merged_away(workshop, paul, fiona):
    # The brainstorm may be reopened after finalising: the final set stays whole.
    candidates, voting = _revealed_round(
        workshop, [paul], ["Honesty", "Respect", "Speed"], [(paul, "Honesty")]
    )
    voting_services.finalise(
        workshop=workshop, candidate_ids=[c.pk for c in candidates[:2]], name="HR", user=fiona
    )
    brainstorm_services.brainstorm_reopen(workshop=workshop)
    workshop_services.workshop_set_stage(workshop=workshop, stage=4)
    honesty, respect, speed = candidates
    removed = _post(_as(fiona), "values_remove", workshop.pk, respect.pk)
    assert removed.status_code == 409
    assert "“Respect” is one of the final values: undo the final set first." in (
        removed.content.decode()
    )
    merged = _post(_as(fiona), "values_merge", workshop.pk, source=honesty.pk, target=speed.pk)
    assert merged.status_code == 409
    assert [c.name for c in value_selectors.final_values(workshop)] == ["Honesty", "Respect"]
    # A value outside the set still goes, into a final one too.
    assert _post(_as(fiona), "values_merge", workshop.pk, source=speed.pk, target=honesty.pk)
    assert not Candidate.objects.filter(pk=speed.pk).exists()


def test_with_live_results_the_ballot_keeps_its_order_while_people_vote(workshop, paul, fiona):
    names = ["Care", "Honesty", "Speed"]
    for name in names:
        brainstorm_services.candidate_add(workshop=workshop, name=name, user=paul)
    voting = voting_services.voting_start(workshop=workshop, budget=3, results_live=True)
    voting_services.dot_add(voting=voting, user=fiona, entry_id=voting.entries.get(name="Speed").pk)
    workshop_services.workshop_set_stage(workshop=workshop, stage=5)
    page = _as(paul).get(workshop.get_absolute_url()).content.decode()
    positions = [page.index(f'class="entry-name">{name}') for name in names]
    assert positions == sorted(positions)  # alphabetical, though Speed leads
    assert "1 dot" in page


def test_a_closing_time_already_past_is_refused(workshop, fiona):
    workshop_services.workshop_set_stage(workshop=workshop, stage=2)
    response = _post(
        _as(fiona),
        "survey_settings",
        workshop.pk,
        question="How should we sound?",
        languages=["en"],
        max_answer_length=150,
        closes_at="2020-01-01T10:00",
    )
    assert response.status_code == 422
    assert "That time has passed: choose a later one, or leave it empty." in (
        response.content.decode()
    )


def test_an_edit_made_from_an_older_form_is_refused_with_what_was_saved(brainstorm, paul, fiona):
    value = brainstorm_services.candidate_add(workshop=brainstorm, name="Kindness", user=paul)
    form = {"name": "Warmth", "description": "", "version": value.version}
    assert _post(_as(fiona), "values_edit", brainstorm.pk, value.pk, **form).status_code == 200
    stale = {"name": "Kindness to all", "description": "", "version": value.version}
    response = _post(_as(paul), "values_edit", brainstorm.pk, value.pk, **stale)
    assert response.status_code == 409
    page = response.content.decode()
    assert "Someone changed this value meanwhile: it now reads “Warmth”." in page
    assert "You typed “Kindness to all”: edit it again to save it." in page
    value.refresh_from_db()
    assert value.name == "Warmth"
    # Edited again from the form as it now is, the save goes through.
    fresh = {**stale, "version": value.version}
    assert _post(_as(paul), "values_edit", brainstorm.pk, value.pk, **fresh).status_code == 200
    value.refresh_from_db()
    assert value.name == "Kindness to all"
