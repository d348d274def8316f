"""Stage 7 in real browsers: two participants put the same value into action at once.

Ann and Ben take part, Fiona facilitates. While Ann writes the action statement of Speed,
Ben answers one of its five questions and adds a suggested metric; each sees the other's
work arrive live (the poll morphs the stage in place) without losing what they are
typing, nor the focus. Fiona puts Ben's answer into the document and both see it, and the
progress, change. Ann and Ben saving the same statement from the same version get the
conflict notice with both texts. The panels open by keyboard and from the progress list,
and the screen fits a phone.

The action check (actions/check.py) is a placeholder for now: its verdicts are not
asserted, only that it answers while someone types.
"""

import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from actions import services as action_services
from actions.models import ActionStatement, Question, QuestionAnswer, ValueMetric
from tests.browser.test_accessibility import scanner, show
from tests.browser.test_live_resilience import (
    LIVE_WITHIN_MS,
    mark_document,
    open_workshop,
    same_document,
    settled,
    type_into,
)
from tests.browser.workshop_states import STATES, make_team
from tests.factories import OrganisationFactory, member, workshop_for
from values import brainstorm as brainstorm_services
from values import voting as voting_services
from values.models import Candidate
from workshops import services
from workshops.models import Role, Stage, Workshop

pytestmark = pytest.mark.browser

STATEMENT = "Treat every customer with urgency."
ANSWER = "Nobody waits to hear from us."
HALF_TYPED = "We answer before we invest"
PHONE_390 = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


@dataclass
class Room:
    workshop: Workshop
    fiona: object
    ann: object
    ben: object
    speed: Candidate
    honesty: Candidate


@pytest.fixture
def room(transactional_db):
    """A workshop at stage 7 with two final values, Speed first (so its panel opens on
    arrival) and Honesty, nothing written yet."""
    organisation = OrganisationFactory(name="Acme")
    fiona = member(organisation, Role.FACILITATOR, display_name="Fiona")
    ann = member(organisation, Role.PARTICIPANT, display_name="Ann")
    ben = member(organisation, Role.PARTICIPANT, display_name="Ben")
    workshop = workshop_for(organisation, facilitators=[fiona], participants=[ann, ben])
    speed, honesty = (
        brainstorm_services.candidate_add(workshop=workshop, name=name, user=fiona)
        for name in ("Speed", "Honesty")
    )
    voting_services.finalise(
        workshop=workshop, candidate_ids=[speed.pk, honesty.pk], name="", user=fiona
    )
    services.workshop_set_stage(workshop=workshop, stage=Stage.VALUES_IN_ACTION)
    return Room(workshop, fiona, ann, ben, speed, honesty)


def focused_id(page: Page) -> str:
    return page.evaluate("() => document.activeElement && document.activeElement.id")


def progress(page: Page):
    return page.locator("#actions-progress-heading")


def shot(who, name: str) -> None:
    """The persona's screenshot of the step, also under /tmp to look at."""
    who.snap(name)
    path = Path(tempfile.gettempdir()) / f"s7browser-{who.name}-{name}.png"
    who.page.screenshot(path=str(path), full_page=True, caret="initial")


