"""The PDF: the document page's HTML (templates/documents/print.html, the same partial as
the page) with its print stylesheet (static/css/document-print.css), laid out by
WeasyPrint.

Nothing is fetched from the network or from anywhere on disk but our static directory:
the stylesheets and the bundled Noto Sans (static/vendor/, fetched at install time), and
the word cloud, which comes inline as a data: URI. What the team wrote is escaped by the
template; the fetcher refuses any other URL all the same.
"""

import base64
import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.translation import get_language

from documents.assembly import PhilosophyDocument
from surveys import word_cloud
from surveys.models import Survey
from workshops.models import Workshop

STATIC_DIR = Path(settings.BASE_DIR, "static").resolve()
FONT_DIR = STATIC_DIR / "vendor" / "noto-sans"


class FontMissing(RuntimeError):
    """The bundled font is not installed (`make install` fetches it)."""


def cloud_png(workshop: Workshop) -> bytes | None:
    """The word cloud as a PNG (drawn at twice the screen's size, for print), or None
    when the workshop has no cloud."""
    survey = Survey.objects.filter(workshop=workshop).first()
    if survey is None:
        return None
    return word_cloud.png_for(survey, word_cloud.cloud_view(survey))


def cloud_data_uri(workshop: Workshop) -> str | None:
    """The word cloud's PNG inline, so the PDF fetches no picture from anywhere."""
    png = cloud_png(workshop)
    if not png:
        return None
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def static_path(url: str) -> Path | None:
    """The file a file: URL names, if it is one of our static files; else None."""
    parts = urlsplit(url)
    if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
        return None
    path = Path(unquote(parts.path)).resolve()
    if not path.is_relative_to(STATIC_DIR) or not path.is_file():
        return None
    return path


def _fetcher():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnly(URLFetcher):
        """Our static files and data: URIs; every other URL is refused (the resource is
        left out, with a warning in the log)."""

        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            path = static_path(url)
            if path is None:
                raise ValueError(f"not one of our static files: {url[:100]}")
            content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            if path.suffix == ".woff2":
                content_type = "font/woff2"
            return URLFetcherResponse(
                path.as_uri(), path.read_bytes(), {"Content-Type": content_type}
            )

    return StaticOnly()


def print_html(document: PhilosophyDocument, workshop: Workshop) -> str:
    return render_to_string(
        "documents/print.html",
        {
            "document": document,
            "workshop": workshop,
            "cloud_src": cloud_data_uri(workshop) if document.appendix.words else None,
            "LANGUAGE_CODE": get_language() or settings.LANGUAGE_CODE,
        },
    )


def render_pdf(document: PhilosophyDocument, workshop: Workshop, progress) -> bytes:
    from weasyprint import HTML

    if not (FONT_DIR / "noto-sans-latin-400-normal.woff2").is_file():
        # Without it the PDF would fall back to whatever fonts the system has, if any.
        raise FontMissing(f"{FONT_DIR} is empty: run scripts/fetch_static_assets.py")
    html = print_html(document, workshop)
    progress(40)
    laid_out = HTML(
        string=html, base_url=STATIC_DIR.as_uri() + "/", url_fetcher=_fetcher()
    ).render()
    progress(90)
    return laid_out.write_pdf()
