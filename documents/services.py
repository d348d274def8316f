"""Stage 8: the foreword, the document's versions, and export jobs through an outbox.

An export asked for is a row (`ExportJob`, queued) written in the request's transaction;
once it commits, a message asks a worker to render it (`documents.tasks.render_export`).
A worker claims the job (a row lock that skips a job another one is claiming, then
`rendering` with a fresh heartbeat), renders it without holding any lock, and attaches
the file only if the job is still its own. So a second delivery of the message is
harmless, a worker killed mid-render leaves a job that the next delivery or the sweep
takes up again once its heartbeat is stale, and a job gets one file whatever the attempts.
"""

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone, translation
from django.utils.text import slugify

from documents.assembly import PhilosophyDocument, assemble
from documents.models import (
    DocumentVersion,
    ExportFormat,
    ExportJob,
    ExportStatus,
    Foreword,
    exports_storage,
)
from workshops import live
from workshops.models import User, Workshop
from workshops.versioned import SaveResult, versioned_text_save

log = logging.getLogger(__name__)

EXTENSIONS = {
    ExportFormat.PDF: "pdf",
    ExportFormat.DOCX: "docx",
    ExportFormat.MARKDOWN: "md",
    ExportFormat.ANSWERS_CSV: "csv",
    ExportFormat.VOTES_CSV: "csv",
}


@transaction.atomic
def foreword_save(*, workshop: Workshop, text: str, base_version: int, user: User) -> SaveResult:
    foreword, _created = Foreword.objects.get_or_create(workshop=workshop)
    return versioned_text_save(
        foreword, text=text.strip(), base_version=base_version, user=user, announce=workshop.pk
    )


def canonical_document(workshop: Workshop) -> PhilosophyDocument:
    """The document with its labels in the site's language: what a version records."""
    with translation.override(settings.LANGUAGE_CODE):
        return assemble(workshop)


def version_for(workshop: Workshop, document: PhilosophyDocument | None = None) -> DocumentVersion:
    """The version of the workshop's content now: the one recorded for it already, or the
    next number (two exports of new content at once agree on one version). The content
    is assembled in the site's language (`document`, if the caller has it already), so
    the readers' languages make no new versions."""
    document = document or canonical_document(workshop)
    digest = document.digest()
    for _attempt in range(3):
        found = DocumentVersion.objects.filter(workshop=workshop, digest=digest).first()
        if found is not None:
            return found
        last = DocumentVersion.objects.filter(workshop=workshop).aggregate(n=Max("number"))["n"]
        try:
            with transaction.atomic():
                return DocumentVersion.objects.create(
                    workshop=workshop,
                    number=(last or 0) + 1,
                    digest=digest,
                    content=document.content(),
                )
        except IntegrityError:
            continue
    return DocumentVersion.objects.get(workshop=workshop, digest=digest)


@dataclass(frozen=True)
class Requested:
    job: ExportJob
    # False: the message could not be sent (the broker is unreachable); the job waits for
    # the sweep to send it again.
    sent: bool


def _send(job_id: int) -> bool:
    """Ask a worker to render the job; False when the broker cannot be reached (within
    the broker's connection timeout, a few seconds: the request does not hang)."""
    from documents.tasks import render_export

    try:
        render_export.apply_async((job_id,), retry=False)
    except Exception:  # the broker is down or refuses: the sweep sends it again
        log.warning("export job %s: could not reach the broker", job_id, exc_info=True)
        return False
    return True


def export_request(*, workshop: Workshop, format: str, user: User, language: str) -> Requested:
    """Write the job (queued) and, once that is committed, ask a worker for it."""
    sweep()
    outcome = {"sent": False}
    with transaction.atomic():
        job = ExportJob.objects.create(
            workshop=workshop, format=format, requested_by=user, language=language
        )

        def send() -> None:
            outcome["sent"] = _send(job.pk)

        transaction.on_commit(send)
    job.refresh_from_db()
    return Requested(job=job, sent=outcome["sent"])


def export_retry(*, job: ExportJob, user: User) -> Requested:
    """A failed job asked for again: a new job of the same format and language."""
    return export_request(
        workshop=job.workshop, format=job.format, user=user, language=job.language
    )


class NotClaimed(Exception):
    """The job is not for this worker now: finished, or rendering elsewhere (`busy`)."""

    def __init__(self, busy: bool = False):
        super().__init__(busy)
        self.busy = busy


def _stale_before():
    return timezone.now() - timedelta(seconds=settings.EXPORT_STALE_SECONDS)


