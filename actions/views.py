"""Stage 7 on the workshop page: per final value its action statement (with a live check),
answers to the five questions, key metrics and each team's practice; once per workshop,
how conflicts with the values are handled.

Everyone in the workshop contributes; an answer is changed by its author or a
facilitator, a metric removed by whoever added it or a facilitator, and only facilitators
mark the answers that go into the document."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_ratelimit.core import is_ratelimited

from actions import services
from actions.forms import AnswerForm, CheckForm, MetricForm
from actions.models import (
    ActionStatement,
    ConflictGuide,
    ConflictTopic,
    Question,
    QuestionAnswer,
    Team,
    TeamPractice,
)
from actions.selectors import statement_check, statement_label
from values.models import Candidate
from workshops.forms import error_text
from workshops.selectors import WorkshopAccess, facilitator_access, workshop_access
from workshops.stages import StageOutcome
from workshops.versioned import SaveResult, versioned_text_response
from workshops.views import rate_limited
from workshops.views.workshop import render_stage, stage_answer

CHECK_PARTIAL = "actions/_actions.html#action-check"


def _refused(request, access: WorkshopAccess, form, value: Candidate) -> HttpResponse:
    outcome = StageOutcome(notice=error_text(form), form=form, highlight=value.pk)
    return render_stage(request, access, outcome, status=422)


def _value(access: WorkshopAccess, value_id: int) -> Candidate:
    """One of the workshop's final values, or 404 (a value taken out of the final set in
    stage 5 keeps its work, but nobody adds to it until it is back)."""
    value = access.workshop.candidates.filter(pk=value_id, final_position__isnull=False).first()
    if value is None:
        raise Http404
    return value


def _any_answer(access: WorkshopAccess, answer_id: int) -> QuestionAnswer:
    """An answer to a final value of this workshop, or 404."""
    answer = (
        QuestionAnswer.objects.select_related("candidate")
        .filter(
            pk=answer_id,
            candidate__workshop=access.workshop,
            candidate__final_position__isnull=False,
        )
        .first()
    )
    if answer is None:
        raise Http404
    return answer


def _own_answer(access: WorkshopAccess, user, answer_id: int) -> QuestionAnswer:
    """An answer the user may change: their own, or any for a facilitator (404 for
    anything else, as for an answer that does not exist)."""
    answer = _any_answer(access, answer_id)
    if not (access.can_facilitate or answer.author_id == user.pk):
        raise Http404
    return answer


def _check_url(access: WorkshopAccess) -> str:
    return reverse("actions_check", args=[access.workshop.pk])


@login_required
@require_POST
def statement_save(request: HttpRequest, workshop_id: int, value_id: int) -> HttpResponse:
    access = workshop_access(request.user, workshop_id)
    value = _value(access, value_id)
    row = ActionStatement.objects.filter(candidate=value).first() or ActionStatement(
        candidate=value
    )

    def save(*, text: str, base_version: int) -> SaveResult:
        return services.statement_save(
            candidate=value, text=text, base_version=base_version, user=request.user
        )

    return versioned_text_response(
        request,
        workshop=access.workshop,
        row=row,
        stem=f"action-{value.pk}",
        label=statement_label(value),
        save=save,
        extra_context={"check_url": _check_url(access)},
    )


@login_required
@require_POST
def action_check(request: HttpRequest, workshop_id: int) -> HttpResponse:
    """How an action statement fares, while it is being typed. Writes nothing."""
    workshop_access(request.user, workshop_id)
    if is_ratelimited(
        request, group="action-check", key="user", rate=settings.ACTION_CHECK_RATE, increment=True
    ):
        return rate_limited(request, None)
    form = CheckForm(request.POST)
    if not form.is_valid():
        return HttpResponse(status=422)
    context = {
        "check_id": form.cleaned_data["check"],
        "checked": statement_check(form.cleaned_data["text"]),
        "typed": True,
    }
    return render(request, CHECK_PARTIAL, context)


@login_required
@require_POST
def answer_add(request: HttpRequest, workshop_id: int, value_id: int) -> HttpResponse:
    access = workshop_access(request.user, workshop_id)
    value = _value(access, value_id)
    form = AnswerForm(request.POST)
    if not form.is_valid():
        return _refused(request, access, form, value)
    services.answer_add(
        candidate=value,
        question=form.cleaned_data["question"],
        text=form.cleaned_data["text"],
        user=request.user,
    )
    return stage_answer(request, access, StageOutcome(highlight=value.pk))


@login_required
@require_POST
def answer_save(request: HttpRequest, workshop_id: int, answer_id: int) -> HttpResponse:
    access = workshop_access(request.user, workshop_id)
    answer = _own_answer(access, request.user, answer_id)

    def save(*, text: str, base_version: int) -> SaveResult:
        return services.answer_save(
            answer=answer, text=text, base_version=base_version, user=request.user
        )

    return versioned_text_response(
        request,
        workshop=access.workshop,
        row=answer,
        stem=answer.stem,
        label=_("Answer"),
        save=save,
        required_message=_("An answer cannot be empty: remove it instead."),
    )


@login_required
@require_POST
def answer_remove(request: HttpRequest, workshop_id: int, answer_id: int) -> HttpResponse:
    access = workshop_access(request.user, workshop_id)
    answer = _own_answer(access, request.user, answer_id)
    services.answer_remove(answer=answer)
    return stage_answer(request, access, StageOutcome(highlight=answer.candidate_id))


@login_required
@require_POST
def answer_support(request: HttpRequest, workshop_id: int, answer_id: int) -> HttpResponse:
    """Everyone's "+1" for an answer (the team's quick vote on what the document keeps)."""
    access = workshop_access(request.user, workshop_id)
    answer = _any_answer(access, answer_id)
    services.answer_support(
        answer=answer, user=request.user, support=request.POST.get("support") == "1"
    )
    return stage_answer(request, access, StageOutcome(highlight=answer.candidate_id))


@login_required
@require_POST
def answer_keep(request: HttpRequest, workshop_id: int, answer_id: int) -> HttpResponse:
    """A facilitator puts an answer into the document, or takes it out."""
    access = facilitator_access(request.user, workshop_id)
    answer = _any_answer(access, answer_id)
    services.answer_in_document(answer=answer, in_document=request.POST.get("keep") == "1")
    return stage_answer(request, access, StageOutcome(highlight=answer.candidate_id))


@login_required
@require_POST
def question_keep_top(
    request: HttpRequest, workshop_id: int, value_id: int, question: str
) -> HttpResponse:
    """A facilitator lets the team's quick vote decide what one question keeps."""
    access = facilitator_access(request.user, workshop_id)
    value = _value(access, value_id)
    if question not in Question.values:
        raise Http404
    kept = services.question_keep_most_supported(candidate=value, question=question)
    notice = "" if kept else _("Nobody has voted for an answer to this question yet.")
    return stage_answer(request, access, StageOutcome(highlight=value.pk, notice=notice))


