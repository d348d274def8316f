"""Accessibility as a standing check: axe-core on every screen, 0 serious or critical.

Every stage (1-8, stage 5 before, during and after a round, stage 7 empty and partly
written, stage 8 before and after it is shared) as the facilitator and as a participant,
and stage 7's refusals and conflict; the respondent's pages on a phone; the shared
document's pages (the admin's stage 8, the share page on a laptop and a phone, a stopped
link, the document page comparing two versions); the account and organisation pages. A
new screen belongs in one of these lists. Each test scans all its screens and then fails
once, listing every violation (id, impact, element, help) per screen.
"""

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from actions import services as action_services
from actions.models import ActionStatement
from documents import sharing, versions
from documents.models import ShareLink
from surveys import services as survey_services
from tests.browser.axe import Audit
from tests.browser.test_live_resilience import LIVE_WITHIN_MS, settled, type_into
from tests.browser.workshop_states import STATES, make_team, survey_open_with_answers
from workshops import services
from workshops.models import Role, Stage

pytestmark = pytest.mark.browser

DESKTOP = {"viewport": {"width": 1280, "height": 900}}
PHONE = {"viewport": {"width": 375, "height": 812}, "is_mobile": True, "has_touch": True}


def scanner(persona, live_server, name, user=None, **options):
    """A persona whose context may run axe (it bypasses the CSP), logged in as user."""
    who = persona(name, bypass_csp=True, **(options or DESKTOP))
    if user is not None:
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        who.context.add_cookies(
            [{"name": cookie.key, "value": cookie.value, "url": live_server.url}]
        )
    return who


def show(who, path: str, *, status: int = 200) -> None:
    response = who.page.goto(path)
    assert response.status == status, f"{path} answered {response.status}"
    # Closed <details> hide their content from axe: open them all, so it is checked too.
    who.page.evaluate(
        "() => document.querySelectorAll('details').forEach((d) => { d.open = true; })"
    )


def test_every_stage_as_facilitator_and_participant(persona, live_server, transactional_db):
    team = make_team()
    fiona = scanner(persona, live_server, "fiona", team.fiona)
    paul = scanner(persona, live_server, "paul", team.paul)
    audit = Audit()
    for screen, reach in STATES:
        reach(team)
        for who in (fiona, paul):
            show(who, team.workshop.get_absolute_url())
            expect(who.page.locator("#stage-heading")).to_have_attribute(
                "data-stage", str(team.workshop.stage)
            )
            settled(who.page)
            audit.check(who.page, f"{screen}, as {who.name}")
    audit.assert_clean()
    assert audit.screens == 2 * len(STATES)


def test_the_respondent_pages_on_a_phone(persona, live_server, transactional_db):
    team = make_team()
    survey = survey_services.survey_for(team.workshop)
    survey_services.survey_open(survey=survey)
    link = reverse("survey_respond", args=[survey.token])
    phone = scanner(persona, live_server, "phone", **PHONE)
    audit = Audit()

    show(phone, link)
    audit.check(phone.page, "survey form")
    phone.page.locator("main button[type=submit]").click()
    expect(phone.page.locator(".errorlist")).to_be_visible()
    audit.check(phone.page, "survey form, sent empty")
    phone.page.get_by_role("textbox").fill("Fast and friendly help")
    phone.page.locator("main button[type=submit]").click()
    expect(phone.page.locator("blockquote")).to_have_text("Fast and friendly help")
    audit.check(phone.page, "thank-you")
    show(phone, link)
    expect(phone.page.get_by_role("textbox")).to_have_value("Fast and friendly help")
    audit.check(phone.page, "survey form, answered already")

    survey_services.survey_close(survey=survey)
    show(phone, link, status=404)
    audit.check(phone.page, "closed link")
    show(phone, reverse("survey_respond", args=["no-such-link-anywhere-0000"]), status=404)
    audit.check(phone.page, "unknown link")
    audit.assert_clean()


