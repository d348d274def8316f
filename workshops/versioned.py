"""One component for a text several people edit at once: the save, its form and its answer.

A model row with a text, a version and who saved it last (`VersionedText`) is saved with
`versioned_text_save`: a save names the version it started from, and a save whose base is
stale changes nothing, keeps the rejected text for its author and shows the word diff.
`versioned_text_response` is the whole of a save view after its access check; the markup
is `templates/workshops/_versioned_text.html`. docs/architecture.md shows a stage using it.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from django import forms
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from workshops import live
from workshops.diffing import DiffPiece, word_diff
from workshops.forms import PlainTextField
from workshops.models import User, VersionedText, Workshop

__all__ = [
    "SaveResult",
    "VersionedText",
    "VersionedTextForm",
    "versioned_text_response",
    "versioned_text_save",
]

COMPONENT = "workshops/_versioned_text.html"
FALLBACK_PAGE = "workshops/context_conflict.html"

# Called once per save that reached the row, applied or not: (row, text, conflicted).
Recorder = Callable[[VersionedText, str, bool], object]


@dataclass
class SaveResult:
    # The row as stored after the save: the new text, or the text that won.
    row: VersionedText
    # Set when someone else saved first: the text this person tried to save, kept for them.
    rejected_text: str | None = None

    @property
    def conflicted(self) -> bool:
        return self.rejected_text is not None

    @cached_property
    def diff(self) -> list[DiffPiece]:
        """Word by word, from the stored text to the rejected one; empty without a conflict."""
        if self.rejected_text is None:
            return []
        return word_diff(self.row.text, self.rejected_text)


@transaction.atomic
def versioned_text_save(
    row: VersionedText | QuerySet,
    *,
    text: str,
    base_version: int,
    user: User,
    announce: int | None,
    record: Recorder | None = None,
) -> SaveResult:
    """Save `text` only if nobody saved the row since `base_version` (optimistic concurrency).

    `row` is a saved row or a queryset of exactly one; it is read again under a row lock,
    so two saves from the same base apply one and refuse the other. `announce` is the
    workshop whose screens re-render after a change (None: none do). `record` sees every
    text that reached the row, the refused ones too, e.g. to keep a revision history.
    """
    rows = row if isinstance(row, QuerySet) else type(row)._default_manager.filter(pk=row.pk)
    current = rows.select_for_update().get()
    if current.version != base_version:
        if current.text == text:
            # Both saved the same words: nothing to resolve.
            return SaveResult(row=current)
        if record is not None:
            record(current, text, True)
        return SaveResult(row=current, rejected_text=text)
    current.text = text
    current.version += 1
    current.updated_by = user
    current.updated_at = timezone.now()
    current.save(update_fields=["text", "version", "updated_by", "updated_at"])
    if record is not None:
        record(current, text, False)
    if announce is not None:
        live.announce_change(announce, live.STAGE)
    return SaveResult(row=current)


class VersionedTextForm(forms.Form):
    """The text and the version it was edited from, as the component's form posts them."""

    base_version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)

    def __init__(
        self,
        *args,
        max_length: int = VersionedText.MAX_LENGTH,
        required_message: str | None = None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        # A text may be emptied, unless `required_message` says why it may not.
        self.fields["text"] = PlainTextField(
            max_length=max_length,
            required=required_message is not None,
            widget=forms.Textarea,
            error_messages={"required": required_message} if required_message else None,
        )


Saver = Callable[..., SaveResult]


def versioned_text_response(
    request: HttpRequest,
    *,
    workshop: Workshop,
    row: VersionedText,
    stem: str,
    label: str,
    save_url: str | None = None,
    save: Saver | None = None,
    extra_context: dict | None = None,
    required_message: str | None = None,
) -> HttpResponse:
    """A save view's answer, after its access check: parse, save, render the component.

    htmx gets the component's `versioned-save-response` partial: 200 saved, 409 someone
    saved first (both texts and the diff), 422 a refused text (it stays in the box). A
    plain form post goes back to the workshop page, or gets the full fallback page.

    `row` is the row the form was rendered for (it may be unsaved, e.g. a question added
    after the workshop). `save(text=..., base_version=...)` defaults to
    `versioned_text_save(row, ..., user=request.user, announce=workshop.pk)`.
    `extra_context` goes to the component too (e.g. `check_url`, see its template).
    `required_message`: the text may not be emptied, and this says why (a 422).
    """
    if save is None:

        def save(*, text: str, base_version: int) -> SaveResult:
            return versioned_text_save(
                row, text=text, base_version=base_version, user=request.user, announce=workshop.pk
            )

    form = VersionedTextForm(
        request.POST, max_length=type(row).MAX_LENGTH, required_message=required_message
    )
    context = {
        "workshop": workshop,
        "row": row,
        "stem": stem,
        "label": label,
        "save_url": save_url or request.path,
        "form": form,
        **(extra_context or {}),
    }
    status = 422
    if form.is_valid():
        data = form.cleaned_data
        result = save(text=data["text"], base_version=data["base_version"])
        context.update(row=result.row, rejected_text=result.rejected_text, diff=result.diff)
        status = 409 if result.conflicted else 200
        context["saved"] = not result.conflicted
    if not request.htmx:
        if status == 200:
            return redirect(workshop)
        return render(request, FALLBACK_PAGE, context, status=status)
    return render(request, f"{COMPONENT}#versioned-save-response", context, status=status)
