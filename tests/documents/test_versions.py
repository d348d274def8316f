"""What changed between two versions of the document (documents.versions.compare): each
changed part named, with a word diff of its text; and the document page's "What changed"
section, which compares the latest two finalised versions, or the latest and the document
as it stands when it changed since."""

import copy
import re

import pytest
from django.urls import reverse

from actions import services as action_services
from actions.models import ActionStatement, Question, QuestionAnswer
from documents import services as document_services
from documents import versions
from documents.versions import Change, Side, compare
from surveys import services as survey_services
from tests.factories import logged_in
from values import brainstorm as brainstorm_services
from values.models import Candidate
from workshops import services as workshop_services
from workshops.models import Stage

MEANING = "What does this value mean to us?"
CONCERNS = "How are concerns reported?"


def _value(name: str, statement: str) -> dict:
    return {
        "name": name,
        "description": "",
        "statement": statement,
        "answers": [
            {"question": MEANING, "answers": [f"{name} comes first."]},
            {"question": "How might it be misinterpreted?", "answers": []},
        ],
        "metrics": [
            {"name": "Customer satisfaction (CSAT)", "target": "4.5", "measured_by": "survey"}
        ],
        "practices": [{"team": "Support", "text": "We reply within the hour."}],
    }


BASE = {
    "workshop_id": 1,
    "company": "Acme",
    "title": "Philosophy 2026",
    "foreword": "",
    "purpose": "We help people think clearly.",
    "vision": "Every customer leaves calmer than they came.",
    "values_name": "",
    "values": [
        _value("Honesty", "We tell the truth first."),
        _value("Speed", "Nobody waits for us."),
    ],
    "guides": [{"topic": CONCERNS, "text": "Raise it with your lead."}],
    "appendix": {"survey_question": "Why?", "answer_count": 2},
}
IDS = (11, 22)


def _sides(change=None, ids=IDS, new_ids=None) -> tuple[Side, Side]:
    """BASE as the older side, and BASE changed by `change(content)` as the newer."""
    newer = copy.deepcopy(BASE)
    if change is not None:
        change(newer)
    return Side(copy.deepcopy(BASE), ids), Side(newer, ids if new_ids is None else new_ids)


def _changes(change=None, **sides) -> list[Change]:
    return compare(*_sides(change, **sides))


def _pieces(change: Change, kind: str) -> str:
    return "".join(piece.text for piece in change.pieces if piece.kind == kind)


def _text(change: Change, side: str) -> str:
    """The part's text before ("removed" side) or after ("added" side), from its diff."""
    return "".join(piece.text for piece in change.pieces if piece.kind in ("same", side))


def test_nothing_changed_is_no_change():
    assert _changes() == []
    # What is not the philosophy (how the team got there) is not a change of it.
    assert _changes(lambda c: c["appendix"].update(answer_count=40)) == []


def test_the_vision_changed_is_named_with_its_word_diff():
    def change(content):
        content["vision"] = "Every customer leaves happier than they came."

    (change,) = _changes(change)
    assert (change.part, change.kind) == ("Our vision statement", "changed")
    assert _pieces(change, "removed") == "calmer"
    assert _pieces(change, "added") == "happier"
    assert "Every customer leaves " in _pieces(change, "same")


@pytest.mark.parametrize(
    ("field", "part"),
    [
        ("title", "Title"),
        ("foreword", "Foreword"),
        ("purpose", "Our purpose"),
        ("values_name", "The name of our values"),
    ],
)
def test_each_text_of_the_document_is_its_own_part(field, part):
    (change,) = _changes(lambda c: c.update({field: "Something new"}))
    assert change.part == part
    assert change.kind == ("changed" if BASE[field] else "added")
    assert (_text(change, "removed"), _text(change, "added")) == (BASE[field], "Something new")


def test_a_value_added_and_a_value_removed():
    def add(content):
        content["values"].append(_value("Kindness", "We are kind."))

    assert _changes(add, new_ids=(*IDS, 33)) == [Change("Value “Kindness”", "added", ())]

    def remove(content):
        del content["values"][0]

    assert _changes(remove, new_ids=IDS[1:]) == [Change("Value “Honesty”", "removed", ())]


