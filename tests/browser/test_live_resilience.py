"""The live workshop page when things happen around someone typing or steering it.

Fiona facilitates Acme's workshop and Paul takes part; Alice administers Acme. They are
made in the database and logged in by session cookie, so each test starts on the
workshop page.
"""

import re
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import Page, expect

from tests.factories import PASSWORD, OrganisationFactory, member, workshop_for
from values import brainstorm as brainstorm_services
from workshops import services
from workshops.models import ContextQuestion, Role, Workshop

pytestmark = pytest.mark.browser

# A live change reaches every other screen within this long (the poll runs every second).
LIVE_WITHIN_MS = 2_000
RESTORED = "Your unsaved text was restored."


@dataclass
class Acme:
    workshop: Workshop
    alice: object
    fiona: object
    paul: object


@pytest.fixture
def acme(transactional_db):
    organisation = OrganisationFactory(name="Acme")
    alice = member(organisation, Role.ADMIN, email="alice@acme.example", display_name="Alice")
    fiona = member(organisation, Role.FACILITATOR, email="fiona@acme.example", display_name="Fiona")
    paul = member(organisation, Role.PARTICIPANT, email="paul@acme.example", display_name="Paul")
    workshop = workshop_for(organisation, facilitators=[fiona], participants=[paul])
    return Acme(workshop=workshop, alice=alice, fiona=fiona, paul=paul)


def open_workshop(persona, live_server, user, workshop, name):
    """A persona logged in as user (by session cookie), on the workshop page."""
    client = Client()
    client.force_login(user)
    who = persona(name)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    who.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
    who.page.goto(workshop.get_absolute_url())
    expect(who.page.locator("#stage-heading")).to_be_visible()
    return who


def type_into(page: Page, selector: str, text: str) -> None:
    """Replace a field's text the way a person does: click, select all, type."""
    field = page.locator(selector)
    field.click()
    page.keyboard.press("ControlOrMeta+a")
    field.press_sequentially(text, delay=10)


def settled(page: Page) -> None:
    """Wait until htmx has wired up what it just swapped in.

    htmx attaches its handlers to new content when it settles, 20 ms after the swap; a
    key pressed before then submits the form the ordinary way and reloads the page.
    """
    expect(page.locator(".htmx-settling")).to_have_count(0)


def stage_is(page: Page, stage: int):
    expect(page.locator("#stage-heading")).to_have_attribute(
        "data-stage", str(stage), timeout=LIVE_WITHIN_MS + 1_000
    )
    settled(page)


def rerendered(page: Page, counter: str | None) -> None:
    """Wait until the poll re-rendered the live region since it showed counter."""
    expect(page.locator("#live-poll")).not_to_have_attribute(
        "data-counter", counter, timeout=LIVE_WITHIN_MS
    )
    settled(page)


def mark_document(page: Page) -> None:
    """Mark the window, so a test can tell a swap from a reload (which loses the mark)."""
    page.evaluate("() => { window.__sameDocument = true; }")


def same_document(page: Page) -> bool:
    return page.evaluate("() => window.__sameDocument === true")


def draft_keys(page: Page) -> list[str]:
    return page.evaluate("() => Object.keys(sessionStorage).filter(k => k.startsWith('draft '))")


def someone_saves(acme: Acme, key: str, text: str) -> None:
    services.context_answer_save(
        workshop=acme.workshop, key=key, text=text, base_version=0, user=acme.fiona
    )


