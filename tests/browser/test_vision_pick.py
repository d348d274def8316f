"""Stage 6 in real browsers: two participants rate the drafts, the facilitator shortlists
two, compares them and picks one the check questions, with a reason; everyone sees the
final statement appear without reloading."""

import pytest
from playwright.sync_api import expect

from tests.browser.test_live_resilience import (
    LIVE_WITHIN_MS,
    mark_document,
    open_workshop,
    same_document,
    settled,
)
from tests.factories import OrganisationFactory, member, workshop_for
from vision import services as vision_services
from vision.models import DraftRating, VisionStatement
from workshops import services
from workshops.models import Role, Stage

pytestmark = pytest.mark.browser

WEAK = "We leverage synergy to deliver best-in-class solutions 24/7."
GOOD = "Every customer leaves with an honest answer, fast."
REASON = "The team will own it."


def _rate(page, draft, criterion, verdict, comment=""):
    page.locator(f"#rate-{draft.pk} > summary").click()
    page.locator(f"#rate-{draft.pk}-{criterion}-{verdict}").check()
    if comment:
        page.locator(f"#rate-{draft.pk}-{criterion}-comment").fill(comment)
    page.locator(f"#rate-save-{draft.pk}").click()
    # The panel closes on the saved answer, whose confirmation shows beside it (until the
    # next change anyone makes re-renders the stage; the rating itself stays checked).
    expect(page.locator(f"#rate-{draft.pk}")).not_to_have_attribute("open", "")
    expect(page.locator(f"#rate-{draft.pk}-{criterion}-{verdict}")).to_be_checked()


def test_the_team_rates_and_the_facilitator_picks_with_a_reason(
    persona, live_server, transactional_db
):
    organisation = OrganisationFactory(name="Acme")
    fiona_user = member(organisation, Role.FACILITATOR, display_name="Fiona")
    paul_user = member(organisation, Role.PARTICIPANT, display_name="Paul")
    pia_user = member(organisation, Role.PARTICIPANT, display_name="Pia")
    workshop = workshop_for(
        organisation, facilitators=[fiona_user], participants=[paul_user, pia_user]
    )
    weak = vision_services.draft_create(workshop=workshop, author=paul_user, text=WEAK)
    good = vision_services.draft_create(workshop=workshop, author=pia_user, text=GOOD)
    services.workshop_set_stage(workshop=workshop, stage=Stage.VISION)

    fiona = open_workshop(persona, live_server, fiona_user, workshop, "fiona")
    paul = open_workshop(persona, live_server, paul_user, workshop, "paul")
    pia = open_workshop(persona, live_server, pia_user, workshop, "pia")
    f, p, q = fiona.page, paul.page, pia.page
    for who in (fiona, paul, pia):
        mark_document(who.page)
        settled(who.page)

    # A double-click on "Save my walk-through" sends it once, and says it is saved.
    posts = []
    p.on(
        "request",
        lambda r: posts.append(r.url) if r.method == "POST" and "/journey/" in r.url else None,
    )
    p.locator(f"#journey-{good.pk} > summary").click()
    p.locator(f"#journey-{good.pk}-first_contact-yes").check()
    p.locator(f"#journey-save-{good.pk}").dblclick()
    expect(p.locator(f"#walked-{good.pk}")).to_contain_text("saved")
    assert len(posts) == 1, posts
    settled(p)

    # Two participants rate the weak draft.
    _rate(p, weak, "simple", "needs_work", "Jargon.")
    _rate(q, weak, "simple", "meets")
    assert DraftRating.objects.filter(draft=weak).count() == 2

    # The facilitator shortlists both: the comparison shows the check and the ratings.
    expect(p.locator("#no-shortlist")).to_be_visible()
    for draft in (weak, good):
        settled(f)
        f.locator(f"#shortlist-{draft.pk}").click()
        expect(f.locator(f"#compare-draft-{draft.pk}")).to_be_visible()
    table = p.locator("#vision-compare table")
    expect(table).to_be_visible(timeout=LIVE_WITHIN_MS)
    simple = table.locator(f'tr[data-criterion="simple"] td[data-draft="{weak.pk}"]')
    expect(simple).to_contain_text("Needs work")
    expect(simple).to_contain_text("Team: 1 meets · 1 needs work")
    expect(simple).to_contain_text("Jargon.")
    expect(p.locator(f"#pick-{weak.pk}")).to_have_count(0)  # participants do not pick

    # Picking the weak draft without a reason is refused; with one, it is the statement.
    settled(f)
    f.locator(f"#pick-{weak.pk}").click()
    expect(f.locator("#vision-notice")).to_contain_text("needs work")
    assert not VisionStatement.objects.exists()
    settled(f)
    f.locator(f"#pick-reason-{weak.pk}").fill(REASON)
    f.locator(f"#pick-{weak.pk}").click()
    expect(f.locator("#final-statement-text")).to_have_text(WEAK)
    for page in (p, q):
        expect(page.locator("#final-statement-text")).to_have_text(WEAK, timeout=LIVE_WITHIN_MS)
        expect(page.locator("#final-statement-override")).to_contain_text(f"because: {REASON}")
    statement = VisionStatement.objects.get()
    assert (statement.draft_id, statement.override_reason) == (weak.pk, REASON)
    for who in (fiona, paul, pia):
        assert same_document(who.page), who.name
        assert not who.errors, who.errors
