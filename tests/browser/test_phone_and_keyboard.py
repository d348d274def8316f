"""The workshop page on a phone (375 px) and by keyboard.

On a phone nothing is wider than the screen and the current stage's heading is in the
first screen, at every stage that has its tools (and axe finds nothing serious there
either); the narrow form lines up; taking back a dot by keyboard leaves the focus on the
ballot row; the public gut check of the shortlist fits a phone too.
"""

import pytest
from playwright.sync_api import expect

from tests.browser.axe import Audit
from tests.browser.test_accessibility import DESKTOP, PHONE, scanner, show
from tests.browser.test_live_resilience import settled
from tests.browser.workshop_states import STATES, make_team
from vision import services as vision_services
from vision.models import GutCheckReaction

pytestmark = pytest.mark.browser


def test_the_workshop_page_fits_a_phone_at_stages_1_to_5(persona, live_server, transactional_db):
    team = make_team()
    fiona = scanner(persona, live_server, "fiona", team.fiona, **PHONE)
    paul = scanner(persona, live_server, "paul", team.paul, **PHONE)
    too_wide = []
    audit = Audit()
    for screen, reach in STATES:
        reach(team)
        if team.workshop.stage > 5:
            break
        for who in (fiona, paul):
            page = who.page
            show(who, team.workshop.get_absolute_url())  # with every <details> open
            heading = page.locator("#stage-heading")
            expect(heading).to_have_attribute("data-stage", str(team.workshop.stage))
            settled(page)
            width = page.evaluate("() => document.documentElement.scrollWidth")
            if width > page.viewport_size["width"]:
                too_wide.append(f"{screen}, as {who.name}: {width} px")
            # The eight stages take one line, not the first screen.
            stages = page.locator("nav.stages").bounding_box()
            assert stages["height"] <= 70, f"{screen}, as {who.name}: stages {stages['height']} px"
            box = heading.bounding_box()
            assert box["y"] + box["height"] <= page.viewport_size["height"], (
                f"{screen}, as {who.name}: the stage heading ends at {box['y'] + box['height']:.0f}"
                f" px, below the first screen ({page.viewport_size['height']} px)"
            )
            who.snap(screen)
            audit.check(page, f"{screen}, as {who.name}, on a phone")
    assert not too_wide, "wider than the 375 px screen: " + "; ".join(too_wide)
    audit.assert_clean()


def reach(team, last: str) -> None:
    for screen, step in STATES:
        step(team)
        if screen == last:
            return
    raise AssertionError(f"no state {last!r}")


def test_the_narrow_form_lines_up_on_a_laptop_and_a_phone(persona, live_server, transactional_db):
    team = make_team()
    reach(team, "stage 5, round revealed")
    for size, options in (("laptop", DESKTOP), ("phone", PHONE)):
        fiona = scanner(persona, live_server, f"fiona-{size}", team.fiona, **options)
        page = fiona.page
        page.goto(team.workshop.get_absolute_url())
        form = page.locator("#narrow-form")
        expect(form).to_be_visible()
        form.scroll_into_view_if_needed()
        fiona.snap("narrow-form")

        # A checkbox a finger can hit, its label beside it on one or two lines.
        box = page.get_by_role("checkbox", name="Show the results while people vote").bounding_box()
        assert box["width"] >= 24 and box["height"] >= 24, f"{size}: the checkbox is {box}"
        label = page.locator(".round-fields .check label")
        lines = label.evaluate(
            "(el) => Math.round(el.getBoundingClientRect().height"
            " / parseFloat(getComputedStyle(el).lineHeight))"
        )
        assert 1 <= lines <= 2, f"{size}: the checkbox's label runs over {lines} lines"
        assert label.bounding_box()["x"] > box["x"] + box["width"], f"{size}: label not beside it"
        # Both ways on are buttons at the foot of their column: side by side on a laptop,
        # one under the other on a phone, each column starting at the same height.
        start, finalise = page.locator("#round-next"), page.locator("#round-finalise")
        columns = page.locator(".narrow-action")
        first, second = columns.nth(0).bounding_box(), columns.nth(1).bounding_box()
        if size == "laptop":
            assert start.bounding_box()["y"] == finalise.bounding_box()["y"]
            assert first["y"] == second["y"]
        else:
            assert second["y"] >= first["y"] + first["height"]


def test_taking_back_a_dot_by_keyboard_keeps_the_focus_on_its_row(
    persona, live_server, transactional_db
):
    team = make_team()
    reach(team, "stage 5, round open")  # Paul has one dot on Honesty, two left.
    paul = scanner(persona, live_server, "paul", team.paul)
    page = paul.page
    page.goto(team.workshop.get_absolute_url())
    row = page.locator("#ballot .entry", has_text="Honesty")
    add = row.get_by_role("button", name="Add a dot to Honesty")
    take_back = row.get_by_role("button", name="Take back Honesty")
    expect(page.locator("#dots-left")).to_contain_text("2 dots of 3")

    # From the row's "+ Dot", Tab reaches its "Take back"; Enter takes the dot back.
    add.focus()
    page.keyboard.press("Tab")
    expect(take_back).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#dots-left")).to_contain_text("3 dots of 3")
    expect(take_back).to_have_count(0)
    settled(page)
    # The row's "+ Dot" has the focus (not the stage heading far above): Enter puts it back.
    expect(add).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#dots-left")).to_contain_text("2 dots of 3")
    settled(page)
    expect(add).to_be_focused()
    expect(take_back).to_be_visible()
    assert not paul.errors, paul.errors


def test_the_gut_check_page_fits_a_phone_and_takes_a_tap(persona, live_server, transactional_db):
    """A stakeholder outside the workshop opens the shared shortlist on a phone: nothing is
    wider than the screen, and a reaction is two taps and a send."""
    team = make_team()
    texts = [
        "Every customer leaves with an honest answer, fast, from someone who owns it.",
        "Wir-sprechen-Klartext-und-lösen-es-beim-ersten-Mal-für-jeden-Kunden, kindly.",
    ]
    drafts = []
    for text in texts:
        draft = vision_services.draft_create(workshop=team.workshop, author=team.paul, text=text)
        vision_services.draft_shortlist(draft=draft, shortlisted=True)
        drafts.append(draft)
    link = vision_services.gut_check_share(workshop=team.workshop, user=team.fiona)
    stranger = scanner(persona, live_server, "stranger", **PHONE)
    page = stranger.page
    show(stranger, f"/g/{link.token}/")
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"the gut check is {width} px wide"
    stranger.snap("gut-check-phone")
    audit = Audit()
    audit.check(page, "the gut check, on a phone")
    audit.assert_clean()
    page.locator(f"#gut-{drafts[1].pk}-does_not_land").tap()
    page.locator(f"#gut-{drafts[1].pk}-comment").fill("Too long for me.")
    page.locator(f"#gut-send-{drafts[1].pk}").tap()
    expect(page.locator(f"#gut-saved-{drafts[1].pk}")).to_contain_text("saved")
    expect(page.locator(f"#gut-{drafts[1].pk}-does_not_land")).to_be_checked()
    reaction = GutCheckReaction.objects.get()
    assert (reaction.draft_id, reaction.reaction) == (drafts[1].pk, "does_not_land")