def test_unsaved_text_comes_back_after_the_stage_moves_on_and_back(persona, live_server, acme):
    fiona = open_workshop(persona, live_server, acme.fiona, acme.workshop, "F-fiona")
    paul = open_workshop(persona, live_server, acme.paul, acme.workshop, "P-paul")
    f, p = fiona.page, paul.page
    mark_document(f)
    mark_document(p)

    purpose = "We exist so small shops can sell like big ones."
    support = "Support helps people finish what they came to do."
    type_into(p, "#text-purpose", purpose)
    type_into(p, "#text-support_role", support)
    assert len(draft_keys(p)) == 2

    f.locator("#stage-next").click()
    stage_is(p, 2)
    expect(p.locator("#text-purpose")).to_have_count(0)
    # While Paul is away from stage 1, Fiona saves the support answer.
    fiona_support = "Support is where customers decide whether to stay."
    counter = f.locator("#live-poll").get_attribute("data-counter")
    someone_saves(acme, ContextQuestion.SUPPORT_ROLE, fiona_support)
    rerendered(f, counter)
    f.locator("#stage-previous").click()
    stage_is(p, 1)

    expect(p.locator("#text-purpose")).to_have_value(purpose)
    expect(p.locator("#form-purpose .draft-note")).to_be_visible()
    expect(p.locator("#form-purpose .draft-note")).to_have_text(RESTORED)
    expect(p.locator("#text-support_role")).to_have_value(support)
    # The restored draft started before Fiona's save: Paul is warned before he saves.
    expect(p.locator("#meta-support_role .stale-warning")).to_be_visible()
    expect(p.locator("#meta-purpose .stale-warning")).to_be_hidden()
    paul.snap("restored")

    # The restored text survives a later re-render too (it is a dirty form now): Fiona
    # saves another answer, which Paul's screen shows around his draft.
    principles = "Answer the question the customer asked."
    counter = p.locator("#live-poll").get_attribute("data-counter")
    someone_saves(acme, ContextQuestion.PRINCIPLES, principles)
    rerendered(p, counter)
    expect(p.locator("#text-principles")).to_have_value(principles)
    expect(p.locator("#text-purpose")).to_have_value(purpose)
    expect(p.locator("#form-purpose .draft-note")).to_be_visible()

    p.locator("#save-purpose").click()
    expect(p.locator("#form-purpose .saved-note")).to_be_visible()
    expect(p.locator("#form-purpose .draft-note")).to_be_hidden()
    expect(f.locator("#text-purpose")).to_have_value(purpose, timeout=LIVE_WITHIN_MS)
    # Keyed by person too, so someone else logging in on this tab never sees the draft.
    assert draft_keys(p) == [
        f"draft {acme.paul.pk} /workshops/{acme.workshop.pk}/ text-support_role"
    ]

    # Fiona saved the other answer meanwhile: Paul's save shows both, and loses nothing.
    p.locator("#save-support_role").click()
    conflict = p.locator("#form-support_role .notice.warning")
    expect(conflict).to_be_visible()
    expect(conflict).to_contain_text("Fiona saved this answer while you were editing.")
    expect(conflict.locator(".their-text")).to_contain_text(fiona_support)
    expect(p.locator("#text-support_role")).to_have_value(support)
    paul.snap("conflict")

    assert same_document(f) and same_document(p), "a workshop screen reloaded"
    for who in (fiona, paul):
        assert who.errors == [], f"{who.name}: {who.errors}"
        assert who.dialogs == [], f"{who.name} was asked: {who.dialogs}"


def test_text_typed_when_the_session_ends_survives_logging_in_again(persona, live_server, acme):
    paul = open_workshop(persona, live_server, acme.paul, acme.workshop, "P-paul")
    p = paul.page
    words = "Words typed before the session ended."
    type_into(p, "#text-purpose", words)

    # Paul logs out in another tab of the same browser.
    other = paul.context.new_page()
    other.goto("/")
    other.get_by_role("button", name="Log out").click()
    expect(other.locator("nav").get_by_role("link", name="Log in")).to_be_visible()
    other.close()

    # The page's next poll finds the session ended (its token holds the session) and sends
    # the whole page to the log-in page, keeping the typed text; nothing is swapped in.
    expect(p).to_have_url(re.compile(r"/accounts/login/\?next=/workshops/\d+/$"))
    expect(p.get_by_role("heading", level=1)).to_have_text("Log in")
    expect(p.locator("#form-purpose")).to_have_count(0)
    paul.snap("log-in")

    form = p.locator("main form")
    form.get_by_label("E-mail address").fill("paul@acme.example")
    form.get_by_label("Password").fill(PASSWORD)
    form.get_by_role("button", name="Log in").click()
    expect(p).to_have_url(f"{live_server.url}{acme.workshop.get_absolute_url()}")
    expect(p.locator("#text-purpose")).to_have_value(words)
    expect(p.locator("#form-purpose .draft-note")).to_be_visible()
    paul.snap("back-with-the-text")

    p.locator("#save-purpose").click()
    expect(p.locator("#form-purpose .saved-note")).to_be_visible()
    assert draft_keys(p) == []
    assert paul.errors == [], paul.errors
    assert paul.dialogs == [], f"asked: {paul.dialogs}"


