"""Workflows of stages 4 and 5: brainstorm candidates, vote in rounds, narrow, finalise.

Dot budgets and caps hold under concurrent clicks because every change of a count is a
conditional UPDATE (`… SET used = used + 1 WHERE used < budget`), which PostgreSQL
re-checks on the locked row, and CHECK constraints refuse anything that slips past.
"""

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import simplemma
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from surveys.models import Survey
from surveys.text import tokenise
from values.models import (
    MAX_FINAL_VALUES,
    Ballot,
    Candidate,
    CandidateMerge,
    Entry,
    Round,
    RoundStatus,
    Source,
    SourceKind,
    ValueSet,
    Vote,
)
from values.starter import RELATED_FORMS, SAME_VALUE_WORDS, STARTER_VALUES, in_reader_language
from workshops import live
from workshops.models import Workshop
from workshops.services import DomainError

_LEMMA_LANGUAGES = ("en", "ro", "fr", "de", "es", "it", "hu")


class DuplicateValue(DomainError):
    """The value is on the list already (perhaps spelled differently): point to it."""

    def __init__(self, existing: Candidate):
        super().__init__(
            _("“%(name)s” is on the list already.") % {"name": in_reader_language(existing.name)}
            + " "
            + _(
                "Another form of the same word, or its name in another language, is the same "
                "value (from the built-in list of common values); a synonym is a value of its "
                "own, which the facilitator can merge."
            )
        )
        self.existing = existing


def value_set_create(workshop: Workshop) -> ValueSet:
    """A new workshop's value set (registered in ValuesConfig.ready for workshop_create)."""
    return ValueSet.objects.create(workshop=workshop)


def value_set_for(workshop: Workshop) -> ValueSet:
    return ValueSet.objects.get(workshop=workshop)


def languages_of(workshop: Workshop, survey: Survey | None = None) -> tuple[str, ...]:
    """The survey's answer languages, then English. Pass the survey when it is at hand."""
    survey_languages = (
        survey.languages
        if survey is not None
        else Survey.objects.filter(workshop=workshop).values_list("languages", flat=True).first()
    )
    first = [code for code in (survey_languages or "").split(",") if code]
    return tuple(dict.fromkeys([*first, "en"]))


def value_key(name: str, languages: tuple[str, ...] = ("en",)) -> str:
    """What makes two names the same value: case, accents and word forms do not count
    ("Listening", "listen", "LISTENING"; "Încredere", "incredere")."""
    langs = tuple(code for code in languages if code in _LEMMA_LANGUAGES) or ("en",)
    words = []
    for run in tokenise(name):
        for word in run:
            lemma = simplemma.lemmatize(word.casefold(), lang=langs)
            words.append(without_accents(lemma))
    return " ".join(words)[:120]


def without_accents(text: str) -> str:
    """Casefolded, with accents and diacritics dropped ("Încredere" → "incredere")."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=32)
def _starter_keys(languages: tuple[str, ...]) -> tuple[frozenset[str], ...]:
    """The keys of each value of the built-in lists, in every language of the product and
    in the other forms of its word: in a workshop where one person reads English and
    another Romanian, "Empathy" and "Empatie" are one value, "honest" from the cloud is
    "Honesty", and "Trust" is "Încredere" (the starter list, then SAME_VALUE_WORDS)."""
    keys = []
    for starter, (name, _description) in STARTER_VALUES.items():
        names = {value_key(form, languages) for form in RELATED_FORMS.get(starter, ())}
        for code, _label in settings.LANGUAGES:
            with translation.override(code):
                names.add(value_key(str(name), languages))
        keys.append(frozenset(names))
    for words in SAME_VALUE_WORDS:
        keys.append(frozenset(value_key(word, languages) for word in words))
    return tuple(keys)


def same_value_keys(key: str, languages: tuple[str, ...]) -> frozenset[str]:
    """The keys that name the same value as `key`: itself, and, for a value of the
    built-in lists, its other forms and its names in the other languages. Synonyms are
    never the same value: the facilitator merges them if the team wants."""
    for keys in _starter_keys(languages):
        if key in keys:
            return keys
    return frozenset([key])


def _keys_for(workshop: Workshop, name: str) -> tuple[str, frozenset[str]]:
    """The name's key, and every key that names the same value."""
    languages = languages_of(workshop)
    key = value_key(name, languages)
    if not key:
        raise DomainError(_("Name the value with at least one word."))
    return key, same_value_keys(key, languages)


