"""Stage 8's exports, click → file ready, through the bench's Celery worker, for the demo's
complete workshop.

    python bench/export_bench.py BASE_URL SETUP_JSON [RUNS]

SETUP_JSON is bench/export_setup.py's output: the workshop, an admin's session and a CSRF
pair. For each format, RUNS times (default 21, BENCH_EXPORT_RUNS; the first a warm-up, not
counted: the worker's first render of a format loads its libraries and fonts), one after
another as an admin clicks: the export button's POST (`format=<fmt>`, `HX-Request: true`),
whose answer is the exports panel with the new job first (`id="export-job-<N>"`); then the
job's row, polled every 50 ms (the page's row polls every second: this measures when the
file is ready, not when a screen would notice) until it holds the download link
(`id="download-<N>"`) or an error (`class="error"`). A job's time runs from the start of its
POST to the end of the answer that showed it ready. Each ready file is then downloaded (not
timed) and its first bytes checked. A job that failed, took longer than TIMEOUT_S, or whose
file is not its format's is a failure, and no time.

Prints one JSON object: per format the p95 (nearest rank) and the median in seconds, the
failures, and every sample.
"""

import http.client
import json
import math
import os
import re
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

FORMATS = ["pdf", "docx", "md", "answers-csv", "votes-csv"]
POLL_S = 0.05
TIMEOUT_S = 60
JOB = re.compile(r'id="export-job-(\d+)"')
# In the job's row (templates/documents/_stage.html, "export-job"): ready, or failed.
READY = 'id="download-{job}"'
FAILED = 'class="error"'
# What each format's file starts with: PDF, a zip (Word), text.
MAGIC = {"pdf": b"%PDF-", "docx": b"PK\x03\x04"}


def _percentile(values: list[float], p: float) -> float:
    """Nearest rank, as bench/survey_load.py computes it."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


class Client:
    def __init__(self, base: str, cookie: str, csrf_token: str):
        parts = urlsplit(base)
        self.hostname, self.port = parts.hostname, parts.port or 80
        self.host = parts.netloc
        self.cookie, self.csrf_token = cookie, csrf_token

    def send(self, method: str, path: str, body: str | None = None) -> tuple[int, bytes]:
        # gunicorn's sync workers close the connection after each answer: a new one each.
        connection = http.client.HTTPConnection(self.hostname, self.port, timeout=TIMEOUT_S)
        headers = {"Cookie": self.cookie, "Host": self.host, "HX-Request": "true"}
        if method == "POST":
            headers |= {
                "Content-Type": "application/x-www-form-urlencoded",
                "X-CSRFToken": self.csrf_token,
            }
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            return response.status, response.read()
        finally:
            connection.close()


def export_once(client: Client, setup: dict, fmt: str) -> dict:
    """One click and its job followed to the end: the sample, with `error` if it failed."""
    started = time.perf_counter()
    status, body = client.send("POST", setup["export_path"], f"format={fmt}")
    post_s = time.perf_counter() - started
    found = JOB.search(body.decode())
    if status != 200 or found is None:
        return {"error": f"the export POST answered {status}", "post_s": round(post_s, 4)}
    job = found.group(1)
    row = setup["status_path"].format(job=job)
    polls = 0
    while True:
        status, body = client.send("GET", row)
        polls += 1
        elapsed = time.perf_counter() - started
        text = body.decode()
        sample = {"job": int(job), "post_s": round(post_s, 4), "polls": polls}
        if status != 200:
            return sample | {"error": f"the job's row answered {status}"}
        if READY.format(job=job) in text:
            break
        if FAILED in text:
            return sample | {"error": "the job failed", "row": text}
        if elapsed > TIMEOUT_S:
            return sample | {"error": f"not ready after {TIMEOUT_S} s"}
        # Every 50 ms from the POST's start, not 50 ms after each answer.
        time.sleep(max(0.0, POLL_S * (polls + 1) - (time.perf_counter() - started)))
    sample["s"] = round(elapsed, 4)
    status, content = client.send("GET", f"{row}download/")
    sample["bytes"] = len(content)
    magic = MAGIC.get(fmt)
    if status != 200 or not content or (magic and not content.startswith(magic)):
        return sample | {"error": f"the download answered {status}, {content[:20]!r}"}
    return sample


def main(base: str, setup_path: str, runs: int) -> None:
    setup = json.loads(Path(setup_path).read_text())
    client = Client(base, setup["cookie"], setup["csrf_token"])
    figures: dict = {}
    samples: dict[str, list[dict]] = {}
    failures = []
    for fmt in FORMATS:
        samples[fmt] = [export_once(client, setup, fmt) for _ in range(runs)]
        counted = samples[fmt][1:]  # the first is the warm-up
        failures += [s | {"format": fmt} for s in samples[fmt] if "error" in s]
        times = [s["s"] for s in counted if "error" not in s]
        name = fmt.replace("-", "_")
        figures[f"export_{name}_p95_s"] = round(_percentile(times, 95), 3)
        figures[f"export_{name}_median_s"] = (
            round(statistics.median(times), 3) if times else float("nan")
        )
    # A warm-up that failed is a failure too: only its time is left out.
    figures["export_failed"] = len(failures)
    print(
        json.dumps(
            figures
            | {
                "runs": runs,
                "counted": runs - 1,
                "poll_s": POLL_S,
                "workshop_id": setup["workshop_id"],
                "warm_up_s": {fmt: samples[fmt][0].get("s") for fmt in FORMATS},
                "post_p95_s": round(
                    _percentile([s["post_s"] for v in samples.values() for s in v[1:]], 95), 4
                ),
                "bytes": {fmt: samples[fmt][-1].get("bytes") for fmt in FORMATS},
                "failures": failures,
                "samples": {
                    fmt: [s.get("s", s.get("error")) for s in samples[fmt]] for fmt in FORMATS
                },
            }
        )
    )


if __name__ == "__main__":
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else int(os.environ.get("BENCH_EXPORT_RUNS", 21))
    if runs < 2:
        raise SystemExit("RUNS: at least 2 (the first is a warm-up)")
    main(sys.argv[1], sys.argv[2], runs)
