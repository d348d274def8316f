"""Stage 6 on the workshop page: drafts created, saved and removed, and the live check."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_ratelimit.core import is_ratelimited

from vision import services
from vision.forms import CheckForm, DraftForm
from vision.models import VisionDraft
from vision.selectors import check_panel, vision_material
from workshops.selectors import WorkshopAccess, workshop_access
from workshops.stages import StageOutcome
from workshops.versioned import SaveResult, versioned_text_response
from workshops.views import rate_limited
from workshops.views.workshop import render_stage

CHECK_PARTIAL = "vision/_vision.html#check"


def _answer(request, access: WorkshopAccess, outcome: StageOutcome | None = None):
    if request.htmx:
        return render_stage(request, access, outcome)
    return redirect(access.workshop)


def _editable_draft(access: WorkshopAccess, user, draft_id: int) -> VisionDraft:
    """A draft of this workshop the user may change: their own, or any for a facilitator
    (404 for anything else, as for a draft that does not exist)."""
    draft = access.workshop.vision_drafts.filter(pk=draft_id).first()
    if draft is None or not (access.can_facilitate or draft.author_id == user.pk):
        raise Http404
    return draft


@login_required
@require_POST
def draft_create(request: HttpRequest, workshop_id: int) -> HttpResponse:
    access = workshop_access(request.user, workshop_id)
    form = DraftForm(request.POST)
    if not form.is_valid():
        message = " ".join(m for errors in form.errors.values() for m in errors)
        outcome = StageOutcome(notice=message, form=form)
        return render_stage(request, access, outcome, status=422)
    draft = services.draft_create(
        workshop=access.workshop, author=request.user, text=form.cleaned_data["text"]
    )
    return _answer(request, access, StageOutcome(highlight=draft.pk))


@login_required
@require_POST
def draft_save(request: HttpRequest, workshop_id: int, draft_id: int) -> HttpResponse:
    access = workshop_access(request.user, workshop_id)
    draft = _editable_draft(access, request.user, draft_id)

    def save(*, text: str, base_version: int) -> SaveResult:
        return services.draft_save(
            draft=draft, text=text, base_version=base_version, user=request.user
        )

    return versioned_text_response(
        request,
        workshop=access.workshop,
        row=draft,
        stem=draft.stem,
        label=_label(draft),
        save=save,
        extra_context={"check_url": reverse("vision_check", args=[access.workshop.pk])},
    )


def _label(draft: VisionDraft) -> str:
    return _("Draft by %(name)s") % {"name": draft.author or _("Someone")}


@login_required
@require_POST
def draft_remove(request: HttpRequest, workshop_id: int, draft_id: int) -> HttpResponse:
    access = workshop_access(request.user, workshop_id)
    draft = _editable_draft(access, request.user, draft_id)
    services.draft_remove(draft=draft)
    return _answer(request, access)


@login_required
@require_POST
def vision_check(request: HttpRequest, workshop_id: int) -> HttpResponse:
    """How a text fares on the three criteria, while it is being typed. Writes nothing."""
    access = workshop_access(request.user, workshop_id)
    if is_ratelimited(
        request,
        group="vision-check",
        key="user",
        rate=settings.VISION_CHECK_RATE,
        increment=True,
    ):
        return rate_limited(request, None)
    form = CheckForm(request.POST)
    if not form.is_valid():
        return HttpResponse(status=422)
    context = {
        "check_id": form.cleaned_data["check"],
        "checked": check_panel(form.cleaned_data["text"], vision_material(access.workshop)),
        "typed": True,
    }
    return render(request, CHECK_PARTIAL, context)