def test_a_renamed_value_is_one_change_of_its_name_not_an_addition_and_a_removal():
    def rename(content):
        content["values"][0]["name"] = "Candour"

    (change,) = _changes(rename)
    assert (change.part, change.kind) == ("Value “Candour”: its name", "changed")
    assert (_pieces(change, "removed"), _pieces(change, "added")) == ("Honesty", "Candour")


def test_without_recorded_ids_values_are_paired_by_name():
    def rename(content):
        content["values"][0]["name"] = "Candour"

    changes = _changes(rename, ids=(), new_ids=())
    assert [(c.part, c.kind) for c in changes] == [
        ("Value “Candour”", "added"),
        ("Value “Honesty”", "removed"),
    ]


def test_an_action_statement_changed():
    def change(content):
        content["values"][1]["statement"] = "Nobody waits for an answer."

    (change,) = _changes(change)
    assert (change.part, change.kind) == ("Value “Speed”: action statement", "changed")
    assert _pieces(change, "removed") == "us"
    assert _pieces(change, "added") == "an answer"


def test_a_metric_added_removed_and_its_target_changed():
    nps = {"name": "Net promoter score (NPS)", "target": "40", "measured_by": ""}

    (added,) = _changes(lambda c: c["values"][0]["metrics"].append(nps))
    assert (added.part, added.kind) == ("Value “Honesty”: metric Net promoter score (NPS)", "added")
    assert _pieces(added, "added") == "Net promoter score (NPS); target: 40"

    (removed,) = _changes(lambda c: c["values"][0]["metrics"].clear())
    assert (removed.part, removed.kind) == (
        "Value “Honesty”: metric Customer satisfaction (CSAT)",
        "removed",
    )
    assert "Customer satisfaction (CSAT)" in _pieces(removed, "removed")

    (target,) = _changes(lambda c: c["values"][1]["metrics"][0].update(target="4.8"))
    assert (target.part, target.kind) == (
        "Value “Speed”: metric Customer satisfaction (CSAT)",
        "changed",
    )
    # A number is one piece: "4.5 → 4.8", not "4.[5 → 8]".
    assert (_pieces(target, "removed"), _pieces(target, "added")) == ("4.5", "4.8")


def test_an_answer_to_one_of_the_five_questions_changed():
    def change(content):
        content["values"][0]["answers"][0]["answers"] = ["Honesty comes before sales."]

    (change,) = _changes(change)
    assert change.part == f"Value “Honesty”: {MEANING}"
    assert change.kind == "changed"
    assert _pieces(change, "removed") == "first"
    assert _pieces(change, "added") == "before sales"

    def answer(content):
        content["values"][0]["answers"][1]["answers"] = ["As rudeness."]

    (first,) = _changes(answer)
    assert (first.part, first.kind) == ("Value “Honesty”: How might it be misinterpreted?", "added")


def test_a_teams_practice_changed():
    (change,) = _changes(lambda c: c["values"][1]["practices"][0].update(text="Within a day."))
    assert (change.part, change.kind) == ("Value “Speed”: how Support lives it", "changed")


def test_a_conflict_guide_changed_added_and_removed():
    def change(content):
        content["guides"][0]["text"] = "Raise it with anyone you trust."

    (change,) = _changes(change)
    assert (change.part, change.kind) == (f"When something conflicts: {CONCERNS}", "changed")
    assert _text(change, "removed") == "Raise it with your lead."
    assert _text(change, "added") == "Raise it with anyone you trust."
    assert "your" in _pieces(change, "removed") and "trust" in _pieces(change, "added")

    coaching = {"topic": "What coaching does a leader give?", "text": "Weekly one-to-ones."}
    (added,) = _changes(lambda c: c["guides"].append(coaching))
    assert (added.part, added.kind) == (
        "When something conflicts: What coaching does a leader give?",
        "added",
    )
    (removed,) = _changes(lambda c: c["guides"].clear())
    assert removed.kind == "removed"