@login_required
@require_POST
def metric_add(request: HttpRequest, workshop_id: int, value_id: int) -> HttpResponse:
    access = workshop_access(request.user, workshop_id)
    value = _value(access, value_id)
    form = MetricForm(request.POST)
    if not form.is_valid():
        return _refused(request, access, form, value)
    services.metric_add(candidate=value, user=request.user, **form.cleaned_data)
    return stage_answer(request, access, StageOutcome(highlight=value.pk))


@login_required
@require_POST
def metric_remove(
    request: HttpRequest, workshop_id: int, value_id: int, metric_id: int
) -> HttpResponse:
    access = workshop_access(request.user, workshop_id)
    value = _value(access, value_id)
    metric = value.metrics.filter(pk=metric_id).first()
    if metric is None or not (access.can_facilitate or metric.added_by_id == request.user.pk):
        raise Http404
    services.metric_remove(metric=metric)
    return stage_answer(request, access, StageOutcome(highlight=value.pk))


@login_required
@require_POST
def practice_save(request: HttpRequest, workshop_id: int, value_id: int, team: str) -> HttpResponse:
    access = workshop_access(request.user, workshop_id)
    value = _value(access, value_id)
    if team not in Team.values:
        raise Http404
    row = value.practices.filter(team=team).first() or TeamPractice(candidate=value, team=team)

    def save(*, text: str, base_version: int) -> SaveResult:
        return services.practice_save(
            candidate=value, team=team, text=text, base_version=base_version, user=request.user
        )

    return versioned_text_response(
        request,
        workshop=access.workshop,
        row=row,
        stem=f"team-{value.pk}-{team}",
        label=Team(team).label,
        save=save,
    )


@login_required
@require_POST
def guide_save(request: HttpRequest, workshop_id: int, topic: str) -> HttpResponse:
    access = workshop_access(request.user, workshop_id)
    if topic not in ConflictTopic.values:
        raise Http404
    workshop = access.workshop
    row = workshop.conflict_guides.filter(topic=topic).first() or ConflictGuide(
        workshop=workshop, topic=topic
    )

    def save(*, text: str, base_version: int) -> SaveResult:
        return services.guide_save(
            workshop=workshop, topic=topic, text=text, base_version=base_version, user=request.user
        )

    return versioned_text_response(
        request,
        workshop=workshop,
        row=row,
        stem=f"guide-{topic}",
        label=ConflictTopic(topic).label,
        save=save,
    )