def _existing(workshop: Workshop, keys: frozenset[str], *, exclude=None) -> Candidate | None:
    return workshop.candidates.filter(key__in=keys).exclude(pk=exclude).first()


def _check_brainstorm_open(workshop: Workshop) -> None:
    if value_set_for(workshop).brainstorm_ended_at is not None:
        raise DomainError(_("The brainstorm has ended; the facilitator can reopen it."))


class StatementAdded(DomainError):
    """The value is on the list already; the statement it came from joined its sources."""

    def __init__(self, existing: Candidate):
        super().__init__(
            _("“%(name)s” is on the list already: your statement was added to it.")
            % {"name": existing.name}
        )
        self.existing = existing


def candidate_add(
    *,
    workshop: Workshop,
    name: str,
    user,
    description: str = "",
    source: str = SourceKind.TYPED,
    source_text: str = "",
) -> Candidate:
    """Add a value to the list, recording where it came from.

    A value already on the list (in any spelling) raises DuplicateValue naming it; when a
    statement came with it, the statement is added to the existing value's sources first
    (StatementAdded), so nothing typed is lost.
    """
    _check_brainstorm_open(workshop)
    key, same = _keys_for(workshop, name)
    existing = _existing(workshop, same)
    if existing is None:
        try:
            with transaction.atomic():
                candidate = Candidate.objects.create(
                    workshop=workshop, name=name, description=description, key=key, created_by=user
                )
                Source.objects.create(
                    candidate=candidate, kind=source, text=source_text, added_by=user
                )
        except IntegrityError:
            # Someone added the same value at the same moment.
            existing = _existing(workshop, same)
        else:
            live.announce_change(workshop.pk)
            return candidate
    if source == SourceKind.TYPED and source_text:
        Source.objects.create(candidate=existing, kind=source, text=source_text, added_by=user)
        live.announce_change(workshop.pk)
        raise StatementAdded(existing)
    raise DuplicateValue(existing)


def candidate_update(
    *, candidate: Candidate, name: str, description: str, version: int | None = None
) -> Candidate:
    """Rename or describe a value. `version` is the one the editor's form was made from: if
    someone saved meanwhile, this save is refused with what they saved, so neither is lost
    unseen."""
    workshop = candidate.workshop
    # Once the list goes to the vote it stays as voted on; reopening the brainstorm allows
    # changes again.
    _check_brainstorm_open(workshop)
    key, same = _keys_for(workshop, name)
    existing = _existing(workshop, same, exclude=candidate.pk)
    if existing is not None:
        raise DuplicateValue(existing)
    current = Candidate.objects.filter(pk=candidate.pk)
    if version is not None:
        current = current.filter(version=version)
    try:
        with transaction.atomic():
            saved = current.update(
                name=name,
                description=description,
                key=key,
                version=F("version") + 1,
                updated_at=timezone.now(),
            )
    except IntegrityError as error:
        raise DuplicateValue(_existing(workshop, same, exclude=candidate.pk)) from error
    candidate.refresh_from_db()
    if not saved:
        raise EditConflict(candidate, name, description)
    live.announce_change(workshop.pk)
    return candidate


class EditConflict(DomainError):
    """Someone saved the value after this editor's form was made: say what they saved, and
    what this editor typed, so neither is lost unseen."""

    def __init__(self, current: Candidate, name: str, description: str):
        yours = f"{name} ({description})" if description else name
        super().__init__(
            _(
                "Someone changed this value meanwhile: it now reads “%(name)s”. "
                "You typed “%(yours)s”: edit it again to save it."
            )
            % {"name": current.name, "yours": yours}
        )
        self.existing = current


def _check_not_final(candidate: Candidate) -> None:
    # The brainstorm may be reopened after finalising: the final set stays whole.
    if candidate.final_position is not None:
        raise DomainError(
            _("“%(name)s” is one of the final values: undo the final set first.")
            % {"name": candidate.name}
        )


