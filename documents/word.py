"""The Word document (python-docx): real headings, lists and tables, editable."""

import io

from documents.assembly import PhilosophyDocument
from workshops.models import Workshop


def render_docx(document: PhilosophyDocument, workshop: Workshop, progress) -> bytes:
    import docx

    out = docx.Document()
    out.add_heading(document.title, 0)
    for value in document.values:
        out.add_heading(value.name, 2)
        if value.statement:
            out.add_paragraph(value.statement)
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()
