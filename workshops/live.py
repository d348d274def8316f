"""Live updates: a change counter, a version per part of the screen, and a presence
roster per workshop, kept in the cache.

Every screen in a workshop polls with the counter it was rendered with and the version of
each part it shows (the whole workshop, the stage, who is here, and the stage's own smaller
parts). The poll answers 304 while the counter is unchanged, which costs one cache round
trip and no database query; when it moved, the answer holds only the parts whose version
moved.

Counter and versions only ever go up (cache INCR after the change commits): a change moves
its parts' versions first and the counter last, and a screen reads the counter, then the
versions, then the state it renders, so a change can cause an extra render but never a
missed one.
"""

import time

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.db import transaction
from django.utils.crypto import salted_hmac

POLL_TOKEN_MAX_AGE = 12 * 60 * 60
# Someone counts as present while their screen polled in the last PRESENT_FOR seconds;
# a screen refreshes its own roster entry at most every REFRESH_EVERY seconds.
PRESENT_FOR = 20
REFRESH_EVERY = 8

_signer = signing.TimestampSigner(salt="workshops.live.poll")


def _counter_key(workshop_id: int) -> str:
    return f"live:counter:{workshop_id}"


def _roster_key(workshop_id: int) -> str:
    return f"live:roster:{workshop_id}"


def _fresh_counter() -> int:
    # Starting from the clock means a counter lost with the cache never repeats an old value.
    return time.time_ns() // 1_000_000


# The parts every workshop screen has; a stage names its smaller ones (see workshops.stages).
WORKSHOP = "workshop"  # everything: the stage moved, the title or the members changed
STAGE = "stage"  # the current stage's screen
ROSTER = "roster"  # who is here


def _part_key(workshop_id: int, part: str) -> str:
    return f"live:part:{workshop_id}:{part}"


def _incr(key: str) -> None:
    try:
        cache.incr(key)
    except ValueError:
        cache.add(key, _fresh_counter(), timeout=None)


def _advance(workshop_id: int, parts: tuple[str, ...] = (WORKSHOP,)) -> None:
    _recently_read.pop(workshop_id, None)
    for part in parts:
        _incr(_part_key(workshop_id, part))
    _incr(_counter_key(workshop_id))


def announce_change(workshop_id: int, *parts: str) -> None:
    """Tell every screen of the workshop that these parts changed (all of it, if none are
    named), once the current transaction commits."""
    named = parts or (WORKSHOP,)
    transaction.on_commit(lambda: _advance(workshop_id, named))


def part_versions(workshop_id: int, parts: list[str]) -> dict[str, int | None]:
    """The version of each part now (None: it never changed since the cache started)."""
    found = cache.get_many([_part_key(workshop_id, part) for part in parts])
    return {part: found.get(_part_key(workshop_id, part)) for part in parts}


def encode_versions(versions: dict[str, int | None]) -> str:
    """The versions a screen holds, as its poll sends them back: "stage.17,roster.9"; a
    part that never changed is listed at 0, so the list names every part of the screen."""
    return ",".join(f"{part}.{version or 0}" for part, version in versions.items())


def decode_versions(text: str) -> dict[str, int]:
    """What encode_versions wrote; anything malformed counts as not seen (so it re-renders)."""
    seen = {}
    for item in text.split(",")[:32]:
        part, _dot, version = item.rpartition(".")
        if part and version.isdigit():
            seen[part] = int(version)
    return seen


def current_counter(workshop_id: int) -> int:
    value = cache.get(_counter_key(workshop_id))
    if value is None:
        cache.add(_counter_key(workshop_id), _fresh_counter(), timeout=None)
        value = cache.get(_counter_key(workshop_id))
    return value


def _ended_key(session: str) -> str:
    return f"live:session-ended:{session}"


def session_digest(session_key: str | None) -> str:
    """What a poll token holds of the session it was issued in: a keyed hash, never the
    key itself (the token is in the page, and the session key is a login)."""
    return salted_hmac("workshops.live.session", session_key or "").hexdigest()[:24]


