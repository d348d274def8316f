"""Stages 4 and 5 on the workshop page: every action answers with the live region."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_htmx.http import reswap, retarget

from values import brainstorm as brainstorm_services
from values import selectors as value_selectors
from values import voting as voting_services
from values.forms import (
    BrainstormForm,
    CandidateEditForm,
    CandidateForm,
    CandidateMergeForm,
    DotForm,
    FinalForm,
    NarrowForm,
    RoundActionForm,
    RoundForm,
)
from values.models import Candidate, CandidateMerge, Round
from workshops.forms import error_text
from workshops.selectors import WorkshopAccess, facilitator_access, workshop_access
from workshops.services import DomainError
from workshops.stages import StageOutcome
from workshops.views.workshop import render_stage, stage_answer


def _refused(request, access, error: DomainError, form=None) -> HttpResponse:
    """Say why, point to the value it collides with, and keep what was typed."""
    highlight = getattr(error, "existing", None)
    outcome = StageOutcome(
        notice=str(error), highlight=highlight.pk if highlight else None, form=form
    )
    return render_stage(request, access, outcome, status=409)


def _attempt(request, access, action, *, form=None) -> HttpResponse:
    """Run one change; a refusal re-renders with its message and what was typed.

    A candidate that `action` returns is highlighted on the screen; a merge says what
    went where, and that it can be undone.
    """
    try:
        changed = action()
    except brainstorm_services.StatementAdded as added:
        outcome = StageOutcome(notice=str(added), highlight=added.existing.pk)
        return stage_answer(request, access, outcome)
    except DomainError as error:
        return _refused(request, access, error, form)
    if isinstance(changed, CandidateMerge):
        outcome = StageOutcome(notice=_merged_notice(changed), highlight=changed.into_id)
        return stage_answer(request, access, outcome)
    highlight = changed.pk if isinstance(changed, Candidate) else None
    return stage_answer(request, access, StageOutcome(highlight=highlight))


def _merged_notice(merge: CandidateMerge) -> str:
    names = {"name": merge.name, "into": merge.into.name}
    if merge.dots_moved:
        return (
            _("“%(name)s” is merged into “%(into)s”, with its dots; this cannot be undone.") % names
        )
    return _("“%(name)s” is merged into “%(into)s”. Undo it under “Merged values”.") % names


def _invalid(request, access, form) -> HttpResponse:
    return render_stage(
        request, access, StageOutcome(notice=error_text(form), form=form), status=422
    )


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
    return _attempt(
        request,
        access,
        lambda: brainstorm_services.candidate_add(
            workshop=access.workshop, user=request.user, **form.proposal()
        ),
        form=form,
    )


@login_required
@require_POST
def candidate_edit(request: HttpRequest, workshop_id: int, candidate_id: int) -> HttpResponse:
    access = workshop_access(request.user, workshop_id)
    candidate = _candidate(access, request.user, candidate_id)
    form = CandidateEditForm(request.POST)
    if not form.is_valid():
        return _invalid(request, access, form)
    return _attempt(
        request,
        access,
        lambda: brainstorm_services.candidate_update(candidate=candidate, **form.cleaned_data),
    )


@login_required
@require_POST
def candidate_remove(request: HttpRequest, workshop_id: int, candidate_id: int) -> HttpResponse:
    access = workshop_access(request.user, workshop_id)
    candidate = _candidate(access, request.user, candidate_id)
    return _attempt(
        request, access, lambda: brainstorm_services.candidate_remove(candidate=candidate)
    )


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
    return _attempt(
        request,
        access,
        lambda: brainstorm_services.candidates_merge(
            source=source, target=target, user=request.user
        ),
    )


@login_required
@require_POST
def candidate_merge_undo(request: HttpRequest, workshop_id: int, merge_id: int) -> HttpResponse:
    access = facilitator_access(request.user, workshop_id)
    merge = access.workshop.merges.filter(pk=merge_id).first()
    if merge is None:
        raise Http404
    return _attempt(request, access, lambda: brainstorm_services.candidates_merge_undo(merge=merge))


@login_required
@require_POST
def brainstorm(request: HttpRequest, workshop_id: int) -> HttpResponse:
    access = facilitator_access(request.user, workshop_id)
    form = BrainstormForm(request.POST)
    if form.is_valid():
        if form.cleaned_data["action"] == "end":
            brainstorm_services.brainstorm_end(workshop=access.workshop)
        else:
            brainstorm_services.brainstorm_reopen(workshop=access.workshop)
    return stage_answer(request, access)


# Stage 5: voting and narrowing.


def _round(access: WorkshopAccess, round_id: int) -> Round:
    voting = access.workshop.rounds.filter(pk=round_id).first()
    if voting is None:
        raise Http404
    return voting


@login_required
@require_POST
def round_open(request: HttpRequest, workshop_id: int) -> HttpResponse:
    access = facilitator_access(request.user, workshop_id)
    form = RoundForm(request.POST)
    if not form.is_valid():
        return _invalid(request, access, form)
    return _attempt(
        request,
        access,
        lambda: voting_services.voting_start(workshop=access.workshop, **form.cleaned_data),
    )


@login_required
@require_POST
def dot(request: HttpRequest, workshop_id: int, round_id: int) -> HttpResponse:
    access = workshop_access(request.user, workshop_id)
    voting = _round(access, round_id)
    form = DotForm(request.POST)
    if not form.is_valid():
        return _invalid(request, access, form)
    adding = form.cleaned_data["add"] is not None
    change, entry_id = (
        (voting_services.dot_add, form.cleaned_data["add"])
        if adding
        else (voting_services.dot_remove, form.cleaned_data["remove"])
    )
    if not request.htmx or voting.results_live:
        # Live results move every row: the whole screen answers.
        return _whole_screen(
            _attempt(
                request, access, lambda: change(voting=voting, user=request.user, entry_id=entry_id)
            )
        )
    try:
        ballot = change(voting=voting, user=request.user, entry_id=entry_id)
    except DomainError as error:
        return _whole_screen(_refused(request, access, error))
    context = {"workshop": access.workshop, "access": access}
    context |= value_selectors.ballot_panel(
        voting, ballot, access.can_facilitate, entry_id=entry_id
    )
    return render(request, "values/_vote.html#ballot-answer", context)


def _whole_screen(response: HttpResponse) -> HttpResponse:
    """A dot's form expects only its part of the ballot back: this answer is the stage's
    screen instead (a refusal says why; live results move every row)."""
    if "HX-Retarget" in response:
        return response  # the whole workshop moved under this screen: it answers already
    return reswap(retarget(response, "#stage-body"), "morph")


@login_required
@require_POST
def round_action(request: HttpRequest, workshop_id: int, round_id: int) -> HttpResponse:
    access = facilitator_access(request.user, workshop_id)
    voting = _round(access, round_id)
    form = RoundActionForm(request.POST)
    if form.is_valid():
        if form.cleaned_data["action"] == "close":
            voting_services.round_close(voting=voting)
        else:
            voting_services.round_reveal(voting=voting)
    return stage_answer(request, access)


@login_required
@require_POST
def round_narrow(request: HttpRequest, workshop_id: int, round_id: int) -> HttpResponse:
    access = facilitator_access(request.user, workshop_id)
    voting = _round(access, round_id)
    entry_ids = list(voting.entries.values_list("pk", flat=True))
    form = NarrowForm(request.POST, entry_ids=entry_ids)
    if not form.is_valid():
        return _invalid(request, access, form)
    data = form.cleaned_data
    return _attempt(
        request,
        access,
        lambda: voting_services.round_narrow(
            voting=voting,
            entry_ids=data["entries"],
            finalise_them=data["finalise"],
            user=request.user,
            budget=data["budget"],
            cap=data["cap"] or 1,
            results_live=data["results_live"],
        ),
    )


@login_required
@require_POST
def final(request: HttpRequest, workshop_id: int) -> HttpResponse:
    access = facilitator_access(request.user, workshop_id)
    form = FinalForm(request.POST)
    if not form.is_valid():
        return _invalid(request, access, form)
    data, workshop = form.cleaned_data, access.workshop
    try:
        if data["action"] == "name":
            voting_services.final_rename(workshop=workshop, name=data["name"])
        elif data["action"] == "undo":
            voting_services.unfinalise(workshop=workshop)
        else:
            step = -1 if data["action"] == "up" else 1
            voting_services.final_move(
                workshop=workshop, candidate_id=data["candidate"] or 0, step=step
            )
    except DomainError as error:
        return _refused(request, access, error)
    return stage_answer(request, access)