def test_two_participants_fill_one_value_at_once_and_keep_what_they_type(
    persona, live_server, room
):
    v = room.speed.pk
    ann = open_workshop(persona, live_server, room.ann, room.workshop, "ann")
    ben = open_workshop(persona, live_server, room.ben, room.workshop, "ben")
    a, b = ann.page, ben.page
    for page in (a, b):
        mark_document(page)
        # The first value still missing something is open on arrival, the other closed.
        expect(page.locator(f"#value-{v}")).to_have_attribute("open", "")
        expect(page.locator(f"#value-{room.honesty.pk}")).not_to_have_attribute("open", "")
        expect(progress(page)).to_have_text("0 of 2 values complete")
        settled(page)

    # Ann types the statement; the check answers her words before anything is saved.
    type_into(a, f"#text-action-{v}", STATEMENT)
    expect(a.locator(f"#check-action-{v}")).to_have_attribute("data-typed", "1")
    expect(a.locator(f"#check-action-{v} .criterion")).to_be_visible()
    assert not ActionStatement.objects.filter(candidate=room.speed).exclude(text="").exists()

    # Meanwhile Ben answers "What does this value mean to us?"...
    type_into(b, f"#add-q-{v}-meaning-text", ANSWER)
    b.locator(f"#add-q-{v}-meaning-button").click()
    answer = b.locator(f"#q-{v}-meaning .answer-text")
    expect(answer).to_have_text(ANSWER)
    expect(b.locator(f"#add-q-{v}-meaning-text")).to_have_value("")
    mine = QuestionAnswer.objects.get()
    assert (mine.text, mine.author_id, mine.question) == (ANSWER, room.ben.pk, Question.MEANING)
    # ...which reaches Ann's screen around her unsaved statement.
    expect(a.locator(f"#answer-{mine.pk} .answer-text")).to_have_text(
        ANSWER, timeout=LIVE_WITHIN_MS
    )
    expect(a.locator(f"#text-action-{v}")).to_have_value(STATEMENT)
    expect(a.locator(f"#check-action-{v}")).to_have_attribute("data-typed", "1")
    assert focused_id(a) == f"text-action-{v}"

    # Ben adds the suggested first response time; Ann sees it appear.
    settled(b)
    b.locator(f"#suggest-{v}-frt").click()
    expect(b.locator(f"#metrics-{v} .chosen-metric")).to_have_count(1)
    expect(b.locator(f"#suggest-{v}-frt")).to_have_count(0)
    metric = ValueMetric.objects.get()
    assert (metric.metric, metric.added_by_id) == ("frt", room.ben.pk)
    expect(a.locator(f"#metric-{metric.pk}")).to_contain_text(
        "First response time", timeout=LIVE_WITHIN_MS
    )
    expect(a.locator(f"#text-action-{v}")).to_have_value(STATEMENT)

    # Ben starts another answer; Ann's save arrives while he is typing it.
    settled(b)
    box = f"#add-q-{v}-in_action-text"
    type_into(b, box, HALF_TYPED)
    a.locator(f"#save-action-{v}").click()
    expect(a.locator(f"#form-action-{v} .saved-note")).to_be_visible()
    expect(b.locator(f"#text-action-{v}")).to_have_value(STATEMENT, timeout=LIVE_WITHIN_MS)
    expect(b.locator(f"#meta-action-{v}")).to_contain_text("Last saved by Ann")
    settled(b)
    expect(b.locator(box)).to_have_value(HALF_TYPED)
    assert focused_id(b) == box[1:], f"Ben's focus moved to {focused_id(b)!r}"
    # He goes on typing where he was, and sends it.
    b.keyboard.type("igate.")
    expect(b.locator(box)).to_have_value(HALF_TYPED + "igate.")
    shot(ben, "typing-while-ann-saved")
    b.locator(f"#add-q-{v}-in_action-button").click()
    expect(a.locator(f"#q-{v}-in_action .answer-text")).to_have_text(
        HALF_TYPED + "igate.", timeout=LIVE_WITHIN_MS
    )

    statement = ActionStatement.objects.get(candidate=room.speed)
    assert (statement.text, statement.version, statement.updated_by_id) == (
        STATEMENT,
        1,
        room.ann.pk,
    )
    # Statement and metric are in: what is missing is the five questions' kept answers.
    for page in (a, b):
        expect(page.locator(f"#actions-progress a[href='#value-{v}'] + .status")).to_have_text(
            "5 things missing", timeout=LIVE_WITHIN_MS
        )
    shot(ann, "after-both-worked")
    for who in (ann, ben):
        assert same_document(who.page), f"{who.name}'s screen reloaded"
        assert who.errors == [], f"{who.name}: {who.errors}"
        assert who.dialogs == [], f"{who.name} was asked: {who.dialogs}"


