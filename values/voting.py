"""Stage 5: rounds of dot voting, narrowing, and the final set of values.

Dot budgets and caps hold under concurrent clicks because every change of a count is a
conditional UPDATE (`… SET used = used + 1 WHERE used < budget`), which PostgreSQL
re-checks on the locked row, and CHECK constraints refuse anything that slips past.
"""

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from values.brainstorm import brainstorm_end
from values.models import (
    MAX_FINAL_VALUES,
    Ballot,
    Candidate,
    Entry,
    Round,
    RoundStatus,
    ValueSet,
    Vote,
)
from values.selectors import VOTE_PROGRESS, final_values, value_set_for
from workshops import live
from workshops.models import Workshop
from workshops.services import DomainError


class VoteRefused(DomainError):
    pass


@transaction.atomic
def round_open(
    *,
    workshop: Workshop,
    candidates: list[Candidate],
    budget: int,
    cap: int = 1,
    results_live: bool = False,
) -> Round:
    """Open a round over `candidates`; everyone seated in the workshop gets `budget` dots."""
    # The value set first (one lock order): a merge under way finishes before the round
    # copies the list.
    ValueSet.objects.select_for_update().filter(workshop=workshop).first()
    if len(candidates) < 2:
        raise DomainError(_("A round needs at least two values to choose from."))
    if budget < 1 or cap < 1:
        raise DomainError(_("Give everyone at least one dot."))
    last = workshop.rounds.order_by("-number").values_list("number", flat=True).first()
    try:
        with transaction.atomic():
            voting = Round.objects.create(
                workshop=workshop,
                number=(last or 0) + 1,
                budget=budget,
                cap=cap,
                results_live=results_live,
            )
    except IntegrityError as error:
        raise DomainError(_("A round is open already: close it first.")) from error
    Entry.objects.bulk_create(Entry(round=voting, candidate=c, name=c.name) for c in candidates)
    voter_ids = list(workshop.members.values_list("user_id", flat=True))
    voting.voters.set(voter_ids)
    Ballot.objects.bulk_create(
        Ballot(round=voting, voter_id=user_id, budget=budget) for user_id in voter_ids
    )
    live.announce_change(workshop.pk, live.STAGE)
    return voting


@transaction.atomic
def voting_start(
    *, workshop: Workshop, budget: int, cap: int = 1, results_live: bool = False
) -> Round:
    """End the brainstorm and open round 1 over the whole list, or neither: voting on the
    list means the brainstorm is over, and a refused round leaves it open."""
    brainstorm_end(workshop=workshop)
    return round_open(
        workshop=workshop,
        candidates=list(workshop.candidates.all()),
        budget=budget,
        cap=cap,
        results_live=results_live,
    )


def dot_add(*, voting: Round, user, entry_id: int) -> Ballot:
    """Place one of the user's dots on an entry of an open round."""
    with transaction.atomic():
        ballot, entry = _locked_ballot_and_entry(voting, user, entry_id)
        if ballot.used >= ballot.budget:
            raise VoteRefused(
                _("You have placed all your %(budget)s dots. Take one back to move it.")
                % {"budget": ballot.budget}
            )
        # The vote row exists after this, without a savepoint or a read first (no other
        # click can insert it meanwhile: this voter's ballot is locked).
        Vote.objects.bulk_create(
            [Vote(ballot=ballot, entry=entry, cap=voting.cap)], ignore_conflicts=True
        )
        placed = Vote.objects.filter(ballot=ballot, entry=entry, count__lt=F("cap")).update(
            count=F("count") + 1
        )
        if not placed:
            # Leaving the atomic block by this exception undoes everything above.
            raise VoteRefused(
                _("“%(name)s” has the most dots one person may give it (%(cap)s).")
                % {"name": entry.name, "cap": voting.cap}
            )
        if not Entry.objects.filter(pk=entry.pk).update(votes=F("votes") + 1):
            # A merge that committed while this click waited for the ballot's lock folded
            # the entry into another (a merge locks the ballots first, so none can start
            # between the lock and the end of the click).
            raise VoteRefused(
                _("“%(name)s” was just merged into another value: look again.")
                % {"name": entry.name}
            )
        _spend(ballot, 1)
    _announce_dot(voting, voted_now=ballot.used == 1)
    return ballot