def test_the_account_and_organisation_pages(persona, live_server, transactional_db):
    team = make_team()
    organisation = team.workshop.organisation
    _, invitation_token = services.invitation_create(
        organisation=organisation, role=Role.PARTICIPANT, email="", invited_by=team.alice
    )
    survey_open_with_answers(team)
    audit = Audit()

    visitor = scanner(persona, live_server, "visitor")
    for screen, path, status in [
        ("landing", reverse("home"), 200),
        ("log in", reverse("login"), 200),
        ("sign up", reverse("signup"), 200),
        ("password reset", reverse("password_reset"), 200),
        ("password reset, sent", reverse("password_reset_done"), 200),
        ("invitation", reverse("invitation_accept", args=[invitation_token]), 200),
        ("invitation, unknown", reverse("invitation_accept", args=["nope"]), 404),
        ("page not found", "/no-such-page/", 404),
    ]:
        show(visitor, path, status=status)
        audit.check(visitor.page, screen)
    show(visitor, reverse("login"))
    visitor.page.locator("input[name=username]").fill("alice@acme.example")
    visitor.page.locator("input[name=password]").fill("not her password")
    visitor.page.locator("main button[type=submit]").click()
    expect(visitor.page.locator(".errorlist, .error").first).to_be_visible()
    audit.check(visitor.page, "log in, refused")

    alice = scanner(persona, live_server, "alice", team.alice)
    fiona = scanner(persona, live_server, "fiona", team.fiona)
    paul = scanner(persona, live_server, "paul", team.paul)
    for who, screen, path in [
        (alice, "dashboard", reverse("home")),
        (alice, "profile", reverse("profile")),
        (alice, "password change", reverse("password_change")),
        (alice, "password changed", reverse("password_change_done")),
        (alice, "organisation", organisation.get_absolute_url()),
        (alice, "new organisation", reverse("organisation_create")),
        (alice, "new workshop", reverse("workshop_create", args=[organisation.pk])),
        (fiona, "dashboard", reverse("home")),
        (fiona, "workshop settings", reverse("workshop_settings", args=[team.workshop.pk])),
        (fiona, "survey answers", reverse("survey_answers", args=[team.workshop.pk])),
        (fiona, "join screen", reverse("survey_join", args=[team.workshop.pk])),
        (paul, "dashboard", reverse("home")),
        (paul, "organisation", organisation.get_absolute_url()),
        (
            paul,
            "invitation, a member already",
            reverse("invitation_accept", args=[invitation_token]),
        ),
    ]:
        show(who, path)
        audit.check(who.page, f"{screen}, as {who.name}")
    audit.assert_clean()


def test_what_the_stages_show_after_an_action(persona, live_server, transactional_db):
    """Notices, conflicts and refusals: the screens that only follow something done."""
    team = make_team()
    steps = dict(STATES)
    fiona = scanner(persona, live_server, "fiona", team.fiona)
    paul = scanner(persona, live_server, "paul", team.paul)
    f, p = fiona.page, paul.page
    audit = Audit()

    steps["stage 1, context written"](team)
    f.goto(team.workshop.get_absolute_url())
    type_into(f, "#text-purpose", "We exist to make trips easy.")
    services.context_answer_save(
        workshop=team.workshop,
        key="purpose",
        text="Paul's purpose.",
        base_version=1,
        user=team.paul,
    )
    f.locator("#save-purpose").click()
    expect(f.locator("#form-purpose .notice.warning")).to_be_visible()
    settled(f)
    audit.check(f, "stage 1, a save in conflict")
    # The same conflict without JavaScript is a page of its own: a copy of the form that
    # htmx never saw posts the ordinary way.
    f.evaluate(
        """() => {
          const form = document.getElementById("form-support_role");
          const copy = form.cloneNode(true);
          copy.removeAttribute("hx-post");
          copy.querySelector("textarea").value = "Ours.";
          copy.querySelector("input[name=base_version]").value = "0";
          form.replaceWith(copy);
        }"""
    )
    f.locator("#save-support_role").click()
    expect(f.locator(".diff")).to_be_visible()
    # A page of its own has its own heading (axe: page-has-heading-one).
    expect(f.get_by_role("heading", level=1)).to_have_text(team.workshop.title)
    audit.check(f, "stage 1, a save in conflict, without htmx")

    steps["stage 2, survey open with answers"](team)
    steps["stage 3, word cloud"](team)
    p.goto(team.workshop.get_absolute_url())
    p.get_by_role("button", name="fast", exact=True).click()
    expect(p.locator("#proposed-notice")).to_be_visible()
    settled(p)
    audit.check(p, "stage 3, a word proposed")

    steps["stage 4, brainstorm with candidates"](team)
    p.goto(team.workshop.get_absolute_url())
    # A cloud word's button is named by what it shows, "+ fast 6", then what 6 counts.
    word = p.locator("ul[aria-labelledby=cloud-words-heading] button").first
    named = re.compile(r"^\+ " + re.escape(word.get_attribute("value")) + r" (\d+) answers?$")
    expect(p.get_by_role("button", name=named).first).to_be_visible()
    p.locator("#candidate-add").click()
    expect(p.locator("#values-notice")).to_be_visible()
    settled(p)
    audit.check(p, "stage 4, a value sent empty")
    type_into(p, "#candidate-name", "honesty")
    p.locator("#candidate-add").click()
    expect(p.locator("#values-notice")).to_contain_text("Honesty")
    settled(p)
    audit.check(p, "stage 4, a value already on the list")
    # The brainstorm ends while Paul types: his words are kept to copy.
    type_into(p, "#candidate-name", "Patience")
    steps["stage 5, no round yet"](team)
    expect(p.locator("#unsent")).to_be_visible(timeout=LIVE_WITHIN_MS)
    audit.check(p, "stage 5, unsent text kept")

    steps["stage 5, round open"](team)
    f.goto(team.workshop.get_absolute_url())
    f.locator("#ballot .entry", has_text="Ownership").get_by_role(
        "button", name="Add a dot to Ownership"
    ).click(force=True)
    expect(f.locator("#values-notice")).to_contain_text("placed all your 3 dots")
    settled(f)
    audit.check(f, "stage 5, a dot over the budget")
    audit.assert_clean()