def poll_token(workshop_id: int, user_id: int, session_key: str | None) -> str:
    return _signer.sign(f"{workshop_id}.{user_id}.{session_digest(session_key)}")


def user_from_poll_token(token: str, workshop_id: int, session_key: str | None) -> int | None:
    """The user a poll token was issued to, if it was issued in this browser's session
    (its session cookie, read without the database): a token copied elsewhere, or kept
    after logging out, marks nobody as present."""
    try:
        value = _signer.unsign(token, max_age=POLL_TOKEN_MAX_AGE)
    except signing.BadSignature:
        return None
    token_workshop, user_id, session = (value.split(".") + ["", ""])[:3]
    if token_workshop != str(workshop_id) or not user_id.isdigit():
        return None
    if not session_key or session != session_digest(session_key):
        return None
    return int(user_id)


def presence_end(*, user_id: int, workshop_ids: list[int], session_key: str | None) -> None:
    """The user logged out: off the roster of their workshops at once, and their session's
    poll tokens no longer mark them present, even sent with the old session cookie."""
    cache.set(_ended_key(session_digest(session_key)), True, timeout=POLL_TOKEN_MAX_AGE)
    for workshop_id in workshop_ids:
        roster = cache.get(_roster_key(workshop_id)) or {}
        if roster.pop(user_id, None) is None:
            continue
        cache.set(_roster_key(workshop_id), roster, timeout=PRESENT_FOR * 3)
        _advance(workshop_id, (ROSTER,))


# Each process remembers what it last read for a workshop for a fraction of a second, so a
# burst of polls costs one cache round trip; a change shows up that much later at most.
_recently_read: dict[int, tuple[float, int | None, dict]] = {}


def _shared_state(workshop_id: int, now: float, max_age: float) -> tuple[int | None, dict]:
    remembered = _recently_read.get(workshop_id)
    if remembered and now - remembered[0] < max_age:
        return remembered[1], remembered[2]
    values = cache.get_many([_counter_key(workshop_id), _roster_key(workshop_id)])
    counter = values.get(_counter_key(workshop_id))
    roster = values.get(_roster_key(workshop_id)) or {}
    _recently_read[workshop_id] = (now, counter, roster)
    return counter, roster


def poll(
    workshop_id: int, user_id: int, *, max_age: float | None = None, session_key: str | None = None
) -> int | None:
    """Record that user_id's screen is here, and return the workshop's change counter.

    max_age is how old a remembered read may be (seconds); a page render passes 0.
    A poll by token passes the session_key it was checked against: None comes back, and
    nobody is marked present, if that session was logged out.
    """
    if max_age is None:
        max_age = settings.LIVE_LOCAL_CACHE_SECONDS
    now = time.time()
    counter, roster = _shared_state(workshop_id, now, max_age)
    seen = roster.get(user_id)
    if seen is None or now - seen > REFRESH_EVERY or _absent(roster, now):
        keys = [_roster_key(workshop_id)]
        if session_key is not None:
            keys.append(_ended_key(session_digest(session_key)))
        values = cache.get_many(keys)
        if len(keys) > 1 and values.get(keys[1]):
            return None
        roster = values.get(keys[0]) or {}
        seen = roster.get(user_id)
        gone = _absent(roster, now)
        roster = {uid: at for uid, at in roster.items() if uid not in gone}
        roster[user_id] = now
        cache.set(_roster_key(workshop_id), roster, timeout=PRESENT_FOR * 3)
        _recently_read.pop(workshop_id, None)
        if seen is None or gone:
            _advance(workshop_id, (ROSTER,))
        counter = None
    if counter is None:
        counter = current_counter(workshop_id)
    return counter


def _absent(roster: dict, now: float) -> list[int]:
    return [uid for uid, at in roster.items() if now - at > PRESENT_FOR]


def present_user_ids(workshop_id: int) -> set[int]:
    roster = cache.get(_roster_key(workshop_id)) or {}
    now = time.time()
    return {uid for uid, at in roster.items() if now - at <= PRESENT_FOR}
