"""What a workshop screen's poll costs when it finds a change: one participant's dot click,
seen by another participant's screen and by the facilitator's, while results are hidden.

    python bench/live_change.py BASE_URL SETUP_JSON [ITERATIONS]

SETUP_JSON is bench/setup_data.py's output: the clicker, the observer (both voters of the
open round) and the facilitator, each a logged-in session. The observer's and the
facilitator's screens are loaded as a browser loads them (the workshop page, whose poller
carries the values the next poll sends), and polled until nothing changes (their own
arrival on the roster settles). Then, ITERATIONS times (default 100, even, so the clicker
ends with no dot), the clicker places a dot or takes it back, so that every click is a
first dot or a last take-back (each moves "vote-progress": who has voted), and, after
LIVE_LOCAL_CACHE_SECONDS and a little more, each screen polls once with the values its last
answer gave it. Last, both screens poll 20 times more, finding nothing new, for scale.

Each poll's size is what came over the wire: status line, headers and body, counted as the
socket received them. Its time is the response time over loopback, from sending the request
to having read the whole answer, which bounds the server's time from above. The connection
is an http.client.HTTPConnection reused from poll to poll; gunicorn's sync workers close it
after each answer, though, so it reconnects before the next request, and the connect is
kept out of the time. (The polls that found nothing, timed alike, show how much of that
time is the client's and the loopback's: `unchanged_poll_ms_median`.)

A poll answered 304 after a click is a missed change (a bug: the screen would not show it).
Prints one JSON object: the figures bench/report.py reports, and every sample.
"""

import html
import http.client
import io
import json
import math
import re
import secrets
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlencode, urlsplit

# A change shows up LIVE_LOCAL_CACHE_SECONDS (0.25 s) later at most on another worker.
SETTLE_SECONDS = 0.3
POLLER = re.compile(r'<div id="live-poll".*?</div>', re.S)
FIELD = re.compile(r'<input type="hidden" name="(\w+)" value="([^"]*)">')
# The out-of-band parts an answer brings: each element's id, whatever its attributes' order.
OOB = re.compile(r'<[a-z]+\s(?=[^>]*\shx-swap-oob=)[^>]*?\sid="([^"]+)"')


class _CountingRaw(io.RawIOBase):
    """A socket's reading side (its unbuffered file, which keeps the socket open while the
    response reads, as http.client expects) that counts every byte it hands on."""

    def __init__(self, raw, counter: list[int]):
        self._raw, self._counter = raw, counter

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        n = self._raw.readinto(buffer)
        self._counter[0] += n or 0
        return n

    def close(self) -> None:
        self._raw.close()
        super().close()


class _CountingSocket:
    def __init__(self, sock, counter: list[int]):
        self._sock, self._counter = sock, counter

    def makefile(self, mode="rb", *args, **kwargs):
        raw = self._sock.makefile("rb", buffering=0)
        return io.BufferedReader(_CountingRaw(raw, self._counter))

    def __getattr__(self, name):
        return getattr(self._sock, name)


class Client:
    """One screen: its cookies, its kept connection, and the wire bytes of its last answer."""

    def __init__(self, base: str, cookie: str):
        parts = urlsplit(base)
        self.connection = http.client.HTTPConnection(parts.hostname, parts.port or 80)
        self.host = parts.netloc
        self.cookie = cookie
        self.received = [0]
        counter = self.received

        class Response(http.client.HTTPResponse):
            def __init__(self, sock, *args, **kwargs):
                super().__init__(_CountingSocket(sock, counter), *args, **kwargs)

        self.connection.response_class = Response

    def send(self, method: str, path: str, headers: dict, body: str | None = None):
        """(status, body text, milliseconds, wire bytes) of one request."""
        if self.connection.sock is None:
            self.connection.connect()
        self.received[0] = 0
        started = time.perf_counter()
        self.connection.request(
            method, path, body=body, headers={"Cookie": self.cookie, "Host": self.host} | headers
        )
        response = self.connection.getresponse()
        text = response.read()
        elapsed = (time.perf_counter() - started) * 1000
        if response.will_close:
            self.connection.close()
        return response.status, text.decode(), elapsed, self.received[0]


class Screen(Client):
    """A workshop screen that polls as htmx does, with the values its last answer carried."""

    def __init__(self, base: str, cookie: str, workshop_id: int):
        super().__init__(base, cookie)
        self.page = f"/workshops/{workshop_id}/"
        self.values: dict = {}

    def _take_values(self, text: str) -> None:
        found = POLLER.search(text)
        if found is None:
            raise SystemExit(f"no poller in the answer: {text[:500]!r}")
        self.values = {name: html.unescape(value) for name, value in FIELD.findall(found.group(0))}

    def load(self) -> None:
        status, text, _ms, _size = self.send("GET", self.page, {})
        if status != 200:
            raise SystemExit(f"the workshop page answered {status}")
        self._take_values(text)

    def poll(self) -> dict:
        headers = {
            "HX-Request": "true",
            "HX-Trigger": "live-poll",
            "HX-Target": "live-poll",
            "HX-Current-URL": f"http://{self.host}{self.page}",
        }
        path = f"{self.page}live/?{urlencode(self.values)}"
        status, text, ms, size = self.send("GET", path, headers)
        if status == 200:
            self._take_values(text)
        elif status != 304:
            raise SystemExit(f"the poll answered {status}: {text[:500]!r}")
        return {
            "status": status,
            "ms": round(ms, 3),
            "bytes": size,
            "parts": OOB.findall(text),
            "body": text,
        }


