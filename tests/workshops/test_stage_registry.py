"""The stage registry: each stage app registers its screen, and `workshops` imports none."""

import ast
from pathlib import Path

import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

import workshops
from tests.factories import OrganisationFactory, logged_in, member, workshop_for
from workshops import services, stages
from workshops.models import Role, Stage
from workshops.selectors import context_screen
from workshops.stages import StageOutcome, StageScreen, register_stage_screen, stage_screen

# The apps of the stages, which build on `workshops` and never the other way round.
STAGE_APPS = ("surveys", "values", "vision", "actions", "documents")
SCREENS = {
    Stage.CONTEXT: "workshops/_context.html",
    Stage.SURVEY: "surveys/_stage.html",
    Stage.WORD_CLOUD: "surveys/_cloud.html",
    Stage.BRAINSTORM: "values/_brainstorm.html",
    Stage.VOTE: "values/_vote.html",
    Stage.VISION: "vision/_vision.html",
    Stage.VALUES_IN_ACTION: "actions/_actions.html",
    Stage.DOCUMENT: "documents/_stage.html",
}


@pytest.mark.parametrize("stage", list(Stage))
def test_stages_one_to_seven_have_their_screen_and_the_others_none_yet(stage):
    screen = stage_screen(stage)
    if stage in SCREENS:
        assert screen is not None and screen.stage == stage
        assert screen.template == SCREENS[stage]
        assert callable(screen.context)
    else:
        assert screen is None


def test_a_second_screen_for_a_stage_is_refused():
    registered = stage_screen(Stage.VOTE)
    with pytest.raises(ImproperlyConfigured):
        register_stage_screen(StageScreen(Stage.VOTE, "values/_other.html", lambda *a: {}))
    assert stage_screen(Stage.VOTE) is registered


@pytest.fixture
def page():
    organisation = OrganisationFactory()
    facilitator = member(organisation, Role.FACILITATOR)
    workshop = workshop_for(organisation, facilitators=[facilitator])
    client = logged_in(facilitator)

    def at(stage):
        services.workshop_set_stage(workshop=workshop, stage=stage)
        return client.get(reverse("workshop_detail", args=[workshop.pk])).content.decode()

    return at


@pytest.mark.django_db
@pytest.mark.parametrize("stage", list(Stage))
def test_the_page_shows_the_registered_screen_or_else_the_preview(page, stage):
    html = page(stage)
    assert ('class="stage-preview"' in html) == (stage not in SCREENS)


@pytest.mark.django_db
def test_a_newly_registered_screen_replaces_the_preview(page, monkeypatch):
    seen = []

    def context(request, access, outcome):
        seen.append(outcome)
        return context_screen(request, access, outcome)

    # Stage 8 borrows the context screen; the registry is changed for this test only.
    screen = StageScreen(Stage.DOCUMENT, "workshops/_context.html", context)
    monkeypatch.setitem(stages._screens, Stage.DOCUMENT, screen)

    html = page(Stage.DOCUMENT)

    assert 'id="field-purpose"' in html and 'class="stage-preview"' not in html
    assert seen == [StageOutcome()]


# `workshops` imports no stage app, in any form, anywhere in its package.


def _stage_app_imports(source: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            modules = [node.module]
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "attr", getattr(node.func, "id", "")) == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
        ):
            modules = [str(node.args[0].value)]
        else:
            continue
        found += [m for m in modules if m.split(".")[0] in STAGE_APPS]
    return found


@pytest.mark.parametrize(
    "source",
    [
        "import surveys",
        "import values.selectors as v",
        "from surveys.selectors import survey_panel",
        "from values import voting",
        "def f():\n    from values.models import Round\n",
        "import importlib\nimportlib.import_module('surveys.selectors')",
    ],
)
def test_the_import_check_catches_every_form_of_import(source):
    assert _stage_app_imports(source)


def test_the_import_check_lets_the_workshops_own_imports_through():
    assert not _stage_app_imports("from workshops import values_of\nimport surveyspace\n")


def test_the_workshops_package_imports_no_stage_app():
    for name in STAGE_APPS:
        assert apps.is_installed(name)  # so a renamed app cannot make this test pass
    package = Path(workshops.__file__).parent
    sources = sorted(package.rglob("*.py"))
    assert len(sources) > 10
    offending = {
        str(path.relative_to(package)): found
        for path in sources
        if (found := _stage_app_imports(path.read_text(encoding="utf-8")))
    }
    assert offending == {}
