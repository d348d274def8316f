"""The demo's stage data: each stage app adds what it shows in the demo workshops.

`manage.py demo` (workshops/management/commands/demo.py) makes the organisation, its
people and three workshops with their context; the stage apps register, in their
AppConfig.ready(), a step that fills those workshops with their own rows (the survey's
answers, the values and the votes), so the command imports no stage app.
"""

from collections.abc import Callable
from dataclasses import dataclass

from workshops.models import Organisation, User, Workshop


@dataclass(frozen=True)
class DemoWorkshops:
    organisation: Organisation
    # Opens on its word cloud: the survey is open and its answers are in.
    cloud: Workshop
    # Past its brainstorm, with one revealed round of votes.
    vote: Workshop
    # At its vision statement (stage 6): final values chosen, drafts written and rated.
    vision: Workshop
    # At its values in action (stage 7): values and vision statement chosen, partly filled.
    actions: Workshop
    # Complete through stage 7, at its document (stage 8): ready to export.
    complete: Workshop
    # The demo's people, by e-mail.
    users: dict[str, User]


@dataclass(frozen=True)
class DemoStep:
    build: Callable[[DemoWorkshops], None]
    # What the command prints about it on every run (the survey's link...).
    describe: Callable[[Organisation], list[str]] | None = None


_demo_steps: dict[str, DemoStep] = {}


def register_demo(name: str, step: DemoStep) -> None:
    _demo_steps[name] = step


def demo_steps() -> list[DemoStep]:
    return list(_demo_steps.values())
