"""The smaller live parts of stage 7's screen (workshops.stages.LivePart): a change to one
value re-sends that value's panel and the progress line, not every value's panel (a stage
with five values is some 100 kB of HTML)."""

from values.models import MAX_FINAL_VALUES, Candidate
from workshops import live

PROGRESS = "actions-progress"
GUIDES = "actions-guides"


def value_part(position: int) -> str:
    """The live part of the value at this place of the final set."""
    return f"action-value-{position}"


VALUE_PARTS = tuple(value_part(n) for n in range(1, MAX_FINAL_VALUES + 1))


def announce_value(candidate: Candidate) -> None:
    """Every screen re-fetches this value's panel and the progress line."""
    if candidate.final_position is None:
        live.announce_change(candidate.workshop_id, live.STAGE)
    else:
        live.announce_change(candidate.workshop_id, value_part(candidate.final_position), PROGRESS)