def candidate_remove(*, candidate: Candidate) -> None:
    _check_brainstorm_open(candidate.workshop)
    _check_not_final(candidate)
    workshop_id = candidate.workshop_id
    candidate.delete()
    live.announce_change(workshop_id)


@transaction.atomic
def candidates_merge(*, source: Candidate, target: Candidate, user=None) -> CandidateMerge:
    """Fold `source` into `target`: its sources, and its dots in rounds not yet revealed,
    move over. Returns the record that lets the facilitator undo it.

    A voter's dots on both, in one round, are added up to the round's cap; dots over the
    cap go back to the voter's budget. Revealed rounds are history and stay as they were.
    Locks follow the voting data's one order (docs/architecture.md): the ballots of the
    rounds concerned, then their votes, then the entries, then the candidates, as a dot
    does, so a merge and a voter wait for each other instead of deadlocking.
    """
    if source.pk == target.pk or source.workshop_id != target.workshop_id:
        raise DomainError(_("Choose two different values to merge."))
    # The value set first: a round opened meanwhile waits, so it cannot miss the merge.
    ValueSet.objects.select_for_update().filter(workshop_id=target.workshop_id).first()
    rounds = list(
        Round.objects.filter(entries__candidate=source)
        .exclude(status=RoundStatus.REVEALED)
        .values_list("pk", flat=True)
    )
    list(Ballot.objects.select_for_update().filter(round__in=rounds).order_by("pk"))
    list(Vote.objects.select_for_update().filter(ballot__round__in=rounds).order_by("pk"))
    entries = Entry.objects.select_for_update().filter(round__in=rounds).order_by("pk")
    entries = [e for e in entries if e.candidate_id == source.pk]
    locked = Candidate.objects.select_for_update().filter(pk__in=[source.pk, target.pk])
    locked = {c.pk: c for c in locked.order_by("pk")}
    if len(locked) != 2:
        raise DomainError(_("One of those values was removed meanwhile."))
    source, target = locked[source.pk], locked[target.pk]
    _check_not_final(source)

    moved_sources = list(Source.objects.filter(candidate=source).values_list("pk", flat=True))
    # A typed value keeps the name it had, so the merged one still says where it came from.
    named = Source.objects.filter(candidate=source, kind=SourceKind.TYPED, text="")
    named_ids = list(named.values_list("pk", flat=True))
    named.update(text=source.name)
    Source.objects.filter(pk__in=moved_sources).update(candidate=target)
    for entry in entries:
        into = Entry.objects.filter(round_id=entry.round_id, candidate=target).first()
        if into is None:
            entry.candidate, entry.name = target, target.name
            entry.save(update_fields=["candidate", "name"])
        else:
            _merge_entry_votes(entry, into)
    took_description = not target.description and bool(source.description)
    if took_description:
        target.description = source.description
        target.save(update_fields=["description", "updated_at"])
    merge = CandidateMerge.objects.create(
        workshop_id=target.workshop_id,
        into=target,
        name=source.name,
        description=source.description,
        key=source.key,
        created_by_id=source.created_by_id,
        sources={"moved": moved_sources, "named": named_ids},
        took_description=took_description,
        dots_moved=bool(entries),
        merged_by=user,
    )
    source.delete()
    live.announce_change(target.workshop_id)
    return merge


def _merge_entry_votes(entry: Entry, into: Entry) -> None:
    cap = entry.round.cap
    for vote in Vote.objects.filter(entry=entry).order_by("pk"):
        kept, _created = Vote.objects.get_or_create(
            ballot_id=vote.ballot_id, entry=into, defaults={"cap": cap}
        )
        moved = min(vote.count, cap - kept.count)
        Vote.objects.filter(pk=kept.pk).update(count=F("count") + moved)
        refunded = vote.count - moved
        if refunded:
            Ballot.objects.filter(pk=vote.ballot_id).update(used=F("used") - refunded)
        Entry.objects.filter(pk=into.pk).update(votes=F("votes") + moved)
    entry.delete()


