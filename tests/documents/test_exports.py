"""Exports through the views, in the embedded default (Celery in-process): each format ends
ready with its file, the admins follow and download it, a failure says so and can be tried
again, only the organisation's admins reach any of it, and the outbox survives a broker
that cannot be reached, a repeated delivery, a worker gone and a worker superseded."""

import contextlib
import csv
import io
import time
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import formats, timezone
from kombu.exceptions import OperationalError

from actions import services as action_services
from documents import services, tasks
from documents.models import ExportFormat, ExportJob, ExportStatus, Foreword
from tests.documents.conftest import give_purpose
from tests.factories import logged_in, workshop_for
from workshops import services as workshop_services
from workshops.models import Stage

# The job is written and committed in the request, and only then sent: real transactions.
pytestmark = pytest.mark.django_db(transaction=True)


def _today() -> str:
    return timezone.localdate().isoformat()


FILENAMES = {
    ExportFormat.PDF: "acme-philosophy-2026-{date}.pdf",
    ExportFormat.DOCX: "acme-philosophy-2026-{date}.docx",
    ExportFormat.MARKDOWN: "acme-philosophy-2026-{date}.md",
    ExportFormat.ANSWERS_CSV: "acme-philosophy-2026-answers-{date}.csv",
    ExportFormat.VOTES_CSV: "acme-philosophy-2026-votes-{date}.csv",
}


@pytest.fixture
def room(complete_workshop, exports_dir):
    workshop_services.workshop_set_stage(workshop=complete_workshop, stage=Stage.DOCUMENT)
    return complete_workshop


def _ask(client, workshop, format: str):
    return client.post(
        reverse("document_export", args=[workshop.pk]), {"format": format}, HTTP_HX_REQUEST="true"
    )


def _download(client, job):
    response = client.get(reverse("document_export_download", args=[job.workshop_id, job.pk]))
    body = b"".join(response.streaming_content) if response.status_code == 200 else b""
    response.close()
    return response, body


def _export(client, workshop, format: str) -> tuple[ExportJob, bytes]:
    response = _ask(client, workshop, format)
    assert response.status_code == 200, response.content.decode()
    job = ExportJob.objects.get(workshop=workshop, format=format)
    assert job.status == ExportStatus.READY, (job.status, job.error)
    download, body = _download(client, job)
    assert download.status_code == 200
    assert download["Content-Disposition"] == f'attachment; filename="{job.filename}"'
    assert download["Cache-Control"] == "private, no-store"
    return job, body


def _files(directory) -> list:
    return sorted(p for p in directory.rglob("*") if p.is_file())


@pytest.mark.parametrize("format", ExportFormat.values)
def test_each_format_ends_ready_with_its_file_for_the_admin(room, alice, exports_dir, format):
    client = logged_in(alice)
    job, body = _export(client, room, format)
    assert job.filename == FILENAMES[format].format(date=_today())
    assert job.progress == 100 and job.attempts == 1 and job.finished_at
    assert job.requested_by == alice and job.version.number == 1
    assert job.file.name == f"{room.pk}/{job.pk}/{job.filename}"
    assert _files(exports_dir) == [exports_dir / job.file.name]
    assert body == (exports_dir / job.file.name).read_bytes()
    if format == ExportFormat.PDF:
        assert body.startswith(b"%PDF")
    elif format == ExportFormat.DOCX:
        assert body.startswith(b"PK")  # a zip
    else:
        assert body.decode("utf-8")


def test_the_markdown_has_the_vision_every_value_its_statement_and_metrics(room, alice):
    _job, body = _export(logged_in(alice), room, ExportFormat.MARKDOWN)
    text = body.decode()
    assert text.startswith("# Philosophy 2026\n")
    assert "*Acme*" in text
    assert "We help people think clearly." in text
    assert "Every customer leaves calmer than they came." in text
    for value in ("Honesty", "Speed"):
        assert f"### {value}" in text
        assert f"> **We live {value} every day.**" in text
        assert f"- {value}: meaning" in text
    assert text.count("- **Customer satisfaction (CSAT)** · Target: ") == 2
    assert text.count(" · How it is measured: survey\n") == 2
    assert "1. Honesty\n2. Speed" in text
    assert "**Round 1**" in text and "- Honesty: 1" in text


def _markdown_to_html(text: str) -> str:
    markdown_it = pytest.importorskip("markdown_it")
    return markdown_it.MarkdownIt("commonmark").render(text)


