from io import StringIO

import pytest
from django.core.management import call_command

from surveys.models import Survey, SurveyStatus
from workshops.models import Organisation, Workshop

pytestmark = pytest.mark.django_db


def test_the_demo_loads_once_and_prints_the_logins_and_the_survey_link():
    first, second = StringIO(), StringIO()
    call_command("demo", stdout=first)
    call_command("demo", stdout=second)

    assert Organisation.objects.count() == 1 and Workshop.objects.count() == 1
    survey = Survey.objects.get()
    assert survey.status == SurveyStatus.OPEN
    assert survey.answers.count() == 60
    # A newcomer lands on a real cloud at once.
    assert Workshop.objects.get().stage == 3
    assert survey.word_cloud.answer_count == 60 and len(survey.word_cloud.words) > 50
    for output in (first.getvalue(), second.getvalue()):
        assert "ana@demo.example" in output and "demo-workshop-2026" in output
        assert f"/s/{survey.token}/" in output