def test_what_stage_7_shows_after_an_action(persona, live_server, transactional_db):
    """Stage 7's refusals and its conflict: an empty answer, a custom metric without a name,
    an action statement someone else saved first."""
    team = make_team()
    for screen, step in STATES:
        step(team)
        if screen.startswith("stage 7,"):
            break
    honesty = team.workshop.candidates.get(name="Honesty")
    v = honesty.pk
    paul = scanner(persona, live_server, "paul", team.paul)
    p = paul.page
    audit = Audit()

    p.goto(team.workshop.get_absolute_url())
    expect(p.locator(f"#value-{v}")).to_have_attribute("open", "")
    settled(p)
    p.locator(f"#add-q-{v}-in_action-button").click()
    expect(p.locator(f"#add-q-{v}-in_action-error")).to_be_visible()
    expect(p.locator(f"#add-q-{v}-in_action-text")).to_have_attribute("aria-invalid", "true")
    settled(p)
    audit.check(p, "stage 7, an answer sent empty")

    p.locator(f"#metric-add-{v} > summary").click()
    p.locator(f"#metric-{v}-metric").select_option("custom")
    p.locator(f"#metric-add-button-{v}").click()
    expect(p.locator(f"#metric-{v}-custom_name-error")).to_have_text("Name the custom metric.")
    expect(p.locator(f"#metric-{v}-custom_name")).to_have_attribute("aria-invalid", "true")
    expect(p.locator(f"#metric-add-{v}")).to_have_attribute("open", "")
    settled(p)
    audit.check(p, "stage 7, a custom metric without a name")

    type_into(p, f"#text-action-{v}", "Tell customers the truth, kindly.")
    action_services.statement_save(
        candidate=honesty, text="Say it straight.", base_version=1, user=team.fiona
    )
    p.locator(f"#save-action-{v}").click()
    expect(p.locator(f"#form-action-{v} .notice.warning")).to_be_visible()
    settled(p)
    audit.check(p, "stage 7, an action statement in conflict")
    audit.assert_clean()


def test_the_shared_document_screens(persona, live_server, transactional_db):
    """Stage 8 shared, as the admin (the link, its QR code, the readings); the share page
    on a laptop and on a phone, as it opens, with an answer sent empty and with one
    saved; the link once stopped; the document page comparing two versions."""
    team = make_team()
    for _screen, step in STATES:
        step(team)
    assert team.workshop.stage == Stage.DOCUMENT
    honesty = team.workshop.candidates.get(name="Honesty")
    link = reverse("document_share", args=[ShareLink.objects.get(workshop=team.workshop).token])
    audit = Audit()

    alice = scanner(persona, live_server, "alice", team.alice)
    show(alice, team.workshop.get_absolute_url())
    expect(alice.page.locator("#share-link")).to_be_visible()
    expect(alice.page.locator("#document-readings .reading-answers li")).to_have_count(3)
    settled(alice.page)
    audit.check(alice.page, "stage 8 shared and read, as the admin")

    for size, options in (("laptop", DESKTOP), ("phone", PHONE)):
        reader = scanner(persona, live_server, f"reader-{size}", **options)
        page = reader.page
        show(reader, link)
        audit.check(page, f"share page, on a {size}")
        page.locator(f"#interpret-send-{honesty.pk}").click()
        expect(page.locator(f"#interpret-errors-{honesty.pk}")).to_be_visible()
        audit.check(page, f"share page, an answer sent empty, on a {size}")
        page.locator(f"#interpret-text-{honesty.pk}").fill("Saying what we do not know.")
        page.locator(f"#interpret-send-{honesty.pk}").click()
        expect(page.locator(f"#interpret-saved-{honesty.pk}")).not_to_be_empty()
        audit.check(page, f"share page, an answer saved, on a {size}")

    # The team revises Honesty and finalises again: the document page compares the two.
    statement = ActionStatement.objects.get(candidate=honesty)
    action_services.statement_save(
        candidate=honesty,
        text="Say what is true, kindly, even when it costs us a sale.",
        base_version=statement.version,
        user=team.fiona,
    )
    versions.version_finalise(workshop=team.workshop, user=team.fiona)
    show(alice, reverse("document_page", args=[team.workshop.pk]))
    expect(alice.page.locator("#changes .change-part")).to_have_count(1)
    audit.check(alice.page, "the document page, comparing two versions")

    sharing.share_stop(workshop=team.workshop)
    show(reader, link, status=404)
    audit.check(reader.page, "share link stopped, on a phone")
    show(alice, team.workshop.get_absolute_url())
    expect(alice.page.locator("#share-start")).to_be_visible()
    settled(alice.page)
    audit.check(alice.page, "stage 8, sharing stopped, as the admin")
    audit.assert_clean()
