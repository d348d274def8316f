"""The live region is morphed, not replaced: what someone is doing on the page stays put
while the others' changes arrive, and a dot's answer is the part of the ballot it changed."""

import pytest
from playwright.sync_api import expect

from tests.browser.test_live_resilience import (
    LIVE_WITHIN_MS,
    acme,  # noqa: F401 (a fixture)
    mark_document,
    open_workshop,
    same_document,
    settled,
)
from values import brainstorm as brainstorm_services
from values import voting as voting_services
from workshops import services

pytestmark = pytest.mark.browser


def _mark_live_region(page) -> None:
    """Mark the live region's element: a morph keeps it, a replacement would lose the mark."""
    page.evaluate("() => { document.getElementById('live').__kept = true; }")


def _live_region_kept(page) -> bool:
    return page.evaluate("() => document.getElementById('live').__kept === true")


def test_an_open_panel_typed_text_and_caret_survive_someone_elses_change(
    persona,
    live_server,
    acme,  # noqa: F811
):
    services.workshop_set_stage(workshop=acme.workshop, stage=4)
    honesty = brainstorm_services.candidate_add(
        workshop=acme.workshop, name="Honesty", user=acme.paul
    )
    paul = open_workshop(persona, live_server, acme.paul, acme.workshop, "P-paul")
    p = paul.page
    mark_document(p)
    _mark_live_region(p)

    # Paul opens Honesty's edit panel, then types a value, the caret left mid-word.
    p.locator("details.candidate-edit summary", has_text="Honesty").click()
    expect(p.locator(f"#edit-name-{honesty.pk}")).to_be_visible()
    field = p.locator("#candidate-name")
    field.click()
    field.press_sequentially("Respnsive", delay=10)
    for _ in range(5):
        p.keyboard.press("ArrowLeft")

    brainstorm_services.candidate_add(workshop=acme.workshop, name="Quality", user=acme.fiona)
    expect(p.locator(".candidate-name", has_text="Quality")).to_be_visible(timeout=LIVE_WITHIN_MS)
    settled(p)

    assert same_document(p) and _live_region_kept(p)
    expect(p.locator(f"#edit-name-{honesty.pk}")).to_be_visible()  # the panel is still open
    expect(field).to_be_focused()
    expect(field).to_have_value("Respnsive")
    assert p.evaluate("() => document.activeElement.selectionStart") == 4
    p.keyboard.type("o")  # the caret is where he left it: the typo is fixed in place
    expect(field).to_have_value("Respons" + "ive")
    paul.snap("panel-open-text-kept")
    assert not paul.errors, paul.errors


