"""A GET never writes: every screen of a workshop, at every stage, only reads.

Before, showing the workshop created its survey and value set on first sight, closed a
survey whose closing time had passed, and asked for a word-cloud recount.
"""

from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from actions import services as action_services
from actions.models import Question
from documents import services as export_services
from documents.assembly import assemble
from documents.models import ExportFormat, ExportJob, ExportStatus
from documents.renderers import render
from surveys import services as survey_services
from surveys.models import Answer, Survey, device_fingerprint
from values import brainstorm as brainstorm_services
from values import voting as voting_services
from values.models import ValueSet
from vision import services as vision_services
from workshops import services
from workshops.models import Stage

pytestmark = pytest.mark.django_db

WRITES = ("INSERT", "UPDATE", "DELETE")


def _writes(queries) -> list[str]:
    """Writes to the workshop's data. Without Redis the cache (presence, rate limits) is a
    table of the database: a screen marking its viewer present there is no change to data."""
    cache_table = settings.CACHES["default"].get("LOCATION", "")
    return [
        q["sql"]
        for q in queries
        if q["sql"].lstrip().upper().startswith(WRITES) and f'"{cache_table}"' not in q["sql"]
    ]


def test_a_new_workshop_has_its_survey_and_value_set_from_the_start(workshop):
    assert Survey.objects.filter(workshop=workshop).exists()
    assert ValueSet.objects.filter(workshop=workshop).exists()


@pytest.fixture
def busy_workshop(workshop, paul, fiona, alice, exports_dir):
    survey = survey_services.survey_for(workshop)
    survey_services.survey_open(survey=survey)
    Answer.objects.bulk_create(
        Answer(survey=survey, device=device_fingerprint(str(n)), text="Kind and fast help")
        for n in range(5)
    )  # loaded without a recount: the cloud is behind
    # Its closing time has passed: every screen reads it as closed.
    Survey.objects.filter(pk=survey.pk).update(closes_at=timezone.now() - timedelta(minutes=5))
    candidates = [
        brainstorm_services.candidate_add(workshop=workshop, name=name, user=paul)
        for name in ("Honesty", "Respect", "Speed")
    ]
    voting = voting_services.round_open(workshop=workshop, candidates=candidates, budget=2)
    voting_services.dot_add(voting=voting, user=paul, entry_id=voting.entries.first().pk)
    # Stage 7's work on the final values: a statement, answers (one voted for and kept), a
    # metric that warns, a team's practice and a conflict guide. Respect is left out of the
    # final set but keeps an answer.
    honesty, respect, speed = candidates
    voting_services.finalise(
        workshop=workshop, candidate_ids=[honesty.pk, speed.pk], name="", user=fiona
    )
    action_services.statement_save(
        candidate=speed, text="Treat every customer with urgency.", base_version=0, user=paul
    )
    answer = action_services.answer_add(
        candidate=speed, question=Question.MEANING, text="Nobody waits.", user=paul
    )
    action_services.answer_support(answer=answer, user=fiona, support=True)
    action_services.answer_in_document(answer=answer, in_document=True)
    action_services.answer_add(
        candidate=respect, question=Question.MEANING, text="Out of the set.", user=paul
    )
    action_services.metric_add(candidate=honesty, metric="aov", user=paul, target="up")
    action_services.metric_add(candidate=speed, metric="custom", custom_name="Calls", user=paul)
    action_services.practice_save(
        candidate=speed, team="support", text="Reply in an hour.", base_version=0, user=paul
    )
    action_services.guide_save(
        workshop=workshop, topic="concerns", text="Tell your lead.", base_version=0, user=fiona
    )
    # Stage 8's exports: one ready with its file (as a worker makes it), one still queued,
    # one rendering whose worker went silent (stale: a read must not take it up again).
    ready = ExportJob.objects.create(workshop=workshop, format=ExportFormat.MARKDOWN)
    claimed = export_services.export_claim(ready.pk)
    document = assemble(workshop)
    version = export_services.version_for(workshop)
    content = render(ExportFormat.MARKDOWN, document, workshop)
    assert export_services.export_finish(claimed, content, version)
    ExportJob.objects.create(workshop=workshop, format=ExportFormat.VOTES_CSV, requested_by=alice)
    stale = ExportJob.objects.create(
        workshop=workshop, format=ExportFormat.PDF, status=ExportStatus.RENDERING, attempts=1
    )
    ExportJob.objects.filter(pk=stale.pk).update(
        updated_at=timezone.now() - timedelta(seconds=settings.EXPORT_STALE_SECONDS * 10)
    )
    return workshop


@pytest.mark.parametrize("stage", Stage.values)
def test_no_screen_of_any_stage_writes(client_for, busy_workshop, fiona, paul, alice, stage):
    services.workshop_set_stage(workshop=busy_workshop, stage=stage)
    pk = busy_workshop.pk
    urls = [
        busy_workshop.get_absolute_url(),
        reverse("workshop_live", args=[pk]),
        reverse("survey_join", args=[pk]),
    ]
    facilitator_urls = [
        reverse("survey_answers", args=[pk]),
        reverse("survey_answers_csv", args=[pk]),
    ]
    jobs = list(ExportJob.objects.filter(workshop=busy_workshop).order_by("pk"))
    admin_urls = [reverse("document_page", args=[pk])]
    for job in jobs:
        admin_urls.append(reverse("document_export_status", args=[pk, job.pk]))
    admin_urls.append(reverse("document_export_download", args=[pk, jobs[0].pk]))
    everyone = ((paul, urls), (fiona, urls + facilitator_urls))
    for user, pages in (*everyone, (alice, urls + facilitator_urls + admin_urls)):
        client = client_for(user)
        for url in pages:
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
                if hasattr(response, "streaming_content"):
                    b"".join(response.streaming_content)
            assert response.status_code == 200, url
            assert _writes(queries.captured_queries) == [], url
    # The closing time is read, not written.
    assert Survey.objects.get(workshop=busy_workshop).status == "open"
    page = client_for(fiona).get(busy_workshop.get_absolute_url()).content.decode()
    if stage == Stage.SURVEY:
        assert 'class="badge badge-closed"' in page
    if stage == Stage.DOCUMENT:
        admin_page = client_for(alice).get(busy_workshop.get_absolute_url()).content.decode()
        # The exports were there to be read, each in its state.
        for job in jobs:
            assert f'id="export-job-{job.pk}"' in admin_page
        assert f"Download the {jobs[0].get_format_display()} file" in admin_page
        assert jobs[0].filename in admin_page
        assert "Waiting for the background worker" in admin_page
    # Reading left every export as it was: none was claimed, swept or touched.
    assert [
        (j.status, j.attempts, j.updated_at)
        for j in ExportJob.objects.filter(workshop=busy_workshop).order_by("pk")
    ] == [(j.status, j.attempts, j.updated_at) for j in jobs]
    if stage == Stage.VALUES_IN_ACTION:
        # The stage-7 work was there to be read.
        for text in ("Treat every customer with urgency.", "Nobody waits.", "Reply in an hour."):
            assert text in page
        assert "Tell your lead." in page and "metric-warning" in page


def test_the_stakeholders_gut_check_page_writes_nothing_when_opened(client, busy_workshop, fiona):
    draft = vision_services.draft_create(workshop=busy_workshop, author=fiona, text="We help.")
    vision_services.draft_shortlist(draft=draft, shortlisted=True)
    link = vision_services.gut_check_share(workshop=busy_workshop, user=fiona)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("vision_gut_check", args=[link.token]))
    assert response.status_code == 200 and "We help." in response.content.decode()
    assert _writes(queries.captured_queries) == []
