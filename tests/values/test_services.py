"""Stages 4 and 5 as plain functions: duplicates, merge, dot budgets, narrowing, finalising."""

import pytest
from django.db import IntegrityError, transaction

from surveys import services as survey_services
from values import brainstorm as brainstorm_services
from values import keys as value_keys
from values import selectors as value_selectors
from values import voting as voting_services
from values.models import Ballot, Candidate, Entry, RoundStatus, Source, SourceKind, Vote
from workshops import live
from workshops.services import DomainError

pytestmark = pytest.mark.django_db


def add(workshop, name, user, **kwargs):
    return brainstorm_services.candidate_add(workshop=workshop, name=name, user=user, **kwargs)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Honesty", "honesty"),
        ("Listening", "listen"),
        ("Personalization", "PERSONALIZATION"),
        ("Încredere", "incredere"),
        ("Quick reply", "quick replies"),
    ],
)
def test_the_same_value_in_another_spelling_points_to_the_existing_one(
    workshop, paul, first, second
):
    survey = survey_services.survey_for(workshop)
    survey.languages = "en,ro"
    survey.save()
    existing = add(workshop, first, paul)
    with pytest.raises(brainstorm_services.DuplicateValue) as refused:
        add(workshop, second, paul)
    assert refused.value.existing == existing
    assert first in str(refused.value)
    assert Candidate.objects.count() == 1


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Încredere", "Trust"),
        ("Trust", "incredere"),
        ("Speed", "Viteză"),
        ("Viteza", "Rapiditate"),
        ("Kindness", "Amabilitate"),
        ("Grijă", "Care"),
        ("Reliability", "Seriozitate"),
        ("Fiabilitate", "reliable"),
        ("Răbdare", "Patience"),
        ("Friendliness", "prietenoasă"),
        ("Professionalism", "Profesionalism"),
        ("Simplicity", "Simplitate"),
        ("Fairness", "Corectitudine"),
        ("Ownership", "Asumare"),
        ("Proactivity", "Proactivitate"),
        ("Honesty", "Cinste"),
    ],
)
def test_a_common_value_in_the_other_language_is_the_same_value(workshop, paul, first, second):
    survey = survey_services.survey_for(workshop)
    survey.languages = "en,ro"
    survey.save()
    existing = add(workshop, first, paul)
    with pytest.raises(brainstorm_services.DuplicateValue) as refused:
        add(workshop, second, paul)
    assert refused.value.existing == existing
    assert "synonym is a value of its own" in str(refused.value)


@pytest.mark.parametrize(
    "names",
    [
        ("Speed", "Responsiveness", "Urgency"),
        ("Kindness", "Warmth", "Friendliness"),
        ("Trust", "Honesty", "Reliability"),
        ("Încredere", "Onestitate", "Seriozitate"),
        ("Care", "Empathy", "Attentiveness"),
    ],
)
def test_synonyms_stay_separate_values(workshop, paul, names):
    survey = survey_services.survey_for(workshop)
    survey.languages = "en,ro"
    survey.save()
    for name in names:
        add(workshop, name, paul)
    assert Candidate.objects.count() == len(names)


@pytest.mark.parametrize("languages", [("en",), ("en", "ro"), ("ro", "en")])
def test_each_word_of_the_built_in_lists_names_one_value(languages):
    seen: dict[str, int] = {}
    groups = value_keys._starter_keys(languages)
    assert len(groups) >= 60
    for number, keys in enumerate(groups):
        assert "" not in keys
        for key in keys:
            assert seen.setdefault(key, number) == number, f"{key!r} is in two values"


def test_the_common_values_are_not_all_offered_on_the_starter_list():
    from values.starter import SAME_VALUE_WORDS, STARTER_VALUES

    assert 40 <= len(SAME_VALUE_WORDS) <= 60
    assert not {words[0] for words in SAME_VALUE_WORDS} & set(STARTER_VALUES)


def test_different_values_are_not_duplicates(workshop, paul):
    for name in ("Honesty", "Respect", "Speed", "Speedy replies"):
        add(workshop, name, paul)
    assert Candidate.objects.count() == 4


