"""Stage 8: the document page (everyone in the workshop), and the admins' foreword and
exports: asked for (a job), followed (its row polls), downloaded (through a view that
checks who asks, never a public media URL)."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django_ratelimit.core import is_ratelimited

from documents import selectors, services
from documents.forms import ExportForm
from documents.models import ExportJob, ExportStatus, Foreword
from workshops.forms import error_text
from workshops.selectors import WorkshopAccess, workshop_access
from workshops.versioned import SaveResult, versioned_text_response
from workshops.views import rate_limited

STAGE = "documents/_stage.html"


def admin_access(user, workshop_id: int) -> WorkshopAccess:
    """Access of an admin of the workshop's organisation, or 404 (as for a workshop that
    does not exist): only admins export."""
    access = workshop_access(user, workshop_id)
    if not access.is_org_admin:
        raise Http404
    return access


def _job(access: WorkshopAccess, job_id: int) -> ExportJob:
    job = ExportJob.objects.filter(pk=job_id, workshop=access.workshop).first()
    if job is None:
        raise Http404
    return job


@login_required
@require_GET
def document_page(request: HttpRequest, workshop_id: int) -> HttpResponse:
    access = workshop_access(request.user, workshop_id)
    context = selectors.document_context(access.workshop) | {
        "workshop": access.workshop,
        "access": access,
    }
    return render(request, "documents/document.html", context)


@login_required
@require_POST
def foreword_save(request: HttpRequest, workshop_id: int) -> HttpResponse:
    access = admin_access(request.user, workshop_id)
    workshop = access.workshop
    row = Foreword.objects.filter(workshop=workshop).first() or Foreword(workshop=workshop)

    def save(*, text: str, base_version: int) -> SaveResult:
        return services.foreword_save(
            workshop=workshop, text=text, base_version=base_version, user=request.user
        )

    return versioned_text_response(
        request,
        workshop=workshop,
        row=row,
        stem="foreword",
        label=_("A few words at the top of the document, from the admins"),
        save=save,
    )


def _exports_answer(request, access: WorkshopAccess, *, notice: str = "", status: int = 200):
    if not request.htmx:
        return redirect(access.workshop)
    context = {"workshop": access.workshop, "access": access} | selectors.exports_panel(
        access.workshop, notice=notice
    )
    return render(request, f"{STAGE}#exports", context, status=status)


def _requested(request, access: WorkshopAccess, requested: services.Requested):
    notice = ""
    if not requested.sent:
        notice = _(
            "The background worker cannot be reached just now. Your export is kept in the "
            "list and starts by itself as soon as the worker is back."
        )
    return _exports_answer(request, access, notice=notice)


@login_required
@require_POST
def export_request(request: HttpRequest, workshop_id: int) -> HttpResponse:
    access = admin_access(request.user, workshop_id)
    if _too_many_exports(request):
        return rate_limited(request, None)
    form = ExportForm(request.POST)
    if not form.is_valid():
        return _exports_answer(request, access, notice=error_text(form), status=422)
    requested = services.export_request(
        workshop=access.workshop,
        format=form.cleaned_data["format"],
        user=request.user,
        language=get_language(),
    )
    return _requested(request, access, requested)


def _too_many_exports(request) -> bool:
    return is_ratelimited(
        request, group="export", key="user", rate=settings.EXPORT_RATE, increment=True
    )


@login_required
@require_POST
def export_retry(request: HttpRequest, workshop_id: int, job_id: int) -> HttpResponse:
    access = admin_access(request.user, workshop_id)
    job = _job(access, job_id)
    if job.status != ExportStatus.FAILED:
        return _exports_answer(request, access)
    if _too_many_exports(request):
        return rate_limited(request, None)
    return _requested(request, access, services.export_retry(job=job, user=request.user))


@login_required
@require_GET
def export_status(request: HttpRequest, workshop_id: int, job_id: int) -> HttpResponse:
    """One job's row, which polls itself while the job is unfinished. Reads only."""
    access = admin_access(request.user, workshop_id)
    job = _job(access, job_id)
    job.error_text = selectors.error_text(job) if job.status == ExportStatus.FAILED else ""
    job.language_name = dict(settings.LANGUAGES).get(job.language, job.language)
    context = {"workshop": access.workshop, "job": job, "ExportStatus": ExportStatus}
    return render(request, f"{STAGE}#export-job", context)


@login_required
@require_GET
def export_download(request: HttpRequest, workshop_id: int, job_id: int) -> HttpResponse:
    access = admin_access(request.user, workshop_id)
    job = _job(access, job_id)
    if job.status != ExportStatus.READY or not job.file:
        raise Http404
    try:
        handle = job.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, as_attachment=True, filename=job.filename)
    response["Cache-Control"] = "private, no-store"
    return response
