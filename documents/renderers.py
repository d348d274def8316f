"""Each export format, rendered from the assembled document (documents/assembly.py):
Markdown and the two CSVs here, PDF from the document page's HTML (documents/pdf.py),
Word with python-docx (documents/word.py). Every renderer returns the file's bytes and
reports its progress (0–100) as it goes."""

import csv
import io
import re
from collections.abc import Callable

from django.utils.translation import gettext as _

from documents.assembly import PhilosophyDocument
from documents.models import ExportFormat
from surveys.exports import answer_rows, csv_safe
from surveys.models import Survey
from values.models import RoundStatus
from workshops.models import Workshop

Progress = Callable[[int], None]


def _nothing(_progress: int) -> None:
    pass


def render(
    format: str, document: PhilosophyDocument, workshop: Workshop, progress: Progress = _nothing
) -> bytes:
    if format == ExportFormat.PDF:
        from documents.pdf import render_pdf

        return render_pdf(document, workshop, progress)
    if format == ExportFormat.DOCX:
        from documents.word import render_docx

        return render_docx(document, workshop, progress)
    if format == ExportFormat.MARKDOWN:
        return render_markdown(document).encode()
    if format == ExportFormat.ANSWERS_CSV:
        return _csv(answers_table(workshop))
    if format == ExportFormat.VOTES_CSV:
        return _csv(votes_table(workshop))
    raise ValueError(format)


def _csv(rows) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    # With a byte-order mark, spreadsheets read the diacritics (ș ț ă î â) as UTF-8.
    return ("\ufeff" + out.getvalue()).encode()


def answers_table(workshop: Workshop) -> list[list[str]]:
    survey = Survey.objects.filter(workshop=workshop).first()
    if survey is None:
        return [[_("answer"), _("hidden"), _("received"), _("last changed")]]
    return list(answer_rows(survey))


def votes_table(workshop: Workshop) -> list[list[str]]:
    """Every closed or revealed round: each value's dots (who placed them stays private)."""
    rows = [[_("round"), _("round status"), _("value"), _("dots"), _("carried into the round")]]
    rounds = workshop.rounds.exclude(status=RoundStatus.OPEN).order_by("number")
    for round_ in rounds.prefetch_related("entries"):
        status = str(RoundStatus(round_.status).label)
        for entry in sorted(round_.entries.all(), key=lambda e: (-e.votes, e.name)):
            rows.append(
                [
                    str(round_.number),
                    status,
                    csv_safe(entry.name),
                    str(entry.votes),
                    _("yes") if entry.carried else _("no"),
                ]
            )
    return rows


_INLINE = str.maketrans({ch: "\\" + ch for ch in "\\`*_[]<>|~&"})
_LINE_START = re.compile(r"^(\s*)([#>+=-])", re.MULTILINE)
# "1. " or "1) " would start a numbered list; digits cannot be escaped, the mark can.
_NUMBERED = re.compile(r"^(\s*\d+)([.)])(?=\s|$)", re.MULTILINE)


def _md(text: str) -> str:
    """Plain text made safe in Markdown: nothing the team typed becomes markup (emphasis,
    links, HTML, a table cell's end), and no line of it starts a heading, a quote or a
    list. A number reads as typed ("4.5")."""
    text = _LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text.translate(_INLINE))
    return _NUMBERED.sub(lambda m: m.group(1) + "\\" + m.group(2), text)


def _md_block(text: str) -> str:
    return "  \n".join(_md(line) for line in text.strip().splitlines())


def render_markdown(document: PhilosophyDocument) -> str:
    lines = [f"# {_md(document.title)}", "", f"*{_md(document.company)}*", ""]
    if document.foreword:
        lines += [_md_block(document.foreword), ""]
    lines += [f"## {_('Our purpose')}", ""]
    if document.purpose:
        purpose = _("Our purpose at %(company)s is: %(purpose)s") % {
            "company": document.company,
            "purpose": document.purpose,
        }
        lines += [_md_block(purpose)]
    else:
        lines += [f"*{_('Not written yet.')}*"]
    lines += ["", f"## {_('Our customer support vision')}", ""]
    if document.vision:
        lines += [
            _md(_("When we interact with customers, we want them to understand:")),
            "",
            f"> **{_md(document.vision)}**",
        ]
    else:
        lines += [f"*{_('Not picked yet.')}*"]
    lines += ["", f"## {_('Our support values')}", ""]
    if document.values_name:
        lines += [f"**{_md(document.values_name)}**", ""]
    lines += [f"{n}. {_md(value.name)}" for n, value in enumerate(document.values, start=1)]
    lines += ["", f"## {_('How we live our philosophy')}", ""]
    for value in document.values:
        lines += [f"### {_md(value.name)}", ""]
        if value.description:
            lines += [_md_block(value.description), ""]
        if value.statement:
            lines += [f"> **{_md(value.statement)}**", ""]
        for group in value.answers:
            if group.answers:
                lines += [f"**{_md(group.question)}**", ""]
                lines += [f"- {_md_block(text)}" for text in group.answers]
                lines += [""]
        if value.metrics:
            lines += [f"**{_('Key metrics')}**", ""]
            # (Labels outside the f-strings: xgettext does not read inside them.)
            target_label, measured_label = _("Target"), _("How it is measured")
            for metric in value.metrics:
                parts = [f"- **{_md(metric.name)}**"]
                if metric.target:
                    parts.append(f"{target_label}: {_md(metric.target)}")
                if metric.measured_by:
                    parts.append(f"{measured_label}: {_md(metric.measured_by)}")
                lines.append(" · ".join(parts))
            lines += [""]
        if value.practices:
            lines += [f"**{_('How each team lives it')}**", ""]
            lines += [f"- **{_md(p.team)}**: {_md_block(p.text)}" for p in value.practices]
            lines += [""]
    if document.guides:
        lines += [f"## {_('When something conflicts with the values')}", ""]
        for guide in document.guides:
            lines += [f"**{_md(guide.topic)}**", "", _md_block(guide.text), ""]
    appendix = document.appendix
    lines += [f"## {_('Appendix: how we got here')}", ""]
    if appendix.survey_question:
        lines += [
            f"**{_('The survey')}**: {_md(appendix.survey_question)} "
            + _("(%(count)s answers)") % {"count": appendix.answer_count},
            "",
        ]
    if appendix.words:
        word_label, answers_label = _("Word"), _("Answers")
        lines += [f"**{_('The word cloud')}**", ""]
        lines += [f"| {word_label} | {answers_label} |", "| --- | ---: |"]
        lines += [f"| {_md(word)} | {count} |" for word, count in appendix.words]
        lines += [""]
    for round_ in appendix.rounds:
        lines += [f"**{_('Round %(number)s') % {'number': round_.number}}**", ""]
        lines += [f"- {_md(name)}: {dots}" for name, dots in round_.results]
        lines += [""]
    if appendix.drafts:
        lines += [f"**{_('Vision drafts considered')}**", ""]
        lines += [f"- {_md(text)}" for text in appendix.drafts]
        lines += [""]
    if appendix.override_reason:
        lines += [
            _("The vision statement was picked despite: %(criteria)s, because: %(reason)s")
            % {
                "criteria": ", ".join(appendix.override_criteria),
                "reason": _md(appendix.override_reason),
            },
            "",
        ]
    return "\n".join(lines).rstrip() + "\n"
