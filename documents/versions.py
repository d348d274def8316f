"""Finalised versions of the document, and what changed between two of them.

Finalising records the document as the team stands behind it now: its content in every
language of the product (the share link shows the reader's) and the final values' ids (a
renamed value is still the same value). Revising is reopening a stage, editing, and
finalising again: a new version, or an earlier one again when the content is back to it.

`compare(older, newer)` names each part that changed (the vision, a value, its action
statement, a metric…) with a word diff of its text, in the reader's language.
"""

import json
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from documents.assembly import PhilosophyDocument, assemble, final_values
from documents.models import DocumentVersion
from documents.services import canonical_document, version_for
from values.models import ValueSet
from workshops import live
from workshops.diffing import DiffPiece, word_diff
from workshops.models import User, Workshop


class NotReadyToFinalise(Exception):
    """The document still has gaps: a version the team stands behind has none."""


def finalised_versions(workshop: Workshop):
    """The finalised versions, the latest finalised first. Their contents (a document in
    every language) are read only when used: a list shows numbers and dates."""
    return (
        DocumentVersion.objects.filter(workshop=workshop, finalised_at__isnull=False)
        .select_related("finalised_by")
        .defer("content", "translations")
        .order_by("-finalised_at", "-number")
    )


def latest_finalised(workshop: Workshop) -> DocumentVersion | None:
    return finalised_versions(workshop).first()


def lock_document(workshop: Workshop) -> None:
    """One lock order for stage 8's writes (finalising, the share link): the workshop's
    row first, so two clicks at once run one after the other and each sees the other's."""
    Workshop.objects.select_for_update().filter(pk=workshop.pk).first()


@transaction.atomic
def version_finalise(*, workshop: Workshop, user: User) -> DocumentVersion:
    """Finalise the document as it stands: the version of its content, dated now. An
    earlier version whose content this is again becomes the latest, dated again (its
    number says it is that content; the list shows each version once, by its latest
    finalisation)."""
    lock_document(workshop)
    # Then the value set's row, as the values' own writes take it: a reorder or rename
    # waits, so the content and the values' ids recorded below are of one state.
    ValueSet.objects.select_for_update().filter(workshop=workshop).first()
    document = canonical_document(workshop)
    if document.gaps:
        raise NotReadyToFinalise
    version = version_for(workshop, document)
    latest = latest_finalised(workshop)
    if latest is not None and latest.pk == version.pk:
        # Finalised already as it stands (a second click, two facilitators at once): its
        # date and who finalised it stay.
        return version
    translations = {settings.LANGUAGE_CODE[:2]: document.content()}
    for code, _name in settings.LANGUAGES:
        if code not in translations:
            with translation.override(code):
                translations[code] = assemble(workshop).content()
    version.translations = translations
    version.value_ids = list(final_values(workshop).values_list("pk", flat=True))
    version.finalised_at = timezone.now()
    version.finalised_by = user
    version.save(update_fields=["translations", "value_ids", "finalised_at", "finalised_by"])
    live.announce_change(workshop.pk, live.STAGE)
    return version


def content_for_reader(version: DocumentVersion) -> dict:
    """The version's content in the active language, where it was recorded in it."""
    try:
        language = translation.get_supported_language_variant(translation.get_language() or "")
    except LookupError:
        language = settings.LANGUAGE_CODE
    return version.translations.get(language) or version.content


@dataclass(frozen=True)
class Change:
    """One part that changed: `kind` is "added", "removed" or "changed"; `pieces` is the
    word diff of its text (what was removed, what was added)."""

    part: str
    kind: str
    pieces: tuple[DiffPiece, ...]


def _text_change(part: str, before: str, after: str) -> list[Change]:
    if before == after:
        return []
    kind = "added" if not before else "removed" if not after else "changed"
    return [Change(part, kind, tuple(word_diff(before, after)))]


def _metric_text(metric: dict) -> str:
    bits = [metric.get("name", "")]
    if metric.get("target"):
        bits.append(_("target: %(target)s") % {"target": metric["target"]})
    if metric.get("measured_by"):
        bits.append(_("measured by: %(how)s") % {"how": metric["measured_by"]})
    return "; ".join(bits)


def _by_key(items, key: str) -> dict[str, dict]:
    return {item[key].casefold(): item for item in items}


def _keyed_changes(label, before: dict[str, dict], after: dict[str, dict], text) -> list[Change]:
    """Changes of a keyed list (metrics by name, guides by topic, practices by team)."""
    changes = []
    for key in [*before, *(k for k in after if k not in before)]:
        old, new = before.get(key), after.get(key)
        part = label(new or old)
        changes += _text_change(part, text(old) if old else "", text(new) if new else "")
    return changes


def _answers_text(group: dict) -> str:
    return "\n".join(f"• {answer}" for answer in group.get("answers", ()))