@transaction.atomic
def candidates_merge_undo(*, merge: CandidateMerge) -> Candidate:
    """Give the merged-away value back, with the sources it brought.

    Dots that went into the other value in a round cannot be told apart any more, so a
    merge that moved dots stays (the notice after it says so).
    """
    if merge.dots_moved:
        raise DomainError(
            _("“%(name)s” brought dots with it in a round: its merge cannot be undone.")
            % {"name": merge.name}
        )
    into = Candidate.objects.select_for_update().filter(pk=merge.into_id).first()
    if into is None:
        raise DomainError(_("One of those values was removed meanwhile."))
    try:
        with transaction.atomic():
            restored = Candidate.objects.create(
                workshop_id=merge.workshop_id,
                name=merge.name,
                description=merge.description,
                key=merge.key,
                created_by_id=merge.created_by_id,
            )
    except IntegrityError as error:
        raise DuplicateValue(_existing(into.workshop, frozenset([merge.key]))) from error
    moved = merge.sources.get("moved", [])
    Source.objects.filter(pk__in=moved, candidate=into).update(candidate=restored)
    Source.objects.filter(pk__in=merge.sources.get("named", [])).update(text="")
    if merge.took_description and into.description == merge.description:
        into.description = ""
        into.save(update_fields=["description", "updated_at"])
    merge.delete()
    live.announce_change(merge.workshop_id)
    return restored


def brainstorm_end(*, workshop: Workshop) -> None:
    ValueSet.objects.filter(workshop=workshop, brainstorm_ended_at=None).update(
        brainstorm_ended_at=timezone.now()
    )
    live.announce_change(workshop.pk)


def brainstorm_reopen(*, workshop: Workshop) -> None:
    ValueSet.objects.filter(workshop=workshop).update(brainstorm_ended_at=None)
    live.announce_change(workshop.pk)


# Voting.


def default_budget(candidates: int) -> int:
    """About a third of the candidates, at least 3 (and never more than there are)."""
    return max(min(3, candidates), round(candidates / 3))


class VoteRefused(DomainError):
    pass


def open_round(workshop: Workshop) -> Round | None:
    return workshop.rounds.filter(status=RoundStatus.OPEN).first()


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
    live.announce_change(workshop.pk)
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


def ballot_for(voting: Round, user) -> Ballot | None:
    return Ballot.objects.filter(round=voting, voter=user).first()


def dot_add(*, voting: Round, user, entry_id: int) -> Ballot:
    """Place one of the user's dots on an entry of an open round."""
    with transaction.atomic():
        ballot, entry = _ballot_and_entry(voting, user, entry_id)
        # Every change locks the ballot first, then the vote, then the entry: one order, so
        # two clicks of one voter wait for each other instead of deadlocking.
        # The condition stays on the updated row itself (no join), so PostgreSQL re-checks
        # it after waiting for a concurrent click's lock.
        spent = Ballot.objects.filter(pk=ballot.pk, used__lt=F("budget")).update(used=F("used") + 1)
        if not spent:
            raise VoteRefused(
                _("You have placed all your %(budget)s dots. Take one back to move it.")
                % {"budget": ballot.budget}
            )
        _check_entry_still_there(entry)
        vote, _created = Vote.objects.get_or_create(
            ballot=ballot, entry=entry, defaults={"cap": voting.cap}
        )
        placed = Vote.objects.filter(pk=vote.pk, count__lt=F("cap")).update(count=F("count") + 1)
        if not placed:
            # Leaving the atomic block by this exception undoes the dot spent above.
            raise VoteRefused(
                _("“%(name)s” has the most dots one person may give it (%(cap)s).")
                % {"name": entry.name, "cap": voting.cap}
            )
        Entry.objects.filter(pk=entry.pk).update(votes=F("votes") + 1)
        # Read while the ballot's row is still locked: this click's own count.
        ballot.refresh_from_db(fields=["used"])
    _announce_dot(voting, voted_now=ballot.used == 1)
    return ballot


def dot_remove(*, voting: Round, user, entry_id: int) -> Ballot:
    """Take back one of the user's dots from an entry."""
    with transaction.atomic():
        ballot, entry = _ballot_and_entry(voting, user, entry_id)
        refunded = Ballot.objects.filter(pk=ballot.pk, used__gt=0).update(used=F("used") - 1)
        taken = refunded and Vote.objects.filter(ballot=ballot, entry=entry, count__gt=0).update(
            count=F("count") - 1
        )
        if not taken:
            # Leaving the atomic block by this exception undoes the refund above.
            raise VoteRefused(_("You have no dot on “%(name)s”.") % {"name": entry.name})
        Entry.objects.filter(pk=entry.pk, votes__gt=0).update(votes=F("votes") - 1)
        ballot.refresh_from_db(fields=["used"])
    _announce_dot(voting, voted_now=ballot.used == 0)
    return ballot


