"""Sharing the philosophy with every employee: the read-only link to the latest finalised
version, and the interpretation check ("What does this value mean to you?").

The link has the survey link's protections: an unguessable token, unknown and stopped
links answer alike (`ShareUnavailable`), no account and no address kept; an answer keeps
only a device cookie's hash, one answer per device and value (a second one replaces it).
"""

import hashlib
import re
from dataclasses import dataclass, replace

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, Max
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac

from documents.models import DocumentVersion, Interpretation, ShareLink
from documents.versions import latest_finalised, lock_document
from surveys.models import Survey
from surveys.text import WordCount, word_frequencies
from values.models import Candidate
from workshops import live
from workshops.models import User, Workshop

# The facilitator's view of the readings: a live part of stage 8 of its own, so an
# answer arriving re-renders only that.
READINGS_PART = "readings"
CLOUD_WORDS = 40
# The team's words nobody used, most frequent in the team's answers first.
MISSING_SHOWN = 15

# The latest answers a value's reading lists (all of them count in its cloud and words).
ANSWERS_LISTED = 50
# How long a value's readings, counted, are kept (they are counted again at once when an
# answer arrives or changes: the key names the answers' count and latest change).
READINGS_CACHE_SECONDS = 600

# What ShareLink.new_token makes; anything else is unavailable without a query.
_TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{16,64}")


class ShareUnavailable(Exception):
    """Unknown and stopped links, and a link whose document has no finalised version,
    are all this: none reveals that a workshop exists."""


class NothingToShare(Exception):
    """No finalised version yet: finalise the document before sharing it."""


def share_link_in_use(workshop: Workshop) -> ShareLink | None:
    return ShareLink.objects.in_use().filter(workshop=workshop).first()


@transaction.atomic
def share_start(*, workshop: Workshop, user: User) -> ShareLink:
    """The workshop's share link in use, made now if there is none (a second click, or
    two at once, give the same link)."""
    lock_document(workshop)
    if latest_finalised(workshop) is None:
        raise NothingToShare
    link = share_link_in_use(workshop)
    if link is None:
        link = ShareLink.objects.create(
            workshop=workshop, token=ShareLink.new_token(), created_by=user
        )
        live.announce_change(workshop.pk, live.STAGE)
    return link


@transaction.atomic
def share_stop(*, workshop: Workshop) -> None:
    """The link in use stops working for good; what employees answered stays."""
    lock_document(workshop)
    ShareLink.objects.filter(workshop=workshop).stop()
    live.announce_change(workshop.pk, live.STAGE)


@transaction.atomic
def share_new_link(*, workshop: Workshop, user: User) -> ShareLink | None:
    """Replace the link in use (it stops working at once), keeping its settings; None,
    and nothing made, when sharing was stopped meanwhile."""
    lock_document(workshop)
    old = share_link_in_use(workshop)
    if old is None:
        return None
    ShareLink.objects.filter(pk=old.pk).stop()
    link = ShareLink.objects.create(
        workshop=workshop,
        token=ShareLink.new_token(),
        created_by=user,
        asks_interpretation=old.asks_interpretation,
    )
    live.announce_change(workshop.pk, live.STAGE)
    return link


@transaction.atomic
def share_set_interpretation(*, workshop: Workshop, asks: bool) -> None:
    lock_document(workshop)
    ShareLink.objects.in_use().filter(workshop=workshop).update(asks_interpretation=asks)
    live.announce_change(workshop.pk, live.STAGE)


@dataclass(frozen=True)
class Shared:
    link: ShareLink
    version: DocumentVersion


def shared(token: str) -> Shared:
    """The link in use and the latest finalised version it shows, or ShareUnavailable."""
    if not token or _TOKEN_SHAPE.fullmatch(token) is None:
        raise ShareUnavailable
    link = (
        ShareLink.objects.select_related("workshop__organisation")
        .in_use()
        .filter(token=token)
        .first()
    )
    if link is None:
        raise ShareUnavailable
    version = latest_finalised(link.workshop)
    if version is None:
        raise ShareUnavailable
    return Shared(link, version)


def shared_values(version: DocumentVersion) -> dict[int, int]:
    """{Candidate id: place in the version (0, 1, …)} of the version's values that still
    exist: the values an employee can say what they mean to them."""
    existing = set(
        Candidate.objects.filter(
            workshop=version.workshop_id, pk__in=version.value_ids
        ).values_list("pk", flat=True)
    )
    return {pk: place for place, pk in enumerate(version.value_ids) if pk in existing}


def interpretation_device(device_id: str) -> str:
    """What an interpretation keeps of the device: a keyed hash of its cookie, of its own
    (not the survey's plain hash), so the anonymous tables cannot be joined per person."""
    return salted_hmac("documents.interpretation", device_id, algorithm="sha256").hexdigest()