def _nearly_complete(room: Room) -> QuestionAnswer:
    """Speed has its statement, a metric and a kept answer to four questions; Ben's answer
    to the first question is the last thing missing."""
    v = room.speed
    action_services.statement_save(candidate=v, text=STATEMENT, base_version=0, user=room.ann)
    action_services.metric_add(candidate=v, metric="frt", user=room.ben)
    for question in Question.values[1:]:
        kept = action_services.answer_add(
            candidate=v, question=question, text=f"Ann on {question}.", user=room.ann
        )
        action_services.answer_in_document(answer=kept, in_document=True)
    return action_services.answer_add(
        candidate=v, question=Question.MEANING, text=ANSWER, user=room.ben
    )


def test_the_facilitator_puts_an_answer_in_the_document_and_everyone_sees_it(
    persona, live_server, room
):
    bens = _nearly_complete(room)
    v = room.speed.pk
    fiona = open_workshop(persona, live_server, room.fiona, room.workshop, "fiona")
    ann = open_workshop(persona, live_server, room.ann, room.workshop, "ann")
    ben = open_workshop(persona, live_server, room.ben, room.workshop, "ben")
    f = fiona.page
    for who in (fiona, ann, ben):
        mark_document(who.page)
        expect(progress(who.page)).to_have_text("0 of 2 values complete")
        expect(who.page.locator(f"#answer-{bens.pk} .badge")).to_have_count(0)
        expect(who.page.locator(f"#value-{v} > summary .badge")).to_have_text("1 thing missing")
    # Only the facilitator has the button.
    for who in (ann, ben):
        expect(who.page.locator(f"#keep-{bens.pk}")).to_have_count(0)

    settled(f)
    keep = f.locator(f"#keep-{bens.pk}")
    expect(keep).to_have_text("Put in the document")
    expect(keep).to_have_attribute("aria-pressed", "false")
    keep.click()
    expect(f.locator(f"#keep-{bens.pk}")).to_have_text("Take out of the document")
    expect(f.locator(f"#keep-{bens.pk}")).to_have_attribute("aria-pressed", "true")
    settled(f)
    assert focused_id(f) == f"keep-{bens.pk}", f"focus is on {focused_id(f)!r}"
    bens.refresh_from_db()
    assert bens.in_document

    for who in (fiona, ann, ben):
        page = who.page
        expect(page.locator(f"#answer-{bens.pk} .badge")).to_have_text(
            "In the document", timeout=LIVE_WITHIN_MS
        )
        expect(progress(page)).to_have_text("1 of 2 values complete")
        expect(page.locator("#actions-progress progress")).to_have_attribute("value", "1")
        expect(page.locator(f"#value-{v} > summary .badge")).to_have_text("Complete")
        expect(page.locator(f"#actions-progress a[href='#value-{v}'] + .status")).to_contain_text(
            "Complete"
        )
        # Speed is no longer among what is missing; Honesty still is.
        expect(page.locator(".actions-missing")).not_to_contain_text("Speed")
        expect(page.locator(".actions-missing")).to_contain_text("Honesty")
        # The panel they had open stays open while it changes.
        expect(page.locator(f"#value-{v}")).to_have_attribute("open", "")
    shot(ben, "answer-kept")
    for who in (fiona, ann, ben):
        assert same_document(who.page), f"{who.name}'s screen reloaded"
        assert who.errors == [], f"{who.name}: {who.errors}"
    # Speed complete, a page load opens the next value still missing something.
    ann.page.reload()
    expect(ann.page.locator(f"#value-{room.honesty.pk}")).to_have_attribute("open", "")
    expect(ann.page.locator(f"#value-{v}")).not_to_have_attribute("open", "")