def test_the_order_of_the_values_changed():
    def swap(content):
        content["values"].reverse()

    (change,) = _changes(swap, new_ids=tuple(reversed(IDS)))
    assert (change.part, change.kind) == ("The order of our values", "changed")
    assert (_text(change, "removed"), _text(change, "added")) == (
        "Honesty, Speed",
        "Speed, Honesty",
    )
    # Each value itself is unchanged: no other part.


def test_several_changes_are_listed_in_the_documents_order():
    def change(content):
        content["guides"][0]["text"] = "Tell HR."
        content["values"][1]["statement"] = "Fast."
        content["purpose"] = "We help."

    parts = [c.part for c in _changes(change)]
    assert parts == [
        "Our purpose",
        "Value “Speed”: action statement",
        f"When something conflicts: {CONCERNS}",
    ]


# Through a real workshop and the document page.


def _statement(value, text, user):
    row = ActionStatement.objects.get(candidate=value)
    assert not action_services.statement_save(
        candidate=value, text=text, base_version=row.version, user=user
    ).conflicted


@pytest.mark.django_db
def test_a_value_renamed_between_two_finalised_versions_is_one_change(complete_workshop, fiona):
    first = versions.version_finalise(workshop=complete_workshop, user=fiona)
    honesty = Candidate.objects.get(workshop=complete_workshop, name="Honesty")
    brainstorm_services.brainstorm_reopen(workshop=complete_workshop)
    brainstorm_services.candidate_update(candidate=honesty, name="Candour", description="")
    second = versions.version_finalise(workshop=complete_workshop, user=fiona)
    assert second.number == 2 and second.value_ids == first.value_ids
    changes = compare(versions.side_of(first), versions.side_of(second))
    assert [(c.part, c.kind) for c in changes] == [("Value “Candour”: its name", "changed")]


def _changes_section(body: str) -> str:
    return re.search(r'<section [^>]*id="changes".*?</section>', body, re.S)[0]


def _parts(section: str) -> list[str]:
    return [
        re.sub(r"\s+", " ", part).strip()
        for part in re.findall(r'<h3 class="change-part">(.*?)<span', section, re.S)
    ]


# What a screen reader says of a struck or inserted piece (it announces neither).
_SPOKEN_MARK = re.compile(r'<span class="visually-hidden">(?:removed|added): </span>')


def _document_page(user, workshop, query: str = "") -> str:
    """The "What changed" section, without the hidden "removed:"/"added:" labels."""
    response = logged_in(user).get(reverse("document_page", args=[workshop.pk]) + query)
    assert response.status_code == 200
    section = _changes_section(response.content.decode())
    if "<del>" in section:
        assert '<del><span class="visually-hidden">removed: </span>' in section
    return _SPOKEN_MARK.sub("", section)


@pytest.fixture
def revised(complete_workshop, fiona, paul):
    """Version 1; Honesty's statement and Speed's answer about its meaning changed, and
    version 2."""
    versions.version_finalise(workshop=complete_workshop, user=fiona)
    honesty = Candidate.objects.get(workshop=complete_workshop, name="Honesty")
    speed = Candidate.objects.get(workshop=complete_workshop, name="Speed")
    _statement(honesty, "We tell the truth, even when it costs a sale.", paul)
    answer = QuestionAnswer.objects.get(candidate=speed, question=Question.MEANING)
    assert not action_services.answer_save(
        answer=answer, text="Nobody waits: we reply within the hour.", base_version=1, user=paul
    ).conflicted
    versions.version_finalise(workshop=complete_workshop, user=fiona)
    return complete_workshop