def _percentile(values: list[float], p: float) -> float:
    """Nearest rank, as bench/survey_load.py computes it."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def _settle(screens: list[Screen], rounds: int = 40) -> int:
    """Poll until every screen finds nothing new in the same round; the rounds it took."""
    for n in range(1, rounds + 1):
        time.sleep(SETTLE_SECONDS)
        if all(screen.poll()["status"] == 304 for screen in screens):
            return n
    raise SystemExit(f"the screens still found changes after {rounds} rounds")


def main(base: str, setup_path: str, iterations: int = 100) -> None:
    setup = json.loads(Path(setup_path).read_text())
    session, csrf = setup["session_cookie"], setup["csrf_cookie"]
    secret = secrets.token_hex(16)  # the CSRF secret, unmasked, as cookie and form field
    clicker = Client(base, f"{session}={setup['live_clicker_session']}; {csrf}={secret}")
    observer = Screen(base, f"{session}={setup['live_observer_session']}", setup["workshop_id"])
    facilitator = Screen(
        base, f"{session}={setup['live_facilitator_session']}", setup["workshop_id"]
    )
    screens = {"observer": observer, "facilitator": facilitator}
    for screen in screens.values():
        screen.load()
    settle_rounds = _settle(list(screens.values()))

    entry = setup["vote_entries"][0]
    click_headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "HX-Request": "true",
        "X-CSRFToken": secret,
    }
    samples: dict[str, list[dict]] = {name: [] for name in screens}
    clicks: dict[str, int] = {}
    has_dot = False
    for _ in range(iterations):
        action = "remove" if has_dot else "add"
        body = f"csrfmiddlewaretoken={secret}&{action}={entry}"
        status, _text, _ms, _size = clicker.send("POST", setup["vote_path"], click_headers, body)
        clicks[str(status)] = clicks.get(str(status), 0) + 1
        if status != 200:
            raise SystemExit(f"the dot click ({action}) answered {status}")
        has_dot = not has_dot
        time.sleep(SETTLE_SECONDS)
        for name, screen in screens.items():
            samples[name].append(screen.poll())

    # The same measurement of polls that find nothing new (304), for scale: the client's and
    # loopback's share of the times above is at most this.
    time.sleep(SETTLE_SECONDS)
    unchanged = [screen.poll() for _ in range(20) for screen in screens.values()]
    unchanged_ms = [s["ms"] for s in unchanged if s["status"] == 304]

    def changed(name: str) -> list[dict]:
        return [s for s in samples[name] if s["status"] == 200]

    def parts(name: str) -> dict[str, int]:
        counts: dict[str, int] = {}
        for sample in changed(name):
            for part in sample["parts"]:
                counts[part] = counts.get(part, 0) + 1
        return counts

    observer_bytes = [s["bytes"] for s in changed("observer")]
    observer_ms = [s["ms"] for s in changed("observer")]
    both_ms = [s["ms"] for name in screens for s in changed(name)]
    figures = {
        "live_change_bytes": max(observer_bytes, default=float("nan")),
        "live_change_bytes_median": statistics.median(observer_bytes)
        if observer_bytes
        else float("nan"),
        "live_change_facilitator_bytes": max(
            (s["bytes"] for s in changed("facilitator")), default=float("nan")
        ),
        "live_change_server_ms": round(_percentile(both_ms, 95), 2),
        "live_change_facilitator_p95_ms": round(
            _percentile([s["ms"] for s in changed("facilitator")], 95), 2
        ),
        "live_change_missed": sum(
            1 for name in screens for s in samples[name] if s["status"] == 304
        ),
    }
    print(
        json.dumps(
            figures
            | {
                "iterations": iterations,
                "settle_rounds": settle_rounds,
                "clicks": clicks,
                # Which out-of-band parts each screen's changed polls brought, and how often.
                "parts": {name: parts(name) for name in screens},
                "missed": {
                    name: sum(1 for s in samples[name] if s["status"] == 304) for name in screens
                },
                "observer_p95_ms": round(_percentile(observer_ms, 95), 2),
                "unchanged_poll_ms_median": round(statistics.median(unchanged_ms), 2)
                if unchanged_ms
                else float("nan"),
                # One changed poll's body of each screen, to see what the bytes are.
                "example_bodies": {
                    name: next((s["body"] for s in changed(name)), None) for name in screens
                },
                "samples": {
                    name: [[s["status"], s["ms"], s["bytes"]] for s in samples[name]]
                    for name in screens
                },
            }
        )
    )


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], *(int(a) for a in sys.argv[3:4]))