def test_the_database_refuses_a_duplicate_that_slips_past_the_check(workshop, paul):
    candidate = add(workshop, "Honesty", paul)
    with pytest.raises(IntegrityError), transaction.atomic():
        Candidate.objects.create(workshop=workshop, name="HONESTY", key=candidate.key)


def test_a_name_without_words_is_refused(workshop, paul):
    with pytest.raises(DomainError):
        add(workshop, "!!!", paul)


def test_sources_are_recorded(workshop, paul):
    honesty = add(
        workshop,
        "Honesty",
        paul,
        source=SourceKind.TYPED,
        source_text="we want customers to believe what we tell them is true",
    )
    add(workshop, "Speed", paul, source=SourceKind.CLOUD, source_text="fast")
    assert honesty.sources.get().text.startswith("we want customers")
    assert Source.objects.filter(kind=SourceKind.CLOUD, text="fast").exists()


def _speed_and_quick_replies_in_a_round(workshop, paul, fiona):
    """Speed, Quick replies and Respect in a round (cap 1), Paul's dots on the first two."""
    speed = add(workshop, "Speed", paul, source=SourceKind.CLOUD, source_text="fast")
    quick = add(workshop, "Quick replies", fiona)
    respect = add(workshop, "Respect", fiona)
    voting = voting_services.round_open(
        workshop=workshop, candidates=[speed, quick, respect], budget=3, cap=1
    )
    entry = {e.name: e for e in voting.entries.all()}
    voting_services.dot_add(voting=voting, user=paul, entry_id=entry["Speed"].pk)
    voting_services.dot_add(voting=voting, user=paul, entry_id=entry["Quick replies"].pk)
    return speed, quick, voting, entry


def test_merging_moves_sources_and_votes_and_refunds_dots_over_the_cap(workshop, paul, fiona):
    speed, quick, voting, entry = _speed_and_quick_replies_in_a_round(workshop, paul, fiona)
    voting_services.dot_add(voting=voting, user=fiona, entry_id=entry["Quick replies"].pk)

    brainstorm_services.candidates_merge(source=quick, target=speed)

    assert not Candidate.objects.filter(pk=quick.pk).exists()
    assert speed.sources.count() == 2
    merged = Entry.objects.get(round=voting, candidate=speed)
    # Paul had a dot on both but the cap is 1: one dot goes back to him.
    assert merged.votes == 2
    assert Ballot.objects.get(round=voting, voter=paul).used == 1
    assert Ballot.objects.get(round=voting, voter=fiona).used == 1
    assert not Entry.objects.filter(round=voting, name="Quick replies").exists()


def test_merging_leaves_revealed_rounds_as_they_were(workshop, paul, fiona):
    speed, quick, voting, _entry = _speed_and_quick_replies_in_a_round(workshop, paul, fiona)
    voting_services.round_reveal(voting=voting)

    brainstorm_services.candidates_merge(source=quick, target=speed)

    history = {e.name: e.votes for e in voting.entries.all()}
    assert history == {"Speed": 1, "Quick replies": 1, "Respect": 0}
    assert Ballot.objects.get(round=voting, voter=paul).used == 2


def test_participants_can_edit_a_value_but_not_into_a_duplicate(workshop, paul):
    add(workshop, "Honesty", paul)
    speed = add(workshop, "Speed", paul)
    with pytest.raises(brainstorm_services.DuplicateValue):
        brainstorm_services.candidate_update(candidate=speed, name="honesty", description="")
    brainstorm_services.candidate_update(candidate=speed, name="Urgency", description="Act now")
    speed.refresh_from_db()
    assert speed.name == "Urgency" and speed.key == "urgency"


def test_an_ended_brainstorm_takes_no_new_values_until_reopened(workshop, paul):
    brainstorm_services.brainstorm_end(workshop=workshop)
    with pytest.raises(DomainError):
        add(workshop, "Honesty", paul)
    brainstorm_services.brainstorm_reopen(workshop=workshop)
    add(workshop, "Honesty", paul)