def test_the_markdown_keeps_what_people_typed_literal(room, alice, fiona, paul):
    honesty = room.candidates.get(name="Honesty")
    action_services.statement_save(
        candidate=honesty, text="**bold** <script>alert(1)</script>", base_version=1, user=paul
    )
    give_purpose(room, fiona, text="Line one\n# not a heading\n- not a list\n> not a quote")
    _job, body = _export(logged_in(alice), room, ExportFormat.MARKDOWN)
    text = body.decode()
    assert "<script>" not in text
    assert r"> **\*\*bold\*\* \<script\>alert(1)\</script\>**" in text
    assert "Line one  \n\\# not a heading  \n\\- not a list  \n\\> not a quote" in text
    # Read by a CommonMark renderer: the text as typed, nothing of it markup.
    html = _markdown_to_html(text)
    assert "<script>" not in html
    assert "<strong>**bold** &lt;script&gt;alert(1)&lt;/script&gt;</strong>" in html
    assert "# not a heading<br />\n- not a list<br />\n&gt; not a quote" in html


def test_a_number_someone_typed_reads_as_typed_in_the_markdown(room, alice, fiona):
    give_purpose(room, fiona, text="Our purpose:\n1. help people")
    _job, body = _export(logged_in(alice), room, ExportFormat.MARKDOWN)
    html = _markdown_to_html(body.decode())
    assert "Target: 4.5 · How it is measured: survey" in html
    assert "1. help people" in html
    assert "<ol>" not in html.split("Our purpose:")[1].split("</p>")[0]


def test_the_answers_csv_reads_back_with_formulas_neutralised_and_diacritics(room, alice):
    _job, body = _export(logged_in(alice), room, ExportFormat.ANSWERS_CSV)
    assert body.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0] == ["answer", "hidden", "received", "last changed"]
    assert [row[0] for row in rows[1:]] == ["'=1+1", "Încredere și răbdare"]
    assert all(row[1] == "no" for row in rows[1:])


def test_the_votes_csv_has_a_row_per_value_per_round(room, alice):
    _job, body = _export(logged_in(alice), room, ExportFormat.VOTES_CSV)
    assert body.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows == [
        ["round", "round status", "value", "dots", "carried into the round"],
        ["1", "Revealed", "Honesty", "1", "no"],
        ["1", "Revealed", "Speed", "0", "no"],
    ]


def test_the_history_says_who_when_which_format_and_version(room, alice):
    client = logged_in(alice)
    first, _ = _export(client, room, ExportFormat.MARKDOWN)
    saved = services.foreword_save(
        workshop=room, text="From the admins.", base_version=0, user=alice
    )
    assert not saved.conflicted
    response = _ask(client, room, ExportFormat.VOTES_CSV)
    second = ExportJob.objects.get(workshop=room, format=ExportFormat.VOTES_CSV)
    assert second.version.number == 2
    page = client.get(room.get_absolute_url()).content.decode()
    for job, label, number in ((first, "Markdown", 1), (second, "Votes (CSV)", 2)):
        when = formats.date_format(timezone.localtime(job.created_at), "DATETIME_FORMAT")
        row = page.split(f'id="export-job-{job.pk}"')[1].split("</li>")[0]
        assert f'<span class="export-format">{label}</span>' in row
        assert f"by Alice, {when}" in row
        assert f"version {number}" in row
        assert f"Download the {job.get_format_display()} file" in row and job.filename in row
    # Newest first.
    assert page.index(f"export-job-{second.pk}") < page.index(f"export-job-{first.pk}")
    assert response.status_code == 200


def test_the_job_row_polls_while_unfinished_and_stops_when_finished(room, alice):
    client = logged_in(alice)
    job = ExportJob.objects.create(workshop=room, format=ExportFormat.MARKDOWN, requested_by=alice)
    url = reverse("document_export_status", args=[room.pk, job.pk])
    queued = client.get(url).content.decode()
    assert f'hx-get="{url}"' in queued and 'hx-trigger="every 1s"' in queued
    assert "Waiting for the background worker" in queued
    ExportJob.objects.filter(pk=job.pk).update(status=ExportStatus.RENDERING, progress=40)
    rendering = client.get(url).content.decode()
    assert 'hx-trigger="every 1s"' in rendering and "Rendering" in rendering
    assert 'value="40"' in rendering
    # A delivery now finds it rendering elsewhere (a fresh heartbeat) and leaves it.
    tasks.render_export.delay(job.pk)
    assert ExportJob.objects.get(pk=job.pk).status == ExportStatus.RENDERING
    ExportJob.objects.filter(pk=job.pk).update(status=ExportStatus.QUEUED)
    tasks.render_export.delay(job.pk)
    ready = client.get(url).content.decode()
    assert "hx-get" not in ready and "hx-trigger" not in ready
    assert ExportJob.objects.get(pk=job.pk).filename in ready and "Download the" in ready


