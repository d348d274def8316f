"""The values of the demo workshops: in the second, ten candidates and one revealed round of
votes; in the third (at its vision statement) and the fourth (values in action), four
final values."""

from values import brainstorm, voting
from values.models import SourceKind
from workshops.demo import DemoWorkshops

# (name, description, source, where it came from, proposed by)
CANDIDATES = [
    ("Honesty", "", SourceKind.STARTER, "honesty", "ben@demo.example"),
    ("Speed", "We treat every customer with urgency.", SourceKind.CLOUD, "fast",
     "chloe@demo.example"),
    ("Expertise", "We know the gear and the trails.", SourceKind.TYPED,
     "we want customers to trust our advice as they would a guide's", "ben@demo.example"),
    ("Reliability", "Gear and promises that last.", SourceKind.TYPED,
     "dependable, like good gear", "chloe@demo.example"),
    ("Listening", "", SourceKind.STARTER, "listening", "ana@demo.example"),
    ("Personalization", "", SourceKind.STARTER, "personalization", "dan@demo.example"),
    ("Friendliness", "", SourceKind.CLOUD, "friendly", "dan@demo.example"),
    ("Ownership", "We own the problem until it is solved.", SourceKind.TYPED,
     "no customer ever has to repeat themselves", "dan@demo.example"),
    ("Respect", "", SourceKind.STARTER, "respect", "ana@demo.example"),
    ("Empathy", "", SourceKind.STARTER, "empathy", "chloe@demo.example"),
]  # fmt: skip
# Four dots each, at most one per value; four values tie for fifth place.
DOTS = {
    "ana@demo.example": ["Honesty", "Speed", "Listening", "Expertise"],
    "ben@demo.example": ["Honesty", "Expertise", "Reliability", "Speed"],
    "chloe@demo.example": ["Honesty", "Speed", "Personalization", "Friendliness"],
    "dan@demo.example": ["Expertise", "Reliability", "Honesty", "Ownership"],
}


# The final values of the third and fourth workshops, voted on and finalised already.
FINAL = ["Honesty", "Speed", "Expertise", "Reliability"]


def build(demo: DemoWorkshops) -> None:
    _vote(demo, demo.vote)
    _final_values(demo, demo.vision)
    _final_values(demo, demo.actions)
    # The complete workshop voted too: its document's appendix shows the round.
    candidates = _vote(demo, demo.complete)
    voting.finalise(
        workshop=demo.complete,
        candidate_ids=[candidates[name].pk for name in FINAL],
        name="",
        user=demo.users["ana@demo.example"],
    )


def _final_values(demo: DemoWorkshops, workshop) -> None:
    users = demo.users
    chosen = []
    for name, description, source, source_text, email in CANDIDATES:
        candidate = brainstorm.candidate_add(
            workshop=workshop,
            name=name,
            description=description,
            source=source,
            source_text=source_text,
            user=users[email],
        )
        if name in FINAL:
            chosen.append(candidate.pk)
    brainstorm.brainstorm_end(workshop=workshop)
    voting.finalise(
        workshop=workshop, candidate_ids=chosen, name="", user=users["ana@demo.example"]
    )


def _vote(demo: DemoWorkshops, workshop) -> dict:
    """The candidates brainstormed, and one round of dots, revealed."""
    users = demo.users
    candidates = {}
    for name, description, source, source_text, email in CANDIDATES:
        candidates[name] = brainstorm.candidate_add(
            workshop=workshop,
            name=name,
            description=description,
            source=source,
            source_text=source_text,
            user=users[email],
        )
    brainstorm.brainstorm_end(workshop=workshop)
    round_ = voting.round_open(
        workshop=workshop, candidates=list(candidates.values()), budget=4, cap=1
    )
    entries = {entry.name: entry.pk for entry in round_.entries.all()}
    for email, names in DOTS.items():
        for name in names:
            voting.dot_add(voting=round_, user=users[email], entry_id=entries[name])
    voting.round_reveal(voting=round_)
    return candidates
