"""The workshop page on a phone (375 px) and by keyboard.

On a phone nothing is wider than the screen and the current stage's heading is in the
first screen, at every stage that has its tools (and axe finds nothing serious there
either); the narrow form lines up; taking back a dot by keyboard leaves the focus on the
ballot row.
"""

import pytest
from playwright.sync_api import expect

from tests.browser.axe import Audit
from tests.browser.test_accessibility import DESKTOP, PHONE, scanner, show
from tests.browser.test_live_resilience import settled
from tests.browser.workshop_states import STATES, make_team

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
