"""Reads of stage 8: the document with its gaps, the foreword, and the admins' exports."""

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from documents import services
from documents.assembly import assemble
from documents.models import ExportFormat, ExportJob, ExportStatus, Foreword
from surveys import word_cloud
from surveys.models import Survey
from workshops.models import Stage, Workshop
from workshops.selectors import WorkshopAccess
from workshops.stages import StageOutcome

# How many past exports the stage lists.
HISTORY = 20


def error_text(job: ExportJob) -> str:
    """What a failed job says, in the reader's language."""
    if job.error == services.TOO_SLOW:
        return _("The export took too long and was stopped. Try again.")
    if job.error == services.TOO_MANY_ATTEMPTS:
        return _("The background worker stopped several times while making this export. Try again.")
    return _(
        "The export could not be made. Try again; if it fails again, tell your "
        "administrator (the worker's log says why)."
    )


def cloud_picture_url(workshop: Workshop) -> str | None:
    """The word cloud's picture, as the workshop page shows it (None: no cloud)."""
    survey = Survey.objects.filter(workshop=workshop).first()
    if survey is None:
        return None
    view = word_cloud.cloud_view(survey)
    if not view.picture_hash:
        return None
    return reverse("survey_cloud_svg", args=[workshop.pk, view.picture_hash])


def _gaps(document) -> list[dict]:
    return [
        {"text": gap.text, "stage": gap.stage, "stage_label": Stage(gap.stage).label}
        for gap in document.gaps
    ]


def export_jobs(workshop: Workshop) -> list[ExportJob]:
    """The latest exports, newest first, each with its failure's text and its language's
    name (the one it was rendered in)."""
    languages = dict(settings.LANGUAGES)
    jobs = list(
        ExportJob.objects.filter(workshop=workshop)
        .select_related("requested_by", "version")
        .order_by("-created_at", "-pk")[:HISTORY]
    )
    for job in jobs:
        job.error_text = error_text(job) if job.status == ExportStatus.FAILED else ""
        job.language_name = languages.get(job.language, job.language)
    return jobs


def exports_panel(workshop: Workshop, *, notice: str = "") -> dict:
    return {
        "formats": ExportFormat.choices,
        "jobs": export_jobs(workshop),
        "jobs_total": ExportJob.objects.filter(workshop=workshop).count(),
        "export_notice": notice,
        "exports_part": services.EXPORTS_PART,
        "ExportStatus": ExportStatus,
    }


def document_context(workshop: Workshop) -> dict:
    document = assemble(workshop)
    return {
        "document": document,
        "gaps": _gaps(document),
        "cloud_src": cloud_picture_url(workshop),
    }


def document_screen(request: HttpRequest, access: WorkshopAccess, outcome: StageOutcome) -> dict:
    workshop = access.workshop
    context = document_context(workshop) | {"document_notice": outcome.notice}
    if access.is_org_admin:
        foreword = Foreword.objects.filter(workshop=workshop).first() or Foreword(workshop=workshop)
        context |= {"foreword": foreword} | exports_panel(workshop)
    return context


def exports_part(request: HttpRequest, access: WorkshopAccess) -> dict:
    return exports_panel(access.workshop)