@pytest.mark.django_db
def test_the_document_page_shows_what_changed_between_the_latest_two_versions(revised, paul):
    section = _document_page(paul, revised)
    assert "What changed between versions" in section
    assert "2 parts changed from version 1 to version 2:" in section
    assert _parts(section) == [
        "Value “Honesty”: action statement",
        f"Value “Speed”: {MEANING}",
    ]
    assert '<span class="badge">changed</span>' in section
    assert "We <del>live</del><ins>tell</ins> <del>Honesty</del><ins>the</ins>" in section
    assert "<ins>Nobody waits</ins>: <del>meaning</del><ins>we reply within the hour.</ins>" in (
        section
    )
    assert re.search(r'<option value="1" selected>Version 1 \(', section)
    assert re.search(r'<option value="2" selected>Version 2 \(', section)


@pytest.mark.django_db
def test_the_document_page_compares_the_latest_with_now_when_it_changed_since(revised, alice, paul):
    document_services.foreword_save(
        workshop=revised, text="From the admins.", base_version=0, user=alice
    )
    section = _document_page(paul, revised)
    assert "1 part changed from version 2 to the document as it stands:" in section
    assert _parts(section) == ["Foreword"]
    assert '<span class="badge">added</span>' in section
    assert "<ins>From the admins.</ins>" in section
    assert '<option value="now" selected>' in section
    # Any two may still be chosen.
    chosen = _document_page(paul, revised, "?older=1&newer=2")
    assert "2 parts changed from version 1 to version 2:" in chosen
    now = _document_page(paul, revised, "?older=1&newer=now")
    assert _parts(now) == [
        "Foreword",
        "Value “Honesty”: action statement",
        f"Value “Speed”: {MEANING}",
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    ["?older=abc", "?older=99&newer=1", "?newer=<b>", "?older=&newer="],
)
def test_a_choice_that_is_not_a_version_falls_back_to_the_latest_two(revised, paul, query):
    section = _document_page(paul, revised, query)
    assert "2 parts changed from version 1 to version 2:" in section


@pytest.mark.django_db
def test_a_version_compared_with_itself_says_nothing_changed(revised, paul):
    section = _document_page(paul, revised, "?older=2&newer=2")
    assert "Nothing changed between these two." in section
    assert re.search(r'<option value="2" selected>Version 2 \(', section)


@pytest.mark.django_db
def test_before_two_versions_the_section_says_what_will_show_there(complete_workshop, fiona):
    assert "No version is finalised yet." in _document_page(fiona, complete_workshop)
    versions.version_finalise(workshop=complete_workshop, user=fiona)
    section = _document_page(fiona, complete_workshop)
    assert "Only one version is finalised" in section
    assert "change-part" not in section
    same = _document_page(fiona, complete_workshop, "?older=1&newer=now")
    assert "Nothing changed between these two." in same


@pytest.mark.django_db
def test_a_romanian_reader_compares_the_versions_as_recorded_in_romanian(revised, paul):
    client = logged_in(paul)
    url = reverse("document_page", args=[revised.pk])
    section = _changes_section(client.get(url, HTTP_ACCEPT_LANGUAGE="ro").content.decode())
    # The same two parts, not every label of the document (its questions read in
    # Romanian on both sides).
    parts = _parts(section)
    assert len(parts) == 2, parts
    assert parts[1].endswith("Ce înseamnă această valoare pentru noi?")


@pytest.mark.django_db
def test_one_more_survey_answer_is_not_a_change_to_finalise_but_a_new_foreword_is(
    complete_workshop, fiona, alice
):
    workshop_services.workshop_set_stage(workshop=complete_workshop, stage=Stage.DOCUMENT)
    versions.version_finalise(workshop=complete_workshop, user=fiona)
    survey = survey_services.survey_for(complete_workshop)
    survey_services.answer_submit(survey=survey, device_id="late", text="Patient and kind")
    stage = logged_in(fiona).get(complete_workshop.get_absolute_url()).content.decode()
    # The appendix (how the team got there) moved; the philosophy did not.
    assert 'id="changed-since-latest"' not in stage and 'id="finalise"' not in stage
    document_services.foreword_save(
        workshop=complete_workshop, text="From the admins.", base_version=0, user=alice
    )
    stage = logged_in(fiona).get(complete_workshop.get_absolute_url()).content.decode()
    assert 'id="changed-since-latest"' in stage and 'id="finalise"' in stage