@pytest.mark.parametrize(("count", "budget"), [(2, 2), (3, 3), (9, 3), (12, 4), (30, 10)])
def test_the_default_budget_is_about_a_third_and_at_least_three(count, budget):
    assert value_selectors.default_budget(count) == budget


@pytest.fixture
def voting(workshop, paul):
    names = ["Honesty", "Respect", "Speed", "Quality", "Empathy", "Listening", "Loyalty"]
    candidates = [add(workshop, name, paul) for name in names]
    return voting_services.round_open(workshop=workshop, candidates=candidates, budget=3, cap=2)


def _entry(voting, name):
    return voting.entries.get(name=name).pk


def test_dots_hold_the_budget_and_the_cap(voting, paul):
    voting_services.dot_add(voting=voting, user=paul, entry_id=_entry(voting, "Speed"))
    ballot = voting_services.dot_add(voting=voting, user=paul, entry_id=_entry(voting, "Speed"))
    assert ballot.remaining == 1
    with pytest.raises(voting_services.VoteRefused, match="most dots one person"):
        voting_services.dot_add(voting=voting, user=paul, entry_id=_entry(voting, "Speed"))
    voting_services.dot_add(voting=voting, user=paul, entry_id=_entry(voting, "Honesty"))
    with pytest.raises(voting_services.VoteRefused, match="all your 3 dots"):
        voting_services.dot_add(voting=voting, user=paul, entry_id=_entry(voting, "Respect"))
    # The refused clicks spent nothing.
    assert Ballot.objects.get(voter=paul).used == 3
    assert voting.entries.get(name="Speed").votes == 2

    voting_services.dot_remove(voting=voting, user=paul, entry_id=_entry(voting, "Speed"))
    voting_services.dot_add(voting=voting, user=paul, entry_id=_entry(voting, "Respect"))
    assert Ballot.objects.get(voter=paul).used == 3
    with pytest.raises(voting_services.VoteRefused):
        voting_services.dot_remove(voting=voting, user=paul, entry_id=_entry(voting, "Quality"))


def test_with_hidden_results_other_screens_follow_only_who_has_voted(
    voting, paul, django_capture_on_commit_callbacks
):
    workshop_id = voting.workshop_id

    def moves(change) -> bool:
        before = live.current_counter(workshop_id)
        with django_capture_on_commit_callbacks(execute=True):
            change(voting=voting, user=paul, entry_id=_entry(voting, "Speed"))
        return live.current_counter(workshop_id) != before

    # Paul's first dot makes him one who has voted; the next ones show nowhere else.
    assert moves(voting_services.dot_add)
    assert not moves(voting_services.dot_add)
    assert not moves(voting_services.dot_remove)
    # Taking back his last dot makes him one who has not.
    assert moves(voting_services.dot_remove)
    voting.results_live = True
    voting.save()
    assert moves(voting_services.dot_add) and moves(voting_services.dot_add)


def test_the_database_refuses_overspending_even_without_the_service(voting, paul):
    ballot = Ballot.objects.get(round=voting, voter=paul)
    with pytest.raises(IntegrityError), transaction.atomic():
        Ballot.objects.filter(pk=ballot.pk).update(used=ballot.budget + 1)
    entry = voting.entries.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        Vote.objects.create(ballot=ballot, entry=entry, cap=2, count=3)


def test_only_the_seated_vote_and_only_while_the_round_is_open(voting, paul, alice):
    with pytest.raises(voting_services.VoteRefused, match="not among the voters"):
        voting_services.dot_add(voting=voting, user=alice, entry_id=_entry(voting, "Speed"))
    voting_services.round_close(voting=voting)
    voting.refresh_from_db()
    with pytest.raises(voting_services.VoteRefused, match="closed"):
        voting_services.dot_add(voting=voting, user=paul, entry_id=_entry(voting, "Speed"))


def test_one_round_at_a_time(voting, workshop):
    with pytest.raises(DomainError, match="open already"):
        voting_services.round_open(
            workshop=workshop, candidates=list(workshop.candidates.all()), budget=3
        )


def _vote(voting, user, *names):
    for name in names:
        voting_services.dot_add(voting=voting, user=user, entry_id=_entry(voting, name))


