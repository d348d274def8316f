from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotModified
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseClientRedirect, reswap, retarget

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
from workshops.stages import StageOutcome, live_parts, part_names, stage_screen
from workshops.versioned import SaveResult, versioned_text_response
from workshops.views import creating_too_fast, rate_limited

PAGE = "workshops/workshop.html"


def _screen_base(request: HttpRequest, access: WorkshopAccess, counter: int | None = None) -> dict:
    """What every answer to a workshop screen holds: the counter and part versions it was
    rendered at, which its next poll sends back (`counter`: as the poll just read it)."""
    workshop = access.workshop
    # Read the counter, then the versions, before the state, so a change racing this render
    # is never missed.
    if counter is None:
        counter = live.poll(workshop.pk, request.user.pk, max_age=0)
    versions = live.part_versions(workshop.pk, part_names(access))
    base = {
        "workshop": workshop,
        "access": access,
        "Stage": Stage,
        "WorkshopRole": WorkshopRole,
        "counter": counter,
        "versions": versions,
        "poll_ms": settings.LIVE_POLL_INTERVAL_MS,
        "poll_url": reverse("workshop_live", args=[workshop.pk]),
        "poll_stage": workshop.stage,
        "poll_token": live.poll_token(workshop.pk, request.user.pk, request.session.session_key),
    }
    return base | _poll_values(counter, versions)


def _poll_values(counter: int, versions: dict) -> dict:
    """What the next poll sends: the counter and part versions the screen now shows."""
    return {"poll_counter": counter, "poll_versions": live.encode_versions(versions)}


def _poller_alone(request: HttpRequest, workshop_id: int, counter: int) -> HttpResponse | None:
    """The counter moved, but none of the parts this screen shows did (someone else's
    part, such as who has voted on a facilitator's screen): the new counter alone, still
    without a database query. None when a part of the screen moved.

    The parts and the stage are the ones the server listed for this screen when it
    rendered it, all of them (a part never changed is listed at version 0).
    """
    _counter, stage, seen = _seen(request)
    if live.WORKSHOP not in seen or not stage.isdigit():
        return None
    now = live.part_versions(workshop_id, list(seen))
    if any((now[part] or 0) != version for part, version in seen.items()):
        return None
    context = {
        "poll_ms": settings.LIVE_POLL_INTERVAL_MS,
        "poll_url": request.path,
        "poll_stage": stage,
        "poll_token": request.GET.get("t", ""),
    } | _poll_values(counter, seen)
    response = HttpResponse(render_to_string(f"{PAGE}#poller", context, request))
    response["ETag"] = f'W/"{counter}"'
    patch_cache_control(response, no_store=True)
    return response


def _seen(request: HttpRequest) -> tuple[int, str, dict[str, int]]:
    """The counter, stage and part versions the screen sent (its poller's fields)."""
    data = request.GET if request.method == "GET" else request.POST
    counter = data.get("v", "")
    return (
        int(counter) if counter.isdigit() else 0,
        data.get("s", ""),
        live.decode_versions(data.get("p", "")),
    )


def _roster_context(workshop) -> dict:
    """Who is seated in the workshop, and who is here now."""
    present = live.present_user_ids(workshop.pk)
    # Every screen of the workshop renders this list again after each change: read only
    # what the roster shows (a user row also holds a password hash and two dates to parse).
    members = list(
        workshop.members.select_related("user").only(
            "role", "workshop_id", "user__display_name", "user__email"
        )
    )
    seated = {m.user_id for m in members}
    return {
        # WorkshopMember's ordering puts facilitators first, then participants, by name.
        "seats": members,
        "participants": [m for m in members if m.role == WorkshopRole.PARTICIPANT],
        "present": present,
        # Admins may open the workshop without a seat; while they have it open they are listed.
        "present_admins": present_unseated_admins(workshop, present - seated),
    }


def _stage_context(
    request: HttpRequest, access: WorkshopAccess, outcome: StageOutcome | None = None
) -> dict:
    """The current stage's own screen, as its app registered it (none yet: the preview)."""
    screen = stage_screen(access.workshop.stage)
    if screen is None:
        return {"stage_template": None}
    return {
        "stage_template": screen.template,
        **screen.context(request, access, outcome or StageOutcome()),
    }