def _value_changes(old: dict, new: dict) -> list[Change]:
    name = new["name"]
    changes = []
    if old["name"] != new["name"]:
        part = _("Value “%(name)s”: its name") % {"name": name}
        changes += _text_change(part, old["name"], new["name"])
    texts = (
        ("description", _("Value “%(name)s”: its description")),
        ("statement", _("Value “%(name)s”: action statement")),
    )
    for field, label in texts:
        part = label % {"name": name}
        changes += _text_change(part, old.get(field, ""), new.get(field, ""))
    old_answers = {a["question"]: a for a in old.get("answers", ())}
    for group in new.get("answers", ()):
        before = old_answers.get(group["question"], {"answers": ()})
        part = _("Value “%(name)s”: %(question)s") % {"name": name, "question": group["question"]}
        changes += _text_change(part, _answers_text(before), _answers_text(group))
    changes += _keyed_changes(
        lambda m: _("Value “%(name)s”: metric %(metric)s") % {"name": name, "metric": m["name"]},
        _by_key(old.get("metrics", ()), "name"),
        _by_key(new.get("metrics", ()), "name"),
        _metric_text,
    )
    changes += _keyed_changes(
        lambda p: _("Value “%(name)s”: how %(team)s lives it") % {"name": name, "team": p["team"]},
        _by_key(old.get("practices", ()), "team"),
        _by_key(new.get("practices", ()), "team"),
        lambda p: p["text"],
    )
    return changes


@dataclass(frozen=True)
class Side:
    """One side of a comparison: a version's content (or the document's now), with the
    final values' ids in its order (empty when not recorded)."""

    content: dict
    value_ids: tuple[int, ...] = ()


def side_of(version: DocumentVersion) -> Side:
    """A version as the reader reads it: in their language, where it was recorded in it."""
    return Side(content_for_reader(version), tuple(version.value_ids))


def side_now(workshop: Workshop) -> Side:
    """The document as it stands, in the active language."""
    return side_of_document(workshop, assemble(workshop))


def side_of_document(workshop: Workshop, document: PhilosophyDocument) -> Side:
    """A document just assembled (in the active language), with the final values' ids."""
    return Side(document.content(), tuple(final_values(workshop).values_list("pk", flat=True)))


def _values_paired(older: Side, newer: Side):
    """(old value, new value) pairs, either side None for a value added or removed: by
    the values' ids where both sides recorded them, else by name."""
    old_values = list(older.content.get("values", ()))
    new_values = list(newer.content.get("values", ()))
    if len(older.value_ids) == len(old_values) and len(newer.value_ids) == len(new_values):
        old_keys, new_keys = list(older.value_ids), list(newer.value_ids)
    else:
        old_keys = [v["name"].casefold() for v in old_values]
        new_keys = [v["name"].casefold() for v in new_values]
    old_by_key = dict(zip(old_keys, old_values, strict=True))
    kept = set(new_keys)
    pairs = [(old_by_key.get(key), value) for key, value in zip(new_keys, new_values, strict=True)]
    pairs += [
        (value, None) for key, value in zip(old_keys, old_values, strict=True) if key not in kept
    ]
    return pairs


def compare(older: Side, newer: Side) -> list[Change]:
    """What changed from `older` to `newer`, part by part, in the document's order."""
    old_content, new_content = older.content, newer.content
    changes = []
    for field, label in (
        ("title", _("Title")),
        ("foreword", _("Foreword")),
        ("purpose", _("Our purpose")),
        ("vision", _("Our vision statement")),
        ("values_name", _("The name of our values")),
    ):
        changes += _text_change(label, old_content.get(field, ""), new_content.get(field, ""))
    for old, new in _values_paired(older, newer):
        if old is None:
            changes.append(Change(_("Value “%(name)s”") % {"name": new["name"]}, "added", ()))
        elif new is None:
            changes.append(Change(_("Value “%(name)s”") % {"name": old["name"]}, "removed", ()))
        else:
            changes += _value_changes(old, new)
    old_order = [v["name"] for v in old_content.get("values", ())]
    new_order = [v["name"] for v in new_content.get("values", ())]
    if old_order != new_order and sorted(old_order) == sorted(new_order):
        changes += _text_change(
            _("The order of our values"), ", ".join(old_order), ", ".join(new_order)
        )
    changes += _keyed_changes(
        lambda g: _("When something conflicts: %(topic)s") % {"topic": g["topic"]},
        _by_key(old_content.get("guides", ()), "topic"),
        _by_key(new_content.get("guides", ()), "topic"),
        lambda g: g["text"],
    )
    return changes


def changed_since(version: DocumentVersion, now: Side) -> bool:
    """Whether the philosophy as it stands (`now`, in the active language) differs from
    the version's in anything at all: the appendix (how the team got there, e.g. one more
    survey answer) is not the philosophy, so it does not count. A finalised version has
    its content in every language, so both sides are read in the same one."""
    return _philosophy(side_of(version)) != _philosophy(now)


def _philosophy(side: Side) -> str:
    # As JSON, the way a version keeps it: a document just assembled holds tuples where
    # the recorded one holds lists.
    content = {key: value for key, value in side.content.items() if key != "appendix"}
    return json.dumps([content, list(side.value_ids)], sort_keys=True, ensure_ascii=False)
