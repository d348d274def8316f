"""The vision drafts of the third demo workshop, at stage 6: a few good and weak ones, in
English and Romanian, checked against its final values; the team has rated some, and
two are on the shortlist, so the comparison shows at once. Nothing is picked: the final
pick is the newcomer's to make."""

from vision import services
from workshops.demo import DemoWorkshops

# (author, text): each shows a different side of the check.
DRAFTS = [
    ("ana@demo.example", "Every customer leaves with an honest answer, fast."),
    ("ben@demo.example", "We leverage synergy to deliver best-in-class solutions 24/7."),
    ("chloe@demo.example", "Fiecare client pleacă de la noi cu un răspuns sincer și rapid."),
    ("dan@demo.example", "Vrem să fim lideri de piață și să creștem veniturile."),
]
# The drafts (by their place in DRAFTS) on the facilitator's shortlist.
SHORTLIST = (0, 1)
# (rater, draft, {criterion: (verdict, comment)})
RATINGS = [
    (
        "ben@demo.example",
        0,
        {"simple": ("meets", "Short, I can repeat it."), "service": ("meets", "")},
    ),
    (
        "chloe@demo.example",
        0,
        {"simple": ("meets", ""), "aspiration": ("needs_work", "Fast is not who we are yet.")},
    ),
    (
        "dan@demo.example",
        1,
        {"simple": ("needs_work", "Too much jargon."), "service": ("needs_work", "")},
    ),
    ("chloe@demo.example", 1, {"simple": ("needs_work", ""), "aspiration": ("meets", "")}),
]


# The fourth and fifth workshops, past stage 6, have picked this one.
PICKED = "Every customer leaves with an honest answer, fast, from people who know the trail."


def build(demo: DemoWorkshops) -> None:
    _pick(demo)
    drafts = [
        services.draft_create(workshop=demo.vision, author=demo.users[email], text=text)
        for email, text in DRAFTS
    ]
    for email, index, ratings in RATINGS:
        services.draft_rate(draft=drafts[index], rater=demo.users[email], ratings=ratings)
    for index in SHORTLIST:
        services.draft_shortlist(draft=drafts[index], shortlisted=True)


def _pick(demo: DemoWorkshops) -> None:
    for workshop in (demo.actions, demo.complete):
        draft = services.draft_create(
            workshop=workshop, author=demo.users["chloe@demo.example"], text=PICKED
        )
        services.statement_pick(
            draft=draft,
            user=demo.users["ana@demo.example"],
            reason="The team owns it.",
            language="en",
        )
