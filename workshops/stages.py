"""The registry of stage screens: what the workshop page shows in the body of each stage.

Each stage app registers the screens of its stages when Django starts (its
AppConfig.ready()), as it registers its workshop setup step, so the workshop page includes
a stage's template and asks the stage for its context without importing any stage app.
A stage nobody registered a screen for shows the preview of what it will hold.

A stage's screen as a whole is the live part `live.STAGE`. A screen may also name smaller
parts (who has voted, say) that change more often than the rest: a change that touches
only such a part announces it by name (`live.announce_change(workshop_id, "vote-progress")`)
and the screens that show it fetch that part alone, a few hundred bytes, not the stage.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ImproperlyConfigured

from workshops import live

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


def _everyone(access: WorkshopAccess) -> bool:
    return True


@dataclass(frozen=True)
class LivePart:
    """A part of a stage's screen that a poll brings alone when only it changed."""

    name: str  # as announced, e.g. "vote-progress"
    # A partial rendering the part's element(s), each with an id and, while `live_oob` is this
    # part's name, hx-swap-oob="morph".
    template: str
    context: Callable[[HttpRequest, WorkshopAccess], dict]
    shown_to: Callable[[WorkshopAccess], bool] = _everyone


@dataclass(frozen=True)
class StageScreen:
    stage: int  # a workshops.models.Stage value
    template: str  # the partial included in the stage body, e.g. "values/_vote.html"
    context: Callable[[HttpRequest, WorkshopAccess, StageOutcome], dict]
    parts: tuple[LivePart, ...] = ()


_screens: dict[int, StageScreen] = {}


def register_stage_screen(screen: StageScreen) -> None:
    """Add the screen of one stage; a stage has one screen, so a second one is an error."""
    if screen.stage in _screens:
        raise ImproperlyConfigured(
            f"Stage {screen.stage} already has a screen ({_screens[screen.stage].template})."
        )
    for part in screen.parts:
        if part.name in (live.WORKSHOP, live.STAGE, live.ROSTER):
            raise ImproperlyConfigured(f"{part.name!r} names a part every screen has.")
    _screens[screen.stage] = screen


def stage_screen(stage: int) -> StageScreen | None:
    """The screen registered for this stage; None while it has none (it shows a preview)."""
    return _screens.get(stage)


def live_parts(access: WorkshopAccess) -> list[LivePart]:
    """The smaller parts of the current stage's screen that this person sees."""
    screen = _screens.get(access.workshop.stage)
    return [part for part in screen.parts if part.shown_to(access)] if screen else []


def part_names(access: WorkshopAccess) -> list[str]:
    """Every part of the workshop screen this person has, whose versions their poll sends."""
    return [live.WORKSHOP, live.STAGE, live.ROSTER, *(part.name for part in live_parts(access))]
