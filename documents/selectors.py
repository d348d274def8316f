"""Reads of stage 8: the document with its gaps, the foreword, and the admins' exports."""

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from documents import services, sharing, versions
from documents.assembly import PhilosophyDocument, assemble
from documents.models import DocumentVersion, ExportFormat, ExportJob, ExportStatus, Foreword
from surveys import word_cloud
from surveys.models import Survey
from surveys.selectors import qr_data_uri
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


# How many finalised versions the stage lists.
VERSIONS_LISTED = 10


def versions_panel(workshop: Workshop, document: PhilosophyDocument) -> dict:
    """The finalised versions, the latest first, and whether the philosophy (`document`,
    as it stands) has changed since the latest (it is then not what the share link
    shows)."""
    listed = list(versions.finalised_versions(workshop)[:VERSIONS_LISTED])
    latest = listed[0] if listed else None
    changed = latest is not None and versions.changed_since(
        latest, versions.side_of_document(workshop, document)
    )
    return {"finalised": listed, "latest_version": latest, "changed_since_latest": changed}


def share_panel(request: HttpRequest, workshop: Workshop) -> dict:
    """The admins' share link, its QR code, and what it shows."""
    link = sharing.share_link_in_use(workshop)
    url = request.build_absolute_uri(reverse("document_share", args=[link.token])) if link else None
    return {
        "share_link": link,
        "share_url": url,
        "share_qr": qr_data_uri(url) if url else None,
        "share_used": link is not None or workshop.share_links.exists(),
    }


def readings_panel(request: HttpRequest, access: WorkshopAccess) -> dict:
    """How employees read each value (the interpretation check), for the facilitators."""
    workshop = access.workshop
    version = versions.latest_finalised(workshop)
    found = []
    if version is not None:
        found = sharing.readings(workshop, version, versions.content_for_reader(version))
    return {
        "readings": found,
        "readings_version": version,
        "readings_part": sharing.READINGS_PART,
        "readings_asked": workshop.share_links.exists(),
    }


def document_screen(request: HttpRequest, access: WorkshopAccess, outcome: StageOutcome) -> dict:
    workshop = access.workshop
    context = document_context(workshop) | {
        "document_notice": outcome.notice,
        "document_saved": outcome.saved,
    }
    context |= versions_panel(workshop, context["document"])
    if access.is_org_admin:
        foreword = Foreword.objects.filter(workshop=workshop).first() or Foreword(workshop=workshop)
        context |= {"foreword": foreword} | exports_panel(workshop) | share_panel(request, workshop)
    if access.can_facilitate:
        context |= readings_panel(request, access)
    return context


NOW = "now"


def _side(key: str, by_number: dict[str, DocumentVersion], now: versions.Side):
    if key == NOW:
        return now
    return versions.side_of(by_number[key])


def compare_panel(
    workshop: Workshop, document: PhilosophyDocument, older: str | None, newer: str | None
) -> dict:
    """What changed between two finalised versions (by number; "now": the document as
    it stands: `document`, just assembled). Without a choice: the latest two, or the
    latest and now if the document changed since; with a choice that is not a version,
    the latest two again."""
    finalised = list(versions.finalised_versions(workshop))
    by_number = {str(v.number): v for v in finalised}
    choices = [(str(v.number), v) for v in finalised]
    now = versions.side_of_document(workshop, document)
    changed_now = bool(finalised) and versions.changed_since(finalised[0], now)
    if older not in by_number or (newer not in by_number and newer != NOW):
        if changed_now:
            older, newer = str(finalised[0].number), NOW
        elif len(finalised) >= 2:
            older, newer = str(finalised[1].number), str(finalised[0].number)
        else:
            older = newer = None
    changes = None
    if older is not None:
        changes = versions.compare(_side(older, by_number, now), _side(newer, by_number, now))
    return {
        "compare_choices": choices,
        "compare_older": older,
        "compare_newer": newer,
        "changes": changes,
        "NOW": NOW,
    }


def exports_part(request: HttpRequest, access: WorkshopAccess) -> dict:
    return exports_panel(access.workshop)
