"""Stage 8: the document page (everyone in the workshop), and the admins' foreword and
exports: asked for (a job), followed (its row polls), downloaded (through a view that
checks who asks, never a public media URL)."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST
from django_ratelimit.core import is_ratelimited

from documents import selectors, services, sharing, versions
from documents.assembly import PhilosophyDocument
from documents.forms import ExportForm, InterpretationForm
from documents.models import ExportJob, ExportStatus, Foreword, Interpretation, ShareLink
from surveys import devices
from values.models import Candidate
from workshops import services as workshop_services
from workshops.forms import error_messages, error_text
from workshops.models import Stage
from workshops.selectors import WorkshopAccess, facilitator_access, workshop_access
from workshops.stages import StageOutcome
from workshops.versioned import SaveResult, versioned_text_response
from workshops.views import rate_limited
from workshops.views.workshop import stage_answer

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
    workshop = access.workshop
    context = selectors.document_context(workshop) | {"workshop": workshop, "access": access}
    context |= selectors.compare_panel(
        workshop, context["document"], request.GET.get("older"), request.GET.get("newer")
    )
    return render(request, "documents/document.html", context)


@login_required
@require_POST
def version_finalise(request: HttpRequest, workshop_id: int) -> HttpResponse:
    """The facilitator finalises the document as it stands: the version the team stands
    behind, which the share link shows."""
    access = facilitator_access(request.user, workshop_id)
    try:
        version = versions.version_finalise(workshop=access.workshop, user=request.user)
    except versions.NotReadyToFinalise:
        notice = _("The document is not complete yet: fill in what is still missing first.")
        return stage_answer(request, access, StageOutcome(notice=notice))
    notice = _("Version %(number)s is finalised: the share link shows it.") % {
        "number": version.number
    }
    return stage_answer(request, access, StageOutcome(notice=notice, saved=True))


@login_required
@require_POST
def share_start(request: HttpRequest, workshop_id: int) -> HttpResponse:
    access = admin_access(request.user, workshop_id)
    try:
        sharing.share_start(workshop=access.workshop, user=request.user)
    except sharing.NothingToShare:
        notice = _("Finalise the document first: the link shows its latest finalised version.")
        return stage_answer(request, access, StageOutcome(notice=notice))
    return stage_answer(request, access)


@login_required
@require_POST
def share_stop(request: HttpRequest, workshop_id: int) -> HttpResponse:
    access = admin_access(request.user, workshop_id)
    sharing.share_stop(workshop=access.workshop)
    return stage_answer(request, access)


@login_required
@require_POST
def share_new_link(request: HttpRequest, workshop_id: int) -> HttpResponse:
    access = admin_access(request.user, workshop_id)
    sharing.share_new_link(workshop=access.workshop, user=request.user)
    return stage_answer(request, access)


@login_required
@require_POST
def share_interpretation(request: HttpRequest, workshop_id: int) -> HttpResponse:
    """Ask, or stop asking, employees what each value means to them."""
    access = admin_access(request.user, workshop_id)
    sharing.share_set_interpretation(workshop=access.workshop, asks=request.POST.get("asks") == "1")
    return stage_answer(request, access)


@login_required
@require_POST
def value_rework(request: HttpRequest, workshop_id: int, candidate_id: int) -> HttpResponse:
    """From how employees read a value, back to stage 7 with that value open."""
    access = facilitator_access(request.user, workshop_id)
    value = Candidate.objects.filter(
        pk=candidate_id, workshop=access.workshop, final_position__isnull=False
    ).first()
    if value is None:
        raise Http404
    workshop_services.workshop_set_stage(workshop=access.workshop, stage=Stage.VALUES_IN_ACTION)
    # A page load, not a swap: the page opens at the value's panel, opened by its anchor
    # (the query makes it a load even from the workshop's own page, not a jump in it).
    at_value = f"{access.workshop.get_absolute_url()}?rework={value.pk}#value-{value.pk}"
    if request.htmx:
        return HttpResponse(status=204, headers={"HX-Redirect": at_value})
    return redirect(at_value)


# The share page: public, no account. It shares the survey's device cookie (one device is
# one device) and, like the survey, keeps only the cookie's hash with an answer.
SHARE_TEMPLATE = "documents/share.html"


def _share_gone(request: HttpRequest) -> HttpResponse:
    # Unknown and stopped links answer alike; an answer sent to one is shown back, to keep.
    return devices.link_gone(
        request,
        heading=_("This link is no longer in use"),
        why=_(
            "The link may be mistyped, or the company has stopped sharing this document. Ask "
            "the person who shared it for the current link."
        ),
        unsent=request.POST.get("text", "")[: Interpretation.MAX_LENGTH * 2],
    )


def _share_read_too_often(request: HttpRequest) -> bool:
    # Reads per address, whatever the token: a whole office reads one link, and guessing
    # tokens counts against the same limit. Answers have limits of their own.
    return is_ratelimited(
        request,
        group="share-read",
        key="ip",
        rate=settings.SHARE_READ_RATE_PER_ADDRESS,
        increment=True,
    )


def _share_answered_too_often(request: HttpRequest, token: str) -> bool:
    return devices.public_rate_limited(
        request,
        f"share:{token}",
        per_address=settings.SHARE_RATE_PER_ADDRESS,
        per_device=settings.SHARE_RATE_PER_DEVICE,
    )


@never_cache
def share_page(request: HttpRequest, token: str) -> HttpResponse:
    """The latest finalised version of the philosophy, read-only, for every employee, in
    the reader's language; with the interpretation check, per value "What does this value
    mean to you?" (anonymous, one answer per device and value)."""
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponse(status=405, headers={"Allow": "GET, HEAD, POST"})
    return _share_answer(request, token)


