"""Stage 6: drafts of the vision statement created, saved (versioned) and removed; the
team's ratings, the facilitator's shortlist, confirmed promises and the final pick.

Who may change which draft is the views' concern (`vision.views._editable_draft`): the
services change what they are given.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone

from surveys.models import device_fingerprint
from vision.check import NEEDS_WORK, check_vision, statement_language
from vision.models import (
    DraftRating,
    GutCheckLink,
    GutCheckReaction,
    JourneyAnswer,
    VisionDraft,
    VisionDraftRevision,
    VisionStatement,
)
from workshops import live
from workshops.models import User, Workshop
from workshops.versioned import SaveResult, versioned_text_save


def _record(user: User):
    def record(row: VisionDraft, text: str, conflicted: bool) -> None:
        VisionDraftRevision.objects.create(draft=row, text=text, author=user, conflicted=conflicted)

    return record


@transaction.atomic
def draft_create(*, workshop: Workshop, author: User, text: str = "") -> VisionDraft:
    """A new draft; a text it starts with is its first version (and first revision)."""
    text = text.strip()
    draft = VisionDraft.objects.create(
        workshop=workshop,
        author=author,
        text=text,
        version=1 if text else 0,
        updated_by=author if text else None,
        updated_at=timezone.now() if text else None,
    )
    if text:
        _record(author)(draft, text, False)
    live.announce_change(workshop.pk, live.STAGE)
    return draft


@transaction.atomic
def draft_save(*, draft: VisionDraft, text: str, base_version: int, user: User) -> SaveResult:
    """Save a draft only if nobody saved it since base_version; every text is a revision.
    A confirmation of its promises was for the words it had: new words clear it."""
    before = VisionDraft.objects.select_for_update().filter(pk=draft.pk).values("text").first()
    result = versioned_text_save(
        draft,
        text=text,
        base_version=base_version,
        user=user,
        announce=draft.workshop_id,
        record=_record(user),
    )
    if result.rejected_text is None and before and result.row.text != before["text"]:
        VisionDraft.objects.filter(pk=draft.pk).update(
            promises_confirmed_by=None, promises_confirmed_at=None
        )
        result.row.promises_confirmed_by = result.row.promises_confirmed_at = None
    return result


@transaction.atomic
def draft_remove(*, draft: VisionDraft) -> None:
    """Remove a draft with its history (a later stage's shortlist keeps what it needs)."""
    workshop_id = draft.workshop_id
    VisionDraft.objects.filter(pk=draft.pk).delete()
    live.announce_change(workshop_id, live.STAGE)


@transaction.atomic
def draft_rate(*, draft: VisionDraft, rater: User, ratings: dict[str, tuple[str, str]]) -> None:
    """Set one person's ratings of a draft: criterion -> (verdict, comment); an empty
    verdict clears that criterion's rating. One row per person, draft and criterion, also
    when the same ratings arrive twice at once (INSERT … ON CONFLICT DO UPDATE)."""
    now = timezone.now()
    rows = [
        DraftRating(
            draft=draft,
            rater=rater,
            criterion=criterion,
            verdict=verdict,
            comment=comment.strip(),
            updated_at=now,
        )
        for criterion, (verdict, comment) in ratings.items()
        if verdict
    ]
    if rows:
        DraftRating.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["draft", "rater", "criterion"],
            update_fields=["verdict", "comment", "updated_at"],
        )
    cleared = [criterion for criterion, (verdict, _comment) in ratings.items() if not verdict]
    if cleared:
        DraftRating.objects.filter(draft=draft, rater=rater, criterion__in=cleared).delete()
    live.announce_change(draft.workshop_id, live.STAGE)


@transaction.atomic
def draft_journey(*, draft: VisionDraft, rater: User, answers: dict[str, bool | None]) -> None:
    """Set one person's walk of a draft through the customer's journey: step -> whether it
    tells an employee what to do there; None clears that step's answer. One row per
    person, draft and step, also when the same answers arrive twice at once (an upsert)."""
    now = timezone.now()
    rows = [
        JourneyAnswer(draft=draft, rater=rater, step=step, tells=tells, updated_at=now)
        for step, tells in answers.items()
        if tells is not None
    ]
    if rows:
        JourneyAnswer.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["draft", "rater", "step"],
            update_fields=["tells", "updated_at"],
        )
    cleared = [step for step, tells in answers.items() if tells is None]
    if cleared:
        JourneyAnswer.objects.filter(draft=draft, rater=rater, step__in=cleared).delete()
    live.announce_change(draft.workshop_id, live.STAGE)


@transaction.atomic
def draft_shortlist(*, draft: VisionDraft, shortlisted: bool) -> None:
    """Put a draft on the shortlist or take it off (the value asked for, so a double click
    does not undo itself)."""
    VisionDraft.objects.filter(pk=draft.pk).update(shortlisted=shortlisted)
    live.announce_change(draft.workshop_id, live.STAGE)


