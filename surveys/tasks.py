"""Background work of the survey: recounting the word cloud while answers arrive."""

from celery import shared_task
from django.conf import settings

from surveys import word_cloud
from surveys.models import Survey


@shared_task(bind=True, ignore_result=True)
def recount_word_cloud(self, survey_id: int) -> None:
    survey = Survey.objects.filter(pk=survey_id).first()
    if survey is not None:
        # Run inside a request (no worker: the embedded default), the answer must not wait
        # for the drawing; the first screen that shows the cloud draws it.
        word_cloud.recount(survey, draw=not self.request.is_eager)


def schedule_recount(survey_id: int, *, delay: float | None = None, force: bool = False) -> None:
    """Recount within a few seconds: one pending recount per survey, however many answers
    arrive meanwhile, so a busy room costs one count every few seconds, not one per answer.

    `force` asks even when a recount seems pending (its message may have been lost)."""
    if word_cloud.claim_refresh(survey_id) or force:
        countdown = settings.WORD_CLOUD_REFRESH_SECONDS if delay is None else delay
        recount_word_cloud.apply_async((survey_id,), countdown=countdown)