def _live_context(
    request: HttpRequest, access: WorkshopAccess, outcome: StageOutcome | None = None
) -> dict:
    return {
        **_screen_base(request, access),
        "stages": Stage.choices,
        **_roster_context(access.workshop),
        **_stage_context(request, access, outcome),
    }


def _render_workshop(request, access, outcome=None, *, status=200) -> HttpResponse:
    """The whole live region, morphed in, with the poller out of band."""
    context = _live_context(request, access, outcome)
    return render(request, f"{PAGE}#live-answer", context, status=status)


def render_stage(
    request: HttpRequest,
    access: WorkshopAccess,
    outcome: StageOutcome | None = None,
    *,
    status: int = 200,
) -> HttpResponse:
    """The answer to a stage's action on the workshop page: that stage's screen alone
    (`#stage-body`, which its forms target), and the poller, which now holds the stage's
    version besides the others the screen had (so its next poll fetches only those).

    `outcome` is what the stage's action has to say besides the new state (a notice, a
    refusal, a form to show again); the stage's screen maps it onto its template.
    """
    seen_counter, seen_stage, seen = _seen(request)
    base = _screen_base(request, access)
    versions = base["versions"]
    if seen_stage != str(access.workshop.stage) or (versions[live.WORKSHOP] or 0) != seen.get(
        live.WORKSHOP
    ):
        # The workshop moved under this screen (another stage, new members): all of it.
        response = _render_workshop(request, access, outcome, status=status)
        return reswap(retarget(response, "#live"), "morph")
    shown = seen | {
        part: version
        for part, version in versions.items()
        if part not in (live.WORKSHOP, live.ROSTER)
    }
    context = (
        base
        | _poll_values(seen_counter, shown)
        | _stage_context(request, access, outcome)
        | {"oob_poller": True}
    )
    return render(request, f"{PAGE}#stage-answer", context, status=status)


def stage_answer(
    request: HttpRequest, access: WorkshopAccess, outcome: StageOutcome | None = None
) -> HttpResponse:
    """A stage action's answer: the stage's screen for htmx, else back to the workshop."""
    if request.htmx:
        return render_stage(request, access, outcome)
    return redirect(access.workshop)


def _poll_answer(request: HttpRequest, access: WorkshopAccess, counter: int | None) -> HttpResponse:
    """Only the parts of the screen whose version moved since the screen last had them."""
    workshop = access.workshop
    _counter, seen_stage, seen = _seen(request)
    base = _screen_base(request, access, counter)
    changed = {
        part for part, version in base["versions"].items() if (version or 0) != seen.get(part)
    }
    if live.WORKSHOP in changed or seen_stage != str(workshop.stage):
        context = _live_context(request, access) | {"live_oob": live.WORKSHOP}
        pieces = [render_to_string(f"{PAGE}#live", context, request)]
    else:
        pieces = []
        if live.STAGE in changed:
            context = base | _stage_context(request, access) | {"live_oob": live.STAGE}
            pieces.append(render_to_string(f"{PAGE}#stage-body", context, request))
        else:
            for part in live_parts(access):
                if part.name in changed:
                    context = base | part.context(request, access) | {"live_oob": part.name}
                    pieces.append(render_to_string(part.template, context, request))
        if live.ROSTER in changed:
            context = base | _roster_context(workshop) | {"live_oob": live.ROSTER}
            pieces.append(render_to_string(f"{PAGE}#presence", context, request))
    poller = render_to_string(f"{PAGE}#poller", base, request)
    response = HttpResponse(poller + "".join(pieces))
    response["ETag"] = f'W/"{base["counter"]}"'
    patch_cache_control(response, no_store=True)
    return response


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
    counter = None
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
        if counter is not None and (alone := _poller_alone(request, workshop_id, counter)):
            return alone
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
    # The counter the token's path read (before the state, as it must be), if it ran.
    return _poll_answer(request, access, counter if user_id == request.user.pk else None)


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
        return _render_workshop(request, access)
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
