"""Stage 4, the brainstorm: candidate values added, edited, removed, merged and unmerged.

Locks follow the voting data's one order (docs/architecture.md), since a merge moves the
dots of rounds not yet revealed.
"""

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from values.keys import languages_of, same_value_keys, value_key
from values.models import (
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
from values.selectors import value_set_for
from values.starter import in_reader_language
from workshops import live
from workshops.models import Workshop
from workshops.services import DomainError


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
            live.announce_change(workshop.pk, live.STAGE)
            return candidate
    if source == SourceKind.TYPED and source_text:
        Source.objects.create(candidate=existing, kind=source, text=source_text, added_by=user)
        live.announce_change(workshop.pk, live.STAGE)
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
    live.announce_change(workshop.pk, live.STAGE)
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
    live.announce_change(workshop_id, live.STAGE)


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
    live.announce_change(target.workshop_id, live.STAGE)
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
    live.announce_change(merge.workshop_id, live.STAGE)
    return restored


def brainstorm_end(*, workshop: Workshop) -> None:
    ValueSet.objects.filter(workshop=workshop, brainstorm_ended_at=None).update(
        brainstorm_ended_at=timezone.now()
    )
    live.announce_change(workshop.pk, live.STAGE)


def brainstorm_reopen(*, workshop: Workshop) -> None:
    ValueSet.objects.filter(workshop=workshop).update(brainstorm_ended_at=None)
    live.announce_change(workshop.pk, live.STAGE)
