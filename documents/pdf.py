"""The PDF: the document page's HTML (templates/documents/print.html, the same partial as
the page) with its print stylesheet, laid out by WeasyPrint."""

from django.template.loader import render_to_string

from documents.assembly import PhilosophyDocument
from workshops.models import Workshop


def render_pdf(document: PhilosophyDocument, workshop: Workshop, progress) -> bytes:
    from weasyprint import HTML

    html = render_to_string("documents/print.html", {"document": document, "workshop": workshop})
    progress(50)
    return HTML(string=html).write_pdf()
