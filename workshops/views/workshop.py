from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotModified
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseClientRedirect

from surveys.selectors import cloud_panel, survey_panel
from values.selectors import brainstorm_panel, cloud_proposals, vote_panel
from workshops import live, services
from workshops.forms import StageForm, WorkshopForm
from workshops.models import ContextAnswer, ContextQuestion, Stage, WorkshopRole
from workshops.selectors import (
    WorkshopAccess,
    facilitator_access,
    membership_for,
    present_unseated_admins,
    workshop_access,
)
from workshops.versioned import SaveResult, versioned_text_response
from workshops.views import creating_too_fast, rate_limited


def _live_context(request: HttpRequest, access: WorkshopAccess, **extra) -> dict:
    workshop = access.workshop
    # Read the counter before the state, so a change racing this render is never missed.
    counter = live.poll(workshop.pk, request.user.pk, max_age=0)
    present = live.present_user_ids(workshop.pk)
    # Every screen of the workshop renders this list again after each change: read only
    # what the roster shows (a user row also holds a password hash and two dates to parse).
    members = list(
        workshop.members.select_related("user").only(
            "role", "workshop_id", "user__display_name", "user__email"
        )
    )
    seated = {m.user_id for m in members}
    answers = (
        {a.key: a for a in workshop.context_answers.select_related("updated_by")}
        if workshop.stage == Stage.CONTEXT
        else {}
    )
    return {
        "workshop": workshop,
        "access": access,
        "stages": Stage.choices,
        "counter": counter,
        "poll_ms": settings.LIVE_POLL_INTERVAL_MS,
        "poll_token": live.poll_token(workshop.pk, request.user.pk, request.session.session_key),
        # WorkshopMember's ordering puts facilitators first, then participants, by name.
        "seats": members,
        "participants": [m for m in members if m.role == WorkshopRole.PARTICIPANT],
        "present": present,
        # Admins may open the workshop without a seat; while they have it open they are listed.
        "present_admins": present_unseated_admins(workshop, present - seated),
        "context_items": [answers[key] for key in ContextQuestion.values if key in answers],
        **_stage_context(request, access, **extra),
    }


def _stage_context(request: HttpRequest, access: WorkshopAccess, **extra) -> dict:
    """What the current stage's own screen needs besides the workshop itself."""
    workshop = access.workshop
    if workshop.stage == Stage.SURVEY:
        return survey_panel(
            request, workshop, form=extra.get("survey_form"), saved=extra.get("survey_saved")
        )
    if workshop.stage == Stage.WORD_CLOUD:
        panel = cloud_panel(workshop, error=extra.get("cloud_error"))
        return panel | cloud_proposals(
            workshop,
            panel["survey"],
            panel["cloud"].words,
            notice=extra.get("values_notice"),
            highlight=extra.get("highlight"),
        )
    if workshop.stage == Stage.BRAINSTORM:
        return brainstorm_panel(
            workshop,
            request.user,
            access.can_facilitate,
            notice=extra.get("values_notice"),
            highlight=extra.get("highlight"),
            form=extra.get("values_form"),
        )
    if workshop.stage == Stage.VOTE:
        return vote_panel(
            workshop,
            request.user,
            access.can_facilitate,
            notice=extra.get("values_notice"),
            form=extra.get("values_form"),
        )
    return {}


def render_live(request: HttpRequest, access: WorkshopAccess, *, status=200, **extra):
    """The live region alone, as htmx swaps it after an action on the workshop page."""
    context = _live_context(request, access, **extra)
    return render(request, "workshops/workshop.html#live", context, status=status)


@login_required
def workshop_detail(request: HttpRequest, workshop_id: int) -> HttpResponse:
    access = workshop_access(request.user, workshop_id)
    return render(request, "workshops/workshop.html", _live_context(request, access))


