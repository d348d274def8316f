"""The Word document (python-docx): every section of the document page, editable, with
Word's own structure: the Title and Heading 1–3 styles (so the navigation pane and a
table of contents find them), bullet and numbered lists, real tables (their header row
repeated on each page, no row split across pages), and the word cloud as a picture.

Labels are in the active language (the export task activates the job's); the msgids are
the document page's, so one translation serves both. A section with nothing in it keeps
its heading only where the page says what is missing ("Not written yet.").
"""

import io
import re

from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from documents.assembly import PhilosophyDocument
from workshops.models import Workshop

# Characters XML 1.0 cannot hold: python-docx would refuse the whole document.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
DASH = "—"


def _clean(text: str) -> str:
    return _NOT_XML.sub("", text)


def _lines(paragraph, text: str, *, bold: bool = False, italic: bool = False):
    """The text in the paragraph, its line breaks kept as breaks within it."""
    run = None
    for line in _clean(text).strip().splitlines():
        if run is not None:
            run.add_break()
        run = paragraph.add_run(line)
        run.bold, run.italic = bold or None, italic or None
    return paragraph


class _Writer:
    def __init__(self):
        import docx
        from docx.shared import Mm

        self.out = docx.Document()
        section = self.out.sections[0]
        section.page_width, section.page_height = Mm(210), Mm(297)
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, Mm(20))
        self._page_numbers(section)
        self._language()

    def _page_numbers(self, section):
        """ "3 / 7" centred in the footer: Word's own PAGE and NUMPAGES fields, which it
        counts when it lays the document out."""
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        paragraph = section.footer.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        for n, field in enumerate(("PAGE", "NUMPAGES")):
            if n:
                paragraph.add_run(" / ")
            simple = OxmlElement("w:fldSimple")
            simple.set(qn("w:instr"), field)
            run = OxmlElement("w:r")
            text = OxmlElement("w:t")
            text.text = "1"
            run.append(text)
            simple.append(run)
            paragraph._p.append(simple)

    def _language(self):
        """Word's spelling and hyphenation follow the document's language."""
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        code = {"ro": "ro-RO", "en": "en-GB"}.get(get_language() or "en", get_language())
        rpr = self.out.styles["Normal"].element.get_or_add_rPr()
        lang = rpr.find(qn("w:lang"))
        if lang is None:
            lang = OxmlElement("w:lang")
            rpr.append(lang)
        lang.set(qn("w:val"), code)

    def heading(self, text: str, level: int):
        return self.out.add_heading(_clean(text), level)

    def paragraph(self, text: str = "", *, style=None, bold=False, italic=False):
        return _lines(self.out.add_paragraph(style=style), text, bold=bold, italic=italic)

    def gap(self, text: str):
        return self.paragraph(text, italic=True)

    def bullets(self, texts, *, style="List Bullet"):
        for text in texts:
            self.paragraph(text, style=style)

    def table(self, header: list[str], rows: list[list[str]], *, right: tuple[int, ...] = ()):
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        table = self.out.add_table(rows=1, cols=len(header))
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, header, strict=True):
            cell.paragraphs[0].add_run(_clean(text)).bold = True
        for values in rows:
            cells = table.add_row().cells
            for cell, text in zip(cells, values, strict=True):
                _lines(cell.paragraphs[0], text or DASH)
        for n, row in enumerate(table.rows):
            properties = row._tr.get_or_add_trPr()
            properties.append(OxmlElement("w:cantSplit"))
            if n == 0:
                properties.append(OxmlElement("w:tblHeader"))
                properties.find(qn("w:tblHeader")).set(qn("w:val"), "true")
            for column in right:
                row.cells[column].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
        # A little air after a table, which Word otherwise glues to the next heading.
        self.out.add_paragraph()
        return table

    def picture(self, png: bytes, width_mm: int = 170):
        from docx.shared import Mm

        self.out.add_picture(io.BytesIO(png), width=Mm(width_mm))

    def save(self) -> bytes:
        buffer = io.BytesIO()
        self.out.save(buffer)
        return buffer.getvalue()