def export_claim(job_id: int) -> ExportJob:
    """Take the job for this worker: it is queued, or rendering with a stale heartbeat
    (its worker is gone). Raises NotClaimed otherwise: `busy` when another worker has it
    (or is claiming it this instant), not for a job that is finished or gone. A job past
    its attempts fails (and that is kept: the refusal comes after the commit)."""
    with transaction.atomic():
        job = (
            ExportJob.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("workshop__organisation")
            .filter(pk=job_id)
            .first()
        )
        if job is None:
            # Locked by another delivery claiming it this instant, or gone for good.
            refusal = NotClaimed(busy=ExportJob.objects.filter(pk=job_id).exists())
        elif job.finished:
            refusal = NotClaimed()
        elif job.status == ExportStatus.RENDERING and job.updated_at > _stale_before():
            refusal = NotClaimed(busy=True)
        elif job.attempts >= ExportJob.MAX_ATTEMPTS:
            _fail(job, TOO_MANY_ATTEMPTS)
            refusal = NotClaimed()
        else:
            refusal = None
            job.status, job.progress = ExportStatus.RENDERING, 5
            job.attempts = F("attempts") + 1
            job.save(update_fields=["status", "progress", "attempts", "updated_at"])
            job.refresh_from_db()
    if refusal is not None:
        raise refusal
    return job


def export_progress(job: ExportJob, progress: int) -> None:
    """Move the bar and the heartbeat, if the job is still this attempt's."""
    ExportJob.objects.filter(
        pk=job.pk, status=ExportStatus.RENDERING, attempts=job.attempts
    ).update(progress=progress, updated_at=timezone.now())


def export_filename(job: ExportJob) -> str:
    """organisation-workshop-date.ext (plain letters, so every browser and system keeps
    it); the CSVs say which they are."""
    workshop = job.workshop
    parts = [workshop.organisation.name, workshop.title, timezone.localdate().isoformat()]
    if job.format == ExportFormat.ANSWERS_CSV:
        parts.insert(2, "answers")
    elif job.format == ExportFormat.VOTES_CSV:
        parts.insert(2, "votes")
    if job.language != settings.LANGUAGE_CODE:
        # Two exports of one day in two languages are two files.
        parts.append(job.language)
    stem = "-".join(filter(None, (slugify(p) for p in parts)))[:150] or "philosophy"
    return f"{stem}.{EXTENSIONS[job.format]}"


@transaction.atomic
def export_finish(job: ExportJob, content: bytes, version: DocumentVersion | None) -> bool:
    """Attach the rendered file, if the job is still this attempt's (else drop it: someone
    else took the job over). The file's name is the job's own, so a job has one file."""
    current = ExportJob.objects.select_for_update().filter(pk=job.pk).first()
    if current is None or current.status != ExportStatus.RENDERING:
        return False
    if current.attempts != job.attempts:
        return False
    filename = export_filename(current)
    name = f"{current.workshop_id}/{current.pk}/{filename}"
    storage = exports_storage()
    if storage.exists(name):
        storage.delete(name)
    current.file.save(name, ContentFile(content), save=False)
    current.filename = filename
    current.version = version
    current.status, current.progress = ExportStatus.READY, 100
    current.finished_at = timezone.now()
    current.error = ""
    current.save()
    live.announce_change(current.workshop_id, EXPORTS_PART)
    return True


# What the page says about a failure (the details are in the worker's log).
RENDER_FAILED = "render_failed"
TOO_SLOW = "too_slow"
TOO_MANY_ATTEMPTS = "too_many_attempts"


def _fail(job: ExportJob, reason: str) -> None:
    ExportJob.objects.filter(pk=job.pk).exclude(status=ExportStatus.READY).update(
        status=ExportStatus.FAILED, error=reason, finished_at=timezone.now()
    )
    live.announce_change(job.workshop_id, EXPORTS_PART)


def export_fail(job: ExportJob, reason: str) -> None:
    """This attempt failed: the job fails (a retry is a new job the admin asks for)."""
    with transaction.atomic():
        current = ExportJob.objects.select_for_update().filter(pk=job.pk).first()
        if current is not None and current.attempts == job.attempts:
            _fail(current, reason)


# The live part of stage 8 that shows the exports, for the other admins' screens.
EXPORTS_PART = "exports"


def sweep() -> int:
    """Send again the jobs nobody is working on: queued and not sent for a while (the
    broker was down), or rendering with a stale heartbeat (the worker is gone). Jobs a
    worker has locked this instant are skipped. Returns how many were sent."""
    stale = _stale_before()
    with transaction.atomic():
        jobs = list(
            ExportJob.objects.select_for_update(skip_locked=True)
            .filter(status__in=[ExportStatus.QUEUED, ExportStatus.RENDERING], updated_at__lt=stale)
            .order_by("pk")[:50]
        )
        ids = [job.pk for job in jobs]
        # Queued again, for the new delivery to claim at once; touched, so the next sweep
        # waits for it. A worker that was only slow finds its attempt superseded.
        ExportJob.objects.filter(pk__in=ids).update(
            status=ExportStatus.QUEUED, updated_at=timezone.now()
        )
    return sum(1 for job_id in ids if _send(job_id))
