"""Stages 2 and 3 in real browsers: phones answer through the QR link, the room watches.

Fiona facilitates and Paul takes part at their laptops; employees answer on phones
(375 px, touch, no account). Nobody reloads: counts, the cloud and its table follow live.
"""

import re
import time

import pytest
import segno
from django.urls import reverse
from playwright.sync_api import expect

from surveys import services as survey_services
from surveys.selectors import qr_data_uri
from tests.browser.test_live_resilience import (
    LIVE_WITHIN_MS,
    acme,  # noqa: F401 - the fixture
    mark_document,
    open_workshop,
    same_document,
    settled,
    stage_is,
)
from workshops import services

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 375, "height": 740}, "is_mobile": True, "has_touch": True}


def answer_on_a_phone(persona, link: str, name: str, text: str, **options) -> float:
    """An employee opens the link, types, sends; returns the seconds it took."""
    phone = persona(name, **PHONE, **options)
    started = time.monotonic()
    phone.page.goto(link)
    phone.page.get_by_role("textbox").fill(text)
    phone.page.locator("main button[type=submit]").click()
    expect(phone.page.get_by_role("status")).to_be_visible()
    expect(phone.page.locator("blockquote")).to_have_text(text)
    took = time.monotonic() - started
    width = phone.page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 375, f"the answer page is {width}px wide on a 375px phone"
    phone.snap("answered")
    return took


def cloud_table(page) -> dict[str, int]:
    rows = page.locator("#cloud-table tbody tr")
    table = {}
    for n in range(rows.count()):
        row = rows.nth(n)
        table[row.locator("th").inner_text()] = int(row.locator("td").nth(1).inner_text())
    return table


def test_phones_answer_through_the_qr_link_and_the_room_sees_the_count_and_cloud_live(
    persona,
    live_server,
    acme,  # noqa: F811 - the fixture
):
    services.workshop_set_stage(workshop=acme.workshop, stage=2)
    fiona = open_workshop(persona, live_server, acme.fiona, acme.workshop, "fiona")
    paul = open_workshop(persona, live_server, acme.paul, acme.workshop, "paul")
    for who in (fiona, paul):
        mark_document(who.page)

    fiona.page.locator("#survey-open").click()
    settled(fiona.page)
    link = fiona.page.locator("#survey-link").input_value()
    assert link.startswith(live_server.url) and re.search(r"/s/[\w-]{22,}/$", link)
    # The QR code on the screen is the code of exactly this link.
    qr = fiona.page.locator(".survey-link img").get_attribute("src")
    assert qr == qr_data_uri(link) and segno.make(link, error="m").designator
    fiona.snap("survey-open")

    took = answer_on_a_phone(persona, link, "phone-1", "Fast and friendly help")
    assert took < 30, f"answering took {took:.1f} s"
    for who in (fiona, paul):
        expect(who.page.locator("#answer-count")).to_have_text("1 answer", timeout=LIVE_WITHIN_MS)
    answer_on_a_phone(persona, link, "phone-2", "Rapid și prietenos", locale="ro-RO")
    expect(fiona.page.locator("#answer-count")).to_have_text("2 answers", timeout=LIVE_WITHIN_MS)
    fiona.snap("two-answers")

    # On to the cloud: everyone's screen follows and shows it with its table.
    fiona.page.locator("#stage-next").click()
    for who in (fiona, paul):
        stage_is(who.page, 3)
        expect(who.page.locator("#cloud-image")).to_be_visible()
        # The picture loaded (a broken image has no natural width).
        who.page.wait_for_function(
            "() => { const img = document.getElementById('cloud-image');"
            " return img && img.complete && img.naturalWidth > 0; }"
        )
    assert cloud_table(paul.page)["friendly"] == 1

    # A new answer reaches the cloud on every screen without a reload.
    answer_on_a_phone(persona, link, "phone-3", "Friendly people, fast answers")
    expect(paul.page.locator("#cloud-table th", has_text="people")).to_be_visible(
        timeout=LIVE_WITHIN_MS + 3_000
    )
    assert cloud_table(paul.page)["friendly"] == 2
    paul.snap("cloud-updated")

    # The facilitator hides a word: it leaves Paul's cloud too, and comes back on undo.
    fiona.page.get_by_role("button", name="Hide “friendly”").click()
    expect(paul.page.locator("#cloud-table th", has_text="friendly")).to_have_count(
        0, timeout=LIVE_WITHIN_MS
    )
    expect(paul.page.get_by_text("“friendly” hidden")).to_be_visible()
    expect(paul.page.get_by_text("by Fiona, just now")).to_be_visible()
    settled(fiona.page)
    fiona.snap("word-hidden")
    fiona.page.locator("[id^=undo-]").click()
    expect(paul.page.locator("#cloud-table th", has_text="friendly")).to_be_visible(
        timeout=LIVE_WITHIN_MS
    )
    paul.snap("word-back")

    # One click (here: Enter) on a word of the table proposes it as a value; the message
    # takes the focus, and everyone's table marks the word as a value. The button is named
    # by the word it shows and described by the table's hint.
    word = paul.page.get_by_role("button", name="friendly", exact=True)
    expect(word).to_have_accessible_description("(click a word to propose it as a value)")
    word.press("Enter")
    expect(paul.page.locator("#proposed-notice")).to_be_focused(timeout=LIVE_WITHIN_MS)
    expect(paul.page.locator("#proposed-notice")).to_contain_text("“Friendly” is now a candidate")
    expect(fiona.page.locator("#cloud-table th", has_text="friendly")).to_contain_text(
        "a value", timeout=LIVE_WITHIN_MS
    )
    paul.snap("word-proposed")

    for who in (fiona, paul):
        assert same_document(who.page), f"{who.name}'s page reloaded"
        assert not who.errors, who.errors


def test_the_join_screen_follows_a_replaced_link_and_a_closed_survey(
    persona,
    live_server,
    acme,  # noqa: F811 - the fixture
):
    services.workshop_set_stage(workshop=acme.workshop, stage=2)
    survey = survey_services.survey_for(acme.workshop)
    survey_services.survey_open(survey=survey)
    fiona = open_workshop(persona, live_server, acme.fiona, acme.workshop, "fiona")
    fiona.page.goto(reverse("survey_join", args=[acme.workshop.pk]))
    old_link = fiona.page.locator(".join-link").inner_text()
    expect(fiona.page.locator("#join-count")).to_have_text("0 answers so far")

    survey_services.answer_submit(survey=survey, device_id="a", text="Kind")
    expect(fiona.page.locator("#join-count")).to_have_text("1 answer so far", timeout=5_000)
    survey_services.survey_new_link(survey=survey)
    expect(fiona.page.locator(".join-link")).not_to_have_text(old_link, timeout=5_000)
    survey.refresh_from_db()
    assert survey.token in fiona.page.locator(".join-link").inner_text()
    survey_services.survey_close(survey=survey)
    expect(fiona.page.get_by_text("The survey is not open.")).to_be_visible(timeout=5_000)
    expect(fiona.page.locator(".join-qr")).to_have_count(0)
    fiona.snap("join-closed")
