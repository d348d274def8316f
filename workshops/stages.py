"""The registry of stage screens: what the workshop page shows in the body of each stage.

Each stage app registers the screens of its stages when Django starts (its
AppConfig.ready()), as it registers its workshop setup step, so the workshop page includes
a stage's template and asks the stage for its context without importing any stage app.
A stage nobody registered a screen for shows the preview of what it will hold.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ImproperlyConfigured

if TYPE_CHECKING:
    from django import forms
    from django.http import HttpRequest

    from workshops.selectors import WorkshopAccess


@dataclass(frozen=True)
class StageOutcome:
    """What a stage action hands back to the page besides the new state."""

    notice: str = ""  # what happened, or why a value was refused (values_notice)
    error: str = ""  # why an action was refused (cloud_error)
    highlight: int | None = None  # a candidate to highlight
    form: forms.Form | None = None  # a bound form to show again, with what was typed
    saved: bool = False  # the stage's settings were just saved


@dataclass(frozen=True)
class StageScreen:
    stage: int  # a workshops.models.Stage value
    template: str  # the partial included in the stage body, e.g. "values/_vote.html"
    context: Callable[[HttpRequest, WorkshopAccess, StageOutcome], dict]


_screens: dict[int, StageScreen] = {}


def register_stage_screen(screen: StageScreen) -> None:
    """Add the screen of one stage; a stage has one screen, so a second one is an error."""
    if screen.stage in _screens:
        raise ImproperlyConfigured(
            f"Stage {screen.stage} already has a screen ({_screens[screen.stage].template})."
        )
    _screens[screen.stage] = screen


def stage_screen(stage: int) -> StageScreen | None:
    """The screen registered for this stage; None while it has none (it shows a preview)."""
    return _screens.get(stage)
