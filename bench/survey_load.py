"""Survey answers under load: bodies for wrk, a fixed-rate burst, stored vs acknowledged.

    python bench/survey_load.py bodies FILE [N]
        N URL-encoded synthetic answers, one a line, for bench/survey_post.lua.
    python bench/survey_load.py check SURVEY_ID ACKED_DIR
        Compare the answer numbers acknowledged by wrk (ACKED_DIR/acked-*.txt) with the
        answers stored; print JSON.
    python bench/survey_load.py paced URL RATE SECONDS [COOKIE]
        GET the URL RATE times a second for SECONDS, on schedule (an open loop, as below);
        print the latencies as JSON.
    python bench/survey_load.py burst URL CSRF_COOKIE SURVEY_ID
        10,000 answers in 60 s, then 5,000 in 10 s (both times BENCH_BURST_SCALE, so the
        rates stay 167/s and 500/s), each on a new connection at its scheduled time, whether
        or not earlier ones were answered (an open loop: a slow server gets no respite);
        then the check; print JSON.

Every answer's text ends with a unique number (" #1…" from wrk, " #2…" from the burst) that
the thank-you page shows back and the stored row keeps, so "lost" means acknowledged with
200 and not in the database, exactly.

The burst measures each latency from the request's scheduled time, not from when it was
actually sent, so a generator that falls behind cannot hide the server's slowness
(coordinated omission); how far it fell behind is reported as the send lag, and the rate
counts as held while no request started more than 100 ms late.
"""

import asyncio
import gc
import json
import math
import os
import re
import secrets
import sys
import time
from pathlib import Path
from urllib.parse import quote_plus, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

WRK_PREFIX, BURST_PREFIX = "1", "2"
NUMBER = re.compile(r"#(\d{10})\s*$")
PHASES = [(10_000, 60.0), (5_000, 10.0)]  # (answers, seconds)
TIMEOUT = 30.0  # seconds; a request not answered by then is an error
# The rate counts as held while no request started later than this after its scheduled time.
LAG_MAX_LIMIT_MS = 100.0


def synthetic_texts(n: int, seed: int = 11) -> list[str]:
    from bench.wordcloud_bench import answers

    return answers(n, seed=seed)


def write_bodies(path: str, n: int = 5000) -> None:
    Path(path).write_text("".join(quote_plus(text) + "\n" for text in synthetic_texts(n)))


