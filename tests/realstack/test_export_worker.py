"""Exports on the production topology: a real worker renders them; one killed mid-render
(kill -9) leaves a job that a new worker completes with one file; a broker the web side
cannot reach keeps the job for the sweep.

These tests start workers of their own, on a queue of their own (the session's worker of
tests/realstack/conftest.py consumes the default queue and is never killed): the test
process routes `render_export` (and the readiness ping) to that queue. The worker stops
mid-render without any hook in the app: the test holds, uncommitted, the document
version the render is about to write (number 1), so the worker's INSERT waits on the
unique index while its job is `rendering`; the test kills it there, then rolls back.
"""

import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from documents import services
from documents.models import DocumentVersion, ExportFormat, ExportJob, ExportStatus
from philosophy.celery import app as celery_app
from tests.documents.conftest import complete_value, finalise_values, give_purpose, pick_vision
from tests.realstack.conftest import _require_full_stack, wait_for
from workshops import services as workshop_services
from workshops.models import Stage, Workshop

pytestmark = [pytest.mark.realstack, pytest.mark.django_db(transaction=True)]

QUEUE = f"exports-test-{uuid.uuid4().hex[:6]}"
STALE_SECONDS = 3


def _flush_routes() -> None:
    celery_app.amqp.flush_routes()
    celery_app.amqp.__dict__.pop("router", None)


@pytest.fixture
def own_queue():
    """This process sends exports (and pings) to the tests' own queue."""
    routes = celery_app.conf.task_routes
    celery_app.conf.task_routes = {
        "documents.tasks.render_export": {"queue": QUEUE},
        "workshops.tasks.ping": {"queue": QUEUE},
    }
    _flush_routes()
    try:
        yield
    finally:
        celery_app.conf.task_routes = routes
        _flush_routes()


class Workers:
    """Start, kill and restart `celery worker` processes consuming only QUEUE."""

    def __init__(self, tmp_path, exports_dir):
        db = connection.settings_dict
        self.env = {
            **os.environ,
            "DATABASE_URL": (
                f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:{db['PORT']}"
                f"/{db['NAME']}"
            ),
            "DB_CONN_MAX_AGE": "0",
            "EXPORTS_ROOT": str(exports_dir),
            "EXPORT_STALE_SECONDS": str(STALE_SECONDS),
        }
        self.tmp_path = tmp_path
        self.process = None
        self.logs = []

    def start(self):
        from workshops.tasks import ping

        log_path = self.tmp_path / f"worker-{len(self.logs)}.log"
        self.logs.append(log_path)
        with open(log_path, "w") as log:
            self.process = subprocess.Popen(  # noqa: S603 - fixed arguments
                [
                    sys.executable, "-m", "celery", "-A", "philosophy", "worker",
                    "--pool=solo", "--loglevel=INFO", "-Q", QUEUE,
                    f"--hostname=exports-{uuid.uuid4().hex[:8]}@%h",
                    "--without-gossip", "--without-mingle", "--without-heartbeat",
                ],
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )  # fmt: skip
        assert ping.delay().get(timeout=60) == "pong", self.log()
        return self.process

    def kill(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=20)

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()

    def log(self) -> str:
        return "\n".join(p.read_text()[-3000:] for p in self.logs if p.exists())


@pytest.fixture
def workers(django_db_blocker, tmp_path, exports_dir, own_queue, settings):
    _require_full_stack()
    settings.EXPORT_STALE_SECONDS = STALE_SECONDS
    workers = Workers(tmp_path, exports_dir)
    try:
        yield workers
    finally:
        workers.stop()


@pytest.fixture
def room(workshop, fiona, paul):
    give_purpose(workshop, fiona)
    pick_vision(workshop, fiona)
    for candidate in finalise_values(workshop, fiona):
        complete_value(candidate, paul)
    workshop_services.workshop_set_stage(workshop=workshop, stage=Stage.DOCUMENT)
    return workshop


def _ask(client, workshop, format):
    return client.post(
        reverse("document_export", args=[workshop.pk]), {"format": format}, HTTP_HX_REQUEST="true"
    )


def _finished(job_id):
    job = ExportJob.objects.get(pk=job_id)
    return job if job.finished else None


def _files(directory) -> list:
    return sorted(p for p in directory.rglob("*") if p.is_file())


@pytest.mark.parametrize("format", [ExportFormat.MARKDOWN, ExportFormat.PDF])
def test_an_export_completes_through_the_real_worker(workers, room, alice, exports_dir, format):
    workers.start()
    client = Client()
    client.force_login(alice)
    response = _ask(client, room, format)
    assert response.status_code == 200
    assert "cannot be reached" not in response.content.decode()
    job = ExportJob.objects.get(workshop=room)
    done = wait_for(lambda: _finished(job.pk), timeout=60)
    assert done and done.status == ExportStatus.READY, workers.log()
    assert done.attempts == 1 and done.version.number == 1
    download = client.get(reverse("document_export_download", args=[room.pk, job.pk]))
    body = b"".join(download.streaming_content)
    download.close()
    assert download.status_code == 200 and body
    assert body.startswith(b"%PDF") if format == ExportFormat.PDF else b"Honesty" in body
    assert _files(exports_dir) == [exports_dir / done.file.name]


