"""Stage 1, context answers: saving, conflicts between people typing at once, and bad input."""

import re
from html import unescape

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from tests.factories import member, workshop_for
from workshops.diffing import DiffPiece, word_diff
from workshops.models import ContextAnswer, ContextRevision, Role

HTMX = {"HX-Request": "true"}


def _url(workshop, key="purpose"):
    return reverse("context_save", args=[workshop.pk, key])


def _answer(workshop, key="purpose"):
    return ContextAnswer.objects.get(workshop=workshop, key=key)


def _textarea(page, key="purpose"):
    """The text in the answer's box, as the browser would show it (HTML-unescaped)."""
    match = re.search(rf'<textarea id="text-{key}"[^>]*>(.*?)</textarea>', page, re.DOTALL)
    assert match is not None, "no textarea for the answer"
    return unescape(match.group(1))


def _base_version(page):
    match = re.search(r'name="base_version" value="(\d+)"', page)
    assert match is not None
    return int(match.group(1))


# Saving


def test_it_saves_an_answer_bumps_its_version_and_records_a_revision(client_for, workshop, paul):
    response = client_for(paul).post(
        _url(workshop), {"text": "We help people ship.", "base_version": 0}, headers=HTMX
    )

    answer = _answer(workshop)
    revision = ContextRevision.objects.get(answer=answer)
    page = response.content.decode()
    assert response.status_code == 200
    assert '<span class="saved-note">Saved.</span>' in page  # shown, not hidden
    assert _textarea(page) == "We help people ship."
    assert _base_version(page) == 1
    assert 'hx-swap-oob="true"' in page
    assert "Last saved by Paul" in page
    assert answer.text == "We help people ship."
    assert answer.version == 1
    assert answer.updated_by == paul
    assert (revision.text, revision.author, revision.conflicted) == (
        "We help people ship.",
        paul,
        False,
    )


def test_it_saves_one_edit_after_another(client_for, workshop, paul, fiona):
    client_for(paul).post(_url(workshop), {"text": "First.", "base_version": 0}, headers=HTMX)
    response = client_for(fiona).post(
        _url(workshop), {"text": "Second.", "base_version": 1}, headers=HTMX
    )

    answer = _answer(workshop)
    assert response.status_code == 200
    assert (answer.text, answer.version, answer.updated_by) == ("Second.", 2, fiona)
    assert ContextRevision.objects.filter(answer=answer, conflicted=False).count() == 2


def test_it_shows_the_saved_answer_on_the_workshop_page(client_for, workshop, paul, fiona):
    client_for(paul).post(_url(workshop), {"text": "We help people ship.", "base_version": 0})

    page = client_for(fiona).get(workshop.get_absolute_url()).content.decode()

    assert _textarea(page) == "We help people ship."
    assert "Last saved by Paul" in page


def test_it_lets_the_org_admin_save_an_answer(client_for, workshop, alice):
    response = client_for(alice).post(
        _url(workshop), {"text": "Admin words.", "base_version": 0}, headers=HTMX
    )

    assert response.status_code == 200
    assert _answer(workshop).text == "Admin words."


def test_it_can_empty_an_answer(client_for, workshop, paul):
    client_for(paul).post(_url(workshop), {"text": "Something.", "base_version": 0})

    response = client_for(paul).post(_url(workshop), {"text": "", "base_version": 1}, headers=HTMX)

    assert response.status_code == 200
    assert (_answer(workshop).text, _answer(workshop).version) == ("", 2)


def test_it_keeps_line_breaks_and_non_latin_letters(client_for, workshop, paul):
    text = "Scopul nostru:\r\n\tsă ajutăm oamenii — mereu."

    client_for(paul).post(_url(workshop), {"text": text, "base_version": 0}, headers=HTMX)

    assert _answer(workshop).text == text


# Conflicts


def test_it_refuses_a_save_over_a_newer_version_and_shows_both_texts(
    client_for, workshop, paul, fiona
):
    client_for(fiona).post(_url(workshop), {"text": "Fiona wrote this first.", "base_version": 0})

    response = client_for(paul).post(
        _url(workshop), {"text": "Paul typed this meanwhile.", "base_version": 0}, headers=HTMX
    )

    page = response.content.decode()
    answer = _answer(workshop)
    assert response.status_code == 409
    assert "Fiona saved this answer while you were editing." in page
    assert "Fiona wrote this first." in page
    assert _textarea(page) == "Paul typed this meanwhile."
    assert "<del " in page and "<ins " in page
    # The saved text stays; the next save is against the version now shown.
    assert (answer.text, answer.version, answer.updated_by) == ("Fiona wrote this first.", 1, fiona)
    assert _base_version(page) == 1