def test_keyboard_focus_stays_on_the_stage_controls_and_the_stage_is_announced(
    persona, live_server, acme
):
    fiona = open_workshop(persona, live_server, acme.fiona, acme.workshop, "F-fiona")
    f = fiona.page
    mark_document(f)
    active_id = "() => document.activeElement && document.activeElement.id"

    f.locator("#stage-next").focus()
    f.keyboard.press("Enter")
    stage_is(f, 2)
    assert f.evaluate(active_id) == "stage-next"
    heading = f.locator("#stage-heading").inner_text()
    assert heading.startswith("Stage 2")
    expect(f.locator("#stage-announcer")).to_have_text(heading)

    # Someone else's change re-renders the live region; focus stays put.
    counter = f.locator("#live-poll").get_attribute("data-counter")
    someone_saves(acme, ContextQuestion.PURPOSE, "Saved elsewhere.")
    rerendered(f, counter)
    assert f.evaluate(active_id) == "stage-next"

    # Back to stage 1, where there is no "Previous" button: focus goes to the heading.
    f.locator("#stage-previous").focus()
    f.keyboard.press("Enter")
    stage_is(f, 1)
    assert f.evaluate(active_id) == "stage-heading"
    expect(f.locator("#stage-announcer")).to_have_text(f.locator("#stage-heading").inner_text())

    # A stage button of the list keeps focus too: on the new current stage.
    f.locator("#stage-3").focus()
    f.keyboard.press("Enter")
    stage_is(f, 3)
    assert f.evaluate(active_id) == "stage-3"

    # Saving an answer with the keyboard keeps focus on its Save button.
    f.locator("#stage-1").focus()
    f.keyboard.press("Enter")
    stage_is(f, 1)
    type_into(f, "#text-support_role", "Typed, then saved from the keyboard.")
    f.locator("#save-support_role").focus()
    f.keyboard.press("Enter")
    expect(f.locator("#form-support_role .saved-note")).to_be_visible()
    assert f.evaluate(active_id) == "save-support_role"
    assert same_document(f), "a keypress reloaded the page instead of going through htmx"
    assert fiona.errors == [], fiona.errors


def test_a_rerender_keeps_focus_on_the_save_button_of_a_form_being_edited(
    persona, live_server, acme
):
    paul = open_workshop(persona, live_server, acme.paul, acme.workshop, "P-paul")
    p = paul.page
    type_into(p, "#text-purpose", "About to save this.")
    p.locator("#save-purpose").focus()
    counter = p.locator("#live-poll").get_attribute("data-counter")
    someone_saves(acme, ContextQuestion.SUPPORT_ROLE, "Saved elsewhere.")
    rerendered(p, counter)
    assert p.evaluate("() => document.activeElement.id") == "save-purpose"
    expect(p.locator("#text-purpose")).to_have_value("About to save this.")
    assert paul.errors == [], paul.errors


def test_the_saved_note_stays_for_the_person_who_saved(persona, live_server, acme):
    paul = open_workshop(persona, live_server, acme.paul, acme.workshop, "P-paul")
    p = paul.page
    type_into(p, "#text-purpose", "Saved and shown as saved.")
    counter = p.locator("#live-poll").get_attribute("data-counter")
    p.locator("#save-purpose").click()
    saved = p.locator("#form-purpose .saved-note")
    expect(saved).to_be_visible()

    # The save itself re-renders the live region through the poll; the note comes back.
    rerendered(p, counter)
    expect(saved).to_be_visible()
    # Someone else's save of another answer re-renders it again: the note stays.
    counter = p.locator("#live-poll").get_attribute("data-counter")
    someone_saves(acme, ContextQuestion.SUPPORT_ROLE, "Saved elsewhere.")
    rerendered(p, counter)
    expect(p.locator("#text-support_role")).to_have_value("Saved elsewhere.")
    expect(saved).to_be_visible()
    paul.snap("still-saved")

    # Typing again ends it.
    p.locator("#text-purpose").press_sequentially(" More.")
    expect(saved).to_be_hidden()
    assert paul.errors == [], paul.errors


