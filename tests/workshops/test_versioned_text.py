"""The versioned-text component (workshops/versioned.py, templates/workshops/_versioned_text.html).

The context answers are its first user; these tests drive it directly, as a later stage's
draft or statement would, with a field stem that is not a context question.
"""

import re
from html import unescape

import pytest
from django.apps import apps
from django.template.loader import render_to_string
from django.test import RequestFactory
from django_htmx.middleware import HtmxDetails

from workshops import live
from workshops.diffing import DiffPiece
from workshops.models import ContextAnswer
from workshops.versioned import VersionedText, versioned_text_response, versioned_text_save

STEM = "draft-7"
SAVE_URL = "/workshops/1/drafts/7/"


@pytest.fixture
def row(workshop):
    return ContextAnswer.objects.get(workshop=workshop, key="purpose")


def _stored(row):
    return ContextAnswer.objects.get(pk=row.pk)


def _textarea(page, stem=STEM):
    match = re.search(rf'<textarea id="text-{stem}"[^>]*>(.*?)</textarea>', page, re.DOTALL)
    assert match is not None, f"no textarea text-{stem}"
    return unescape(match.group(1))


def _tag(page, element_id):
    """The opening tag of the element with this id."""
    match = re.search(rf'<[a-z]+ [^>]*id="{element_id}"[^>]*>', page)
    assert match is not None, f"no element #{element_id}"
    return match.group(0)


# The service


def test_a_save_from_the_current_version_stores_the_text_and_bumps_the_version(row, paul):
    result = versioned_text_save(
        row, text="We write for people.", base_version=0, user=paul, announce=None
    )

    stored = _stored(row)
    assert not result.conflicted
    assert result.diff == []
    assert (stored.text, stored.version, stored.updated_by) == ("We write for people.", 1, paul)
    assert stored.updated_at is not None
    assert result.row.version == 1


def test_a_stale_save_keeps_the_stored_text_and_returns_the_rejected_one_with_the_diff(
    row, paul, fiona
):
    versioned_text_save(row, text="we help people", base_version=0, user=fiona, announce=None)

    result = versioned_text_save(
        row, text="we serve people", base_version=0, user=paul, announce=None
    )

    stored = _stored(row)
    assert result.conflicted
    assert result.rejected_text == "we serve people"
    assert (stored.text, stored.version, stored.updated_by) == ("we help people", 1, fiona)
    assert (result.row.text, result.row.version) == ("we help people", 1)
    assert result.diff == [
        DiffPiece("same", "we "),
        DiffPiece("removed", "help"),
        DiffPiece("added", "serve"),
        DiffPiece("same", " people"),
    ]


def test_two_saves_from_the_same_base_apply_one_and_refuse_the_other(row, paul, fiona):
    seen = []

    def record(saved_row, text, conflicted):
        seen.append((text, conflicted))

    # Both people opened the text at version 0.
    first = versioned_text_save(
        row, text="Fiona's words.", base_version=0, user=fiona, announce=None, record=record
    )
    second = versioned_text_save(
        row, text="Paul's words.", base_version=0, user=paul, announce=None, record=record
    )

    assert (first.conflicted, second.conflicted) == (False, True)
    assert second.rejected_text == "Paul's words."
    assert _stored(row).text == "Fiona's words."
    assert _stored(row).version == 1
    # Neither text is lost: the refused one reached the record hook too.
    assert seen == [("Fiona's words.", False), ("Paul's words.", True)]


def test_the_same_words_from_a_stale_base_are_no_conflict(row, paul, fiona):
    versioned_text_save(row, text="We agree.", base_version=0, user=fiona, announce=None)

    result = versioned_text_save(row, text="We agree.", base_version=0, user=paul, announce=None)

    assert not result.conflicted
    assert (_stored(row).version, _stored(row).updated_by) == (1, fiona)


def test_it_saves_the_one_row_of_a_queryset(row, paul):
    rows = ContextAnswer.objects.filter(workshop=row.workshop, key="purpose")

    result = versioned_text_save(rows, text="By query.", base_version=0, user=paul, announce=None)

    assert result.row.pk == row.pk
    assert _stored(row).text == "By query."


def test_only_an_applied_save_moves_the_live_screens(
    row, paul, fiona, django_capture_on_commit_callbacks
):
    workshop_id = row.workshop_id

    def moves(**save):
        before = live.current_counter(workshop_id)
        with django_capture_on_commit_callbacks(execute=True):
            versioned_text_save(row, announce=workshop_id, **save)
        return live.current_counter(workshop_id) != before

    assert moves(text="First.", base_version=0, user=fiona)
    assert not moves(text="Too late.", base_version=0, user=paul)


# The markup


