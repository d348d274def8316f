"""The respondent's page (public, no account) and the facilitator's survey controls."""

import csv
import logging
import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import InterfaceError, OperationalError, connection
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from surveys import devices, exports, services, word_cloud
from surveys.forms import (
    AnswerForm,
    SurveyActionForm,
    SurveySettingsForm,
    WordHideForm,
    WordMergeForm,
)
from surveys.models import Answer, Survey, WordAdjustment
from surveys.selectors import answers_for_moderation, survey_panel
from workshops.forms import error_text
from workshops.selectors import WorkshopAccess, facilitator_access, workshop_access
from workshops.stages import StageOutcome
from workshops.views.accounts import remember_language
from workshops.views.workshop import render_stage

# More than any survey's longest answer (1,000 characters).
UNSENT_TEXT_SHOWN = 2000
ANSWERS_PER_PAGE = 100

logger = logging.getLogger(__name__)


def _unavailable(request: HttpRequest) -> HttpResponse:
    # An answer sent to a link that no longer takes answers is shown back, so the person
    # can keep it; unknown, revoked and closed links still answer alike.
    unsent = request.POST.get("text", "")[:UNSENT_TEXT_SHOWN] if request.method == "POST" else ""
    return devices.link_gone(
        request,
        heading=_("This survey is not open"),
        why=_(
            "The link may be mistyped, or the survey is closed. Ask the person who shared it "
            "for the current link."
        ),
        title=_("Survey not available"),
        unsent=unsent,
    )


def _rate_limited(request: HttpRequest, token: str) -> bool:
    # Sized for a room of employees behind one address: many answers per address, few per
    # device.
    return devices.public_rate_limited(
        request,
        f"survey:{token}",
        per_address=settings.SURVEY_RATE_PER_ADDRESS,
        per_device=settings.SURVEY_RATE_PER_DEVICE,
    )


@never_cache
def respond(request: HttpRequest, token: str) -> HttpResponse:
    # Chosen once: a retried answer must land on the same device's row.
    device_id = devices.device_id(request) or Survey.new_token()
    if request.method != "POST":
        return _respond(request, token, device_id)
    # A database restart drops every open connection: the answer is tried once more on a
    # fresh one (storing it is one upsert, so a second try never stores it twice).
    try:
        return _respond(request, token, device_id)
    except (OperationalError, InterfaceError):
        logger.warning("Survey answer: database unreachable, trying once more", exc_info=True)
    _drop_connection()
    time.sleep(settings.SURVEY_RETRY_DELAY_SECONDS)
    try:
        return _respond(request, token, device_id)
    except (OperationalError, InterfaceError):
        logger.error("Survey answer not stored: database unreachable", exc_info=True)
    _drop_connection()
    return _not_saved(request, token, device_id)


def _drop_connection() -> None:
    # The next query opens a fresh connection (Django checks a connection's health only
    # between requests). Inside a transaction there is nothing to save by reconnecting.
    if not connection.in_atomic_block:
        connection.close()


def _not_saved(request: HttpRequest, token: str, device_id: str) -> HttpResponse:
    """The answer could not be stored: it goes back into the form, to send again."""
    survey = services.survey_last_read(token)
    text = request.POST.get("text", "")[:UNSENT_TEXT_SHOWN]
    form = AnswerForm(
        initial={"text": text},
        max_length=survey.max_answer_length if survey else UNSENT_TEXT_SHOWN,
    )
    context = {"survey": survey, "form": form, "not_saved": True, "token": token}
    response = render(request, "surveys/respond.html", context, status=503)
    response["Retry-After"] = "5"
    return devices.remember_device(response, device_id)


