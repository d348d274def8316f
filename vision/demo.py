"""The vision drafts of the second demo workshop: a few good and weak ones, in English and
Romanian, for when the facilitator moves it on to stage 6."""

from vision import services
from workshops.demo import DemoWorkshops

# (author, text): each shows a different side of the check.
DRAFTS = [
    ("ana@demo.example", "Every customer leaves with an honest answer, fast."),
    ("ben@demo.example", "We leverage synergy to deliver best-in-class solutions 24/7."),
    ("chloe@demo.example", "Fiecare client pleacă de la noi cu un răspuns sincer și rapid."),
    ("dan@demo.example", "Vrem să fim lideri de piață și să creștem veniturile."),
]


def build(demo: DemoWorkshops) -> None:
    for email, text in DRAFTS:
        services.draft_create(workshop=demo.vote, author=demo.users[email], text=text)