def test_a_vote_and_an_edit_of_an_answer_reach_the_other_screen(persona, live_server, room):
    v = room.speed.pk
    bens = action_services.answer_add(
        candidate=room.speed, question=Question.MEANING, text=ANSWER, user=room.ben
    )
    ann = open_workshop(persona, live_server, room.ann, room.workshop, "ann")
    ben = open_workshop(persona, live_server, room.ben, room.workshop, "ben")
    a, b = ann.page, ben.page
    for page in (a, b):
        mark_document(page)
        settled(page)
    # Not Ann's answer: she can vote for it but not edit it.
    expect(a.locator(f"#answer-edit-{bens.pk}")).to_have_count(0)
    support = a.locator(f"#support-{bens.pk}")
    expect(support).to_have_attribute("aria-pressed", "false")
    support.click()
    expect(a.locator(f"#support-{bens.pk}")).to_have_attribute("aria-pressed", "true")
    expect(a.locator(f"#support-{bens.pk} .support-count")).to_have_text("(1 vote)")
    expect(b.locator(f"#support-{bens.pk} .support-count")).to_have_text(
        "(1 vote)", timeout=LIVE_WITHIN_MS
    )
    expect(b.locator(f"#support-{bens.pk}")).to_have_attribute("aria-pressed", "false")

    # Ben edits it in its panel; the save says so there, and the focus stays on "Save".
    settled(b)
    b.locator(f"#answer-edit-{bens.pk} > summary").click()
    edited = "Nobody waits to hear from us: a first answer within the hour."
    type_into(b, f"#text-{bens.stem}", edited)
    b.locator(f"#save-{bens.stem}").click()
    expect(b.locator(f"#form-{bens.stem} .saved-note")).to_be_visible()
    expect(b.locator(f"#answer-text-{bens.pk}")).to_have_text(edited, timeout=LIVE_WITHIN_MS)
    settled(b)
    expect(b.locator(f"#answer-edit-{bens.pk}")).to_have_attribute("open", "")
    expect(b.locator(f"#form-{bens.stem} .saved-note")).to_be_visible()
    assert focused_id(b) == f"save-{bens.stem}", f"focus is on {focused_id(b)!r}"
    expect(a.locator(f"#answer-text-{bens.pk}")).to_have_text(edited, timeout=LIVE_WITHIN_MS)
    # Ann's vote stays on the edited answer.
    expect(a.locator(f"#support-{bens.pk}")).to_have_attribute("aria-pressed", "true")
    bens.refresh_from_db()
    assert (bens.text, bens.version) == (edited, 2)
    expect(a.locator(f"#q-{v}-meaning .question-answer")).to_have_count(1)
    for who in (ann, ben):
        assert same_document(who.page), f"{who.name}'s screen reloaded"
        assert who.errors == [], f"{who.name}: {who.errors}"


def test_two_saves_of_the_same_statement_show_both_texts(persona, live_server, room):
    v = room.speed.pk
    action_services.statement_save(
        candidate=room.speed, text="Be quick.", base_version=0, user=room.fiona
    )
    ann = open_workshop(persona, live_server, room.ann, room.workshop, "ann")
    ben = open_workshop(persona, live_server, room.ben, room.workshop, "ben")
    a, b = ann.page, ben.page
    for page in (a, b):
        mark_document(page)
        expect(page.locator(f"#text-action-{v}")).to_have_value("Be quick.")
        expect(page.locator(f"#form-action-{v} input[name=base_version]")).to_have_value("1")
        settled(page)

    bens_text = "Answer every customer within the hour."
    type_into(a, f"#text-action-{v}", STATEMENT)
    type_into(b, f"#text-action-{v}", bens_text)
    a.locator(f"#save-action-{v}").click()
    expect(a.locator(f"#form-action-{v} .saved-note")).to_be_visible()
    # Ben's box keeps his words while Ann's save arrives; he is told someone saved first.
    expect(b.locator(f"#meta-action-{v} .stale-warning")).to_be_visible(timeout=LIVE_WITHIN_MS)
    expect(b.locator(f"#text-action-{v}")).to_have_value(bens_text)

    b.locator(f"#save-action-{v}").click()
    notice = b.locator(f"#form-action-{v} .notice.warning")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("Ann saved this action statement while you were editing.")
    expect(notice.locator(".their-text")).to_contain_text(STATEMENT)
    expect(notice.locator(".diff ins").first).to_be_visible()
    expect(notice.locator(".diff del").first).to_be_visible()
    expect(b.locator(f"#text-action-{v}")).to_have_value(bens_text)
    shot(ben, "statement-conflict")
    statement = ActionStatement.objects.get(candidate=room.speed)
    assert (statement.text, statement.version) == (STATEMENT, 2)

    # The conflict holds while the poll re-renders around it, then Ben combines and saves.
    combined = "Treat every customer with urgency: an answer within the hour."
    type_into(b, f"#text-action-{v}", combined)
    b.locator(f"#save-action-{v}").click()
    expect(b.locator(f"#form-action-{v} .saved-note")).to_be_visible()
    expect(b.locator(f"#form-action-{v} .notice.warning")).to_have_count(0)
    expect(a.locator(f"#text-action-{v}")).to_have_value(combined, timeout=LIVE_WITHIN_MS)
    statement.refresh_from_db()
    assert (statement.text, statement.version, statement.updated_by_id) == (
        combined,
        3,
        room.ben.pk,
    )
    for who in (ann, ben):
        assert same_document(who.page), f"{who.name}'s screen reloaded"
        assert who.errors == [], f"{who.name}: {who.errors}"


