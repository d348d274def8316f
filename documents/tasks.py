"""Background work of stage 8: rendering an export, and the sweep that sends stuck jobs
again (documents/services.py says how a job is claimed and why a repeat is harmless)."""

import logging

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.utils import translation

from documents import services
from documents.assembly import assemble
from documents.renderers import render

log = logging.getLogger(__name__)


@shared_task(
    bind=True,
    ignore_result=True,
    acks_late=True,
    reject_on_worker_lost=True,
    time_limit=settings.EXPORT_TIME_LIMIT,
    soft_time_limit=settings.EXPORT_TIME_LIMIT - 10,
    # A job another worker renders is looked at again, not forever: the sweep remains.
    max_retries=20,
)
def render_export(self, job_id: int) -> None:
    try:
        job = services.export_claim(job_id)
    except services.NotClaimed as refusal:
        if refusal.busy and not self.request.is_eager:
            # Another worker has it, or had it and is gone: look again once a silent one
            # would count as gone (the job is finished by then, or ours to take).
            raise self.retry(countdown=settings.EXPORT_STALE_SECONDS + 1) from None
        return
    try:
        version = services.version_for(job.workshop)
        with translation.override(job.language):
            document = assemble(job.workshop)
            services.export_progress(job, 20)
            content = render(
                job.format,
                document,
                job.workshop,
                progress=lambda n: services.export_progress(job, n),
            )
        services.export_finish(job, content, version)
    except SoftTimeLimitExceeded:
        services.export_fail(job, services.TOO_SLOW)
    except Exception:
        log.exception("export job %s failed", job_id)
        services.export_fail(job, services.RENDER_FAILED)


@shared_task(ignore_result=True)
def sweep_exports() -> int:
    return services.sweep()