def _render(partial, **context):
    return render_to_string(f"workshops/_versioned_text.html#{partial}", context)


def test_the_field_carries_the_ids_and_hooks_of_its_stem(row):
    page = _render(
        "versioned-field", stem=STEM, label="Your vision draft", save_url=SAVE_URL, row=row
    )

    form = _tag(page, f"form-{STEM}")
    assert f'action="{SAVE_URL}"' in form and f'hx-post="{SAVE_URL}"' in form
    assert "data-keep-while-editing" in form
    assert "data-dirty" not in form
    assert f'<label for="text-{STEM}">Your vision draft</label>' in page
    assert 'name="text"' in _tag(page, f"text-{STEM}")
    assert 'name="base_version" value="0"' in page
    assert _tag(page, f"field-{STEM}").startswith("<div")
    assert _tag(page, f"save-{STEM}").startswith("<button")
    assert '<span class="save-status" role="status"><span class="saved-note" hidden>' in page
    assert '<span class="draft-note" hidden>' in page
    meta = _tag(page, f"meta-{STEM}")
    assert 'data-version="0"' in meta
    assert "hx-swap-oob" not in meta
    assert '<span class="stale-warning" hidden>' in page
    assert "Not answered yet." in page
    assert "purpose" not in page  # nothing of the row's own key leaks into the ids


def test_a_refused_save_comes_back_dirty_with_both_texts_and_the_meta_out_of_band(row, paul, fiona):
    versioned_text_save(row, text="Fiona first.", base_version=0, user=fiona, announce=None)
    result = versioned_text_save(row, text="Paul second.", base_version=0, user=paul, announce=None)

    page = _render(
        "versioned-save-response",
        stem=STEM,
        label="Your vision draft",
        save_url=SAVE_URL,
        row=result.row,
        rejected_text=result.rejected_text,
        diff=result.diff,
    )

    assert 'data-dirty="1"' in _tag(page, f"form-{STEM}")
    assert "Fiona saved this answer while you were editing." in page
    assert "Fiona first." in page
    assert _textarea(page) == "Paul second."
    assert 'name="base_version" value="1"' in page
    meta = _tag(page, f"meta-{STEM}")
    assert 'hx-swap-oob="true"' in meta and 'data-version="1"' in meta


# The view helper


def _post(user, data, *, htmx=True):
    headers = {"HX-Request": "true"} if htmx else {}
    request = RequestFactory().post(SAVE_URL, data, headers=headers)
    request.user = user
    request.htmx = HtmxDetails(request)
    return request


def _respond(request, row):
    return versioned_text_response(
        request, workshop=row.workshop, row=row, stem=STEM, label="Your vision draft"
    )


def test_the_helper_answers_200_409_and_422_with_the_component(row, paul, fiona):
    saved = _respond(_post(fiona, {"text": "Fiona first.", "base_version": 0}), row)
    refused = _respond(_post(paul, {"text": "Paul second.", "base_version": 0}), row)
    invalid = _respond(_post(paul, {"text": "x" * 2001, "base_version": 1}), row)

    assert saved.status_code == 200
    assert '<span class="saved-note">Saved.</span>' in saved.content.decode()
    assert refused.status_code == 409
    assert _textarea(refused.content.decode()) == "Paul second."
    assert invalid.status_code == 422
    assert "at most 2000 characters" in invalid.content.decode()
    assert _textarea(invalid.content.decode()) == "x" * 2001
    for response in (saved, refused, invalid):
        page = response.content.decode()
        assert f'action="{SAVE_URL}"' in _tag(page, f"form-{STEM}")
        assert 'hx-swap-oob="true"' in _tag(page, f"meta-{STEM}")
    assert (_stored(row).text, _stored(row).version) == ("Fiona first.", 1)


def test_the_helper_without_htmx_redirects_or_renders_the_fallback_page(row, paul, fiona):
    saved = _respond(_post(fiona, {"text": "Fiona first.", "base_version": 0}, htmx=False), row)
    refused = _respond(_post(paul, {"text": "Paul second.", "base_version": 0}, htmx=False), row)

    assert saved.status_code == 302
    assert saved["Location"] == row.workshop.get_absolute_url()
    page = refused.content.decode()
    assert refused.status_code == 409
    assert "<html" in page and "Back to the workshop" in page
    assert _tag(page, f"field-{STEM}").startswith("<div")
    assert _textarea(page) == "Paul second."


# Every model using the component


def test_every_versioned_text_model_has_its_wording():
    models = [m for m in apps.get_models() if issubclass(m, VersionedText)]

    assert ContextAnswer in models
    for model in models:
        assert "%(name)s" in str(model.CONFLICT_NOTE), model
        assert str(model.EMPTY_NOTE), model