def stored_numbers(survey_id: int, prefix: str) -> tuple[set[str], int]:
    """The answer numbers with this prefix stored for the survey, and the survey's row count."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "philosophy.settings")
    django.setup()
    from surveys.models import Answer

    texts = list(Answer.objects.filter(survey_id=survey_id).values_list("text", flat=True))
    numbers = {m.group(1) for t in texts if (m := NUMBER.search(t))}
    return {n for n in numbers if n.startswith(prefix)}, len(texts)


def compare(acked: set[str], stored: set[str], rows: int, unmarked: int = 0) -> dict:
    return {
        "acknowledged": len(acked) + unmarked,
        "stored": len(stored),
        # Acknowledged with 200 but not in the database.
        "lost": len(acked - stored),
        # In the database but never acknowledged (e.g. cut off by the end of the run).
        "stored_unacknowledged": len(stored - acked),
        # 200 pages that did not show the answer's number back: not checked one by one.
        "unmarked": unmarked,
        "survey_rows": rows,
    }


def check(survey_id: int, acked_dir: str, unmarked: int = 0) -> dict:
    acked = set()
    for path in Path(acked_dir).glob("acked-*.txt"):
        acked.update(line for line in path.read_text().split() if line)
    stored, rows = stored_numbers(survey_id, WRK_PREFIX)
    return compare(acked, stored, rows, unmarked)


class _Exchange(asyncio.Protocol):
    """One request on its own connection; the future gets the status code."""

    def __init__(self, payload: bytes, result: asyncio.Future):
        self.payload, self.result, self.buffer = payload, result, bytearray()
        self.transport = None

    def connection_made(self, transport) -> None:
        self.transport = transport
        transport.write(self.payload)

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        head_end = self.buffer.find(b"\r\n\r\n")
        if head_end < 0 or self.result.done():
            return
        length = re.search(rb"(?i)\r\ncontent-length:\s*(\d+)", self.buffer[:head_end])
        if length and len(self.buffer) >= head_end + 4 + int(length.group(1)):
            self._finish()

    def connection_lost(self, exc) -> None:
        if not self.result.done():
            if self.buffer.startswith(b"HTTP/"):
                self._finish()
            else:
                self.result.set_exception(exc or ConnectionError("closed without an answer"))

    def _finish(self) -> None:
        self.result.set_result((int(self.buffer[9:12]), bytes(self.buffer)))
        self.transport.close()


async def _one(loop, host, port, payload, scheduled, record) -> None:
    started = loop.time()
    result = loop.create_future()
    transport = None
    try:
        async with asyncio.timeout(TIMEOUT):
            transport, _ = await loop.create_connection(
                lambda: _Exchange(payload, result), host, port
            )
            status, body = await result
    except TimeoutError:
        status, body = "timeout", b""
    except OSError as exc:
        status, body = type(exc).__name__, b""
    finally:
        result.cancel()  # after a timeout: nobody waits for it any more
        if transport is not None:
            transport.close()
    number = re.search(rb"#(%s\d{9})" % BURST_PREFIX.encode(), body) if status == 200 else None
    record((started - scheduled, loop.time() - scheduled, status, number and number.group(1)))


def _percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def _payload(host: str, port: int, path: str, cookie: str, secret: str, text: str) -> bytes:
    body = f"csrfmiddlewaretoken={secret}&text={quote_plus(text)}".encode()
    head = (
        f"POST {path} HTTP/1.1\r\nHost: {host}:{port}\r\nConnection: close\r\n"
        f"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {len(body)}\r\n"
        f"Cookie: {cookie}={secret}\r\nUser-Agent: bench-burst\r\n\r\n"
    )
    return head.encode() + body


def _answer_plan(url: str, cookie: str, phases: list[tuple[int, float]]) -> list[tuple]:
    """(phase, offset in seconds, request bytes) for every answer, each with its number."""
    parts = urlsplit(url)
    host, port = parts.hostname, parts.port or 80
    secret = secrets.token_hex(16)  # 32 characters: a valid unmasked CSRF secret
    texts = iter(synthetic_texts(sum(n for n, _ in phases)))
    plan = []
    number, offset = 0, 0.0
    for phase, (count, seconds) in enumerate(phases):
        for i in range(count):
            number += 1
            text = f"{next(texts)} #{BURST_PREFIX}{number:09d}"
            payload = _payload(host, port, parts.path, cookie, secret, text)
            plan.append((phase, offset + i * seconds / count, payload))
        offset += seconds
    return plan


async def _send_on_schedule(url: str, plan: list[tuple], phases: int) -> tuple[list, float]:
    """Send each planned request at its time, on its own connection, answered or not;
    the records by phase, and the CPU seconds the sending used."""
    parts = urlsplit(url)
    host, port = parts.hostname, parts.port or 80
    loop = asyncio.get_running_loop()
    results: list[list[tuple]] = [[] for _ in range(phases)]
    tasks = []
    gc.collect()
    gc.freeze()
    cpu = time.process_time()
    start = loop.time() + 0.1
    for phase, at, payload in plan:
        scheduled = start + at
        delay = scheduled - loop.time()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(
            loop.create_task(_one(loop, host, port, payload, scheduled, results[phase].append))
        )
    await asyncio.gather(*tasks)
    return results, time.process_time() - cpu


def _phase_figures(records: list[tuple], count: int, seconds: float, ok: str = "200") -> dict:
    lags = [r[0] * 1000 for r in records]
    latencies = [r[1] * 1000 for r in records]
    statuses: dict[str, int] = {}
    for r in records:
        statuses[str(r[2])] = statuses.get(str(r[2]), 0) + 1
    lag_p99, lag_max = _percentile(lags, 99), max(lags, default=0.0)
    return {
        "answers": count,
        "seconds": seconds,
        "rate_per_s": round(count / seconds, 1),
        "p50_ms": round(_percentile(latencies, 50), 2),
        "p99_ms": round(_percentile(latencies, 99), 2),
        "max_ms": round(max(latencies, default=0.0), 2),
        "errors": sum(n for s, n in statuses.items() if s != ok),
        "statuses": statuses,
        "send_lag_p99_ms": round(lag_p99, 2),
        "send_lag_max_ms": round(lag_max, 2),
        "rate_held": lag_max <= LAG_MAX_LIMIT_MS,
    }


def burst(url: str, cookie: str, survey_id: int, scale: float) -> dict:
    phases = [(max(1, round(n * scale)), s * scale) for n, s in PHASES]
    started = time.monotonic()
    plan = _answer_plan(url, cookie, phases)
    results, cpu = asyncio.run(_send_on_schedule(url, plan, len(phases)))
    wall = time.monotonic() - started
    acked = {r[3].decode() for rs in results for r in rs if r[3]}
    unmarked = sum(1 for rs in results for r in rs if r[2] == 200) - len(acked)
    stored, rows = stored_numbers(survey_id, BURST_PREFIX)
    figures = {
        "scale": scale,
        "wall_s": round(wall, 1),
        # The load generator's own CPU time while sending (it shares the machine).
        "generator_cpu_ms_per_request": round(1000 * cpu / sum(n for n, _ in phases), 3),
        "phases": [_phase_figures(r, n, s) for r, (n, s) in zip(results, phases, strict=True)],
    }
    all_latencies = [r[1] * 1000 for rs in results for r in rs]
    figures.update(
        p99_ms=max(p["p99_ms"] for p in figures["phases"]),
        overall_p99_ms=round(_percentile(all_latencies, 99), 2),
        errors=sum(p["errors"] for p in figures["phases"]),
        rate_held=all(p["rate_held"] for p in figures["phases"]),
        **compare(acked, stored, rows, unmarked),
    )
    return figures


def paced_gets(url: str, rate: float, seconds: float, cookie: str = "") -> dict:
    """GET the URL `rate` times a second for `seconds`, each on a new connection: the load
    of a room (50 screens polling once a second is 50/s), not of clients that ask again
    the moment they are answered. `cookie` is sent as the Cookie header (NAME=VALUE)."""
    parts = urlsplit(url)
    host, port = parts.hostname, parts.port or 80
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    cookie_line = f"Cookie: {cookie}\r\n" if cookie else ""
    payload = (
        f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nConnection: close\r\n"
        f"User-Agent: bench-paced\r\n{cookie_line}\r\n"
    ).encode()
    count = max(1, round(rate * seconds))
    plan = [(0, i / rate, payload) for i in range(count)]
    results, _cpu = asyncio.run(_send_on_schedule(url, plan, 1))
    # An unchanged workshop answers 304 Not Modified: anything else is not the path measured.
    return _phase_figures(results[0], count, seconds, ok="304")


def main(argv: list[str]) -> None:
    command, args = argv[0], argv[1:]
    if command == "bodies":
        write_bodies(args[0], *(int(a) for a in args[1:]))
    elif command == "check":
        unmarked = int(args[2]) if len(args) > 2 else 0
        print(json.dumps(check(int(args[0]), args[1], unmarked)))
    elif command == "paced":
        cookie = args[3] if len(args) > 3 else ""
        print(json.dumps(paced_gets(args[0], float(args[1]), float(args[2]), cookie)))
    elif command == "burst":
        scale = float(os.environ.get("BENCH_BURST_SCALE", "1"))
        print(json.dumps(burst(args[0], args[1], int(args[2]), scale)))
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
