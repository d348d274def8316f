"""Stage 8, shared with every employee, in real browsers.

Acme's support team has a complete philosophy with two values, Honesty and Speed. An
employee opens the share link on a phone, without an account, reads it and says what
both values mean to them; Fiona, who facilitates, sees each answer arrive under its value
while her stage 8 is open, with the words of the answers in the value's cloud, and goes
back to stage 7 to rework a value from there. Alice, the admin, finalises, shares, stops
sharing and shares again. A reader whose phone speaks Romanian reads it in Romanian; after
a change and a second finalisation the document page names what changed.

Screenshots to look at land in /tmp/share-shots/ (and, as for every browser test, in
.test-artifacts/browser/<test>/).
"""

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from actions import services as action_services
from actions.models import ActionStatement
from documents import sharing, versions
from documents.models import DocumentVersion, Interpretation, ShareLink
from tests.browser.test_live_resilience import (
    LIVE_WITHIN_MS,
    mark_document,
    open_workshop,
    same_document,
    settled,
)
from tests.browser.workshop_states import complete_in_action
from tests.documents.conftest import finalise_values, give_purpose, pick_vision
from tests.factories import OrganisationFactory, member, workshop_for
from values.models import Candidate
from workshops import services
from workshops.models import Role, Stage, Workshop

pytestmark = pytest.mark.browser

SHOTS = Path("/tmp/share-shots")  # noqa: S108 - for a person to look at, not to read back
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 2,
    "user_agent": (
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15"
        " (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
    ),
}
VISION = "Every customer leaves with an honest answer, fast."
STATEMENTS = {
    "Honesty": "We tell customers the truth, even when it costs us a sale.",
    "Speed": "Nobody waits: we answer every customer within the hour.",
}
# What the employee on the phone says each value means to them, and words of it that the
# value's cloud shows (the cloud keeps a word as it was written, stop words left out).
READINGS = {
    "Honesty": ("Telling customers the truth, even when it hurts.", ("truth", "hurts")),
    "Speed": ("Answering fast, so nobody waits for us.", ("fast", "waits")),
}
THANKS = "Thank you: your answer is saved."
# The readings reach the facilitator's open stage 8 by its poll (every second); a
# busy machine gets a few seconds more.
READINGS_WITHIN_MS = LIVE_WITHIN_MS + 4_000


@dataclass
class Room:
    workshop: Workshop
    alice: object
    fiona: object
    honesty: Candidate
    speed: Candidate


@pytest.fixture
def room(transactional_db):
    """Acme's workshop at stage 8, its document complete (nothing missing), not finalised."""
    organisation = OrganisationFactory(name="Acme")
    alice = member(organisation, Role.ADMIN, email="alice@acme.example", display_name="Alice")
    fiona = member(organisation, Role.FACILITATOR, email="fiona@acme.example", display_name="Fiona")
    workshop = workshop_for(organisation, facilitators=[fiona], title="Our support philosophy")
    give_purpose(workshop, fiona, "We help families spend more time outdoors.")
    pick_vision(workshop, fiona, VISION)
    honesty, speed = finalise_values(workshop, fiona, names=("Honesty", "Speed"))
    complete_in_action(honesty, fiona, statement=STATEMENTS["Honesty"])
    complete_in_action(speed, fiona, statement=STATEMENTS["Speed"], metric="frt")
    services.workshop_set_stage(workshop=workshop, stage=Stage.DOCUMENT)
    workshop.refresh_from_db()
    return Room(workshop, alice, fiona, honesty, speed)


def finalised_and_shared(room: Room) -> str:
    """Version 1 finalised by Fiona and shared by Alice: the share page's path."""
    versions.version_finalise(workshop=room.workshop, user=room.fiona)
    link = sharing.share_start(workshop=room.workshop, user=room.alice)
    return reverse("document_share", args=[link.token])


