"""What the workshop screens show of the survey."""

from functools import lru_cache

import segno
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from surveys import services, word_cloud
from surveys.forms import SurveySettingsForm, question_initial
from surveys.models import SurveyStatus, WordAdjustment
from workshops.models import Workshop
from workshops.selectors import WorkshopAccess
from workshops.stages import StageOutcome

LATEST_ANSWERS_SHOWN = 50


@lru_cache(maxsize=256)
def qr_data_uri(url: str, scale: int = 6) -> str:
    return segno.make(url, error="m").svg_data_uri(scale=scale, border=2, dark="#1d2433")


def survey_link(request: HttpRequest, survey) -> str | None:
    if not survey.token:
        return None
    return request.build_absolute_uri(reverse("survey_respond", args=[survey.token]))


def answers_for_moderation(survey):
    """Answers waiting for approval first, so none is missed below the fold; then newest."""
    return survey.answers.order_by("-held", "-created_at", "-pk")


def survey_panel(request: HttpRequest, workshop: Workshop, *, form=None, saved=False) -> dict:
    survey = services.survey_for(workshop)
    answers = survey.answers.all()
    total = answers.count()
    hidden = answers.filter(hidden=True).count() if total else 0
    held = answers.filter(held=True, hidden=False).count() if total else 0
    link = survey_link(request, survey)
    return {
        "survey": survey,
        "survey_link": link,
        "survey_qr": qr_data_uri(link) if link else None,
        "survey_saved": saved,
        "answer_count": total - hidden - held,
        "hidden_count": hidden,
        "held_count": held,
        "latest_answers": answers_for_moderation(survey)[:LATEST_ANSWERS_SHOWN] if total else [],
        "survey_form": form
        or SurveySettingsForm(
            initial={
                **question_initial(survey),
                "languages": survey.language_list,
                "max_answer_length": survey.max_answer_length,
                # A closing time already past is history, not a setting to keep.
                "closes_at": survey.closes_at
                if survey.closes_at and survey.closes_at > timezone.now()
                else None,
                "hold_offensive": survey.hold_offensive,
            }
        ),
    }


def cloud_panel(workshop: Workshop, *, error: str | None = None) -> dict:
    """Stage 3: the cloud, its ranked words, and the facilitator's hides and merges."""
    survey = services.survey_for(workshop)
    visible = survey.answers.counted().count()
    adjustments = list(survey.word_adjustments.select_related("created_by"))
    view = word_cloud.cloud_view(survey, adjustments=adjustments)
    counting = (view.counted.answer_count if view.counted else 0) != visible
    return {
        "survey": survey,
        "cloud": view,
        "visible_answers": visible,
        "cloud_counting": counting,
        "adjustments": adjustments,
        "cloud_error": error,
    }


def survey_screen(request: HttpRequest, access: WorkshopAccess, outcome: StageOutcome) -> dict:
    """Stage 2 on the workshop page; the settings form comes back as typed when refused."""
    form = outcome.form if isinstance(outcome.form, SurveySettingsForm) else None
    panel = survey_panel(request, access.workshop, form=form, saved=outcome.saved)
    return panel | {"SurveyStatus": SurveyStatus}


def cloud_screen_panel(access: WorkshopAccess, outcome: StageOutcome) -> dict:
    """The survey's half of stage 3 (the values app adds the words proposed as values)."""
    panel = cloud_panel(access.workshop, error=outcome.error or None)
    return panel | {"AdjustmentKind": WordAdjustment.Kind}