def test_the_value_panels_open_by_keyboard_and_from_the_progress_list(persona, live_server, room):
    speed, honesty = room.speed.pk, room.honesty.pk
    ann = open_workshop(persona, live_server, room.ann, room.workshop, "ann")
    a = ann.page
    settled(a)
    panel = a.locator(f"#value-{honesty}")
    expect(panel).not_to_have_attribute("open", "")
    expect(a.locator(f"#text-action-{honesty}")).to_be_hidden()

    # Enter on the summary opens it (and Enter again closes it).
    summary = panel.locator("> summary")
    summary.focus()
    a.keyboard.press("Enter")
    expect(panel).to_have_attribute("open", "")
    expect(a.locator(f"#text-action-{honesty}")).to_be_visible()
    a.keyboard.press("Enter")
    expect(panel).not_to_have_attribute("open", "")
    # Tab from the summary of an open panel reaches its first field.
    a.keyboard.press("Enter")
    a.keyboard.press("Tab")
    assert focused_id(a) == f"text-action-{honesty}", focused_id(a)

    # Closed again, the progress list's link opens it and scrolls there, by keyboard too.
    summary.focus()
    a.keyboard.press("Enter")
    expect(panel).not_to_have_attribute("open", "")
    link = a.locator(f"#actions-progress a[href='#value-{honesty}']")
    link.focus()
    a.keyboard.press("Enter")
    expect(panel).to_have_attribute("open", "")
    expect(a).to_have_url(f"{live_server.url}{room.workshop.get_absolute_url()}#value-{honesty}")
    expect(summary).to_be_in_viewport()
    # Speed's panel, open on arrival, stays open: the link opens, it does not switch.
    expect(a.locator(f"#value-{speed}")).to_have_attribute("open", "")

    # A page opened at the value's address opens its panel too.
    a.locator(f"#value-{speed} > summary").click()
    expect(a.locator(f"#value-{speed}")).not_to_have_attribute("open", "")
    a.goto(f"{room.workshop.get_absolute_url()}#value-{honesty}")
    a.reload()
    expect(a.locator(f"#value-{honesty}")).to_have_attribute("open", "")

    # A panel opened by hand stays open through the re-render someone else's work causes.
    settled(a)
    counter = a.locator("#live-poll").get_attribute("data-counter")
    action_services.metric_add(candidate=room.honesty, metric="nps", user=room.ben)
    expect(a.locator("#live-poll")).not_to_have_attribute(
        "data-counter", counter, timeout=LIVE_WITHIN_MS
    )
    expect(a.locator(f"#metrics-{honesty} .chosen-metric")).to_have_count(1)
    expect(a.locator(f"#value-{honesty}")).to_have_attribute("open", "")
    assert ann.errors == [], ann.errors


