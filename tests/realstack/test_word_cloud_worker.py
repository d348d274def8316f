"""The word cloud on the production topology: a real worker recounts while answers arrive."""

import pytest
from django.core.cache import cache
from django.test import Client, override_settings
from django.urls import reverse

from surveys import services, word_cloud
from surveys.models import WordCloud
from tests.realstack.conftest import wait_for

pytestmark = [pytest.mark.realstack, pytest.mark.django_db(transaction=True)]


@override_settings(RATELIMIT_ENABLE=False)
def test_answers_reach_the_cloud_through_the_worker_and_every_screen_sees_it(
    celery_worker, workshop, paul
):
    survey = services.survey_for(workshop)
    services.survey_open(survey=survey)
    url = reverse("survey_respond", args=[survey.token])
    for text in ["Fast and friendly", "Friendly people", "Fast answers"]:
        assert Client().post(url, {"text": text}).status_code == 200

    # The request only asked for a recount; the worker counts, stores and draws.
    counted = wait_for(
        lambda: WordCloud.objects.filter(survey=survey, answer_count=3).first(), timeout=30
    )
    assert counted, celery_worker.log_path.read_text()[-3000:]
    view = word_cloud.cloud_view(survey)
    assert {w.key: w.count for w in view.words}["friendly"] == 2
    assert cache.get(word_cloud._picture_key(survey, view.picture_hash, "svg")), "not drawn"

    viewer = Client()
    viewer.force_login(paul)
    svg = viewer.get(reverse("survey_cloud_svg", args=[workshop.pk, view.picture_hash]))
    assert svg.status_code == 200 and ">friendly<" in svg.content.decode()