def dot_remove(*, voting: Round, user, entry_id: int) -> Ballot:
    """Take back one of the user's dots from an entry."""
    with transaction.atomic():
        ballot, entry = _locked_ballot_and_entry(voting, user, entry_id)
        taken = ballot.used and Vote.objects.filter(ballot=ballot, entry=entry, count__gt=0).update(
            count=F("count") - 1
        )
        if not taken:
            raise VoteRefused(_("You have no dot on “%(name)s”.") % {"name": entry.name})
        Entry.objects.filter(pk=entry.pk, votes__gt=0).update(votes=F("votes") - 1)
        _spend(ballot, -1)
    _announce_dot(voting, voted_now=ballot.used == 0)
    return ballot


def _spend(ballot: Ballot, dots: int) -> None:
    """Count the dots on the locked ballot (the database still holds used within budget)."""
    Ballot.objects.filter(pk=ballot.pk).update(used=F("used") + dots)
    ballot.used += dots


def _announce_dot(voting: Round, *, voted_now: bool) -> None:
    """Re-render the other screens only when they show something this dot changed.

    The voter's own screen gets its answer directly. While results are hidden, the others
    see only who has voted, which changes with a voter's first dot or last take-back
    (`voted_now`), so fifty voters clicking away do not make fifty screens re-render on
    every click.
    """
    if voting.results_live:
        live.announce_change(voting.workshop_id, live.STAGE)
    elif voted_now:
        live.announce_change(voting.workshop_id, VOTE_PROGRESS)


def _locked_ballot_and_entry(voting: Round, user, entry_id: int) -> tuple[Ballot, Entry]:
    """The entry clicked, and the user's ballot, locked: every dot change locks the ballot
    first, then the vote, then the entry (one order, as merges keep it), so two clicks of
    one voter wait for each other and the second sees the first's count."""
    if voting.status != RoundStatus.OPEN:
        raise VoteRefused(_("This round is closed: dots can no longer change."))
    entry = voting.entries.filter(pk=entry_id).first()
    if entry is None:
        raise VoteRefused(_("That value is not in this round."))
    ballot = Ballot.objects.select_for_update().filter(round=voting, voter=user).first()
    if ballot is None:
        raise VoteRefused(_("You are not among the voters of this round."))
    return ballot, entry


def round_close(*, voting: Round) -> None:
    Round.objects.filter(pk=voting.pk, status=RoundStatus.OPEN).update(
        status=RoundStatus.CLOSED, closed_at=timezone.now()
    )
    live.announce_change(voting.workshop_id, live.STAGE)


def round_reveal(*, voting: Round) -> None:
    now = timezone.now()
    Round.objects.filter(pk=voting.pk, status=RoundStatus.OPEN).update(closed_at=now)
    Round.objects.filter(pk=voting.pk).update(status=RoundStatus.REVEALED, revealed_at=now)
    live.announce_change(voting.workshop_id, live.STAGE)


@transaction.atomic
def round_carry_forward(
    *, voting: Round, entry_ids: list[int], budget: int, cap: int = 1, results_live: bool = False
) -> Round:
    """Carry the chosen entries of a revealed round into a new round."""
    entries = _chosen_entries(voting, entry_ids)
    candidates = [entry.candidate for entry in entries if entry.candidate is not None]
    if len(candidates) >= len(voting.entries.exclude(candidate=None)):
        raise DomainError(_("Carry fewer values forward than this round had."))
    Entry.objects.filter(pk__in=[e.pk for e in entries]).update(carried=True)
    return round_open(
        workshop=voting.workshop,
        candidates=candidates,
        budget=budget,
        cap=cap,
        results_live=results_live,
    )


