"""The survey's answers as spreadsheet rows: the facilitator's CSV download (stage 2) and
the admins' export (stage 8) write the same rows."""

from collections.abc import Iterator

from django.utils.translation import gettext as _

from surveys.models import Survey


def csv_safe(text: str) -> str:
    """A cell starting with = + - @ (or a tab or return) runs as a formula in spreadsheets:
    made plain text."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def answer_rows(survey: Survey) -> Iterator[list[str]]:
    """The header, then one row per answer, oldest first. The labels are translated now,
    in the caller's language, not while a streamed response is sent."""
    header = [_("answer"), _("hidden"), _("received"), _("last changed")]
    held, yes, no = _("held for approval"), _("yes"), _("no")

    def rows() -> Iterator[list[str]]:
        yield header
        for answer in survey.answers.order_by("created_at").iterator():
            yield [
                csv_safe(answer.text),
                # "held": caught by the offensive-words filter, not yet approved.
                held if answer.held else yes if answer.hidden else no,
                answer.created_at.isoformat(),
                answer.updated_at.isoformat(),
            ]

    return rows()
