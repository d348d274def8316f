from io import StringIO

import pytest
from django.core.management import call_command

from actions.models import ConflictGuide, QuestionAnswer
from actions.selectors import actions_panel
from documents.assembly import assemble
from surveys.models import Survey, SurveyStatus
from values import selectors as value_selectors
from vision.models import DraftRating, VisionDraft, VisionStatement
from workshops.models import Organisation, Stage, User, Workshop

pytestmark = pytest.mark.django_db


def test_the_demo_loads_once_and_prints_the_logins_and_the_survey_link():
    first, second = StringIO(), StringIO()
    call_command("demo", stdout=first)
    call_command("demo", stdout=second)

    assert Organisation.objects.count() == 1 and Workshop.objects.count() == 5
    # Every workshop has its survey; the first one's is open with the answers.
    assert Survey.objects.count() == 5
    survey = Survey.objects.get(status=SurveyStatus.OPEN)
    assert survey.answers.count() == 60
    # A newcomer lands on a real cloud at once.
    assert survey.workshop.stage == 3
    assert survey.word_cloud.answer_count == 60 and len(survey.word_cloud.words) > 50
    for output in (first.getvalue(), second.getvalue()):
        assert "ana@demo.example" in output and "demo-workshop-2026" in output
        assert f"/s/{survey.token}/" in output


def test_the_second_demo_workshop_is_ready_for_narrowing(client):
    call_command("demo", stdout=StringIO())
    workshop = Workshop.objects.get(title="Support values: the vote")
    assert workshop.stage == 5 and workshop.candidates.count() == 10
    voting = workshop.rounds.get()
    assert voting.status == "revealed"
    assert [e.name for e in voting.entries.all()[:3]] == ["Honesty", "Expertise", "Speed"]
    cut = value_selectors.cut(voting, 5)
    assert len(cut.tied) == 4  # four values share fifth place: the facilitator decides
    client.force_login(workshop.members.get(role="facilitator").user)
    page = client.get(workshop.get_absolute_url()).content.decode()
    assert 'id="narrow-form"' in page and "tied at the cut" in page


def test_the_demo_prints_the_survey_link_under_the_site_root(settings):
    # `make run PORT=8123` passes SITE_ROOT=http://127.0.0.1:8123 to this command.
    settings.SITE_ROOT = "http://127.0.0.1:8123"
    output = StringIO()
    call_command("demo", stdout=output)

    survey = Survey.objects.get(status=SurveyStatus.OPEN)
    assert f"http://127.0.0.1:8123/s/{survey.token}/" in output.getvalue()
    assert ":8000" not in output.getvalue()


def test_the_third_demo_workshop_opens_on_its_vision_drafts_good_and_weak(client):
    output = StringIO()
    call_command("demo", stdout=output)
    call_command("demo", stdout=StringIO())  # loads once: the drafts are not doubled
    workshop = Workshop.objects.get(title="Our vision statement")
    assert workshop.stage == Stage.VISION and "“Our vision statement”" in output.getvalue()
    texts = [d.text for d in VisionDraft.objects.filter(workshop=workshop)]
    assert len(texts) == 4 and any("synergy" in t for t in texts)
    assert any("Fiecare client" in t for t in texts)
    client.force_login(User.objects.get(email="ben@demo.example"))
    page = client.get(workshop.get_absolute_url()).content.decode()
    assert "synergy" in page and 'data-criterion="aspiration"' in page
    # A few ratings and a shortlist of two, compared side by side; nothing picked yet.
    assert DraftRating.objects.filter(draft__workshop=workshop).count() == 8
    assert VisionDraft.objects.filter(workshop=workshop, shortlisted=True).count() == 2
    assert 'class="compare"' in page and "Too much jargon." in page
    assert not VisionStatement.objects.filter(workshop=workshop).exists()
    # Its final values are chosen: the drafts echo them, and suggestions build on them.
    assert "Echoes your value" in page and 'class="starters"' in page


def test_the_fourth_demo_workshop_opens_on_its_values_in_action_partly_filled(client):
    output = StringIO()
    call_command("demo", stdout=output)
    workshop = Workshop.objects.get(title="Our values in action")
    assert (
        workshop.stage == Stage.VALUES_IN_ACTION and "“Our values in action”" in output.getvalue()
    )
    assert VisionStatement.objects.filter(workshop=workshop).exists()
    client.force_login(User.objects.get(email="dan@demo.example"))
    page = client.get(workshop.get_absolute_url()).content.decode()
    # One value of four is complete; the others say what they still need.
    assert "1 of 4 values complete" in page
    assert "Treat every customer with urgency." in page
    assert "Still missing before the document is complete" in page
    # Expertise measured by handle time alone: the page warns.
    assert 'class="notice warning metric-warning"' in page


def test_the_fourth_demo_workshop_is_at_its_values_in_action_partly_filled():
    call_command("demo", stdout=StringIO())
    call_command("demo", stdout=StringIO())  # loading twice adds nothing
    workshop = Workshop.objects.get(title="Our values in action")
    assert workshop.stage == Stage.VALUES_IN_ACTION
    ana = User.objects.get(email="ana@demo.example")
    panel = actions_panel(workshop, ana, can_facilitate=True)
    values = {value.name: value for value in panel["action_values"]}
    assert set(values) >= {"Speed", "Honesty", "Expertise", "Reliability"}
    # Speed is complete; the newcomer starts on Reliability, empty.
    assert values["Speed"].complete
    assert panel["complete_count"] == 1 and not panel["all_complete"]
    assert values["Honesty"].statement.text and values["Honesty"].metric_panel["chosen"]
    assert not values["Honesty"].complete
    # Expertise's only metric (AHT) works against it.
    assert values["Expertise"].metric_panel["warnings"]
    reliability = values["Reliability"]
    assert not reliability.statement.text and not reliability.metric_panel["chosen"]
    assert not any(q["answers"] for q in reliability.questions)
    assert QuestionAnswer.objects.filter(candidate__workshop=workshop).count() == 8
    assert [g.topic for g in ConflictGuide.objects.filter(workshop=workshop)] == ["concerns"]


def test_the_fifth_demo_workshop_is_complete_and_ready_to_export(tmp_path):
    output = StringIO()
    call_command("demo", stdout=output)
    workshop = Workshop.objects.get(title="Our customer service philosophy: complete")
    assert workshop.stage == Stage.DOCUMENT
    # Its id is printed, with the command that exports it.
    assert f"(id {workshop.pk})" in output.getvalue()
    assert f"export_workshop {workshop.pk} --format pdf" in output.getvalue()
    document = assemble(workshop)
    assert document.complete and len(document.values) == 4 and len(document.guides) == 3
    assert document.appendix.answer_count == 60 and document.appendix.words
    assert document.appendix.rounds  # its vote is in the appendix, and the votes CSV
    target = tmp_path / "philosophy.md"
    call_command("export_workshop", workshop.pk, format="md", output=str(target), stdout=StringIO())
    text = target.read_text()
    assert "Treat every customer with urgency\\." not in text
    assert "Treat every customer with urgency." in text and "Răspunde ca un ghid" in text