def _respond(request: HttpRequest, token: str, device_id: str) -> HttpResponse:
    try:
        survey = services.accepting_survey(token)
    except services.SurveyUnavailable:
        return _unavailable(request)
    # Only the empty form shows the previous answer; a POST replaces it without reading it.
    previous = services.answer_of_device(survey, device_id) if request.method != "POST" else None
    form = AnswerForm(
        # An empty POST is still a POST: it gets "please write your answer", not a blank form.
        request.POST if request.method == "POST" else None,
        max_length=survey.max_answer_length,
        initial={"text": previous.text if previous else ""},
    )
    context = {"survey": survey, "form": form, "previous": previous, "token": token}
    status = 200
    switch = request.POST.get("switch_language", "") if request.method == "POST" else ""
    if switch in dict(settings.LANGUAGES):
        # The language buttons belong to the answer form, so what was typed comes along
        # and is shown again in the other language, not sent.
        translation.activate(switch)
        request.LANGUAGE_CODE = switch
        context["form"] = AnswerForm(
            initial={"text": request.POST.get("text", "")[:UNSENT_TEXT_SHOWN]},
            max_length=survey.max_answer_length,
        )
        response = render(request, "surveys/respond.html", context)
        return remember_language(devices.remember_device(response, device_id), switch)
    if request.method == "POST":
        if _rate_limited(request, token):
            context["rate_limited"] = True
            status = 429
        elif form.is_valid():
            answer = services.answer_submit(
                survey=survey, device_id=device_id, text=form.cleaned_data["text"]
            )
            context.update(thanks=True, previous=answer)
        else:
            status = 422
    response = render(request, "surveys/respond.html", context, status=status)
    return devices.remember_device(response, device_id)


def survey_expired(request: HttpRequest, token: str) -> HttpResponse:
    """On the public survey, an expired page must not lose the typed answer: show it again
    (philosophy.csrf.csrf_failure)."""
    try:
        survey = services.accepting_survey(token)
    except services.SurveyUnavailable:
        return _unavailable(request)
    get_token(request)
    form = AnswerForm(
        initial={"text": request.POST.get("text", "")}, max_length=survey.max_answer_length
    )
    context = {"survey": survey, "form": form, "expired": True, "token": token}
    return render(request, "surveys/respond.html", context, status=403)


def _facilitated_survey(request: HttpRequest, workshop_id: int) -> tuple[WorkshopAccess, Survey]:
    access = facilitator_access(request.user, workshop_id)
    return access, services.survey_for(access.workshop)


def _back_to_workshop(request: HttpRequest, access: WorkshopAccess) -> HttpResponse:
    if request.htmx:
        return render_stage(request, access)
    return redirect(access.workshop)


@login_required
@require_POST
def survey_settings(request: HttpRequest, workshop_id: int) -> HttpResponse:
    access, survey = _facilitated_survey(request, workshop_id)
    form = SurveySettingsForm(request.POST)
    if form.is_valid():
        services.survey_update(survey=survey, **form.cleaned_data)
        if request.htmx:
            return render_stage(request, access, StageOutcome(saved=True))
        messages.success(request, _("Settings saved: the survey link now shows this question."))
        return redirect(access.workshop)
    return render_stage(request, access, StageOutcome(form=form), status=422)


@login_required
@require_POST
def survey_action(request: HttpRequest, workshop_id: int) -> HttpResponse:
    access, survey = _facilitated_survey(request, workshop_id)
    form = SurveyActionForm(request.POST)
    if form.is_valid():
        action = {
            "open": services.survey_open,
            "close": services.survey_close,
            "new_link": services.survey_new_link,
            "recount": services.survey_recount,
        }[form.cleaned_data["action"]]
        action(survey=survey)
    return _back_to_workshop(request, access)


@login_required
@require_POST
def answer_visibility(request: HttpRequest, workshop_id: int, answer_id: int) -> HttpResponse:
    access, survey = _facilitated_survey(request, workshop_id)
    answer = get_object_or_404(Answer, pk=answer_id, survey=survey)
    services.answer_set_hidden(answer=answer, hidden=request.POST.get("hidden") == "1")
    # From the page of all answers, back to the same page of it.
    # Only that page's own path is followed: any other `next` goes back to the workshop.
    back = request.POST.get("next", "")
    if not request.htmx and back.startswith(reverse("survey_answers", args=[workshop_id])):
        return redirect(f"{back}#answer-{answer.pk}")
    return _back_to_workshop(request, access)


