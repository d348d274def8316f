"""Stages 4 and 5 on the workshop page: every action answers with the live region."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from values import services
from values.forms import BrainstormForm, CandidateEditForm, CandidateForm, CandidateMergeForm
from workshops.selectors import WorkshopAccess, facilitator_access, workshop_access
from workshops.services import DomainError
from workshops.views.workshop import render_live


def _answer(request: HttpRequest, access: WorkshopAccess, **extra) -> HttpResponse:
    if request.htmx:
        return render_live(request, access, **extra)
    return redirect(access.workshop)


def _refused(request, access, error: DomainError, form=None) -> HttpResponse:
    """Say why, point to the value it collides with, and keep what was typed."""
    highlight = getattr(error, "existing", None)
    return render_live(
        request,
        access,
        values_notice=str(error),
        highlight=highlight.pk if highlight else None,
        values_form=form,
        status=409,
    )


def _invalid(request, access, form) -> HttpResponse:
    message = " ".join(m for errors in form.errors.values() for m in errors)
    return render_live(request, access, values_notice=message, values_form=form, status=422)


def _candidate(access: WorkshopAccess, user, candidate_id: int):
    """A candidate of this workshop that the user may change (404 for anything else)."""
    candidate = access.workshop.candidates.filter(pk=candidate_id).first()
    if candidate is None or not (access.can_facilitate or candidate.created_by_id == user.pk):
        raise Http404
    return candidate


@login_required
@require_POST
def candidate_add(request: HttpRequest, workshop_id: int) -> HttpResponse:
    access = workshop_access(request.user, workshop_id)
    form = CandidateForm(request.POST)
    if not form.is_valid():
        return _invalid(request, access, form)
    try:
        candidate = services.candidate_add(
            workshop=access.workshop, user=request.user, **form.proposal()
        )
    except DomainError as error:
        return _refused(request, access, error, form)
    return _answer(request, access, highlight=candidate.pk)


@login_required
@require_POST
def candidate_edit(request: HttpRequest, workshop_id: int, candidate_id: int) -> HttpResponse:
    access = workshop_access(request.user, workshop_id)
    candidate = _candidate(access, request.user, candidate_id)
    form = CandidateEditForm(request.POST)
    if not form.is_valid():
        return _invalid(request, access, form)
    try:
        services.candidate_update(candidate=candidate, **form.cleaned_data)
    except DomainError as error:
        return _refused(request, access, error)
    return _answer(request, access, highlight=candidate.pk)


@login_required
@require_POST
def candidate_remove(request: HttpRequest, workshop_id: int, candidate_id: int) -> HttpResponse:
    access = workshop_access(request.user, workshop_id)
    services.candidate_remove(candidate=_candidate(access, request.user, candidate_id))
    return _answer(request, access)


@login_required
@require_POST
def candidate_merge(request: HttpRequest, workshop_id: int) -> HttpResponse:
    access = facilitator_access(request.user, workshop_id)
    form = CandidateMergeForm(request.POST)
    if not form.is_valid():
        return _invalid(request, access, form)
    candidates = access.workshop.candidates
    source = candidates.filter(pk=form.cleaned_data["source"]).first()
    target = candidates.filter(pk=form.cleaned_data["target"]).first()
    if source is None or target is None:
        error = DomainError(_("One of those values was removed meanwhile."))
        return _refused(request, access, error)
    try:
        services.candidates_merge(source=source, target=target)
    except DomainError as error:
        return _refused(request, access, error)
    return _answer(request, access, highlight=target.pk)


@login_required
@require_POST
def brainstorm(request: HttpRequest, workshop_id: int) -> HttpResponse:
    access = facilitator_access(request.user, workshop_id)
    form = BrainstormForm(request.POST)
    if form.is_valid():
        if form.cleaned_data["action"] == "end":
            services.brainstorm_end(workshop=access.workshop)
        else:
            services.brainstorm_reopen(workshop=access.workshop)
    return _answer(request, access)