def _waiting_on_a_lock() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND wait_event_type = 'Lock' AND query ILIKE %s",
            ['INSERT INTO "documents_documentversion"%'],
        )
        return cursor.fetchone()[0]


class HeldVersion:
    """Another connection inserts the workshop's version 1 and holds it, uncommitted, until
    released (then rolls it back): a render's INSERT of version 1 waits on it meanwhile."""

    def __init__(self, workshop):
        self.workshop = workshop
        self.held = threading.Event()
        self.release = threading.Event()
        self.thread = threading.Thread(target=self._hold)
        self.errors = []

    def _hold(self):
        try:
            with transaction.atomic():
                DocumentVersion.objects.create(
                    workshop=self.workshop, number=1, digest="0" * 64, content={}
                )
                self.held.set()
                self.release.wait(timeout=120)
                transaction.set_rollback(True)
        except BaseException as error:  # noqa: BLE001 - reported by the test
            self.errors.append(error)
        finally:
            connection.close()

    def __enter__(self):
        self.thread.start()
        assert self.held.wait(timeout=20), self.errors
        return self

    def __exit__(self, *exc):
        self.release.set()
        self.thread.join(timeout=30)
        assert not self.thread.is_alive() and self.errors == []


def test_a_worker_killed_mid_render_leaves_a_job_a_new_worker_completes(
    workers, room, alice, exports_dir
):
    workers.start()
    with HeldVersion(room):
        job = services.export_request(
            workshop=room, format=ExportFormat.MARKDOWN, user=alice, language="en"
        ).job
        # The worker claimed it and is inside the render, waiting to write its version.
        assert wait_for(_waiting_on_a_lock, timeout=30), workers.log()
        rendering = ExportJob.objects.get(pk=job.pk)
        assert rendering.status == ExportStatus.RENDERING and rendering.attempts == 1
        workers.kill()
    assert wait_for(lambda: not _waiting_on_a_lock(), timeout=20)
    assert ExportJob.objects.get(pk=job.pk).status == ExportStatus.RENDERING
    assert not DocumentVersion.objects.filter(workshop=room).exists()
    assert _files(exports_dir) == []

    workers.start()
    # Its heartbeat goes stale; the sweep (Celery beat's, in production) sends it again.
    time.sleep(STALE_SECONDS + 1)
    assert services.sweep() == 1
    done = wait_for(lambda: _finished(job.pk), timeout=60)
    assert done and done.status == ExportStatus.READY, workers.log()
    assert done.attempts == 2 and done.version.number == 1
    assert _files(exports_dir) == [exports_dir / done.file.name]
    assert _files(exports_dir / str(room.pk) / str(job.pk)) == [exports_dir / done.file.name]
    assert services.sweep() == 0


def _broker_at(url: str) -> None:
    celery_app.conf.broker_url = url
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def broker_unreachable():
    """The web side's broker points at a closed port (Redis itself stays up: the machine's
    other users and this process's cache need it); `restore()` points it back."""
    real = celery_app.conf.broker_url
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    _broker_at(f"redis://127.0.0.1:{closed_port}/0")
    restored = []

    def restore():
        _broker_at(real)
        restored.append(True)

    try:
        yield restore
    finally:
        if not restored:
            restore()


def test_an_unreachable_broker_answers_at_once_and_the_sweep_sends_the_job_later(
    workers, room, alice, exports_dir, broker_unreachable
):
    client = Client()
    client.force_login(alice)
    started = time.monotonic()
    response = _ask(client, room, ExportFormat.MARKDOWN)
    elapsed = time.monotonic() - started
    assert response.status_code == 200
    assert elapsed < 8, elapsed
    assert "The background worker cannot be reached just now." in response.content.decode()
    job = ExportJob.objects.get(workshop=room)
    assert job.status == ExportStatus.QUEUED and job.attempts == 0

    broker_unreachable()
    workers.start()
    time.sleep(1)
    assert ExportJob.objects.get(pk=job.pk).status == ExportStatus.QUEUED  # nobody sent it
    ExportJob.objects.filter(pk=job.pk).update(
        updated_at=timezone.now() - timedelta(seconds=STALE_SECONDS + 1)
    )
    assert services.sweep() == 1
    done = wait_for(lambda: _finished(job.pk), timeout=60)
    assert done and done.status == ExportStatus.READY, workers.log()
    assert _files(exports_dir) == [exports_dir / done.file.name]


class HeldWorkshopRow(HeldVersion):
    """Another transaction holds the workshop's row (as a settings save or a stage change
    does, for as long as its transaction lasts)."""

    def _hold(self):
        try:
            with transaction.atomic():
                Workshop.objects.filter(pk=self.workshop.pk).update(title=self.workshop.title)
                self.held.set()
                self.release.wait(timeout=120)
        except BaseException as error:  # noqa: BLE001 - reported by the test
            self.errors.append(error)
        finally:
            connection.close()


def test_a_job_is_claimed_while_its_workshop_row_is_held_elsewhere(room, alice):
    job = ExportJob.objects.create(workshop=room, format=ExportFormat.MARKDOWN, requested_by=alice)
    with HeldWorkshopRow(room):
        claimed = services.export_claim(job.pk)
    assert claimed.status == ExportStatus.RENDERING and claimed.attempts == 1