def share_expired(request: HttpRequest, token: str) -> HttpResponse:
    """An answer sent from a page whose CSRF token expired: shown back, to send again."""
    get_token(request)
    return _share_answer(request, token, expired=True)


def _share_answer(request: HttpRequest, token: str, *, expired: bool = False) -> HttpResponse:
    if request.method != "POST" and _share_read_too_often(request):
        return rate_limited(request, None)
    try:
        found = sharing.shared(token)
    except sharing.ShareUnavailable:
        return _share_gone(request)
    device_id = devices.device_id(request) or ShareLink.new_token()
    version = found.version
    content = versions.content_for_reader(version)
    places = sharing.shared_values(version) if found.link.asks_interpretation else {}
    context = {
        "token": token,
        "version": version,
        "document": PhilosophyDocument.from_content(content),
        "asks": found.link.asks_interpretation,
        "max_length": InterpretationForm.base_fields["text"].max_length,
        "expired": expired,
    }
    status, form, thanks = 200, None, None
    if expired:
        status, form = 403, InterpretationForm(request.POST)
    elif request.method == "POST":
        form = InterpretationForm(request.POST)
        if _share_answered_too_often(request, token):
            context["rate_limited"] = True
            status = 429
        elif not form.is_valid():
            status = 422
        elif form.cleaned_data["value"] not in places:
            # Not a value of the document, or the page stopped asking since it was opened.
            status = 422
        else:
            sharing.interpretation_submit(
                workshop=found.link.workshop,
                candidate_id=form.cleaned_data["value"],
                device_id=device_id,
                text=form.cleaned_data["text"],
            )
            # Back to the page by a GET (a reload or "Back" sends nothing again), at the
            # form just answered, with its thank-you.
            value = form.cleaned_data["value"]
            path = reverse("document_share", args=[token])
            saved = redirect(f"{path}?saved={value}#interpret-{value}")
            return devices.remember_device(saved, device_id)
    else:
        thanks = _saved_value(request.GET.get("saved", ""))
    readings = _device_readings(version, content, places, device_id, form, expired=expired)
    context |= {"thanks": thanks, "readings": readings}
    if form is not None and not any(row["sent"] for row in readings):
        # Sent for a value the page no longer asks about (or a field tampered with), with
        # whatever else went wrong: no form to show the text back in, so it shows here.
        sent = request.POST.get("text", "")[: Interpretation.MAX_LENGTH * 2]
        context |= {"not_asked": True, "sent_text": sent}
    response = render(request, SHARE_TEMPLATE, context, status=status)
    response["X-Robots-Tag"] = "noindex"
    return devices.remember_device(response, device_id)


def _saved_value(text: str) -> int | None:
    """The value whose answer was just saved (?saved=…, after the redirect): a value id,
    or None for anything else (the thank-you shows only where this device has answered)."""
    return int(text) if text.isascii() and text.isdecimal() and len(text) <= 18 else None


def _device_readings(version, content, places, device_id, form, *, expired=False):
    """Per value asked about: its name and this device's answer, or what it just sent
    when that was refused (with why, unless the page had only expired)."""
    mine = sharing.readings_of_device(version, device_id)
    sent = form.data.get("value") if form is not None else None
    values = content.get("values", ())
    shown = []
    for pk, place in places.items():
        row = {"pk": pk, "name": values[place]["name"] if place < len(values) else ""}
        if sent == str(pk):
            text = form.data.get("text", "")[: Interpretation.MAX_LENGTH * 2]
            errors = [] if expired else error_messages(form)
            row |= {"text": text, "errors": errors, "saved": False, "sent": True}
        else:
            row |= {"text": mine.get(pk, ""), "errors": [], "saved": pk in mine, "sent": False}
        shown.append(row)
    return shown


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
