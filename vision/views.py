"""Stage 6 on the workshop page: drafts created, saved and removed, the live check, the
team's ratings, and the facilitator's shortlist, promise confirmations and final pick."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_ratelimit.core import is_ratelimited

from surveys import devices
from surveys.models import device_fingerprint
from vision import services
from vision.forms import CheckForm, DraftForm, GutCheckForm, JourneyForm, PickForm, RateForm
from vision.models import GutCheckLink, GutCheckReaction, VisionDraft
from vision.selectors import (
    CRITERION_LABELS,
    check_panel,
    gut_check_drafts,
    reader_language,
    vision_material,
)
from workshops.forms import error_messages, error_text
from workshops.selectors import WorkshopAccess, facilitator_access, workshop_access
from workshops.stages import StageOutcome
from workshops.versioned import SaveResult, versioned_text_response
from workshops.views import rate_limited
from workshops.views.workshop import render_stage, stage_answer

CHECK_PARTIAL = "vision/_vision.html#check"


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
        outcome = StageOutcome(notice=error_text(form), form=form)
        return render_stage(request, access, outcome, status=422)
    draft = services.draft_create(
        workshop=access.workshop, author=request.user, text=form.cleaned_data["text"]
    )
    return stage_answer(request, access, StageOutcome(highlight=draft.pk))


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
    return stage_answer(request, access)


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


def _draft(access: WorkshopAccess, draft_id: int) -> VisionDraft:
    """A draft of this workshop, or 404."""
    draft = access.workshop.vision_drafts.filter(pk=draft_id).first()
    if draft is None:
        raise Http404
    return draft


@login_required
@require_POST
def draft_rate(request: HttpRequest, workshop_id: int, draft_id: int) -> HttpResponse:
    """One person's ratings of a draft on the three criteria. Everyone in the workshop
    rates; the same ratings sent twice leave one row each."""
    access = workshop_access(request.user, workshop_id)
    draft = _draft(access, draft_id)
    form = RateForm(request.POST)
    if not form.is_valid():
        outcome = StageOutcome(notice=error_text(form), form=form, highlight=draft.pk)
        return render_stage(request, access, outcome, status=422)
    services.draft_rate(draft=draft, rater=request.user, ratings=form.ratings())
    return stage_answer(request, access, StageOutcome(highlight=draft.pk, saved=True))


@login_required
@require_POST
def draft_journey(request: HttpRequest, workshop_id: int, draft_id: int) -> HttpResponse:
    """One person walks a draft through the customer's journey: per step, does it tell an
    employee what to do? Everyone in the workshop answers; a double post leaves one row."""
    access = workshop_access(request.user, workshop_id)
    draft = _draft(access, draft_id)
    form = JourneyForm(request.POST)
    if not form.is_valid():
        outcome = StageOutcome(notice=error_text(form), form=form, highlight=draft.pk)
        return render_stage(request, access, outcome, status=422)
    services.draft_journey(draft=draft, rater=request.user, answers=form.answers())
    # The form comes back, to tell this confirmation from the ratings' one.
    return stage_answer(request, access, StageOutcome(highlight=draft.pk, saved=True, form=form))


@login_required
@require_POST
def draft_shortlist(request: HttpRequest, workshop_id: int, draft_id: int) -> HttpResponse:
    access = facilitator_access(request.user, workshop_id)
    draft = _draft(access, draft_id)
    services.draft_shortlist(draft=draft, shortlisted=request.POST.get("shortlisted") == "1")
    return stage_answer(request, access)


@login_required
@require_POST
def promise_confirm(request: HttpRequest, workshop_id: int, draft_id: int) -> HttpResponse:
    access = facilitator_access(request.user, workshop_id)
    draft = _draft(access, draft_id)
    services.draft_confirm_promises(draft=draft, user=request.user)
    return stage_answer(request, access)


@login_required
@require_POST
def statement_pick(request: HttpRequest, workshop_id: int, draft_id: int) -> HttpResponse:
    """The facilitator picks the final statement; a draft the check questions needs a
    reason, else it is refused (422) with the reason field kept as typed."""
    access = facilitator_access(request.user, workshop_id)
    draft = _draft(access, draft_id)
    form = PickForm(request.POST)
    if not form.is_valid():
        outcome = StageOutcome(notice=error_text(form), form=form, highlight=draft.pk)
        return render_stage(request, access, outcome, status=422)
    try:
        services.statement_pick(
            draft=draft,
            user=request.user,
            reason=form.cleaned_data["reason"],
            language=reader_language(),
        )
    except services.ReasonNeeded as refusal:
        criteria = ", ".join(str(CRITERION_LABELS[key]) for key in refusal.despite)
        notice = _(
            "The check says this draft needs work on: %(criteria)s. To pick it anyway, "
            "say why the team keeps it."
        ) % {"criteria": criteria}
        outcome = StageOutcome(notice=notice, form=form, highlight=draft.pk)
        return render_stage(request, access, outcome, status=422)
    return stage_answer(request, access)


@login_required
@require_POST
def statement_unpick(request: HttpRequest, workshop_id: int) -> HttpResponse:
    access = facilitator_access(request.user, workshop_id)
    services.statement_unpick(workshop=access.workshop)
    return stage_answer(request, access)


@login_required
@require_POST
def gut_check_share(request: HttpRequest, workshop_id: int) -> HttpResponse:
    """The facilitator shares the shortlist read-only with stakeholders outside the
    workshop (the link in use, or a new one)."""
    access = facilitator_access(request.user, workshop_id)
    services.gut_check_share(workshop=access.workshop, user=request.user)
    return stage_answer(request, access)


@login_required
@require_POST
def gut_check_stop(request: HttpRequest, workshop_id: int) -> HttpResponse:
    access = facilitator_access(request.user, workshop_id)
    services.gut_check_stop(workshop=access.workshop)
    return stage_answer(request, access)


# The public gut check: no account. It shares the survey's device cookie (one device is
# one device) and, like the survey, keeps only the cookie's hash with a reaction.
GUT_CHECK_TEMPLATE = "vision/gut_check.html"


def _gut_check_rate_limited(request: HttpRequest, token: str) -> bool:
    return devices.public_rate_limited(
        request,
        f"gut-check:{token}",
        per_address=settings.GUT_CHECK_RATE_PER_ADDRESS,
        per_device=settings.GUT_CHECK_RATE_PER_DEVICE,
    )


def _gut_check_gone(request: HttpRequest) -> HttpResponse:
    # Unknown and stopped links answer alike.
    return devices.link_gone(
        request,
        heading=_("This link is no longer in use"),
        why=_(
            "The link may be mistyped, or the team has stopped sharing its shortlist. Ask the "
            "person who shared it for the current link."
        ),
    )


@never_cache
def gut_check(request: HttpRequest, token: str) -> HttpResponse:
    """The shortlist, read-only, for stakeholders outside the workshop: per draft "works
    for me" or "does not land" and an optional comment. No names, no account."""
    try:
        link = services.gut_check_link(token)
    except services.GutCheckUnavailable:
        return _gut_check_gone(request)
    device_id = devices.device_id(request) or GutCheckLink.new_token()
    drafts = gut_check_drafts(link.workshop)
    context = {"link": link, "company": link.workshop.organisation.name, "token": token}
    status = 200
    if request.method == "POST":
        form = GutCheckForm(request.POST)
        context["form"] = form
        if _gut_check_rate_limited(request, token):
            context["rate_limited"] = True
            status = 429
        elif not form.is_valid():
            status = 422
        else:
            draft = next((d for d in drafts if d.pk == form.cleaned_data["draft"]), None)
            if draft is None:
                context["gone_draft"] = True
                status = 422
            else:
                try:
                    services.gut_check_react(
                        link=link,
                        draft=draft,
                        device_id=device_id,
                        reaction=form.cleaned_data["reaction"],
                        comment=form.cleaned_data["comment"],
                    )
                except services.GutCheckUnavailable:
                    return _gut_check_gone(request)
                context["thanks"] = draft.pk
                del context["form"]
    mine = {
        r.draft_id: r
        for r in GutCheckReaction.objects.filter(
            draft__in=drafts, device=device_fingerprint(device_id)
        )
    }
    form = context.get("form")
    sent = form.data.get("draft") if form is not None else None
    for draft in drafts:
        # What this device said before, or what it just sent when that was refused.
        if sent == str(draft.pk):
            draft.mine = {
                "reaction": form.data.get("reaction", ""),
                "comment": form.data.get("comment", ""),
                "errors": error_messages(form),
            }
        elif draft.pk in mine:
            draft.mine = {"reaction": mine[draft.pk].reaction, "comment": mine[draft.pk].comment}
        else:
            draft.mine = {"reaction": "", "comment": ""}
    context |= {"drafts": drafts, "comment_max_length": GutCheckReaction.COMMENT_MAX_LENGTH}
    response = render(request, GUT_CHECK_TEMPLATE, context, status=status)
    return devices.remember_device(response, device_id)