def test_narrowing_flags_ties_at_the_cut_and_the_facilitator_decides(voting, paul, fiona):
    _vote(voting, paul, "Honesty", "Honesty", "Speed")
    _vote(voting, fiona, "Respect", "Quality", "Empathy")
    voting_services.round_reveal(voting=voting)
    voting.refresh_from_db()
    assert voting.status == RoundStatus.REVEALED

    top = value_selectors.cut(voting, 3)
    assert [e.name for e in top.carried][:1] == ["Honesty"]
    # Speed, Respect, Quality and Empathy all have 1 dot, and only two of them fit.
    assert sorted(e.name for e in top.tied) == ["Empathy", "Quality", "Respect", "Speed"]
    assert value_selectors.cut(voting, 5).tied == []  # all the 1-dot values fit

    chosen = [_entry(voting, n) for n in ("Honesty", "Speed", "Empathy")]
    second = voting_services.round_carry_forward(voting=voting, entry_ids=chosen, budget=2)
    assert second.number == 2 and sorted(e.name for e in second.entries.all()) == [
        "Empathy",
        "Honesty",
        "Speed",
    ]
    assert voting.entries.filter(carried=True).count() == 3
    # Every round is kept: who could vote, the budget, the results.
    assert set(voting.voters.all()) == {paul, fiona}
    assert voting.entries.get(name="Honesty").votes == 2


def test_narrowing_needs_revealed_results(voting):
    with pytest.raises(DomainError, match="Reveal"):
        voting_services.round_carry_forward(voting=voting, entry_ids=[], budget=2)


def test_finalise_refuses_more_than_five_and_keeps_the_order(workshop, voting, fiona):
    ids = list(workshop.candidates.values_list("pk", flat=True))
    with pytest.raises(DomainError, match="five values or fewer"):
        voting_services.finalise(workshop=workshop, candidate_ids=ids[:6], name="", user=fiona)
    chosen = [ids[4], ids[0], ids[2]]
    value_set = voting_services.finalise(
        workshop=workshop, candidate_ids=chosen, name="The 3Rs", user=fiona
    )
    final = list(
        workshop.candidates.filter(final_position__isnull=False).order_by("final_position")
    )
    assert [c.pk for c in final] == chosen
    assert value_set.name == "The 3Rs" and value_set.finalised_at is not None
    assert value_selectors.initials([c.name for c in final]) == "EHS"


def test_the_database_refuses_a_sixth_final_position(workshop, voting):
    candidate = workshop.candidates.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        Candidate.objects.filter(pk=candidate.pk).update(final_position=6)


def test_values_nobody_gave_a_dot_are_neither_carried_nor_tied(voting, paul):
    voting_services.dot_add(voting=voting, user=paul, entry_id=_entry(voting, "Speed"))
    voting_services.dot_add(voting=voting, user=paul, entry_id=_entry(voting, "Honesty"))
    voting_services.round_reveal(voting=voting)
    cut = value_selectors.cut(voting, 5)
    assert sorted(e.name for e in cut.carried) == ["Honesty", "Speed"]
    assert cut.tied == []


def test_a_merged_value_keeps_the_name_it_was_typed_as(workshop, paul):
    speed = add(workshop, "Speed", paul)
    speediness = add(workshop, "Speediness", paul)
    brainstorm_services.candidates_merge(source=speediness, target=speed)
    assert sorted(speed.sources.values_list("text", flat=True)) == ["", "Speediness"]


def test_values_without_a_dot_are_not_carried_when_the_cut_takes_the_whole_round(workshop, paul):
    # A round over five values: the suggested cut is all five, yet one without a dot
    # does not go on (it did before: the cut returned every entry).
    five = [add(workshop, name, paul) for name in ("Honesty", "Respect", "Speed", "Care", "Joy")]
    voting = voting_services.round_open(workshop=workshop, candidates=five, budget=3)
    for name in ("Honesty", "Respect", "Speed"):
        voting_services.dot_add(voting=voting, user=paul, entry_id=_entry(voting, name))
    voting_services.round_reveal(voting=voting)
    cut = value_selectors.cut(voting, 5)
    assert sorted(e.name for e in cut.carried) == ["Honesty", "Respect", "Speed"]
    assert cut.tied == []