def _chosen_entries(voting: Round, entry_ids: list[int]) -> list[Entry]:
    if voting.status != RoundStatus.REVEALED:
        raise DomainError(_("Reveal the results before narrowing."))
    entries = list(voting.entries.filter(pk__in=entry_ids))
    if len(entries) != len(set(entry_ids)):
        raise DomainError(_("Some of those values are no longer in the round."))
    return entries


@transaction.atomic
def round_narrow(
    *,
    voting: Round,
    entry_ids: list[int],
    finalise_them: bool,
    user,
    budget: int | None = None,
    cap: int = 1,
    results_live: bool = False,
) -> None:
    """After a reveal: the chosen entries become the final values (most dots first), or go
    on to a new round."""
    if finalise_them:
        entries = _chosen_entries(voting, entry_ids)  # most votes first
        finalise(
            workshop=voting.workshop,
            candidate_ids=[e.candidate_id for e in entries if e.candidate_id is not None],
            name=value_set_for(voting.workshop).name,
            user=user,
        )
        return
    if not budget:
        raise DomainError(_("Give everyone at least one dot."))
    round_carry_forward(
        voting=voting, entry_ids=entry_ids, budget=budget, cap=cap, results_live=results_live
    )


@transaction.atomic
def finalise(*, workshop: Workshop, candidate_ids: list[int], name: str, user) -> ValueSet:
    """Make `candidate_ids`, in this order, the workshop's values (five or fewer)."""
    if not candidate_ids:
        raise DomainError(_("Choose the values to keep."))
    if len(candidate_ids) > MAX_FINAL_VALUES:
        raise DomainError(
            _("Keep five values or fewer: narrow with another round first (%(count)s chosen).")
            % {"count": len(candidate_ids)}
        )
    if len(set(candidate_ids)) != len(candidate_ids):
        raise DomainError(_("Each value can be chosen once."))
    chosen = {c.pk: c for c in workshop.candidates.filter(pk__in=candidate_ids)}
    if len(chosen) != len(candidate_ids):
        raise DomainError(_("Some of those values are no longer on the list."))
    workshop.candidates.update(final_position=None)
    for position, candidate_id in enumerate(candidate_ids, start=1):
        Candidate.objects.filter(pk=candidate_id).update(final_position=position)
    value_set = value_set_for(workshop)
    value_set.name, value_set.finalised_at, value_set.finalised_by = name, timezone.now(), user
    value_set.save(update_fields=["name", "finalised_at", "finalised_by"])
    live.announce_change(workshop.pk, live.STAGE)
    return value_set


@transaction.atomic
def unfinalise(*, workshop: Workshop) -> None:
    workshop.candidates.update(final_position=None)
    ValueSet.objects.filter(workshop=workshop).update(finalised_at=None, finalised_by=None)
    live.announce_change(workshop.pk, live.STAGE)


@transaction.atomic
def final_move(*, workshop: Workshop, candidate_id: int, step: int) -> None:
    """Move a final value up (step -1) or down (+1) the order."""
    order = [c.pk for c in final_values(workshop)]
    if candidate_id not in order:
        raise DomainError(_("That value is not in the final set."))
    at = order.index(candidate_id)
    to = at + step
    if not 0 <= to < len(order):
        return
    order[at], order[to] = order[to], order[at]
    workshop.candidates.update(final_position=None)
    for position, pk in enumerate(order, start=1):
        Candidate.objects.filter(pk=pk).update(final_position=position)
    live.announce_change(workshop.pk, live.STAGE)


def final_rename(*, workshop: Workshop, name: str) -> None:
    ValueSet.objects.filter(workshop=workshop).update(name=name)
    live.announce_change(workshop.pk, live.STAGE)