def test_a_participant_removed_from_the_workshop_goes_to_the_dashboard(persona, live_server, acme):
    paul = open_workshop(persona, live_server, acme.paul, acme.workshop, "P-paul")
    services.workshop_set_members(
        workshop=acme.workshop, facilitators=[acme.fiona], participants=[]
    )
    expect(paul.page).to_have_url(f"{live_server.url}/", timeout=LIVE_WITHIN_MS + 1_000)
    expect(paul.page.locator(".messages")).to_contain_text(
        "You are no longer a member of this workshop."
    )
    assert paul.errors == [], paul.errors


def test_the_page_says_when_the_server_cannot_be_reached(persona, live_server, acme):
    paul = open_workshop(persona, live_server, acme.paul, acme.workshop, "P-paul")
    p = paul.page
    notice = p.locator("#server-trouble")
    expect(notice).to_be_hidden()

    p.route(re.compile(r"/live/"), lambda route: route.abort())
    expect(notice).to_be_visible(timeout=LIVE_WITHIN_MS + 1_000)
    expect(notice).to_have_text(
        "We could not reach the server. Your text is kept; try again in a moment."
    )
    paul.snap("unreachable")

    p.unroute(re.compile(r"/live/"))
    expect(notice).to_be_hidden(timeout=LIVE_WITHIN_MS + 1_000)

    p.route(re.compile(r"/live/"), lambda route: route.fulfill(status=503, body="down"))
    expect(notice).to_be_visible(timeout=LIVE_WITHIN_MS + 1_000)
    p.unroute(re.compile(r"/live/"))
    expect(notice).to_be_hidden(timeout=LIVE_WITHIN_MS + 1_000)


def test_a_value_being_typed_when_the_brainstorm_ends_is_kept_to_copy(persona, live_server, acme):
    services.workshop_set_stage(workshop=acme.workshop, stage=4)
    fiona = open_workshop(persona, live_server, acme.fiona, acme.workshop, "fiona")
    paul = open_workshop(persona, live_server, acme.paul, acme.workshop, "paul")
    type_into(paul.page, "#candidate-name", "Patience")
    type_into(paul.page, "#candidate-statement", "we never rush a customer")

    fiona.page.locator("#brainstorm-end").click()
    expect(paul.page.locator("#brainstorm-ended")).to_be_visible(timeout=LIVE_WITHIN_MS)
    expect(paul.page.locator("#unsent")).to_be_visible()
    expect(paul.page.locator("#unsent")).to_be_focused()
    kept = paul.page.locator("#unsent-text").input_value()
    assert "Patience" in kept and "we never rush a customer" in kept
    paul.snap("unsent-kept")
    paul.page.locator("#unsent-dismiss").click()
    expect(paul.page.locator("#unsent")).to_be_hidden()


def test_a_value_sent_just_after_the_brainstorm_ended_is_kept_to_copy(persona, live_server, acme):
    services.workshop_set_stage(workshop=acme.workshop, stage=4)
    paul = open_workshop(persona, live_server, acme.paul, acme.workshop, "paul")
    type_into(paul.page, "#candidate-name", "Patience")
    # The brainstorm ends before Paul's screen has heard of it: his polls find nothing new.
    paul.page.route("**/live/**", lambda route: route.fulfill(status=304))
    brainstorm_services.brainstorm_end(workshop=acme.workshop)
    paul.page.locator("#candidate-add").click()
    expect(paul.page.locator("#unsent")).to_be_visible(timeout=LIVE_WITHIN_MS)
    assert paul.page.locator("#unsent-text").input_value() == "Patience"


def test_keyboard_focus_stays_in_the_starter_list_after_picking_from_it(persona, live_server, acme):
    services.workshop_set_stage(workshop=acme.workshop, stage=4)
    paul = open_workshop(persona, live_server, acme.paul, acme.workshop, "paul")
    paul.page.locator("#starter-honesty").press("Enter")
    expect(paul.page.locator("#starter-honesty")).to_have_count(0, timeout=LIVE_WITHIN_MS)
    expect(paul.page.locator("#starters-heading")).to_be_focused()
    # The next Tab reaches the next starter value, not the top of the page.
    paul.page.keyboard.press("Tab")
    assert paul.page.evaluate("document.activeElement.id") == "starter-respect"
