"""Stage 5 in real browsers: five participants vote at once, the facilitator reveals and
narrows, and everyone sees the same chart and the final values without reloading."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.test_live_resilience import (
    LIVE_WITHIN_MS,
    mark_document,
    open_workshop,
    same_document,
)
from tests.factories import OrganisationFactory, member, workshop_for
from values import brainstorm as brainstorm_services
from workshops import services
from workshops.models import Role

pytestmark = pytest.mark.browser

NAMES = ["Honesty", "Respect", "Speed", "Quality", "Empathy", "Listening", "Loyalty", "Ownership"]
# Three dots each (budget 3, cap 1); the first round puts these on top.
BALLOTS = [
    ["Honesty", "Speed", "Quality"],
    ["Honesty", "Speed", "Empathy"],
    ["Honesty", "Respect", "Quality"],
    ["Speed", "Respect", "Empathy"],
    ["Honesty", "Quality", "Ownership"],
]


def _chart(page) -> list[tuple[str, str]]:
    names = page.locator("#ballot .entry-name").all_inner_texts()
    counts = page.locator("#ballot .entry-votes").all_inner_texts()
    return list(zip([n.split("\n")[0].strip() for n in names], counts, strict=True))


def test_five_participants_vote_the_facilitator_reveals_narrows_and_finalises(
    persona, live_server, transactional_db
):
    organisation = OrganisationFactory(name="Acme")
    fiona_user = member(organisation, Role.FACILITATOR, display_name="Fiona")
    voters = [member(organisation, Role.PARTICIPANT, display_name=f"P{n}") for n in range(5)]
    workshop = workshop_for(organisation, facilitators=[fiona_user], participants=voters)
    for name in NAMES:
        brainstorm_services.candidate_add(workshop=workshop, name=name, user=voters[0])
    services.workshop_set_stage(workshop=workshop, stage=5)

    fiona = open_workshop(persona, live_server, fiona_user, workshop, "fiona")
    people = [
        open_workshop(persona, live_server, voter, workshop, f"p{n}")
        for n, voter in enumerate(voters)
    ]
    for who in [fiona, *people]:
        mark_document(who.page)

    fiona.page.locator("#round-budget").fill("3")
    fiona.page.locator("#round-open").click()
    for who in people:
        expect(who.page.locator("#dots-left")).to_contain_text(
            "3 dots of 3", timeout=LIVE_WITHIN_MS
        )

    # Everyone clicks at once, page by page: each click is one request.
    for step in range(3):
        for who, ballot in zip(people, BALLOTS, strict=True):
            entry = who.page.locator("#ballot .entry", has_text=ballot[step])
            entry.get_by_role("button", name=re.compile("Add a dot")).click(no_wait_after=True)
        for who in people:
            left = 3 - (step + 1)
            expect(who.page.locator("#dots-left")).to_contain_text(f"{left} dot")
    # A fourth dot is refused with a message, and nothing is spent. (The button says it is
    # disabled, yet a person can still press it.)
    people[0].page.locator("#ballot .entry", has_text="Loyalty").get_by_role(
        "button", name=re.compile("Add a dot")
    ).click(force=True)
    expect(people[0].page.locator("#values-notice")).to_contain_text("placed all your 3 dots")
    people[0].snap("over-budget")

    # The facilitator sees who voted, never how; results stay hidden until the reveal.
    expect(fiona.page.locator("#who-voted")).to_contain_text("5 of 6", timeout=LIVE_WITHIN_MS)
    assert fiona.page.locator(".entry-votes").count() == 0
    fiona.page.locator("#round-reveal").click()
    expected = None
    for who in [fiona, *people]:
        expect(who.page.locator("#ballot .entry-votes").first).to_be_visible(timeout=LIVE_WITHIN_MS)
        chart = _chart(who.page)
        expected = expected or chart
        assert chart == expected, f"{who.name} sees another chart"
    assert expected[:3] == [("Honesty", "4 dots"), ("Quality", "3 dots"), ("Speed", "3 dots")]
    fiona.snap("revealed")
    people[1].snap("revealed")

    # Narrow to five (no tie at the cut: fifth has 2 dots, sixth 1), then a second round.
    checked = fiona.page.locator("#narrow-form input[type=checkbox]:checked")
    expect(checked).to_have_count(5)
    fiona.page.locator("#round-next").click()
    for who in people:
        expect(who.page.locator("#round-heading")).to_contain_text(
            "Round 2", timeout=LIVE_WITHIN_MS
        )
        expect(who.page.locator("#ballot .entry")).to_have_count(5)
    for who in people[:3]:
        who.page.locator("#ballot .entry", has_text="Honesty").get_by_role(
            "button", name=re.compile("Add a dot")
        ).click()
    fiona.page.locator("#round-reveal").click()
    expect(fiona.page.locator("#narrow-form")).to_be_visible(timeout=LIVE_WITHIN_MS)

    # Five remain: the facilitator finalises them; everyone sees the final set.
    boxes = fiona.page.locator("#narrow-form input[type=checkbox]")
    for n in range(boxes.count()):
        boxes.nth(n).check()
    fiona.page.locator("#round-finalise").click()
    expect(fiona.page.locator("#final-list li")).to_have_count(5, timeout=LIVE_WITHIN_MS)
    fiona.page.locator("#final-name").fill("The HQS way")
    fiona.page.locator("#final-name-save").click()
    for who in people:
        expect(who.page.locator("#final-heading")).to_have_text(
            "The HQS way", timeout=LIVE_WITHIN_MS
        )
        expect(who.page.locator("#final-list li").first).to_contain_text("Honesty")
    people[2].snap("final")

    # Reopening the voting asks first (the persona answers yes), then sets the values aside.
    fiona.page.locator("#final-undo").click()
    expect(fiona.page.locator("#final-list")).to_have_count(0, timeout=LIVE_WITHIN_MS)
    expect(fiona.page.locator("#narrow-form")).to_be_visible()
    assert any("Reopen the voting?" in asked for asked in fiona.dialogs), fiona.dialogs

    for who in [fiona, *people]:
        assert same_document(who.page), f"{who.name}'s page reloaded"
        assert not who.errors, who.errors
