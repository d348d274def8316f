# TEMPORARY STUB (replaced by the check branch)
from dataclasses import dataclass

MEETS = "meets"
NEEDS_WORK = "needs_work"


@dataclass(frozen=True)
class Reason:
    kind: str
    text: str
    words: tuple = ()
    positive: bool = False


@dataclass(frozen=True)
class ActionCheck:
    status: str
    reasons: tuple
    language: str


def check_action(text, *, language):
    w = text.split()
    if len(w) >= 3 and w[0].lower() in ("treat", "i", "tratează", "say", "get"):
        return ActionCheck(
            MEETS, (Reason("lead_verb", f"Starts with the action: “{w[0]}”.", (w[0],), True),), "en"
        )
    return ActionCheck(
        NEEDS_WORK,
        (Reason("no_action", f"“{w[0] if w else ''}” is not an action verb.", tuple(w[:1])),),
        "en",
    )


def warm_up(languages=("en", "ro")):
    pass