def shot(page: Page, name: str, element: str | None = None) -> Path:
    """A screenshot to look at: the whole page, or one element of it."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    if element:
        page.locator(element).screenshot(path=str(path), caret="initial")
    else:
        page.screenshot(path=str(path), full_page=True, caret="initial")
    return path


def too_wide(page: Page) -> list[str]:
    """What sticks out to the right of the screen (nothing, on a page that fits)."""
    return page.evaluate(
        """() => {
          if (document.scrollingElement.scrollWidth <= window.innerWidth) return [];
          return Array.from(document.querySelectorAll('body *'))
            .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1)
            .slice(0, 5).map((el) => el.tagName + '#' + el.id + '.' + el.className);
        }"""
    )


def answer_on_the_phone(page: Page, value: Candidate, text: str) -> None:
    """Type what the value means to the reader and send it, the ordinary way (a new page)."""
    box = page.locator(f"#interpret-text-{value.pk}")
    box.scroll_into_view_if_needed()
    box.tap()
    box.fill(text)
    with page.expect_navigation():
        page.locator(f"#interpret-send-{value.pk}").tap()


def test_an_employee_answers_for_two_values_on_a_phone_and_the_facilitator_sees_both_live(
    persona, live_server, room
):
    link = finalised_and_shared(room)
    values = {"Honesty": room.honesty, "Speed": room.speed}
    # Fiona has stage 8 open before anyone answers; Honesty's readings too.
    fiona = open_workshop(persona, live_server, room.fiona, room.workshop, "fiona")
    f = fiona.page
    mark_document(f)
    expect(f.locator("#document-readings details.reading")).to_have_count(2)
    for value in values.values():
        expect(f.locator(f"#reading-{value.pk} > summary .badge")).to_have_text("0 answers")
    settled(f)
    f.locator(f"#reading-{room.honesty.pk} > summary").click()
    expect(f.locator(f"#reading-{room.honesty.pk}")).to_contain_text("No answer for this value")

    # The employee: a phone, no account.
    reader = persona("reader", **PHONE)
    r = reader.page
    response = r.goto(link)
    assert response.status == 200
    expect(r.locator("#share-version")).to_contain_text("Version 1, finalised on")
    expect(r.locator("#doc-vision .philosophy-vision")).to_have_text(VISION)
    for name, value in values.items():
        expect(r.locator("#doc-living h3", has_text=name)).to_be_visible()
        expect(r.locator("#doc-living")).to_contain_text(STATEMENTS[name])
        expect(r.locator(f"#interpret-{value.pk} label")).to_contain_text(name)
    # Read-only: the document's only forms are the interpretation check's.
    expect(r.locator("form:not(.interpret-form):not(.languages)")).to_have_count(0)
    expect(r.locator("#doc-appendix")).to_have_count(0)
    assert too_wide(r) == [], f"wider than the phone: {too_wide(r)}"
    shot(r, "share-page-phone")

    for name, value in values.items():
        text, _words = READINGS[name]
        answer_on_the_phone(r, value, text)
        expect(r.locator(f"#interpret-saved-{value.pk}")).to_have_text(THANKS)
        # The new page keeps the answer in its box, and opens at its form.
        expect(r.locator(f"#interpret-text-{value.pk}")).to_have_value(text)
        expect(r.locator(f"#interpret-send-{value.pk}")).to_have_text("Change my answer")
        # Saved, then shown by a GET: a reload or "Back" sends nothing again.
        assert r.url.endswith(f"{link}?saved={value.pk}#interpret-{value.pk}"), r.url
        expect(r.locator(f"#interpret-{value.pk}")).to_be_in_viewport()
        assert too_wide(r) == [], f"wider than the phone after an answer: {too_wide(r)}"
    shot(r, "share-page-phone-answered")
    # Reloading, or going back, shows the page again and sends nothing again.
    stored = sorted(Interpretation.objects.values_list("pk", "updated_at"))
    r.reload()
    r.go_back()
    expect(r.locator("#philosophy")).to_be_visible()
    assert sorted(Interpretation.objects.values_list("pk", "updated_at")) == stored
    r.go_forward()
    # The other value's thank-you is for its own page only; both answers stay on the device.
    expect(r.locator(f"#interpret-saved-{room.honesty.pk}")).to_have_text("")
    expect(r.locator(f"#interpret-text-{room.honesty.pk}")).to_have_value(READINGS["Honesty"][0])
    r.goto(link)
    for name, value in values.items():
        expect(r.locator(f"#interpret-text-{value.pk}")).to_have_value(READINGS[name][0])
    saved = dict(Interpretation.objects.values_list("candidate__name", "text"))
    assert saved == {name: text for name, (text, _words) in READINGS.items()}

    # Fiona's screen, not reloaded: each answer under its value, its words in the cloud.
    for name, value in values.items():
        text, words = READINGS[name]
        reading = f.locator(f"#reading-{value.pk}")
        expect(reading.locator("> summary .badge")).to_have_text(
            "1 answer", timeout=READINGS_WITHIN_MS
        )
        if name != "Honesty":
            reading.locator("> summary").click()
        expect(reading).to_have_attribute("open", "")
        expect(reading.locator(".reading-answers li")).to_have_text([text])
        expect(reading.locator(f"#rework-{value.pk}")).to_be_visible()
        cloud = reading.locator(".reading-cloud li")
        for word in words:
            expect(cloud.filter(has_text=re.compile(rf"^{word}\b"))).to_have_count(1)
    # Honesty's answer shares "customers" and "truth" with the team's own statement.
    honesty = f.locator(f"#reading-{room.honesty.pk}")
    expect(honesty.locator(".word-match")).to_have_text(["customers (1)", "truth (1)"])
    expect(honesty.locator(".word-miss").first).to_be_visible()
    # The other value's answer is not under Honesty.
    expect(honesty).not_to_contain_text(READINGS["Speed"][0])
    settled(f)
    shot(f, "readings", "#document-readings")
    assert same_document(f), "Fiona's screen reloaded"
    for who in (fiona, reader):
        assert who.errors == [], f"{who.name}: {who.errors}"


def test_the_admin_finalises_shares_stops_and_shares_again(persona, live_server, room):
    alice = open_workshop(persona, live_server, room.alice, room.workshop, "alice")
    a = alice.page
    settled(a)
    expect(a.locator("#no-versions")).to_be_visible()
    expect(a.locator("#share-later")).to_be_visible()
    expect(a.locator("#share-start")).to_have_count(0)

    a.locator("#finalise").click()
    expect(a.locator("#latest-version")).to_contain_text("Version 1 is the latest finalised")
    # The button went with its click: focus is on what happened, not the top of the page.
    expect(a.locator("#document-notice")).to_be_focused()
    expect(a.locator("#document-notice")).to_contain_text("Version 1 is finalised")
    expect(a.locator("#version-1")).to_contain_text("by Alice")
    expect(a.locator("#finalise")).to_have_count(0)
    assert DocumentVersion.objects.get(workshop=room.workshop).finalised_by_id == room.alice.pk

    settled(a)
    a.locator("#share-start").click()
    share_link = a.locator("#share-link")
    expect(share_link).to_have_value(re.compile(rf"^{re.escape(live_server.url)}/p/[\w-]+/$"))
    expect(share_link).to_be_focused()
    expect(a.locator("#share-qr")).to_have_attribute("src", re.compile(r"^data:image/svg"))
    qr = a.locator("#share-qr").evaluate("(img) => [img.complete, img.naturalWidth]")
    assert qr[0] and qr[1] > 0, f"the QR code did not load: {qr}"
    expect(a.locator("#interpretation-on")).to_be_visible()
    first = share_link.input_value()
    assert first.removeprefix(live_server.url) == reverse(
        "document_share", args=[ShareLink.objects.get().token]
    )

    reader = persona("reader", **PHONE)
    r = reader.page
    assert r.goto(first).status == 200
    expect(r.locator("#share-version")).to_contain_text("Version 1")
    expect(r.locator(".interpret-form")).to_have_count(2)

    # Not asking what the values mean: the page has no questions, until asked again.
    settled(a)
    a.locator("#interpretation-toggle").click()
    expect(a.locator("#interpretation-off")).to_be_visible()
    r.reload()
    expect(r.locator("#philosophy")).to_be_visible()
    expect(r.locator("#interpretation")).to_have_count(0)
    settled(a)
    a.locator("#interpretation-toggle").click()
    expect(a.locator("#interpretation-on")).to_be_visible()
    r.reload()
    expect(r.locator(".interpret-form")).to_have_count(2)

    # Stop sharing (after the confirmation): the old link is gone.
    settled(a)
    a.locator("#share-stop").click()
    expect(a.locator("#share-start")).to_be_visible()
    expect(a.locator("#share-start")).to_be_focused()
    expect(a.locator("#document-share")).to_contain_text("Sharing is stopped")
    expect(a.locator("#share-link")).to_have_count(0)
    assert alice.dialogs == [
        "confirm: Finalise the document as it stands? The share link will show this version"
        " to every employee.",
        "confirm: Stop sharing? The link stops working; what employees answered stays.",
    ]
    response = r.goto(first)
    assert response.status == 404
    expect(r.get_by_role("heading", level=1)).to_have_text("This link is no longer in use")
    expect(r.locator("#philosophy")).to_have_count(0)
    shot(r, "share-gone-phone")

    # Shared again: a new link that works; the old one stays gone.
    settled(a)
    a.locator("#share-start").click()
    expect(share_link).to_have_value(re.compile(r"/p/[\w-]+/$"))
    second = share_link.input_value()
    assert second != first
    assert r.goto(second).status == 200
    expect(r.locator("#share-version")).to_contain_text("Version 1")
    assert r.goto(first).status == 404

    # A new link in place of the one in use: the one before stops at once.
    settled(a)
    a.locator("#share-new-link").click()
    expect(share_link).not_to_have_value(second)
    third = share_link.input_value()
    assert r.goto(third).status == 200
    assert r.goto(second).status == 404
    assert alice.dialogs[-1] == "confirm: Make a new link? The current one stops working at once."
    assert ShareLink.objects.filter(revoked_at__isnull=True).count() == 1
    for who in (alice, reader):
        assert who.errors == [], f"{who.name}: {who.errors}"


# Three employees read Speed as going fast; one of them as closing tickets.
SPEED_READINGS = [
    "Closing tickets as fast as possible.",
    "Fast replies, so nobody waits.",
    "Fast and friendly help.",
]


def test_the_facilitator_reworks_a_value_in_stage_7(persona, live_server, room):
    finalised_and_shared(room)
    for n, text in enumerate(SPEED_READINGS):
        sharing.interpretation_submit(
            workshop=room.workshop, candidate_id=room.speed.pk, device_id=f"employee-{n}", text=text
        )
    fiona = open_workshop(persona, live_server, room.fiona, room.workshop, "fiona")
    f = fiona.page
    speed = f.locator(f"#reading-{room.speed.pk}")
    expect(speed.locator("> summary .badge")).to_have_text("3 answers")
    settled(f)
    speed.locator("> summary").click()
    # The word all three use is the cloud's largest; a word one uses, its smallest.
    cloud = speed.locator(".reading-cloud")
    expect(cloud.locator(".cloud-size-5")).to_have_text(["fast (3)"])
    expect(cloud.locator(".cloud-size-1", has_text="tickets")).to_have_count(1)
    sizes = cloud.evaluate(
        """(cloud) => ["cloud-size-1", "cloud-size-5"].map((size) =>
             parseFloat(getComputedStyle(cloud.querySelector("." + size)).fontSize))"""
    )
    assert sizes[1] >= 1.8 * sizes[0], f"the cloud's sizes 1 and 5 are {sizes} px"
    shot(f, "readings-cloud", f"#reading-{room.speed.pk}")
    rework = f.locator(f"#rework-{room.speed.pk}")
    expect(rework).to_have_text("Rework “Speed” in stage 7")
    with f.expect_navigation():
        rework.click()
    expect(f.locator("#stage-heading")).to_have_attribute("data-stage", str(Stage.VALUES_IN_ACTION))
    assert f.url.endswith(f"#value-{room.speed.pk}"), f.url
    # Speed's panel is open, ready to edit; Honesty's (complete) stays closed.
    expect(f.locator(f"#value-{room.speed.pk}")).to_have_attribute("open", "")
    expect(f.locator(f"#value-{room.honesty.pk}")).not_to_have_attribute("open", "")
    expect(f.locator(f"#text-action-{room.speed.pk}")).to_be_visible()
    expect(f.locator(f"#text-action-{room.speed.pk}")).to_have_value(STATEMENTS["Speed"])
    room.workshop.refresh_from_db()
    assert room.workshop.stage == Stage.VALUES_IN_ACTION
    assert fiona.errors == [], fiona.errors


def test_a_reader_in_romanian_reads_it_in_romanian(persona, live_server, room):
    link = finalised_and_shared(room)
    reader = persona("cititor", locale="ro-RO", **PHONE)
    r = reader.page
    response = r.goto(link)
    assert response.status == 200
    assert response.request.headers["accept-language"].startswith("ro")
    expect(r.locator("html")).to_have_attribute("lang", "ro")
    expect(r.locator("#doc-purpose h2")).to_have_text("Scopul nostru")
    expect(r.locator("#doc-vision h2")).to_have_text("Viziunea noastră de asistență pentru clienți")
    expect(r.locator("#doc-values h2")).to_have_text("Valorile noastre de asistență")
    expect(r.locator("#doc-living h2")).to_have_text("Cum ne trăim filozofia")
    # The finalised version's own labels, recorded in Romanian when it was finalised.
    expect(
        r.locator("#doc-living h4", has_text="Ce înseamnă această valoare pentru noi?")
    ).to_have_count(2)
    expect(r.locator("#doc-living")).not_to_contain_text("What does this value mean to us?")
    # What the team wrote stays as written.
    expect(r.locator("#doc-vision .philosophy-vision")).to_have_text(VISION)
    shot(r, "share-page-phone-ro")

    # A reader whose phone speaks English switches to Romanian at the foot of the page.
    other = persona("reader", **PHONE)
    o = other.page
    o.goto(link)
    expect(o.locator("#doc-purpose h2")).to_have_text("Our purpose")
    with o.expect_navigation():
        o.get_by_role("button", name="Română").tap()
    assert o.url.endswith(link), o.url
    expect(o.locator("#doc-purpose h2")).to_have_text("Scopul nostru")
    expect(o.get_by_role("button", name="English")).to_be_visible()
    for who in (reader, other):
        assert who.errors == [], f"{who.name}: {who.errors}"


def test_the_interpretation_check_asks_in_romanian_too(persona, live_server, room):
    link = finalised_and_shared(room)
    reader = persona("cititor", locale="ro-RO", **PHONE)
    r = reader.page
    r.goto(link)
    expect(r.locator("#doc-purpose h2")).to_have_text("Scopul nostru")
    expect(r.locator("#share-version")).to_contain_text("finalizată la")
    expect(r.locator("#interpretation-heading")).to_have_text(
        "Ce înseamnă valorile noastre pentru dumneavoastră?"
    )
    expect(r.locator(f"#interpret-send-{room.honesty.pk}")).to_have_text("Trimiteți răspunsul")


def test_the_document_page_names_what_changed_between_two_versions(persona, live_server, room):
    versions.version_finalise(workshop=room.workshop, user=room.fiona)
    # The team revises Speed: a bolder action statement, and a second metric.
    statement = ActionStatement.objects.get(candidate=room.speed)
    action_services.statement_save(
        candidate=room.speed,
        text="Nobody waits: we answer every customer within ten minutes.",
        base_version=statement.version,
        user=room.fiona,
    )
    action_services.metric_add(
        candidate=room.speed, metric="aht", user=room.fiona, target="under 6 minutes"
    )
    fiona = open_workshop(persona, live_server, room.fiona, room.workshop, "fiona")
    f = fiona.page
    expect(f.locator("#changed-since-latest")).to_be_visible()
    settled(f)
    # Before finalising again: what changed since version 1, from stage 8.
    with f.expect_navigation():
        f.locator("#changes-since-link").click()
    expect(f.locator("#compare-summary")).to_have_text(
        "2 parts changed from version 1 to the document as it stands:"
    )
    f.go_back()
    expect(f.locator("#finalise")).to_have_text("Finalise a new version")
    settled(f)
    f.locator("#finalise").click()
    expect(f.locator("#latest-version")).to_contain_text("Version 2 is the latest finalised")
    expect(f.locator("#changed-since-latest")).to_have_count(0)
    expect(f.locator("#compare-link")).to_be_visible()

    with f.expect_navigation():
        f.locator("#compare-link").click()
    changes = f.locator("#changes")
    expect(changes).to_be_in_viewport()
    expect(f.locator("#compare-summary")).to_have_text(
        "2 parts changed from version 1 to version 2:"
    )
    expect(changes.locator(".change-part")).to_have_count(2)
    statement_change = changes.locator(".change", has_text="Value “Speed”: action statement")
    expect(statement_change.locator(".badge")).to_have_text("changed")
    # Word by word: "within the hour" became "within ten minutes"; struck through and
    # underlined on the screen, and said so to a screen reader.
    expect(statement_change.locator("del")).to_have_text(["removed: the", "removed: hour"])
    expect(statement_change.locator("ins")).to_have_text(["added: ten", "added: minutes"])
    for tag, line in (("del", "line-through"), ("ins", "underline")):
        style = statement_change.locator(tag).first.evaluate(
            "(el) => getComputedStyle(el).textDecorationLine"
        )
        assert style == line, f"<{tag}> is {style!r}, not {line!r}"
    metric_change = changes.locator(".change", has_text="Value “Speed”: metric Average handle time")
    expect(metric_change.locator(".badge")).to_have_text("added")
    expect(metric_change.locator("ins")).to_contain_text("under 6 minutes")
    expect(changes).not_to_contain_text("Honesty")
    shot(f, "changes", "#changes")

    # The same two picked by hand; then a version against itself.
    f.locator("#compare-older").select_option("1")
    f.locator("#compare-newer").select_option("2")
    with f.expect_navigation():
        f.locator("#compare").click()
    assert "older=1" in f.url and "newer=2" in f.url and f.url.endswith("#changes"), f.url
    expect(changes.locator(".change-part")).to_have_count(2)
    f.locator("#compare-older").select_option("2")
    f.locator("#compare-newer").select_option("now")
    with f.expect_navigation():
        f.locator("#compare").click()
    expect(f.locator("#compare-same")).to_have_text("Nothing changed between these two.")
    assert fiona.errors == [], fiona.errors