def test_a_failed_render_says_so_and_try_again_makes_a_new_job(room, alice, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("the renderer broke")

    client = logged_in(alice)
    # The task calls the renderer it imported (documents.tasks.render): both are replaced.
    with monkeypatch.context() as patched:
        patched.setattr("documents.renderers.render", broken)
        patched.setattr("documents.tasks.render", broken)
        response = _ask(client, room, ExportFormat.MARKDOWN)
    assert response.status_code == 200
    failed = ExportJob.objects.get(workshop=room)
    assert failed.status == ExportStatus.FAILED and failed.error == services.RENDER_FAILED
    assert not failed.file and failed.finished_at
    page = response.content.decode()
    row = page.split(f'id="export-job-{failed.pk}"')[1].split("</li>")[0]
    assert "The export could not be made. Try again" in row
    assert "hx-trigger" not in row
    retry_url = reverse("document_export_retry", args=[room.pk, failed.pk])
    assert f'action="{retry_url}"' in row and "Try again" in row
    status = client.get(reverse("document_export_status", args=[room.pk, failed.pk]))
    assert "The export could not be made" in status.content.decode()

    response = client.post(retry_url, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    jobs = list(ExportJob.objects.filter(workshop=room).order_by("pk"))
    assert [j.status for j in jobs] == [ExportStatus.FAILED, ExportStatus.READY]
    assert jobs[1].format == ExportFormat.MARKDOWN and jobs[1].requested_by == alice
    # A job that did not fail is not tried again.
    client.post(reverse("document_export_retry", args=[room.pk, jobs[1].pk]))
    assert ExportJob.objects.filter(workshop=room).count() == 2


def _export_urls(workshop, job) -> list[tuple[str, str]]:
    return [
        ("post", reverse("document_foreword_save", args=[workshop.pk])),
        ("post", reverse("document_export", args=[workshop.pk])),
        ("get", reverse("document_export_status", args=[workshop.pk, job.pk])),
        ("post", reverse("document_export_retry", args=[workshop.pk, job.pk])),
        ("get", reverse("document_export_download", args=[workshop.pk, job.pk])),
    ]


@pytest.fixture
def ready_and_failed(room, alice):
    ready = services.export_request(
        workshop=room, format=ExportFormat.MARKDOWN, user=alice, language="en"
    ).job
    assert ready.status == ExportStatus.READY
    failed = ExportJob.objects.create(
        workshop=room, format=ExportFormat.VOTES_CSV, status=ExportStatus.FAILED
    )
    return ready, failed


@pytest.mark.parametrize("persona", ["paul", "fiona", "charlie", "nina"])
def test_nobody_but_the_organisations_admins_reaches_an_export(
    request, room, ready_and_failed, persona
):
    user = request.getfixturevalue(persona)
    client = logged_in(user)
    data = {"format": ExportFormat.MARKDOWN, "text": "Mine", "base_version": 0}
    for job in ready_and_failed:
        for method, url in _export_urls(room, job):
            response = getattr(client, method)(url, data if method == "post" else None)
            assert response.status_code == 404, (persona, method, url)
    assert ExportJob.objects.filter(workshop=room).count() == 2
    assert not Foreword.objects.filter(workshop=room).exists()


@pytest.mark.parametrize("persona", ["paul", "fiona"])
def test_the_stage_shows_no_export_buttons_to_the_seated_who_are_not_admins(
    request, room, ready_and_failed, persona
):
    page = logged_in(request.getfixturevalue(persona)).get(room.get_absolute_url())
    html = page.content.decode()
    assert page.status_code == 200
    assert 'id="exports-admins-only"' in html
    assert "document-exports" not in html and 'id="export-md"' not in html
    assert "/exports/" not in html and "foreword-heading" not in html


def test_the_stage_shows_the_admin_a_button_per_format(room, alice):
    html = logged_in(alice).get(room.get_absolute_url()).content.decode()
    for value in ExportFormat.values:
        assert f'id="export-{value}"' in html
    assert 'id="no-exports"' in html


def test_a_job_of_another_workshop_is_not_found_under_this_one(room, acme, alice, fiona):
    other = workshop_for(acme, facilitators=[fiona], title="Another")
    theirs = services.export_request(
        workshop=other, format=ExportFormat.MARKDOWN, user=alice, language="en"
    ).job
    client = logged_in(alice)
    for name in ("document_export_download", "document_export_status"):
        assert client.get(reverse(name, args=[room.pk, theirs.pk])).status_code == 404
        assert client.get(reverse(name, args=[other.pk, theirs.pk])).status_code == 200


def test_a_download_of_an_unfinished_job_or_a_lost_file_is_not_found(room, alice, exports_dir):
    client = logged_in(alice)
    queued = ExportJob.objects.create(workshop=room, format=ExportFormat.MARKDOWN)
    assert _download(client, queued)[0].status_code == 404
    job, _body = _export(client, room, ExportFormat.VOTES_CSV)
    (exports_dir / job.file.name).unlink()
    assert _download(client, job)[0].status_code == 404


def test_an_unknown_format_is_refused(room, alice):
    response = _ask(logged_in(alice), room, "exe")
    assert response.status_code == 422
    assert "There is no such export format." in response.content.decode()
    assert not ExportJob.objects.exists()


def _stale(job) -> None:
    ExportJob.objects.filter(pk=job.pk).update(
        updated_at=timezone.now() - timedelta(seconds=services.settings.EXPORT_STALE_SECONDS + 5)
    )


def test_an_unreachable_broker_keeps_the_job_for_the_sweep(room, alice, monkeypatch):
    def unreachable(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    with monkeypatch.context() as patched:
        patched.setattr(tasks.render_export, "apply_async", unreachable)
        started = time.monotonic()
        response = _ask(logged_in(alice), room, ExportFormat.MARKDOWN)
        assert time.monotonic() - started < 3
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="export-notice"' in html
    assert "The background worker cannot be reached just now." in html
    job = ExportJob.objects.get(workshop=room)
    assert job.status == ExportStatus.QUEUED and job.attempts == 0
    assert "Waiting for the background worker" in html

    # Not stale yet: the sweep leaves it.
    assert services.sweep() == 0
    _stale(job)
    assert services.sweep() == 1
    job.refresh_from_db()
    assert job.status == ExportStatus.READY and job.file and job.attempts == 1


def test_a_second_delivery_of_a_ready_job_does_nothing(room, alice, exports_dir):
    job, body = _export(logged_in(alice), room, ExportFormat.MARKDOWN)
    tasks.render_export.delay(job.pk)
    again = ExportJob.objects.get(pk=job.pk)
    assert again.attempts == 1 and again.status == ExportStatus.READY
    assert again.file.name == job.file.name and again.finished_at == job.finished_at
    assert _files(exports_dir) == [exports_dir / job.file.name]
    assert (exports_dir / job.file.name).read_bytes() == body


def test_a_job_rendering_with_a_fresh_heartbeat_is_not_claimed_and_a_stale_one_is(room):
    job = ExportJob.objects.create(
        workshop=room, format=ExportFormat.MARKDOWN, status=ExportStatus.RENDERING, attempts=1
    )
    with pytest.raises(services.NotClaimed) as refused:
        services.export_claim(job.pk)
    assert refused.value.busy
    assert ExportJob.objects.get(pk=job.pk).attempts == 1
    _stale(job)
    claimed = services.export_claim(job.pk)
    assert claimed.status == ExportStatus.RENDERING and claimed.attempts == 2
    assert claimed.updated_at > timezone.now() - timedelta(seconds=5)


def test_a_finished_job_is_not_claimed_and_not_busy(room):
    for status in (ExportStatus.READY, ExportStatus.FAILED):
        job = ExportJob.objects.create(workshop=room, format=ExportFormat.MARKDOWN, status=status)
        with pytest.raises(services.NotClaimed) as refused:
            services.export_claim(job.pk)
        assert not refused.value.busy


def test_a_job_past_its_attempts_fails(room):
    job = ExportJob.objects.create(
        workshop=room,
        format=ExportFormat.MARKDOWN,
        status=ExportStatus.RENDERING,
        attempts=ExportJob.MAX_ATTEMPTS,
    )
    _stale(job)
    with pytest.raises(services.NotClaimed):
        services.export_claim(job.pk)
    job.refresh_from_db()
    assert job.status == ExportStatus.FAILED and job.error == services.TOO_MANY_ATTEMPTS
    assert services.sweep() == 0


def test_a_superseded_worker_does_not_attach_its_file(room, exports_dir):
    job = ExportJob.objects.create(workshop=room, format=ExportFormat.MARKDOWN)
    slow = services.export_claim(job.pk)
    assert slow.attempts == 1
    # The slow worker goes silent; the sweep sends the job again and a new attempt renders it.
    _stale(job)
    assert services.sweep() == 1
    job.refresh_from_db()
    assert job.status == ExportStatus.READY and job.attempts == 2
    fresh = (exports_dir / job.file.name).read_bytes()
    # The first worker wakes up with its file: dropped.
    assert services.export_finish(slow, b"stale content", None) is False
    services.export_progress(slow, 90)
    services.export_fail(slow, services.RENDER_FAILED)
    job.refresh_from_db()
    assert job.status == ExportStatus.READY and job.progress == 100 and job.error == ""
    assert _files(exports_dir) == [exports_dir / job.file.name]
    assert (exports_dir / job.file.name).read_bytes() == fresh


def test_of_two_claims_only_the_current_attempt_attaches(room, exports_dir):
    job = ExportJob.objects.create(workshop=room, format=ExportFormat.MARKDOWN)
    first = services.export_claim(job.pk)
    _stale(job)
    second = services.export_claim(job.pk)
    assert services.export_finish(first, b"first", None) is False
    assert not ExportJob.objects.get(pk=job.pk).file
    assert services.export_finish(second, b"second", None) is True
    job.refresh_from_db()
    assert job.status == ExportStatus.READY
    assert _files(exports_dir) == [exports_dir / job.file.name]
    assert (exports_dir / job.file.name).read_bytes() == b"second"


def test_a_delivery_for_a_job_that_no_longer_exists_is_dropped(room, monkeypatch):
    job = ExportJob.objects.create(workshop=room, format=ExportFormat.MARKDOWN)
    ExportJob.objects.filter(pk=job.pk).delete()
    retried = []

    def retry(*args, **kwargs):
        retried.append(kwargs)
        return RuntimeError("retried")

    monkeypatch.setattr(tasks.render_export, "retry", retry)
    # As a worker runs it (not eagerly): a busy job is looked at again later.
    tasks.render_export.push_request(is_eager=False)
    try:
        with contextlib.suppress(RuntimeError):
            tasks.render_export.run(job.pk)
    finally:
        tasks.render_export.pop_request()
    assert retried == []


def test_a_delivery_for_a_job_rendering_elsewhere_is_looked_at_again_later(room, monkeypatch):
    job = ExportJob.objects.create(
        workshop=room, format=ExportFormat.MARKDOWN, status=ExportStatus.RENDERING, attempts=1
    )
    retried = []

    def retry(*args, **kwargs):
        retried.append(kwargs)
        return RuntimeError("retried")

    monkeypatch.setattr(tasks.render_export, "retry", retry)
    tasks.render_export.push_request(is_eager=False)
    try:
        with pytest.raises(RuntimeError):
            tasks.render_export.run(job.pk)
    finally:
        tasks.render_export.pop_request()
    assert retried == [{"countdown": services.settings.EXPORT_STALE_SECONDS + 1}]
    assert ExportJob.objects.get(pk=job.pk).attempts == 1


def test_the_admins_foreword_heads_the_document_and_its_export(room, alice, paul):
    client = logged_in(alice)
    response = client.post(
        reverse("document_foreword_save", args=[room.pk]),
        {"text": "A word from the admins: <b>thanks</b>.", "base_version": 0},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert Foreword.objects.get(workshop=room).text == "A word from the admins: <b>thanks</b>."
    _job, body = _export(client, room, ExportFormat.MARKDOWN)
    assert body.decode().startswith(
        "# Philosophy 2026\n\n*Acme*\n\nA word from the admins: \\<b\\>thanks\\</b\\>.\n"
    )
    page = logged_in(paul).get(reverse("document_page", args=[room.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "A word from the admins: &lt;b&gt;thanks&lt;/b&gt;." in html
    assert "Every customer leaves calmer than they came." in html
    assert "document-exports" not in html


def test_an_entity_someone_typed_reads_as_typed_in_the_markdown(room, alice, fiona):
    give_purpose(room, fiona, text="Fast &amp; kind, &lt;b&gt;always&lt;/b&gt;")
    _job, body = _export(logged_in(alice), room, ExportFormat.MARKDOWN)
    html = _markdown_to_html(body.decode())
    # The page shows what was typed: the entity's characters, not what they stand for.
    assert "Fast &amp;amp; kind, &amp;lt;b&amp;gt;always" in html