def test_it_keeps_the_rejected_text_as_a_conflicted_revision(client_for, workshop, paul, fiona):
    client_for(fiona).post(_url(workshop), {"text": "Fiona wrote this first.", "base_version": 0})

    client_for(paul).post(_url(workshop), {"text": "Paul typed this.", "base_version": 0})

    revision = ContextRevision.objects.get(conflicted=True)
    assert revision.text == "Paul typed this."
    assert revision.author == paul
    assert revision.answer == _answer(workshop)


def test_it_accepts_the_merged_text_saved_after_a_conflict(client_for, workshop, paul, fiona):
    client_for(fiona).post(_url(workshop), {"text": "Fiona first.", "base_version": 0})
    conflict = client_for(paul).post(
        _url(workshop), {"text": "Paul meanwhile.", "base_version": 0}, headers=HTMX
    )

    response = client_for(paul).post(
        _url(workshop),
        {
            "text": "Fiona first. Paul meanwhile.",
            "base_version": _base_version(conflict.content.decode()),
        },
        headers=HTMX,
    )

    assert response.status_code == 200
    assert _answer(workshop).text == "Fiona first. Paul meanwhile."
    assert _answer(workshop).version == 2


def test_it_does_not_call_the_same_text_saved_twice_a_conflict(client_for, workshop, paul, fiona):
    client_for(fiona).post(_url(workshop), {"text": "We agree.", "base_version": 0})

    response = client_for(paul).post(
        _url(workshop), {"text": "We agree.", "base_version": 0}, headers=HTMX
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert _textarea(page) == "We agree."
    assert "while you were editing" not in page
    assert _answer(workshop).version == 1
    assert not ContextRevision.objects.filter(conflicted=True).exists()


def test_it_escapes_both_texts_in_a_conflict(client_for, workshop, paul, fiona):
    client_for(fiona).post(_url(workshop), {"text": "<b>bold</b>", "base_version": 0})

    response = client_for(paul).post(
        _url(workshop), {"text": "<script>x()</script>", "base_version": 0}, headers=HTMX
    )

    page = response.content.decode()
    assert response.status_code == 409
    assert "<script>x()" not in page
    assert "<b>bold" not in page
    assert "&lt;b&gt;bold&lt;/b&gt;" in page
    assert _textarea(page) == "<script>x()</script>"


# Bad input


def test_it_refuses_a_text_longer_than_2000_characters(client_for, workshop, paul):
    text = "a" * 2001

    response = client_for(paul).post(
        _url(workshop), {"text": text, "base_version": 0}, headers=HTMX
    )

    page = response.content.decode()
    assert response.status_code == 422
    assert "Ensure this value has at most 2000 characters (it has 2001)." in page
    assert _textarea(page) == text
    assert _answer(workshop).version == 0
    assert _answer(workshop).text == ""
    assert not ContextRevision.objects.exists()


def test_it_accepts_exactly_2000_characters(client_for, workshop, paul):
    response = client_for(paul).post(
        _url(workshop), {"text": "a" * 2000, "base_version": 0}, headers=HTMX
    )

    assert response.status_code == 200
    assert len(_answer(workshop).text) == 2000


@pytest.mark.parametrize("bad", ["\x00", "\x07", "\x1b", "\x7f", "\x85"])
def test_it_refuses_control_characters(client_for, workshop, paul, bad):
    text = f"Our purpose{bad} is service."

    response = client_for(paul).post(
        _url(workshop), {"text": text, "base_version": 0}, headers=HTMX
    )

    page = response.content.decode()
    assert response.status_code == 422
    assert "Please remove the invisible control characters from this text." in page
    assert "Our purpose" in _textarea(page)
    assert "is service." in _textarea(page)
    assert _answer(workshop).version == 0
    assert not ContextRevision.objects.exists()


def test_it_refuses_a_bad_text_for_a_question_added_after_the_workshop(client_for, workshop, paul):
    # Questions added in a later release have no answer row in older workshops.
    _answer(workshop, "channels").delete()

    response = client_for(paul).post(
        _url(workshop, "channels"), {"text": "x" * 2001, "base_version": 0}, headers=HTMX
    )

    assert response.status_code == 422
    assert "at most 2000 characters" in response.content.decode()
    assert not ContextAnswer.objects.filter(workshop=workshop, key="channels").exists()


def test_it_saves_an_answer_to_a_question_added_after_the_workshop(client_for, workshop, paul):
    _answer(workshop, "channels").delete()

    response = client_for(paul).post(
        _url(workshop, "channels"), {"text": "E-mail and chat.", "base_version": 0}, headers=HTMX
    )

    assert response.status_code == 200
    assert _answer(workshop, "channels").text == "E-mail and chat."


@pytest.mark.parametrize("base_version", ["", "x", "-1"])
def test_it_refuses_a_missing_or_broken_base_version(client_for, workshop, paul, base_version):
    response = client_for(paul).post(
        _url(workshop), {"text": "Hello.", "base_version": base_version}, headers=HTMX
    )

    assert response.status_code == 422
    assert _answer(workshop).version == 0


def test_it_answers_404_for_an_unknown_question(client_for, workshop, paul):
    response = client_for(paul).post(
        _url(workshop, "salary"), {"text": "Hello.", "base_version": 0}, headers=HTMX
    )

    assert response.status_code == 404
    assert not ContextAnswer.objects.filter(key="salary").exists()


def test_it_refuses_get(client_for, workshop, paul):
    response = client_for(paul).get(_url(workshop))

    assert response.status_code == 405


# Without htmx


def test_it_redirects_to_the_workshop_after_a_plain_save(client_for, workshop, paul):
    response = client_for(paul).post(_url(workshop), {"text": "Plain form.", "base_version": 0})

    assert response.status_code == 302
    assert response["Location"] == workshop.get_absolute_url()
    assert _answer(workshop).text == "Plain form."


def test_it_renders_a_full_page_for_a_plain_conflict(client_for, workshop, paul, fiona):
    client_for(fiona).post(_url(workshop), {"text": "Fiona first.", "base_version": 0})

    response = client_for(paul).post(_url(workshop), {"text": "Paul second.", "base_version": 0})

    page = response.content.decode()
    assert response.status_code == 409
    assert "<html" in page
    assert "Back to the workshop" in page
    assert "Fiona first." in page
    assert _textarea(page) == "Paul second."
    assert f'action="{_url(workshop)}"' in page


def test_it_renders_a_full_page_for_a_plain_bad_text(client_for, workshop, paul):
    response = client_for(paul).post(_url(workshop), {"text": "Bad\x07", "base_version": 0})

    page = response.content.decode()
    assert response.status_code == 422
    assert "<html" in page
    assert "Please remove the invisible control characters from this text." in page


# Who may save


def test_it_hides_the_answers_from_another_organisation(client_for, workshop, charlie):
    response = client_for(charlie).post(_url(workshop), {"text": "Hijack.", "base_version": 0})

    assert response.status_code == 404
    assert _answer(workshop).text == ""


def test_it_hides_the_answers_from_a_participant_of_another_workshop(client_for, acme, workshop):
    other_facilitator = member(acme, Role.FACILITATOR, display_name="Olga")
    other_participant = member(acme, Role.PARTICIPANT, display_name="Oscar")
    workshop_for(acme, facilitators=[other_facilitator], participants=[other_participant])

    for person in (other_facilitator, other_participant):
        response = client_for(person).post(_url(workshop), {"text": "Hijack.", "base_version": 0})
        assert response.status_code == 404
    assert _answer(workshop).text == ""
    assert not ContextRevision.objects.exists()


def test_it_hides_the_answers_from_an_org_member_not_in_the_workshop(client_for, workshop, nina):
    response = client_for(nina).post(_url(workshop), {"text": "Hijack.", "base_version": 0})

    assert response.status_code == 404
    assert _answer(workshop).text == ""


def test_it_sends_anonymous_visitors_to_login(client, workshop):
    response = client.post(_url(workshop), {"text": "Anonymous.", "base_version": 0})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert _answer(workshop).text == ""


# Word diff


def test_it_marks_a_replaced_word():
    assert word_diff("we help people", "we serve people") == [
        DiffPiece("same", "we "),
        DiffPiece("removed", "help"),
        DiffPiece("added", "serve"),
        DiffPiece("same", " people"),
    ]


def test_it_marks_added_and_removed_words():
    assert word_diff("we are quick and kind", "we are kind") == [
        DiffPiece("same", "we are "),
        DiffPiece("removed", "quick and "),
        DiffPiece("same", "kind"),
    ]
    assert word_diff("we are kind", "we are always kind") == [
        DiffPiece("same", "we are "),
        DiffPiece("added", "always "),
        DiffPiece("same", "kind"),
    ]


def test_it_treats_punctuation_as_its_own_word():
    assert word_diff("Hello, world", "Hello; world") == [
        DiffPiece("same", "Hello"),
        DiffPiece("removed", ","),
        DiffPiece("added", ";"),
        DiffPiece("same", " world"),
    ]


def test_it_keeps_words_with_diacritics_whole():
    assert word_diff("să ajutăm", "să servim") == [
        DiffPiece("same", "să "),
        DiffPiece("removed", "ajutăm"),
        DiffPiece("added", "servim"),
    ]


def test_it_reports_identical_texts_as_one_unchanged_piece():
    assert word_diff("same words", "same words") == [DiffPiece("same", "same words")]


def test_it_handles_empty_texts():
    assert word_diff("", "") == []
    assert word_diff("", "new text") == [DiffPiece("added", "new text")]
    assert word_diff("old text", "") == [DiffPiece("removed", "old text")]


@given(st.text(max_size=200), st.text(max_size=200))
def test_it_rebuilds_both_texts_from_the_pieces(before, after):
    pieces = word_diff(before, after)

    assert "".join(p.text for p in pieces if p.kind != "added") == before
    assert "".join(p.text for p in pieces if p.kind != "removed") == after
    assert all(p.text for p in pieces)