def test_stage_7_fits_a_phone(persona, live_server, transactional_db):
    team = make_team()
    for screen, step in STATES:
        step(team)
        if screen.startswith("stage 7,"):
            break
    assert team.workshop.stage == Stage.VALUES_IN_ACTION
    problems = []
    phones = {}
    for name, user in (("fiona", team.fiona), ("paul", team.paul)):
        who = phones[name] = scanner(persona, live_server, f"phone-{name}", user, **PHONE_390)
        page = who.page
        # On arrival (one panel open), then with every panel open.
        page.goto(team.workshop.get_absolute_url())
        expect(page.locator("#stage-heading")).to_have_attribute("data-stage", "7")
        settled(page)
        shot(who, "arrival")
        show(who, team.workshop.get_absolute_url())
        settled(page)
        width = page.evaluate("() => [document.scrollingElement.scrollWidth, window.innerWidth]")
        if width[0] > width[1]:
            wide = page.evaluate(
                """() => Array.from(document.querySelectorAll('#live *'))
                    .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1)
                    .slice(0, 5).map((el) => el.tagName + '#' + el.id + '.' + el.className)"""
            )
            problems.append(f"{name}: scrollWidth {width[0]} > {width[1]}: {wide}")
        # Every button of the stage lies within the screen's width, big enough to tap.
        outside = page.evaluate(
            """() => Array.from(document.querySelectorAll('.actions-stage button'))
                .filter((b) => b.offsetParent !== null)
                .map((b) => [b.id || b.textContent.trim().slice(0, 30), b.getBoundingClientRect()])
                .filter(([, r]) => r.left < 0 || r.right > window.innerWidth || r.height < 24)
                .map(([id, r]) => `${id}: ${Math.round(r.left)}..${Math.round(r.right)}`
                     + ` x ${Math.round(r.height)}`)"""
        )
        problems += [f"{name}: button {line}" for line in outside]
        shot(who, "every-panel-open")
    assert not problems, "\n".join(problems)

    # A button far down the page is reached and works by touch: Paul adds a metric.
    paul = phones["paul"]
    page = paul.page
    page.goto(team.workshop.get_absolute_url())
    settled(page)
    listening = team.workshop.candidates.get(name="Listening").pk
    page.locator(f"#actions-progress a[href='#value-{listening}']").tap()
    expect(page.locator(f"#value-{listening}")).to_have_attribute("open", "")
    settled(page)
    button = page.locator(f"#suggest-{listening}-qa")
    button.scroll_into_view_if_needed()
    button.tap()
    expect(page.locator(f"#metrics-{listening} .chosen-metric")).to_have_count(1)
    assert ValueMetric.objects.filter(candidate_id=listening, metric="qa").exists()
    assert paul.errors == [], paul.errors


def test_what_is_typed_stays_through_ones_own_other_actions(persona, live_server, room):
    """Ben half-writes an answer and a metric's target, then adds a suggested metric and
    a vote: his own actions re-render the stage, and both stay as he typed them."""
    v = room.speed.pk
    anns = action_services.answer_add(
        candidate=room.speed, question=Question.MEANING, text="Fast.", user=room.ann
    )
    ben = open_workshop(persona, live_server, room.ben, room.workshop, "ben")
    b = ben.page
    mark_document(b)
    settled(b)
    type_into(b, f"#add-q-{v}-misread-text", HALF_TYPED)
    b.locator(f"#metric-add-{v} > summary").click()
    b.locator(f"#metric-{v}-metric").select_option("csat")
    type_into(b, f"#metric-{v}-target", "above 8")
    b.locator(f"#suggest-{v}-aht").click()
    expect(b.locator(f"#metrics-{v} .chosen-metric")).to_have_count(1)
    settled(b)
    b.locator(f"#support-{anns.pk}").click()
    expect(b.locator(f"#support-{anns.pk}")).to_have_attribute("aria-pressed", "true")
    settled(b)
    expect(b.locator(f"#add-q-{v}-misread-text")).to_have_value(HALF_TYPED)
    expect(b.locator(f"#metric-add-{v}")).to_have_attribute("open", "")
    expect(b.locator(f"#metric-{v}-metric")).to_have_value("csat")
    expect(b.locator(f"#metric-{v}-target")).to_have_value("above 8")
    # Sent, the metric form empties; the half-written answer is still there.
    b.locator(f"#metric-add-button-{v}").click()
    expect(b.locator(f"#metrics-{v} .chosen-metric")).to_have_count(2)
    expect(b.locator(f"#metrics-{v} .chosen-metric").nth(1)).to_contain_text("target: above 8")
    expect(b.locator(f"#add-q-{v}-misread-text")).to_have_value(HALF_TYPED)
    assert same_document(b)
    assert ben.errors == [], ben.errors