@transaction.atomic
def draft_confirm_promises(*, draft: VisionDraft, user: User) -> None:
    """Record that the team can keep the absolute promises the check flags in this text."""
    VisionDraft.objects.filter(pk=draft.pk).update(
        promises_confirmed_by=user, promises_confirmed_at=timezone.now()
    )
    live.announce_change(draft.workshop_id, live.STAGE)


class ReasonNeeded(Exception):
    """A draft the check says needs work is picked only with a reason."""

    def __init__(self, despite: list[str]):
        super().__init__(despite)
        self.despite = despite


def needs_work(draft: VisionDraft, language: str) -> list[str]:
    """The criteria the check says the draft's text needs work on, in the check's order
    (read in the language it is written in; `language`, the reader's, if that can't tell)."""
    result = check_vision(
        draft.text,
        language=statement_language(draft.text, language),
        promises_confirmed=draft.promises_confirmed,
    )
    return [c.key for c in result.criteria if c.status == NEEDS_WORK]


@transaction.atomic
def statement_pick(
    *, draft: VisionDraft, user: User, reason: str, language: str
) -> VisionStatement:
    """Make a draft the workshop's vision statement, its text as it is now. If the check
    says it needs work on a criterion, only with a reason (else `ReasonNeeded`), kept with
    the criteria it was picked despite.

    Locks the workshop's statement row (if any), then the draft, read again."""
    workshop_id = draft.workshop_id
    VisionStatement.objects.select_for_update().filter(workshop_id=workshop_id).first()
    draft = VisionDraft.objects.select_for_update().get(pk=draft.pk)
    despite = needs_work(draft, language)
    reason = reason.strip()
    if despite and not reason:
        raise ReasonNeeded(despite)
    statement = VisionStatement(
        workshop_id=workshop_id,
        draft=draft,
        text=draft.text,
        picked_by=user,
        picked_at=timezone.now(),
        despite=despite,
        override_reason=reason if despite else "",
    )
    VisionStatement.objects.bulk_create(
        [statement],
        update_conflicts=True,
        unique_fields=["workshop"],
        update_fields=["draft", "text", "picked_by", "picked_at", "despite", "override_reason"],
    )
    live.announce_change(workshop_id, live.STAGE)
    return VisionStatement.objects.get(workshop_id=workshop_id)


@transaction.atomic
def statement_unpick(*, workshop: Workshop) -> None:
    """The workshop has no final vision statement again (its drafts stay)."""
    VisionStatement.objects.filter(workshop=workshop).delete()
    live.announce_change(workshop.pk, live.STAGE)


class GutCheckUnavailable(Exception):
    """The gut-check link is unknown or no longer in use (both answer alike)."""


def gut_check_share(*, workshop: Workshop, user: User) -> GutCheckLink:
    """The workshop's gut-check link in use, made now if there is none (a second click,
    or two at once, give the same link: the database keeps one in use per workshop)."""
    link = GutCheckLink.objects.in_use().filter(workshop=workshop).first()
    if link is not None:
        return link
    try:
        with transaction.atomic():
            link = GutCheckLink.objects.create(
                workshop=workshop, token=GutCheckLink.new_token(), created_by=user
            )
    except IntegrityError:
        return GutCheckLink.objects.in_use().get(workshop=workshop)
    live.announce_change(workshop.pk, live.STAGE)
    return link


@transaction.atomic
def gut_check_stop(*, workshop: Workshop) -> None:
    """The link in use stops working for good; the reactions it brought stay."""
    GutCheckLink.objects.filter(workshop=workshop).stop()
    live.announce_change(workshop.pk, live.STAGE)


def gut_check_link(token: str) -> GutCheckLink:
    link = (
        GutCheckLink.objects.select_related("workshop__organisation")
        .in_use()
        .filter(token=token)
        .first()
    )
    if link is None or not token:
        raise GutCheckUnavailable
    return link


@transaction.atomic
def gut_check_react(
    *, link: GutCheckLink, draft: VisionDraft, device_id: str, reaction: str, comment: str
) -> GutCheckReaction:
    """A stakeholder's reaction to a shortlisted draft: one per device and draft, the
    latest kept (an upsert). Locks the link row first, so a link stopped meanwhile takes
    nothing (`GutCheckUnavailable`)."""
    if not GutCheckLink.objects.select_for_update().in_use().filter(pk=link.pk).exists():
        raise GutCheckUnavailable
    now = timezone.now()
    device = device_fingerprint(device_id)
    GutCheckReaction.objects.bulk_create(
        [
            GutCheckReaction(
                link=link,
                draft=draft,
                device=device,
                reaction=reaction,
                comment=comment.strip(),
                created_at=now,
                updated_at=now,
            )
        ],
        update_conflicts=True,
        unique_fields=["draft", "device"],
        update_fields=["link", "reaction", "comment", "updated_at"],
    )
    live.announce_change(link.workshop_id, live.STAGE)
    return GutCheckReaction.objects.get(draft=draft, device=device)
