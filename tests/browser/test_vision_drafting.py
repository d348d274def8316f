"""Stage 6 in real browsers: two participants draft the vision statement; the check
follows the words as they are typed, before any save, and each sees the other's drafts
appear without reloading."""

import pytest
from playwright.sync_api import expect

from tests.browser.test_live_resilience import (
    LIVE_WITHIN_MS,
    mark_document,
    open_workshop,
    same_document,
    settled,
    type_into,
)
from tests.factories import OrganisationFactory, member, workshop_for
from values import brainstorm as brainstorm_services
from values import voting as voting_services
from vision.models import VisionDraft
from workshops import services
from workshops.models import Role, Stage

pytestmark = pytest.mark.browser

BUZZWORDS = "We leverage synergy to maximise revenue"
PLAIN = "We help every customer feel heard."
STARTER = "We treat every customer with honesty and speed."


def test_two_participants_draft_and_the_check_follows_the_typing(
    persona, live_server, transactional_db
):
    organisation = OrganisationFactory(name="Acme")
    fiona = member(organisation, Role.FACILITATOR, display_name="Fiona")
    paul_user = member(organisation, Role.PARTICIPANT, display_name="Paul")
    pia_user = member(organisation, Role.PARTICIPANT, display_name="Pia")
    workshop = workshop_for(organisation, facilitators=[fiona], participants=[paul_user, pia_user])
    ids = [
        brainstorm_services.candidate_add(workshop=workshop, name=name, user=fiona).pk
        for name in ("Honesty", "Speed")
    ]
    voting_services.finalise(workshop=workshop, candidate_ids=ids, name="", user=fiona)
    services.workshop_set_stage(workshop=workshop, stage=Stage.VISION)

    paul = open_workshop(persona, live_server, paul_user, workshop, "paul")
    pia = open_workshop(persona, live_server, pia_user, workshop, "pia")
    p, q = paul.page, pia.page
    for who in (paul, pia):
        mark_document(who.page)
    expect(q.locator("#no-drafts")).to_be_visible()

    # Paul types a new draft: the check answers before anything is saved.
    settled(p)
    type_into(p, "#draft-new-text", BUZZWORDS)
    check = p.locator("#check-new")
    expect(check.locator("mark", has_text="leverage")).to_be_visible()
    expect(check.locator('[data-criterion="service"] .status')).to_contain_text("Needs work")
    assert not VisionDraft.objects.exists()
    # "Why?" opens the reason's explanation.
    check.locator('[data-kind="buzzword"] summary').click()
    expect(check.locator('[data-kind="buzzword"] details p')).to_be_visible()

    p.locator("#draft-add").click()
    expect(p.locator(".drafts .draft-text, .drafts textarea")).to_have_count(1)
    draft = VisionDraft.objects.get()
    assert (draft.text, draft.author_id) == (BUZZWORDS, paul_user.pk)
    # Pia sees Paul's draft appear, with its check, without reloading.
    mine = q.locator(f"#vision-draft-{draft.pk}")
    expect(mine.locator(".draft-text")).to_have_text(BUZZWORDS, timeout=LIVE_WITHIN_MS)
    expect(mine.locator("mark", has_text="synergy").first).to_be_visible()
    expect(mine.locator("textarea")).to_have_count(0)  # not hers to edit

    # Paul rewrites his draft: the check follows his typing while it is unsaved...
    settled(p)
    type_into(p, f"#text-{draft.stem}", PLAIN)
    own = p.locator(f"#check-{draft.stem}")
    expect(own).to_have_attribute("data-typed", "1")
    expect(own.locator("mark", has_text="leverage")).to_have_count(0)
    expect(own.locator('[data-criterion="simple"] .status')).to_contain_text("Meets")
    # ...and stays on his words when Pia's draft (a suggestion taken) moves the screen.
    q.get_by_role("button", name="Use this as my draft").first.click()
    expect(p.locator(".drafts > li")).to_have_count(2, timeout=LIVE_WITHIN_MS)
    expect(p.locator(".drafts .draft-text")).to_have_text(STARTER)
    expect(p.locator(f"#text-{draft.stem}")).to_have_value(PLAIN)
    expect(own.locator('[data-criterion="simple"] .status')).to_contain_text("Meets")
    expect(own.locator("mark", has_text="leverage")).to_have_count(0)

    # Saved: Pia sees the new words live.
    p.locator(f"#save-{draft.stem}").click()
    expect(p.locator(f"#form-{draft.stem} .saved-note")).to_be_visible()
    expect(mine.locator(".draft-text")).to_have_text(PLAIN, timeout=LIVE_WITHIN_MS)
    expect(mine.locator("mark", has_text="synergy")).to_have_count(0)
    draft.refresh_from_db()
    assert (draft.text, draft.version) == (PLAIN, 2)
    for who in (paul, pia):
        assert same_document(who.page), who.name
        assert not who.errors, who.errors
