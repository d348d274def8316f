"""Stage 6: drafts of the vision statement created, saved (versioned) and removed.

Who may change which draft is the views' concern (`vision.views._editable_draft`): the
services change what they are given.
"""

from django.db import transaction
from django.utils import timezone

from vision.models import VisionDraft, VisionDraftRevision
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


def draft_save(*, draft: VisionDraft, text: str, base_version: int, user: User) -> SaveResult:
    """Save a draft only if nobody saved it since base_version; every text is a revision."""
    return versioned_text_save(
        draft,
        text=text,
        base_version=base_version,
        user=user,
        announce=draft.workshop_id,
        record=_record(user),
    )


@transaction.atomic
def draft_remove(*, draft: VisionDraft) -> None:
    """Remove a draft with its history (a later stage's shortlist keeps what it needs)."""
    workshop_id = draft.workshop_id
    VisionDraft.objects.filter(pk=draft.pk).delete()
    live.announce_change(workshop_id, live.STAGE)