@require_GET
def workshop_live(request: HttpRequest, workshop_id: int) -> HttpResponse:
    """The poll every workshop screen makes: 304 while nothing changed, else the live region.

    The fast path trusts a signed token issued with the page instead of the session,
    so an unchanged workshop costs no database query; the token holds only for the session
    cookie it was issued with, and not after that session logged out.
    """
    session_key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
    user_id = live.user_from_poll_token(request.GET.get("t", ""), workshop_id, session_key)
    if user_id is not None:
        counter = live.poll(workshop_id, user_id, session_key=session_key)
        if counter is None:
            # That session was logged out: the session path below says so.
            user_id = None
        seen = request.GET.get("v") or request.headers.get("If-None-Match", "").strip('W/"')
        if counter is not None and seen == str(counter):
            response = HttpResponseNotModified()
            response["ETag"] = f'W/"{counter}"'
            patch_cache_control(response, no_store=True)
            return response
    if not request.user.is_authenticated and request.htmx:
        # The session ended while the page stayed open: send the screen to the login page.
        login = redirect_to_login(request.htmx.current_url_abs_path or "/")
        return HttpResponseClientRedirect(login.url)
    try:
        access = workshop_access(request.user, workshop_id)
    except Http404:
        if user_id is None or user_id != request.user.pk:
            raise
        # The page was issued to this very person, so they knew the workshop: say why their
        # screen leaves it instead of freezing it on a 404 (everyone else still gets one).
        messages.info(request, _("You are no longer a member of this workshop."))
        if request.htmx:
            return HttpResponseClientRedirect(reverse("home"))
        return redirect("home")
    context = _live_context(request, access)
    response = render(request, "workshops/workshop.html#live", context)
    response["ETag"] = f'W/"{context["counter"]}"'
    patch_cache_control(response, no_store=True)
    return response


@login_required
@require_POST
def workshop_stage(request: HttpRequest, workshop_id: int) -> HttpResponse:
    access = facilitator_access(request.user, workshop_id)
    form = StageForm(request.POST)
    if form.is_valid():
        services.workshop_set_stage(workshop=access.workshop, stage=form.cleaned_data["stage"])
    else:
        messages.error(request, _("There is no such stage."))
    if request.htmx:
        return render_live(request, access)
    return redirect(access.workshop)


@login_required
def workshop_create(request: HttpRequest, organisation_id: int) -> HttpResponse:
    membership = membership_for(request.user, organisation_id)
    if not membership.can_create_workshops:
        raise Http404
    organisation = membership.organisation
    form = WorkshopForm(
        request.POST or None,
        organisation=organisation,
        initial={"company_name": organisation.name, "facilitators": [request.user]},
    )
    if request.method == "POST" and form.is_valid():
        if creating_too_fast(request, "workshop-create", settings.WORKSHOP_CREATE_RATE):
            return rate_limited(request, None)
        data = form.cleaned_data
        workshop = services.workshop_create(
            organisation=organisation,
            title=data["title"],
            company_name=data["company_name"],
            created_by=request.user,
            facilitators=list(data["facilitators"]),
            participants=list(data["participants"]),
        )
        return redirect(workshop)
    return render(request, "workshops/form.html", {"form": form, "organisation": organisation})


@login_required
def workshop_settings(request: HttpRequest, workshop_id: int) -> HttpResponse:
    access = facilitator_access(request.user, workshop_id)
    workshop = access.workshop
    members = workshop.members.all()
    form = WorkshopForm(
        request.POST or None,
        organisation=workshop.organisation,
        initial={
            "title": workshop.title,
            "company_name": workshop.company_name,
            "facilitators": [m.user_id for m in members if m.role == WorkshopRole.FACILITATOR],
            "participants": [m.user_id for m in members if m.role == WorkshopRole.PARTICIPANT],
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.workshop_update(
            workshop=workshop,
            title=data["title"],
            company_name=data["company_name"],
            facilitators=list(data["facilitators"]),
            participants=list(data["participants"]),
        )
        messages.success(request, _("Workshop saved."))
        return redirect(workshop)
    return render(
        request,
        "workshops/form.html",
        {"form": form, "organisation": workshop.organisation, "workshop": workshop},
    )


@login_required
@require_POST
def context_save(request: HttpRequest, workshop_id: int, key: str) -> HttpResponse:
    access = workshop_access(request.user, workshop_id)
    if key not in ContextQuestion.values:
        raise Http404
    # A question added after the workshop was created has no row yet; the save creates it.
    answer = access.workshop.context_answers.filter(key=key).first() or ContextAnswer(
        workshop=access.workshop, key=key
    )

    def save(*, text: str, base_version: int) -> SaveResult:
        return services.context_answer_save(
            workshop=access.workshop,
            key=key,
            text=text,
            base_version=base_version,
            user=request.user,
        )

    return versioned_text_response(
        request, workshop=access.workshop, row=answer, stem=key, label=answer.question, save=save
    )
