"""Workflows of the employee survey: settings, opening and closing, links, answers."""

import logging
import re
import time

from django.conf import settings
from django.db import connection
from django.utils import timezone, translation

from surveys import moderation, tasks
from surveys.models import DEFAULT_QUESTION, Answer, Survey, SurveyStatus, device_fingerprint
from workshops import live
from workshops.models import Workshop

logger = logging.getLogger(__name__)


class SurveyUnavailable(Exception):
    """Unknown, revoked and closed links are all this, so none reveals that a workshop exists."""


def survey_create(workshop: Workshop) -> Survey:
    """A new workshop's survey: the default question, in its creator's language and English.

    Called by workshops.services.workshop_create (registered in SurveysConfig.ready).
    """
    language = translation.get_language() or "en"
    languages = "en" if language.startswith("en") else f"{language[:2]},en"
    return Survey.objects.create(
        workshop=workshop, question=str(DEFAULT_QUESTION), languages=languages
    )


def survey_for(workshop: Workshop) -> Survey:
    """The workshop's survey, as it stands now: an open survey whose closing time has
    passed reads as closed (without a write), so every screen says "Closed" and offers
    to reopen it; the link stops taking answers then on its own (Survey.is_accepting)."""
    survey = Survey.objects.get(workshop=workshop)
    survey.status = survey.status_now()
    return survey


def _changed(survey: Survey, *fields: str) -> None:
    survey.save(update_fields=list(fields))
    live.announce_change(survey.workshop_id, live.STAGE)


def survey_update(
    *,
    survey: Survey,
    question: str,
    languages: list[str],
    max_answer_length: int,
    closes_at,
    hold_offensive: bool = False,
    questions: dict[str, str] | None = None,
) -> None:
    """Save the settings; `questions` holds the question in each answer language it was
    written in, `question` the one in the first language."""
    survey.question = question
    survey.questions = questions if questions is not None else {}
    survey.languages = ",".join(languages)
    survey.max_answer_length = max_answer_length
    survey.closes_at = closes_at
    survey.hold_offensive = hold_offensive
    _changed(
        survey,
        *("question", "questions", "languages", "max_answer_length", "closes_at"),
        "hold_offensive",
    )
    # The languages decide the stopwords and word forms.
    tasks.schedule_recount(survey.pk, delay=0)


def survey_open(*, survey: Survey) -> None:
    if not survey.token:
        survey.token = Survey.new_token()
        survey.token_created_at = timezone.now()
    if survey.closes_at and survey.closes_at <= timezone.now():
        # Reopening after the closing time means the facilitator wants answers again.
        survey.closes_at = None
    survey.status = SurveyStatus.OPEN
    _changed(survey, "status", "token", "token_created_at", "closes_at")


def survey_close(*, survey: Survey) -> None:
    survey.status = SurveyStatus.CLOSED
    _changed(survey, "status")


def survey_recount(*, survey: Survey) -> None:
    """Count the cloud again now: for answers that came in while the broker was away."""
    tasks.schedule_recount(survey.pk, delay=0, force=True)


def survey_new_link(*, survey: Survey) -> None:
    """Replace the link: the old one stops working at once."""
    survey.token = Survey.new_token()
    survey.token_created_at = timezone.now()
    _changed(survey, "token", "token_created_at")


# What Survey.new_token makes; anything else (a NUL byte, which PostgreSQL refuses in a
# query, or a made-up path) is unavailable without asking the database.
_TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{16,64}")


# A room answering at once asks for the same survey hundreds of times a second: each
# process reuses what it read for a moment (LIVE_LOCAL_CACHE_SECONDS), so closing the
# survey or replacing its link reaches every process that much later at most.
_recently_read: dict[str, tuple[float, Survey | None]] = {}


def accepting_survey(token: str) -> Survey:
    if not token or _TOKEN_SHAPE.fullmatch(token) is None:
        raise SurveyUnavailable
    now = time.monotonic()
    remembered = _recently_read.get(token)
    if remembered and now - remembered[0] < settings.LIVE_LOCAL_CACHE_SECONDS:
        survey = remembered[1]
    else:
        survey = Survey.objects.filter(token=token).first()
        if len(_recently_read) > 1000:
            _recently_read.clear()
        _recently_read[token] = (now, survey)
    if survey is None or not survey.is_accepting():
        raise SurveyUnavailable
    return survey


def survey_last_read(token: str) -> Survey | None:
    """What this process last read of the link, however long ago (None if never).

    Only for a page shown while the database cannot be reached: the respondent's answer
    goes back to them under the question they answered.
    """
    remembered = _recently_read.get(token)
    return remembered[1] if remembered else None


def answer_of_device(survey: Survey, device_id: str | None) -> Answer | None:
    if not device_id:
        return None
    return Answer.objects.filter(survey=survey, device=device_fingerprint(device_id)).first()


_UPSERT_ANSWER = f"""
    INSERT INTO {Answer._meta.db_table}
        (survey_id, device, text, hidden, held, created_at, updated_at)
    VALUES (%s, %s, %s, %s, %s, %s, %s)
    ON CONFLICT (survey_id, device) DO UPDATE
    SET text = excluded.text, held = excluded.held, updated_at = excluded.updated_at
    RETURNING id
"""  # noqa: S608 - the table name is ours; every value is a parameter


def answer_submit(*, survey: Survey, device_id: str, text: str) -> Answer:
    """Store the device's answer (a second one replaces the first).

    The answer is committed before anything else happens (counters, cache, broker).
    """
    # A changed answer is checked again: it may now be fine, or no longer.
    held = survey.hold_offensive and moderation.is_offensive(text, survey.language_list)
    answer = Answer(survey=survey, device=device_fingerprint(device_id), text=text, held=held)
    answer.created_at = answer.updated_at = timezone.now()
    # One statement in autocommit, new or returning device: concurrent answers from one
    # device cannot collide, and the hot path of a room answering at once is a single
    # round trip to the database (bulk_create would add BEGIN and COMMIT).
    with connection.cursor() as cursor:
        cursor.execute(_UPSERT_ANSWER, [
            survey.pk, answer.device, text, False, held, answer.created_at, answer.updated_at
        ])  # fmt: skip
        answer.pk = cursor.fetchone()[0]
    # The count and the cloud on every workshop screen follow; a cache or broker outage
    # must not lose the answer.
    try:
        live.announce_change(survey.workshop_id, live.STAGE)
        tasks.schedule_recount(survey.pk)
    except Exception:  # noqa: BLE001 - the answer is stored; screens catch up later
        logger.warning("Could not announce a new survey answer", exc_info=True)
    return answer


def answer_set_hidden(*, answer: Answer, hidden: bool) -> None:
    """Hide or show an answer; either way the facilitator has looked at it, so an answer
    held by the offensive-words filter is released (shown: approved)."""
    Answer.objects.filter(pk=answer.pk).update(hidden=hidden, held=False)
    live.announce_change(answer.survey.workshop_id, live.STAGE)
    tasks.schedule_recount(answer.survey_id, delay=0)