def test_a_dot_changes_only_its_row_and_the_dots_left(persona, live_server, acme):  # noqa: F811
    services.workshop_set_stage(workshop=acme.workshop, stage=5)
    for name in ("Honesty", "Quality", "Speed"):
        brainstorm_services.candidate_add(workshop=acme.workshop, name=name, user=acme.fiona)
    voting = voting_services.round_open(
        workshop=acme.workshop, candidates=list(acme.workshop.candidates.all()), budget=2
    )
    speed = voting.entries.get(name="Speed").pk
    paul = open_workshop(persona, live_server, acme.paul, acme.workshop, "P-paul")
    fiona = open_workshop(persona, live_server, acme.fiona, acme.workshop, "F-fiona")
    p, f = paul.page, fiona.page
    _mark_live_region(p)
    expect(f.locator("#who-voted")).to_contain_text("0 of 2 have voted")

    answers = []
    p.on("response", lambda response: answers.append(response) if "/dot/" in response.url else None)
    p.locator(f"#dot-add-{speed}").click()
    expect(p.locator("#dots-left")).to_have_text("You have 1 dot of 2 left.")
    expect(p.locator(f"#mine-{speed} .dot-mark")).to_have_count(1)
    expect(p.locator(f"#dot-add-{speed}")).to_be_focused()
    assert _live_region_kept(p)
    assert len(answers[-1].body()) < 4_000  # the ballot's part, not the voting screen

    # Fiona's screen learns that Paul has voted, and nothing else moves on hers.
    _mark_live_region(f)
    expect(f.locator("#who-voted")).to_contain_text(
        "1 of 2 has voted: Paul.", timeout=LIVE_WITHIN_MS
    )
    assert _live_region_kept(f)

    # A quick second click lands on "+ Dot" again (it did not move), not on "Take back":
    # refused, and the dot stays.
    honesty = voting.entries.get(name="Honesty").pk
    box = p.locator(f"#dot-add-{honesty}").bounding_box()
    p.locator(f"#dot-add-{honesty}").click()
    expect(p.locator(f"#dot-remove-{honesty}")).to_be_visible()
    assert p.locator(f"#dot-add-{honesty}").bounding_box()["x"] == box["x"]
    p.locator(f"#dot-add-{honesty}").click(force=True)  # now aria-disabled: both dots are placed
    expect(p.locator("#values-notice")).to_contain_text("placed all your 2 dots")
    expect(p.locator(f"#mine-{honesty} .dot-mark")).to_have_count(1)
    # The next dot that counts clears the refusal, which no longer applies.
    p.locator(f"#dot-remove-{honesty}").click()
    expect(p.locator("#values-notice")).to_have_count(0)

    # Taking the dot back removes its button: focus goes to the row's "+ Dot".
    p.locator(f"#dot-remove-{speed}").click()
    expect(p.locator(f"#dot-remove-{speed}")).to_have_count(0)
    expect(p.locator(f"#dot-add-{speed}")).to_be_focused()
    paul.snap("dot-taken-back")
    assert not paul.errors and not fiona.errors, paul.errors + fiona.errors


def test_a_saved_edit_closes_its_panel_and_gives_the_focus_back_to_its_edit_button(
    persona,
    live_server,
    acme,  # noqa: F811
):
    services.workshop_set_stage(workshop=acme.workshop, stage=4)
    honesty = brainstorm_services.candidate_add(
        workshop=acme.workshop, name="Honesty", user=acme.paul
    )
    paul = open_workshop(persona, live_server, acme.paul, acme.workshop, "P-paul")
    p = paul.page
    summary = p.locator("details.candidate-edit summary", has_text="Honesty")
    summary.click()
    p.locator(f"#edit-description-{honesty.pk}").fill("We tell customers the truth.")
    p.locator(f"#edit-{honesty.pk}").get_by_role("button", name="Save").click()
    expect(
        p.locator(".candidate-description", has_text="We tell customers the truth.")
    ).to_be_visible()
    expect(p.locator(f"#edit-name-{honesty.pk}")).to_be_hidden()  # the panel closed
    expect(summary).to_be_focused()
    assert not paul.errors, paul.errors


def test_text_shown_as_unsent_goes_away_once_it_is_back_in_its_field(
    persona,
    live_server,
    acme,  # noqa: F811
):
    fiona = open_workshop(persona, live_server, acme.fiona, acme.workshop, "F-fiona")
    paul = open_workshop(persona, live_server, acme.paul, acme.workshop, "P-paul")
    f, p = fiona.page, paul.page
    p.locator("#text-purpose").click()
    p.locator("#text-purpose").press_sequentially("We exist so shops can sell", delay=10)

    f.locator("#stage-next").click()
    expect(p.locator("#unsent")).to_be_visible(timeout=LIVE_WITHIN_MS)
    expect(p.locator("#unsent-text")).to_have_value("We exist so shops can sell")
    settled(f)
    f.locator("#stage-previous").click()
    expect(p.locator("#text-purpose")).to_have_value(
        "We exist so shops can sell", timeout=LIVE_WITHIN_MS
    )
    expect(p.locator("#unsent")).to_be_hidden()
    # Typed with the keyboard and saved: the saved form comes back without any style
    # attribute copied over (the page's CSP refuses inline styles).
    settled(p)
    p.locator("#text-purpose").press("End")
    p.locator("#text-purpose").press_sequentially(" online.", delay=10)
    p.locator("#save-purpose").click()
    expect(p.locator("#form-purpose .saved-note")).to_be_visible()
    assert not paul.errors, paul.errors
