"""The PDF export read back: its text (pypdf), its fonts, its pages, its picture; and the
fetcher that lets WeasyPrint read nothing but our static files."""

import re

import pytest
from pypdf import PdfReader

from documents import pdf
from documents.assembly import PhilosophyDocument
from documents.models import ExportFormat
from tests.documents.conftest import FOREWORD, ROMANIAN_STATEMENT, rendered_once

# The database is set up only for a run with a test marked so; the exports come from it.
pytestmark = pytest.mark.django_db

rendered = rendered_once([ExportFormat.PDF])


@pytest.fixture(scope="module")
def reader(rendered):
    import io

    return PdfReader(io.BytesIO(rendered.file(ExportFormat.PDF)))


@pytest.fixture(scope="module")
def pages(reader):
    return [page.extract_text() for page in reader.pages]


def _flat(text: str) -> str:
    """The text with its line wrapping undone."""
    return re.sub(r"\s+", " ", text)


def test_first_page_has_the_company_title_and_foreword(rendered, pages):
    first = _flat(pages[0])
    assert rendered.document.company in first
    assert rendered.document.title in first
    for line in FOREWORD.splitlines():
        assert line in first


def test_every_section_comes_back(rendered, pages):
    assert not rendered.document.gaps
    text = _flat(" ".join(pages))
    document = rendered.document
    assert _flat(document.vision) in text
    assert _flat(document.purpose) in text
    for value in document.values:
        assert value.name in text
        if value.statement:
            assert _flat(value.statement) in text
    speed = next(v for v in document.values if v.name == "Speed")
    metric = speed.metrics[0]
    assert f"{metric.name} {metric.target} {metric.measured_by}" in text
    for heading in ("Our purpose", "Key metrics", "Appendix: how we got here", "The word cloud"):
        assert heading in text
    for guide in document.guides:
        assert guide.topic in text
    for practice in (p for value in document.values for p in value.practices):
        assert practice.team in text


def test_romanian_diacritics_come_back_exactly(pages):
    # ș ț (comma below), ă, î, â: each in a glyph of the bundled font, read back as text.
    text = "\n".join(pages)
    assert ROMANIAN_STATEMENT in text
    assert "Răspunde ca un ghid care a parcurs deja traseul." in text  # the demo's own


def test_every_page_is_numbered(pages):
    total = len(pages)
    assert total >= 3
    for number, text in enumerate(pages, start=1):
        assert f"{number} / {total}" in text


def test_the_font_is_the_bundled_noto_sans(reader):
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            fonts[str(font["/BaseFont"])] = font
    assert fonts
    for name in fonts:
        # Subset prefix, then the family: "/ABCDEF+Noto-Sans-Bold", "/GHIJKL+Noto-Sans-Ext".
        assert re.fullmatch(r"/[A-Z]{6}\+Noto-Sans(-Ext)?(-Bold|-Italic)?", name), name
    assert any(name.endswith("+Noto-Sans") for name in fonts)
    # Embedded, not named only.
    for font in fonts.values():
        descendant = font["/DescendantFonts"][0].get_object()
        descriptor = descendant["/FontDescriptor"].get_object()
        assert any(key in descriptor for key in ("/FontFile2", "/FontFile3", "/FontFile"))


def test_the_word_cloud_is_a_picture(reader, pages):
    appendix = next(n for n, text in enumerate(pages) if "The word cloud" in text)
    images = [image for n in range(appendix, len(pages)) for image in reader.pages[n].images]
    assert images
    assert images[0].image.width >= 1000  # the print-size PNG


def test_progress_is_reported_in_order(rendered):
    reported = rendered.progress[ExportFormat.PDF, "en"]
    assert reported == sorted(reported)
    assert {40, 90} <= set(reported)


def test_metadata(rendered, reader):
    assert reader.metadata.title == rendered.document.title
    assert reader.metadata.author == rendered.document.company


def test_fetcher_reads_our_static_files_only():
    fetcher = pdf._fetcher()
    css = pdf.STATIC_DIR / "css" / "document-print.css"
    assert b"@font-face" in fetcher.fetch(css.as_uri()).read()
    font = pdf.FONT_DIR / "noto-sans-latin-ext-400-normal.woff2"
    assert fetcher.fetch(font.as_uri()).content_type == "font/woff2"
    assert fetcher.fetch("data:text/plain;base64,aGk=").read() == b"hi"
    for url in (
        "http://example.com/a.png",
        "https://example.com/a.css",
        "ftp://example.com/a",
        "file:///etc/passwd",
        pdf.STATIC_DIR.as_uri() + "/../pyproject.toml",
        pdf.STATIC_DIR.as_uri() + "/css/../../manage.py",
        "file://evil.example" + css.as_posix(),
        pdf.STATIC_DIR.as_uri() + "/css",  # a directory
    ):
        with pytest.raises(ValueError):
            fetcher.fetch(url)


def test_pictures_elsewhere_are_asked_for_and_refused(monkeypatch):
    from weasyprint import HTML

    asked = []
    real = pdf.static_path
    monkeypatch.setattr(pdf, "static_path", lambda url: asked.append(url) or real(url))
    html = '<p>x</p><img src="http://127.0.0.1:9/x.png"><img src="file:///etc/hostname">'
    document = HTML(
        string=html, base_url=pdf.STATIC_DIR.as_uri() + "/", url_fetcher=pdf._fetcher()
    ).render()
    assert len(document.pages) == 1
    assert asked == ["http://127.0.0.1:9/x.png", "file:///etc/hostname"]


def test_without_the_bundled_font_it_fails_rather_than_use_another(monkeypatch, tmp_path):
    monkeypatch.setattr(pdf, "FONT_DIR", tmp_path)
    document = PhilosophyDocument(workshop_id=1, company="Acme", title="Draft")
    with pytest.raises(pdf.FontMissing):
        pdf.render_pdf(document, None, lambda n: None)


def test_no_cloud_without_a_survey(workshop):
    assert pdf.cloud_png(workshop) is None
    assert pdf.cloud_data_uri(workshop) is None
