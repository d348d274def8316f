"""The smaller parts of a stage's screen that a poll can bring alone.

A stage's screen as a whole is the `live.STAGE` part. A stage may also name smaller parts
(who has voted, say) that change more often than the rest: a change that touches only such
a part announces it by name (`live.announce_change(workshop_id, "vote-progress")`), and the
screens that show it fetch that part alone, a few hundred bytes instead of the whole stage.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest

from workshops import live
from workshops.selectors import WorkshopAccess


def _everyone(access: WorkshopAccess) -> bool:
    return True


@dataclass(frozen=True)
class LivePart:
    name: str  # as announced, e.g. "vote-progress"
    # A partial rendering the part's element(s), each with an id and, while `oob` is this
    # part's name, hx-swap-oob="morph".
    template: str
    context: Callable[[HttpRequest, WorkshopAccess], dict]
    shown_to: Callable[[WorkshopAccess], bool] = _everyone


_parts: dict[int, dict[str, LivePart]] = {}


def register_live_part(stage: int, part: LivePart) -> None:
    if part.name in (live.WORKSHOP, live.STAGE, live.ROSTER):
        raise ImproperlyConfigured(f"{part.name!r} names a part every screen has.")
    if part.name in _parts.setdefault(stage, {}):
        raise ImproperlyConfigured(f"Stage {stage} has a part {part.name!r} already.")
    _parts[stage][part.name] = part


def live_parts(stage: int, access: WorkshopAccess) -> list[LivePart]:
    """The smaller parts of this stage's screen that this person sees."""
    return [part for part in _parts.get(stage, {}).values() if part.shown_to(access)]


def part_names(access: WorkshopAccess) -> list[str]:
    """Every part of the workshop screen this person has, whose versions their poll sends."""
    stage_parts = [part.name for part in live_parts(access.workshop.stage, access)]
    return [live.WORKSHOP, live.STAGE, live.ROSTER, *stage_parts]