def test_a_statement_for_a_value_on_the_list_joins_its_sources(workshop, paul, fiona):
    honesty = add(workshop, "Honesty", paul)
    statement = "we want customers to believe what we tell them is true"
    with pytest.raises(brainstorm_services.StatementAdded) as added:
        add(workshop, "honesty", fiona, source=SourceKind.TYPED, source_text=statement)
    assert added.value.existing == honesty
    assert "Honesty" in str(added.value)
    assert list(honesty.sources.values_list("text", "added_by")) == [
        ("", paul.pk),
        (statement, fiona.pk),
    ]
    # Without a statement nothing is added: the value is simply there already.
    with pytest.raises(brainstorm_services.DuplicateValue):
        add(workshop, "HONESTY", fiona)
    assert honesty.sources.count() == 2


def test_a_merge_is_undone_with_the_sources_it_brought(workshop, paul, fiona):
    speed = add(workshop, "Speed", paul)
    quick = add(
        workshop, "Quick replies", fiona, description="Within the hour", source_text="be quick"
    )
    merge = brainstorm_services.candidates_merge(source=quick, target=speed, user=fiona)
    speed.refresh_from_db()
    assert speed.description == "Within the hour" and speed.sources.count() == 2

    restored = brainstorm_services.candidates_merge_undo(merge=merge)

    assert (restored.name, restored.description, restored.created_by) == (
        "Quick replies",
        "Within the hour",
        fiona,
    )
    assert list(restored.sources.values_list("text", flat=True)) == ["be quick"]
    speed.refresh_from_db()
    assert speed.description == "" and speed.sources.count() == 1
    assert not workshop.merges.exists()


def test_a_merge_that_combined_dots_cannot_be_undone(workshop, paul, fiona):
    speed, quick, voting, _entry = _speed_and_quick_replies_in_a_round(workshop, paul, fiona)
    merge = brainstorm_services.candidates_merge(source=quick, target=speed, user=fiona)
    assert merge.dots_moved
    with pytest.raises(DomainError):
        brainstorm_services.candidates_merge_undo(merge=merge)
    assert Candidate.objects.filter(workshop=workshop, name="Quick replies").count() == 0
    assert Entry.objects.get(round=voting, candidate=speed).votes == 1


def test_a_refused_first_round_leaves_the_brainstorm_open(workshop, paul):
    add(workshop, "Honesty", paul)  # one value: nothing to choose from
    with pytest.raises(DomainError):
        voting_services.voting_start(workshop=workshop, budget=3)
    assert value_selectors.value_set_for(workshop).brainstorm_ended_at is None
    add(workshop, "Respect", paul)
    voting_services.voting_start(workshop=workshop, budget=3)
    assert value_selectors.value_set_for(workshop).brainstorm_ended_at is not None
    assert workshop.rounds.get().entries.count() == 2


def test_narrowing_to_the_final_values_keeps_them_in_order_of_dots(voting, paul, workshop):
    for name in ("Speed", "Speed", "Honesty"):
        voting_services.dot_add(voting=voting, user=paul, entry_id=_entry(voting, name))
    voting_services.round_reveal(voting=voting)
    voting.refresh_from_db()
    chosen = [_entry(voting, "Honesty"), _entry(voting, "Speed")]
    voting_services.round_narrow(voting=voting, entry_ids=chosen, finalise_them=True, user=paul)
    assert [c.name for c in value_selectors.final_values(workshop)] == ["Speed", "Honesty"]


def test_a_click_on_a_value_merged_away_meanwhile_is_refused_and_spends_nothing(
    workshop, paul, fiona
):
    speed, quick, voting, entry = _speed_and_quick_replies_in_a_round(workshop, paul, fiona)
    stale = entry["Quick replies"]
    brainstorm_services.candidates_merge(source=quick, target=speed)
    with pytest.raises(voting_services.VoteRefused):
        voting_services.dot_add(voting=voting, user=fiona, entry_id=stale.pk)
    assert Ballot.objects.get(round=voting, voter=fiona).used == 0
