"""Live updates: a change counter and a presence roster per workshop, kept in the cache.

Every screen in a workshop polls with the counter it was rendered with. The poll
answers 304 while the counter is unchanged, which costs one cache round trip and
no database query; when it moved, the screen re-renders its live region.

The counter only ever goes up (cache INCR after the change commits), and a page
reads it *before* it reads the state it renders, so a change can cause an extra
render but never a missed one.
"""

import time

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.db import transaction

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


def _advance(workshop_id: int) -> None:
    _recently_read.pop(workshop_id, None)
    try:
        cache.incr(_counter_key(workshop_id))
    except ValueError:
        cache.add(_counter_key(workshop_id), _fresh_counter(), timeout=None)


def announce_change(workshop_id: int) -> None:
    """Tell every screen of the workshop to re-render, once the current transaction commits."""
    transaction.on_commit(lambda: _advance(workshop_id))


def current_counter(workshop_id: int) -> int:
    value = cache.get(_counter_key(workshop_id))
    if value is None:
        cache.add(_counter_key(workshop_id), _fresh_counter(), timeout=None)
        value = cache.get(_counter_key(workshop_id))
    return value


def poll_token(workshop_id: int, user_id: int) -> str:
    return _signer.sign(f"{workshop_id}.{user_id}")


def user_from_poll_token(token: str, workshop_id: int) -> int | None:
    try:
        value = _signer.unsign(token, max_age=POLL_TOKEN_MAX_AGE)
    except signing.BadSignature:
        return None
    token_workshop, _, user_id = value.partition(".")
    if token_workshop != str(workshop_id) or not user_id.isdigit():
        return None
    return int(user_id)


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


def poll(workshop_id: int, user_id: int, *, max_age: float | None = None) -> int:
    """Record that user_id's screen is here, and return the workshop's change counter.

    max_age is how old a remembered read may be (seconds); a page render passes 0.
    """
    if max_age is None:
        max_age = settings.LIVE_LOCAL_CACHE_SECONDS
    now = time.time()
    counter, roster = _shared_state(workshop_id, now, max_age)
    seen = roster.get(user_id)
    if seen is None or now - seen > REFRESH_EVERY or _absent(roster, now):
        roster = cache.get(_roster_key(workshop_id)) or {}
        seen = roster.get(user_id)
        gone = _absent(roster, now)
        roster = {uid: at for uid, at in roster.items() if uid not in gone}
        roster[user_id] = now
        cache.set(_roster_key(workshop_id), roster, timeout=PRESENT_FOR * 3)
        _recently_read.pop(workshop_id, None)
        if seen is None or gone:
            _advance(workshop_id)
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