def interpretation_submit(
    *, workshop: Workshop, candidate_id: int, device_id: str, text: str
) -> Interpretation:
    """Store the device's reading of a value: one per device and value, the latest kept.

    One statement (an upsert): concurrent answers from one device cannot collide, and
    answers from a room at once never wait on each other. An answer racing the admin's
    "Stop sharing" may still land: the link is checked when the page is read, not locked
    (a lock would queue a whole room's answers one behind the other).
    """
    now = timezone.now()
    device = interpretation_device(device_id)
    Interpretation.objects.bulk_create(
        [
            Interpretation(
                workshop=workshop,
                candidate_id=candidate_id,
                device=device,
                text=text,
                created_at=now,
                updated_at=now,
            )
        ],
        update_conflicts=True,
        unique_fields=["candidate", "device"],
        update_fields=["text", "updated_at"],
    )
    live.announce_change(workshop.pk, READINGS_PART)
    return Interpretation.objects.get(candidate_id=candidate_id, device=device)


def readings_of_device(version: DocumentVersion, device_id: str | None) -> dict[int, str]:
    """{Candidate id: text} of what this device said of the version's values."""
    if not device_id:
        return {}
    rows = Interpretation.objects.filter(
        candidate_id__in=version.value_ids, device=interpretation_device(device_id)
    )
    return {row.candidate_id: row.text for row in rows}


# The facilitator's view: per value, what employees said, as a cloud, and against the
# team's own answers.


@dataclass(frozen=True)
class CloudWord:
    text: str
    count: int
    # 1 (the fewest answers) to 5 (the most), for the cloud's type size.
    size: int


def _cloud(words: list[WordCount]) -> list[CloudWord]:
    shown = words[:CLOUD_WORDS]
    top = shown[0].count if shown else 1
    sized = [
        CloudWord(w.text, w.count, 1 + round(4 * (w.count - 1) / max(top - 1, 1))) for w in shown
    ]
    # Alphabetical, as a cloud reads: the size, not the place, says how often.
    return sorted(sized, key=lambda w: w.text.casefold())


@dataclass(frozen=True)
class Reading:
    """How employees read one value."""

    candidate_id: int
    name: str
    # The latest answers (ANSWERS_LISTED), and how many there are in all.
    answers: list[Interpretation]
    answer_count: int
    # Still a final value, so stage 7 can take it up again.
    reworkable: bool
    cloud: list[CloudWord]
    # Words of the team's own answers that employees used too (how often they did) …
    matching: list[WordCount]
    # … and the ones no employee used.
    missing: list[WordCount]


def _languages(workshop: Workshop) -> list[str]:
    survey = Survey.objects.filter(workshop=workshop).first()
    languages = survey.language_list if survey else []
    return languages or [code for code, _name in settings.LANGUAGES]


def _words(texts: list[str], languages: list[str]) -> list[WordCount]:
    # Single words only: a phrase of the team's rarely comes back word for word.
    return word_frequencies(texts, languages=languages, limit=1000, min_phrase_count=10**9)


def _team_texts(value: dict) -> list[str]:
    texts = [value.get("statement", "")]
    for group in value.get("answers", ()):
        texts += list(group.get("answers", ()))
    return [text for text in texts if text.strip()]


def readings(workshop: Workshop, version: DocumentVersion, content: dict) -> list[Reading]:
    """Per value of the version (in its `content`, the reader's language), what employees
    said it means to them: the answers, their words, and those words against the team's
    own statement and five answers for the value. Counted once per change of the answers
    (every facilitator's screen, and each of its live updates, reads the same count)."""
    places = shared_values(version)
    answers = Interpretation.objects.filter(candidate_id__in=places)
    state = answers.aggregate(n=Count("pk"), latest=Max("updated_at"))
    latest = state["latest"].isoformat() if state["latest"] else ""
    of = f"{version.pk}:{translation.get_language()}:{sorted(places.items())}:{state['n']}:{latest}"
    key = "readings:" + hashlib.sha256(of.encode()).hexdigest()
    found = cache.get(key)
    if found is None:
        found = _count_readings(workshop, places, answers, content)
        cache.set(key, found, READINGS_CACHE_SECONDS)
    final = set(
        Candidate.objects.filter(pk__in=places, final_position__isnull=False).values_list(
            "pk", flat=True
        )
    )
    return [replace(reading, reworkable=reading.candidate_id in final) for reading in found]


def _count_readings(workshop, places: dict[int, int], answers, content: dict) -> list[Reading]:
    languages = _languages(workshop)
    by_value: dict[int, list[Interpretation]] = {pk: [] for pk in places}
    for row in answers:
        by_value[row.candidate_id].append(row)
    values = content.get("values", ())
    result = []
    for pk, place in places.items():
        value = values[place] if place < len(values) else {"name": ""}
        said_by = by_value[pk]
        said = _words([a.text for a in said_by], languages) if said_by else []
        team = _words(_team_texts(value), languages)
        used = {word.key: word for word in said}
        result.append(
            Reading(
                candidate_id=pk,
                name=value.get("name", ""),
                answers=said_by[:ANSWERS_LISTED],
                answer_count=len(said_by),
                reworkable=False,
                cloud=_cloud(said),
                matching=[used[w.key] for w in team if w.key in used],
                missing=[w for w in team if w.key not in used][:MISSING_SHOWN] if said_by else [],
            )
        )
    return result