def _front(w: _Writer, document: PhilosophyDocument) -> None:
    w.heading(document.title, 0)
    w.paragraph(document.company, style="Subtitle")
    if document.foreword:
        w.paragraph(document.foreword, style="Intense Quote")

    w.heading(_("Our purpose"), 1)
    if document.purpose:
        w.paragraph(
            _("Our purpose at %(company)s is: %(purpose)s")
            % {"company": document.company, "purpose": document.purpose}
        )
    else:
        w.gap(_("Not written yet."))

    w.heading(_("Our customer support vision"), 1)
    if document.vision:
        w.paragraph(_("When we interact with customers, we want them to understand:"))
        w.paragraph(document.vision, style="Quote", bold=True)
    else:
        w.gap(_("Not picked yet."))

    w.heading(_("Our support values"), 1)
    if document.values_name:
        w.paragraph(document.values_name, bold=True)
    if document.values:
        w.bullets([value.name for value in document.values], style="List Number")
    else:
        w.gap(_("Not finalised yet."))


def _living(w: _Writer, document: PhilosophyDocument) -> None:
    if not document.values:
        return
    w.heading(_("How we live our philosophy"), 1)
    for value in document.values:
        w.heading(value.name, 2)
        if value.description:
            w.paragraph(value.description)
        if value.statement:
            w.paragraph(value.statement, bold=True)
        else:
            w.gap(_("No action statement yet."))
        for group in value.answers:
            if group.answers:
                w.heading(group.question, 3)
                w.bullets(group.answers)
        if value.metrics:
            w.heading(_("Key metrics"), 3)
            w.table(
                [_("Metric"), _("Target"), _("How it is measured")],
                [[m.name, m.target, m.measured_by] for m in value.metrics],
            )
        if value.practices:
            w.heading(_("How each team lives it"), 3)
            for practice in value.practices:
                paragraph = w.paragraph(practice.team, bold=True)
                paragraph.paragraph_format.keep_with_next = True
                w.paragraph(practice.text)


def _guides(w: _Writer, document: PhilosophyDocument) -> None:
    if not document.guides:
        return
    w.heading(_("When something conflicts with the values"), 1)
    for guide in document.guides:
        w.heading(guide.topic, 2)
        w.paragraph(guide.text)


def _appendix(w: _Writer, document: PhilosophyDocument, cloud_png: bytes | None) -> None:
    appendix = document.appendix
    if not (
        appendix.survey_question
        or appendix.words
        or appendix.rounds
        or appendix.drafts
        or appendix.override_reason
    ):
        return
    w.heading(_("Appendix: how we got here"), 1)
    if appendix.survey_question:
        w.heading(_("The survey"), 2)
        w.paragraph(
            ngettext(
                "“%(question)s”: %(counter)s answer.",
                "“%(question)s”: %(counter)s answers.",
                appendix.answer_count,
            )
            % {"question": appendix.survey_question, "counter": appendix.answer_count}
        )
    if appendix.words:
        w.heading(_("The word cloud"), 2)
        if cloud_png:
            w.picture(cloud_png)
        w.table(
            [_("Word"), _("Answers")],
            [[word, str(count)] for word, count in appendix.words],
            right=(1,),
        )
    if appendix.rounds:
        w.heading(_("The voting rounds"), 2)
        for round_ in appendix.rounds:
            w.heading(_("Round %(number)s") % {"number": round_.number}, 3)
            w.table(
                [_("Value"), _("Dots")],
                [[name, str(dots)] for name, dots in round_.results],
                right=(1,),
            )
    if appendix.drafts:
        w.heading(_("Vision drafts considered"), 2)
        w.bullets(appendix.drafts)
    if appendix.override_reason:
        w.paragraph(
            _("The vision statement was picked despite: %(criteria)s, because: %(reason)s")
            % {
                "criteria": ", ".join(appendix.override_criteria),
                "reason": appendix.override_reason,
            }
        )


def render_docx(document: PhilosophyDocument, workshop: Workshop, progress) -> bytes:
    from documents.pdf import cloud_png

    w = _Writer()
    properties = w.out.core_properties
    properties.title = _clean(document.title)[:255]
    properties.author = _clean(document.company)[:255]
    properties.language = get_language() or ""
    _front(w, document)
    _living(w, document)
    _guides(w, document)
    progress(40)
    _appendix(w, document, cloud_png(workshop) if document.appendix.words else None)
    progress(80)
    return w.save()
