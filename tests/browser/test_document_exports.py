"""Stage 8 in a real browser: the admin exports the PDF and the Word file, watches each
through queued, rendering and ready, and downloads both; a participant cannot export.

The browser tier has no Celery worker (tasks run in the request), so the test plays the
worker: the message is held back, the admin's screen shows the job waiting, and the test
renders it, as a worker would, while the screen polls the job's row."""

import io

import docx
import pytest
from django.urls import reverse
from playwright.sync_api import expect
from pypdf import PdfReader

from actions import services as action_services
from documents import services as document_services
from documents.models import ExportJob
from documents.tasks import render_export
from tests.browser.axe import Audit
from tests.browser.test_accessibility import scanner, show
from tests.browser.test_live_resilience import LIVE_WITHIN_MS, open_workshop, settled
from tests.factories import OrganisationFactory, logged_in, member, workshop_for
from values import brainstorm as brainstorm_services
from values import voting as voting_services
from workshops import services
from workshops.models import Role, Stage

pytestmark = pytest.mark.browser

STATEMENT = "Tratează fiecare client cu urgență și sinceritate."


@pytest.fixture
def room(transactional_db, exports_dir):
    organisation = OrganisationFactory(name="Acme")
    admin = member(organisation, Role.ADMIN, display_name="Alice")
    fiona = member(organisation, Role.FACILITATOR, display_name="Fiona")
    paul = member(organisation, Role.PARTICIPANT, display_name="Paul")
    workshop = workshop_for(
        organisation, facilitators=[fiona], participants=[paul], title="Our philosophy"
    )
    speed = brainstorm_services.candidate_add(workshop=workshop, name="Speed", user=fiona)
    voting_services.finalise(workshop=workshop, candidate_ids=[speed.pk], name="", user=fiona)
    speed.refresh_from_db()
    action_services.statement_save(candidate=speed, text=STATEMENT, base_version=0, user=fiona)
    services.workshop_set_stage(workshop=workshop, stage=Stage.DOCUMENT)
    return workshop, admin, paul


@pytest.fixture
def held_messages(monkeypatch):
    """The jobs asked for, their messages not sent: the test is the worker."""
    held = []

    def hold(job_id: int) -> bool:
        held.append(job_id)
        return True

    monkeypatch.setattr(document_services, "_send", hold)
    return held


def _export(page, held, format: str) -> ExportJob:
    before = len(held)
    rows = page.locator(".export-job").count()
    page.locator(f"#export-{format}").click()
    expect(page.locator(".export-job")).to_have_count(rows + 1)
    assert len(held) == before + 1
    job = ExportJob.objects.get(pk=held[-1])
    row = page.locator(f"#export-job-{job.pk}")
    # Queued: the row says so, with its progress bar, and asks again every second.
    expect(row).to_contain_text("Waiting for the background worker")
    expect(row.locator("progress")).to_be_visible()
    return job


def test_the_admin_exports_pdf_and_word_and_downloads_both(
    persona, live_server, room, held_messages
):
    workshop, admin, _paul = room
    alice = open_workshop(persona, live_server, admin, workshop, "alice")
    page = alice.page
    settled(page)
    expect(page.locator("#stage-heading")).to_have_attribute("data-stage", str(Stage.DOCUMENT))

    for format, check in (("pdf", _pdf_text), ("docx", _docx_text)):
        job = _export(page, held_messages, format)
        # The worker takes it: the row shows it ready within a poll, with its download.
        render_export.apply(args=(job.pk,))
        download_button = page.locator(f"#download-{job.pk}")
        expect(download_button).to_be_visible(timeout=LIVE_WITHIN_MS + 1_000)
        expect(page.locator(f"#export-job-{job.pk} progress")).to_have_count(0)
        with page.expect_download() as download:
            download_button.click()
        path = download.value.path()
        assert download.value.suggested_filename.endswith(f".{format}")
        assert "acme-our-philosophy" in download.value.suggested_filename
        with open(path, "rb") as file:
            text = check(file.read())
        assert "Our philosophy" in text and STATEMENT in text
    alice.snap("exports-ready")


def test_a_failed_export_says_so_and_tries_again(
    persona, live_server, room, held_messages, monkeypatch
):
    workshop, admin, _paul = room
    alice = open_workshop(persona, live_server, admin, workshop, "alice")
    page = alice.page
    settled(page)
    job = _export(page, held_messages, "md")

    def broken(*args, **kwargs):
        raise RuntimeError("the renderer broke")

    monkeypatch.setattr("documents.tasks.render", broken)
    render_export.apply(args=(job.pk,))
    row = page.locator(f"#export-job-{job.pk}")
    expect(row.locator(".error")).to_contain_text("could not be made", timeout=3_000)
    page.locator(f"#retry-{job.pk}").click()
    # A new job, waiting, above the failed one, which stays in the history.
    expect(page.locator(".export-job")).to_have_count(2)
    print("HELD", held_messages, list(ExportJob.objects.values_list("pk", "status")))
    assert len(held_messages) == 2 and held_messages[-1] != job.pk
    expect(page.locator(f"#export-job-{held_messages[-1]}")).to_contain_text("Waiting")


def test_a_participant_reads_the_document_but_cannot_export(persona, live_server, room):
    workshop, _admin, paul = room
    who = open_workshop(persona, live_server, paul, workshop, "paul")
    page = who.page
    expect(page.locator("#philosophy")).to_contain_text(STATEMENT)
    expect(page.locator("#exports-admins-only")).to_be_visible()
    expect(page.locator("#document-exports")).to_have_count(0)
    url = reverse("document_export", args=[workshop.pk])
    assert logged_in(paul).post(url, {"format": "pdf"}).status_code == 404
    assert not ExportJob.objects.exists()


def _pdf_text(content: bytes) -> str:
    assert content.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def _docx_text(content: bytes) -> str:
    document = docx.Document(io.BytesIO(content))
    return "\n".join(paragraph.text for paragraph in document.paragraphs)


def test_the_admins_stage_8_passes_axe(persona, live_server, room, held_messages):
    """The admin's stage 8 with its foreword, exports buttons and a job in each state."""
    workshop, admin, _paul = room
    for format, status in (("pdf", "queued"), ("md", "ready"), ("docx", "failed")):
        job = ExportJob.objects.create(workshop=workshop, format=format, requested_by=admin)
        if status != "queued":
            render_export.apply(args=(job.pk,))
        if status == "failed":
            ExportJob.objects.filter(pk=job.pk).update(status="failed", error="render_failed")
    alice = scanner(persona, live_server, "alice", admin)
    show(alice, workshop.get_absolute_url())
    audit = Audit()
    audit.check(alice.page, "stage 8 with its exports, as the admin")
    show(alice, reverse("document_page", args=[workshop.pk]))
    audit.check(alice.page, "the document page")
    audit.assert_clean()