# Every text the field's label showed from now on (the label is replaced, not edited, by
# a save's answer and by a re-render, so a MutationObserver on the page catches each).
WATCH_LABEL = """(id) => {
  if (window.__labelObserver) window.__labelObserver.disconnect();
  window.__labels = [document.querySelector(`label[for="${id}"]`).textContent.trim()];
  window.__labelObserver = new MutationObserver(() => {
    const label = document.querySelector(`label[for="${id}"]`);
    const text = label && label.textContent.trim();
    if (text && text !== window.__labels[window.__labels.length - 1]) window.__labels.push(text);
  });
  window.__labelObserver.observe(
    document.body, {subtree: true, childList: true, characterData: true}
  );
}"""


def test_a_fields_label_stays_the_same_when_it_is_saved(persona, live_server, room):
    v = room.speed.pk
    bens = action_services.answer_add(
        candidate=room.speed, question=Question.MEANING, text=ANSWER, user=room.ben
    )
    ben = open_workshop(persona, live_server, room.ben, room.workshop, "ben")
    b = ben.page
    settled(b)
    seen = {}
    for stem, opens in ((f"action-{v}", None), (bens.stem, f"#answer-edit-{bens.pk} > summary")):
        if opens:
            b.locator(opens).click()
        b.evaluate(WATCH_LABEL, f"text-{stem}")
        type_into(b, f"#text-{stem}", f"{STATEMENT} ({stem})")
        counter = b.locator("#live-poll").get_attribute("data-counter")
        b.locator(f"#save-{stem}").click()
        expect(b.locator(f"#form-{stem} .saved-note")).to_be_visible()
        # The poll's re-render that the save itself causes.
        expect(b.locator("#live-poll")).not_to_have_attribute(
            "data-counter", counter, timeout=LIVE_WITHIN_MS
        )
        settled(b)
        seen[stem] = b.evaluate("() => window.__labels")
    shot(ben, "label-after-save")
    assert all(len(labels) == 1 for labels in seen.values()), seen


def test_the_check_follows_the_statement_again_after_it_is_saved(persona, live_server, room):
    """After a save, the value's panel comes back by a live part (rendered on its own):
    the statement box must keep its check, and typing in it again must not lose it."""
    v = room.speed.pk
    ann = open_workshop(persona, live_server, room.ann, room.workshop, "ann")
    a = ann.page
    settled(a)
    type_into(a, f"#text-action-{v}", STATEMENT)
    a.locator(f"#save-action-{v}").click()
    expect(a.locator(f"#form-action-{v} .saved-note")).to_be_visible()
    # The poll brings the value's own panel after the save.
    a.wait_for_timeout(LIVE_WITHIN_MS)
    settled(a)
    expect(a.locator(f"#text-action-{v}")).to_have_attribute(
        "hx-vals", f'{{"check": "action-{v}"}}'
    )
    a.locator(f"#text-action-{v}").press("End")
    a.keyboard.type(" Always.")
    expect(a.locator(f"#check-action-{v}")).to_have_attribute("data-typed", "1")
    expect(a.locator(f"#text-action-{v}")).to_have_value(STATEMENT + " Always.")
    expect(a.locator(f"#form-action-{v}")).to_be_visible()


def test_a_half_written_answer_survives_a_reload(persona, live_server, room):
    v = room.speed.pk
    ann = open_workshop(persona, live_server, room.ann, room.workshop, "ann")
    a = ann.page
    settled(a)
    type_into(a, f"#add-q-{v}-meaning-text", HALF_TYPED)
    a.reload()
    expect(a.locator(f"#add-q-{v}-meaning-text")).to_have_value(HALF_TYPED)
    # Once sent, it is not brought back again.
    a.locator(f"#add-q-{v}-meaning-button").click()
    expect(a.locator(f"#q-{v}-meaning .answer-text")).to_have_text(HALF_TYPED)
    a.reload()
    expect(a.locator(f"#add-q-{v}-meaning-text")).to_have_value("")