def _announce_dot(voting: Round, *, voted_now: bool) -> None:
    """Re-render the other screens only when they show something this dot changed.

    The voter's own screen gets its answer directly. While results are hidden, the others
    see only who has voted, which changes with a voter's first dot or last take-back
    (`voted_now`), so fifty voters clicking away do not make fifty screens re-render on
    every click.
    """
    if voting.results_live or voted_now:
        live.announce_change(voting.workshop_id)


def _check_entry_still_there(entry: Entry) -> None:
    """Read again once the ballot is locked: a merge that committed while this click waited
    for the lock may have folded the entry into another (a merge locks the ballots first,
    so none can start between this read and the end of the click)."""
    if not Entry.objects.filter(pk=entry.pk).exists():
        raise VoteRefused(
            _("“%(name)s” was just merged into another value: look again.") % {"name": entry.name}
        )


def _ballot_and_entry(voting: Round, user, entry_id: int) -> tuple[Ballot, Entry]:
    if voting.status != RoundStatus.OPEN:
        raise VoteRefused(_("This round is closed: dots can no longer change."))
    ballot = ballot_for(voting, user)
    if ballot is None:
        raise VoteRefused(_("You are not among the voters of this round."))
    entry = voting.entries.filter(pk=entry_id).first()
    if entry is None:
        raise VoteRefused(_("That value is not in this round."))
    return ballot, entry


def round_close(*, voting: Round) -> None:
    Round.objects.filter(pk=voting.pk, status=RoundStatus.OPEN).update(
        status=RoundStatus.CLOSED, closed_at=timezone.now()
    )
    live.announce_change(voting.workshop_id)


def round_reveal(*, voting: Round) -> None:
    now = timezone.now()
    Round.objects.filter(pk=voting.pk, status=RoundStatus.OPEN).update(closed_at=now)
    Round.objects.filter(pk=voting.pk).update(status=RoundStatus.REVEALED, revealed_at=now)
    live.announce_change(voting.workshop_id)


@dataclass(frozen=True)
class Cut:
    """The top `size` entries of a round, and the entries tied across the cut."""

    entries: list[Entry]
    carried: list[Entry]
    tied: list[Entry]


def cut(voting: Round, size: int) -> Cut:
    """The top `size` entries by votes. Entries with the same count as the last one in
    are tied across the cut when they don't all fit: the facilitator decides. Entries
    without a dot are never carried."""
    entries = list(voting.entries.all())  # most votes first
    size = max(0, min(size, len(entries)))
    top = [entry for entry in entries[:size] if entry.votes]
    if not top:
        return Cut(entries, [], [])
    boundary = top[-1].votes
    if len(top) < size or size == len(entries) or entries[size].votes != boundary:
        # Everyone with a dot fits (nobody is left out on the boundary's count).
        return Cut(entries, top, [])
    return Cut(entries, top, [e for e in entries if e.votes == boundary])


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
    live.announce_change(workshop.pk)
    return value_set


@transaction.atomic
def unfinalise(*, workshop: Workshop) -> None:
    workshop.candidates.update(final_position=None)
    ValueSet.objects.filter(workshop=workshop).update(finalised_at=None, finalised_by=None)
    live.announce_change(workshop.pk)


def initials(names: list[str]) -> str:
    """The first letters of the values, to help name the set ("HRQ…")."""
    return "".join(name.strip()[:1].upper() for name in names if name.strip())


def final_values(workshop: Workshop) -> list[Candidate]:
    return list(workshop.candidates.filter(final_position__isnull=False).order_by("final_position"))


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
    live.announce_change(workshop.pk)


def final_rename(*, workshop: Workshop, name: str) -> None:
    ValueSet.objects.filter(workshop=workshop).update(name=name)
    live.announce_change(workshop.pk)