@login_required
@require_GET
def answers_list(request: HttpRequest, workshop_id: int) -> HttpResponse:
    """Every answer, a page at a time, to read and moderate (the stage shows the latest)."""
    access, survey = _facilitated_survey(request, workshop_id)
    page = Paginator(answers_for_moderation(survey), ANSWERS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    context = {"workshop": access.workshop, "access": access, "survey": survey, "page": page}
    return render(request, "surveys/answers.html", context)


@login_required
@require_GET
def survey_join(request: HttpRequest, workshop_id: int) -> HttpResponse:
    """The projector screen: the question, a large QR code and a short link."""
    access = workshop_access(request.user, workshop_id)
    context = survey_panel(request, access.workshop)
    template = "surveys/join.html#join" if request.htmx else "surveys/join.html"
    return render(request, template, {**context, "workshop": access.workshop})


class _Echo:
    def write(self, value: str) -> str:
        return value


@login_required
@require_GET
def answers_csv(request: HttpRequest, workshop_id: int) -> HttpResponse:
    survey = _facilitated_survey(request, workshop_id)[1]
    writer = csv.writer(_Echo())
    rows = (writer.writerow(row) for row in exports.answer_rows(survey))
    response = StreamingHttpResponse(
        rows,
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="survey-answers-{workshop_id}.csv"'
    response["Cache-Control"] = "private, no-store"
    return response


# Stage 3: the word cloud.


@login_required
@require_GET
def cloud_svg(request: HttpRequest, workshop_id: int, picture_hash: str) -> HttpResponse:
    """The cloud's picture. Its URL names the hash of what it shows, so a browser keeps it
    until the words change, and every screen asks for a new one only then."""
    access = workshop_access(request.user, workshop_id)
    survey = services.survey_for(access.workshop)
    view = word_cloud.cloud_view(survey)
    if view.picture_hash != picture_hash:
        raise Http404
    response = HttpResponse(word_cloud.svg_for(survey, view), content_type="image/svg+xml")
    response["Cache-Control"] = "private, max-age=86400, immutable"
    return response


@login_required
@require_GET
def cloud_png(request: HttpRequest, workshop_id: int) -> HttpResponse:
    access = workshop_access(request.user, workshop_id)
    survey = services.survey_for(access.workshop)
    png = word_cloud.png_for(survey, word_cloud.cloud_view(survey))
    if png is None:
        raise Http404
    response = HttpResponse(png, content_type="image/png")
    response["Content-Disposition"] = f'attachment; filename="word-cloud-{workshop_id}.png"'
    return response


def _cloud_changed(request, access, action) -> HttpResponse:
    try:
        action()
    except word_cloud.AdjustmentRefused as refused:
        return render_stage(request, access, StageOutcome(error=str(refused)), status=409)
    return _back_to_workshop(request, access)


@login_required
@require_POST
def cloud_hide(request: HttpRequest, workshop_id: int) -> HttpResponse:
    access, survey = _facilitated_survey(request, workshop_id)
    form = WordHideForm(request.POST)
    if not form.is_valid():
        outcome = StageOutcome(error=_("Choose a word to hide."))
        return render_stage(request, access, outcome, status=422)
    key = form.cleaned_data["key"]
    return _cloud_changed(
        request, access, lambda: word_cloud.word_hide(survey=survey, key=key, user=request.user)
    )


@login_required
@require_POST
def cloud_merge(request: HttpRequest, workshop_id: int) -> HttpResponse:
    access, survey = _facilitated_survey(request, workshop_id)
    form = WordMergeForm(request.POST)
    if not form.is_valid():
        return render_stage(request, access, StageOutcome(error=error_text(form)), status=422)
    data = form.cleaned_data
    return _cloud_changed(
        request,
        access,
        lambda: word_cloud.word_merge(
            survey=survey, key=data["key"], into_key=data["into_key"], user=request.user
        ),
    )


@login_required
@require_POST
def cloud_undo(request: HttpRequest, workshop_id: int, adjustment_id: int) -> HttpResponse:
    access, survey = _facilitated_survey(request, workshop_id)
    adjustment = WordAdjustment.objects.filter(pk=adjustment_id, survey=survey).first()
    if adjustment is not None:
        word_cloud.adjustment_undo(adjustment=adjustment)
    # Undone by someone else meanwhile: the screen shows the cloud as it now is.
    return _back_to_workshop(request, access)
