"""Turn bench/run.sh's raw outputs into bench/results.json and a printed table.

results.json holds flat figures (the table's rows) and, under "run", what they were measured
with: the server and load settings, the bench survey's link, the machine's load average
before the run, the burst's phases and the Celery worker's task count.
"""

import json
import math
import operator
import re
import sys
from pathlib import Path

UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}
# The performance targets of docs/quality.md, by figure.
TARGETS = {
    "poll_304_rps_ratio": (">=", 0.6),
    "poll_304_p99_ms": ("<=", 10),
    "poll_304_errors": ("==", 0),
    "poll_304_room_p99_ms": ("<=", 10),
    "poll_304_ten_rooms_p99_ms": ("<=", 10),
    "poll_304_paced_errors": ("==", 0),
    "survey_post_rps_ratio": (">=", 0.25),
    "survey_post_p99_ms": ("<=", 50),
    "survey_post_errors": ("==", 0),
    "survey_post_lost": ("==", 0),
    "survey_burst_p99_ms": ("<=", 100),
    "survey_burst_errors": ("==", 0),
    "survey_burst_lost": ("==", 0),
    "wordcloud_10k_ms": ("<=", 300),
    "wordcloud_100k_ms": ("<=", 1000),
    "vision_check_ms": ("<=", 5),
    "action_check_ms": ("<=", 5),
    "vote_cast_rps_ratio": (">=", 0.15),
    "share_page_errors": ("==", 0),
    "vote_cast_p99_ms": ("<=", 150),
    "vote_cast_errors": ("==", 0),
    "vote_overbudget": ("==", 0),
    "vote_overcap": ("==", 0),
    "vote_miscounted": ("==", 0),
    "live_change_bytes": ("<=", 3000),
    "live_change_server_ms": ("<=", 5),
    "live_change_missed": ("==", 0),
    "export_pdf_p95_s": ("<=", 3),
    "export_docx_p95_s": ("<=", 1),
    "export_md_p95_s": ("<=", 0.5),
    "export_answers_csv_p95_s": ("<=", 0.5),
    "export_votes_csv_p95_s": ("<=", 0.5),
    "export_failed": ("==", 0),
}
# bench/export_bench.py's formats, as its figures name them.
EXPORT_FORMATS = ("pdf", "docx", "md", "answers_csv", "votes_csv")
# Checks of the measurement itself: when one fails, distrust the run, not the app.
CHECKS = {
    "hello_rps_spread_pct": ("<=", 15),
    # Mean CPU (100 = one core) that others' processes used during the worst measurement.
    "foreign_cpu_max_pct": ("<=", 10),
    "survey_burst_rate_held": ("==", True),
    # wrk stops with up to one request in flight per connection: stored, never acknowledged.
    "survey_post_stored_unacknowledged": ("<=", 64),
}
OPERATORS = {">=": operator.ge, "<=": operator.le, "==": operator.eq}


def parse_wrk(text: str) -> dict:
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", text)
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text
    )
    statuses = re.search(r"\w+_statuses (\{.*\})", text)
    return {
        "rps": rps,
        "p99_ms": float(p99.group(1)) * UNITS[p99.group(2)],
        "errors": (int(errors.group(1)) if errors else 0)
        + (sum(int(g) for g in socket_errors.groups()) if socket_errors else 0),
        "statuses": json.loads(statuses.group(1)) if statuses else None,
    }


def _read(out: Path, name: str, default=None):
    path = out / name
    if not path.exists():
        return default
    text = path.read_text().strip()
    return json.loads(text) if name.endswith(".json") else text


def foreign_cpu(out: Path) -> dict[str, float]:
    """Mean CPU % (100 = one core) used by others during each marked measurement."""
    marks: dict[str, list[float]] = {}
    for line in (_read(out, "marks") or "").splitlines():
        name, at = line.split()
        marks.setdefault(name, []).append(float(at))
    samples = [
        tuple(map(float, line.split())) for line in (_read(out, "foreign_cpu") or "").splitlines()
    ]
    shares = {}
    for name, (start, end, *_) in ((n, m) for n, m in marks.items() if len(m) >= 2):
        # A sample covers the second before its time stamp.
        inside = [pct for at, pct in samples if start < at <= end + 1]
        shares[name] = round(sum(inside) / len(inside), 1) if inside else float("nan")
    return shares


def figures(out: Path) -> dict:
    runs = {p.stem: parse_wrk(p.read_text()) for p in out.glob("*.wrk")}
    poll, post, votes = runs["poll_304"], runs["survey_post"], runs["vote_cast"]
    share = runs.get("share_page")
    hellos = [runs[name] for name in ("hello", "hello_2") if name in runs]
    hello = {
        "rps": sum(h["rps"] for h in hellos) / len(hellos),
        "p99_ms": max(h["p99_ms"] for h in hellos),
        "errors": sum(h["errors"] for h in hellos),
    }
    spread = (max(h["rps"] for h in hellos) - min(h["rps"] for h in hellos)) / hello["rps"]
    checked = _read(out, "survey_post_check.json")
    burst = _read(out, "burst.json")
    cloud = _read(out, "wordcloud.json")
    vision = _read(out, "vision_check.json")
    action = _read(out, "action_check.json")
    ballots = _read(out, "vote_check.json")
    paced = {rate: _read(out, f"poll_304_at_{rate}.json") for rate in (50, 500)}
    setup = _read(out, "setup.json")
    change = _read(out, "live_change.json")
    poll_status = _read(out, "poll_status_after")
    exports = _read(out, "export.json")
    results = {
        "hello_rps": round(hello["rps"], 1),
        "hello_p99_ms": round(hello["p99_ms"], 2),
        "hello_errors": hello["errors"],
        # H measured before and after the poll and answer runs: a wide spread means a noisy run.
        "hello_rps_spread_pct": round(100 * spread, 1),
        "poll_304_rps_ratio": round(poll["rps"] / hello["rps"], 3),
        "poll_304_p99_ms": round(poll["p99_ms"], 2),
        # A poll that found a change (200) is not the 304 path this measures.
        "poll_304_errors": poll["errors"] + (0 if poll_status == "304" else 1),
        # The same poll sent at a fixed pace (an open loop), as a room of screens sends it.
        "poll_304_room_p99_ms": paced[50]["p99_ms"],
        "poll_304_ten_rooms_p99_ms": paced[500]["p99_ms"],
        "poll_304_paced_errors": paced[50]["errors"] + paced[500]["errors"],
        "survey_post_rps": round(post["rps"], 1),
        "survey_post_rps_ratio": round(post["rps"] / hello["rps"], 3),
        "survey_post_p99_ms": round(post["p99_ms"], 2),
        "survey_post_errors": post["errors"],
        "survey_post_acknowledged": checked["acknowledged"],
        "survey_post_stored": checked["stored"],
        "survey_post_lost": checked["lost"],
        "survey_post_stored_unacknowledged": checked["stored_unacknowledged"],
        "survey_burst_p99_ms": burst["p99_ms"],
        "survey_burst_steady_p99_ms": burst["phases"][0]["p99_ms"],
        "survey_burst_peak_p99_ms": burst["phases"][1]["p99_ms"],
        "survey_burst_errors": burst["errors"],
        "survey_burst_acknowledged": burst["acknowledged"],
        "survey_burst_stored": burst["stored"],
        "survey_burst_lost": burst["lost"],
        "survey_burst_rate_held": burst["rate_held"],
        "survey_burst_send_lag_max_ms": max(p["send_lag_max_ms"] for p in burst["phases"]),
        "wordcloud_10k_ms": cloud["wordcloud_10k_ms"],
        "wordcloud_100k_ms": cloud["wordcloud_100k_ms"],
        # The stage 6 check of a 25-word statement: p95 warm, and the first in a new process.
        "vision_check_ms": vision["vision_check_ms"],
        "vision_check_cold_ms": vision["vision_check_cold_ms"],
        # The stage 7 check of an action statement: p95 warm, and the first in a new process.
        "action_check_ms": action["action_check_ms"],
        "action_check_cold_ms": action["action_check_cold_ms"],
        # The public share page (stage 8), the demo's complete philosophy read logged out:
        # no target of its own; the survey page's weight and pace are the model.
        **(
            {
                "share_page_rps_ratio": round(share["rps"] / hello["rps"], 3),
                "share_page_p99_ms": round(share["p99_ms"], 2),
                "share_page_errors": share["errors"],
            }
            if share
            else {}
        ),
        "vote_cast_rps": round(votes["rps"], 1),
        "vote_cast_rps_ratio": round(votes["rps"] / hello["rps"], 3),
        "vote_cast_p99_ms": round(votes["p99_ms"], 2),
        # A refused click (409: the voter's budget or the value's cap was reached by a click
        # still in flight) is the app's answer, not an error; anything else but 200 is.
        "vote_cast_errors": votes["errors"] - votes["statuses"]["refused"],
        "vote_cast_refused": votes["statuses"]["refused"],
        "vote_dots_placed": ballots["dots_placed"],
        "vote_overbudget": ballots["overbudget"],
        "vote_overcap": ballots["overcap"],
        "vote_miscounted": ballots["ballots_miscounted"] + ballots["entries_miscounted"],
        # A poll after another voter's dot click (results hidden), by bench/live_change.py:
        # the wire bytes (status line, headers, body) a participant's screen downloads, the
        # worst and the median, and the facilitator's worst (its answer holds who has voted).
        "live_change_bytes": change["live_change_bytes"],
        "live_change_bytes_median": change["live_change_bytes_median"],
        "live_change_facilitator_bytes": change["live_change_facilitator_bytes"],
        # p95 response time over loopback of the polls that found the change (both screens),
        # an upper bound of the server's time; then the facilitator's alone.
        "live_change_server_ms": change["live_change_server_ms"],
        "live_change_facilitator_p95_ms": change["live_change_facilitator_p95_ms"],
        # The participant's alone: its screen's parts did not move, so no database query.
        "live_change_participant_p95_ms": change["observer_p95_ms"],
        # Polls sent after a click (and after the local cache's 0.25 s) that still found
        # nothing new (304): a screen that would not show the change.
        "live_change_missed": change["live_change_missed"],
        # Stage 8, by bench/export_bench.py: an admin's export click → the file ready (its
        # row shows the download link), through the Celery worker, for the demo's complete
        # workshop; p95 and median of the runs after a warm-up, per format.
        **{
            f"export_{fmt}_{stat}_s": exports[f"export_{fmt}_{stat}_s"]
            for fmt in EXPORT_FORMATS
            for stat in ("p95", "median")
        },
        # Jobs that failed, never got ready, or whose file was not its format's.
        "export_failed": exports["export_failed"],
    }
    others = foreign_cpu(out)
    measured = [
        v
        for k, v in others.items()
        if k not in ("wordcloud", "vision_check", "action_check") and not math.isnan(v)
    ]
    results["foreign_cpu_max_pct"] = max(measured, default=float("nan"))
    results["run"] = {
        **_read(out, "config.json", {}),
        "survey_token": setup["survey_token"],
        "survey_path": setup["survey_path"],
        "loadavg_before": _read(out, "loadavg_before"),
        "cpu_busy_before_pct": int(_read(out, "cpu_busy_before", "-1")),
        # CPU % (100 = one core) used by other processes during each measurement.
        "foreign_cpu_pct": others,
        "hello_rps_each": [round(h["rps"], 1) for h in hellos],
        "poll_status_before_after": [_read(out, "poll_status_before"), poll_status],
        "poll_304_paced": paced,
        "survey_post_statuses": post["statuses"],
        "vote_cast_statuses": votes["statuses"],
        "live_change": {
            k: change[k] for k in ("iterations", "settle_rounds", "clicks", "parts", "missed")
        }
        | {k: change[k] for k in ("observer_p95_ms", "unchanged_poll_ms_median")},
        "survey_burst_scale": burst["scale"],
        "survey_burst_phases": burst["phases"],
        "survey_burst_stored_unacknowledged": burst["stored_unacknowledged"],
        "survey_burst_generator_cpu_ms_per_request": burst["generator_cpu_ms_per_request"],
        "export": {
            k: exports[k]
            for k in ("runs", "counted", "poll_s", "warm_up_s", "post_p95_s", "bytes", "failures")
        },
        "celery_tasks_succeeded": int(_read(out, "celery_tasks", "0") or 0),
        "wordcloud": {k: v for k, v in cloud.items() if isinstance(v, dict)}
        | {"warm_up_ms": cloud["warm_up_ms"]},
    }
    return results


def verdict(name: str, value) -> str:
    if name not in TARGETS and name not in CHECKS:
        return ""
    op, target = TARGETS.get(name) or CHECKS[name]
    if isinstance(value, float) and math.isnan(value):
        return "no figure"
    passed = OPERATORS[op](value, target)
    if name in CHECKS:
        return "measurement ok" if passed else "DISTRUST THE RUN"
    return "met" if passed else "NOT MET"


def main(out_dir: str) -> None:
    results = figures(Path(out_dir))
    Path("bench/results.json").write_text(json.dumps(results, indent=2) + "\n")
    run = results["run"]
    print(
        f"\ngunicorn {run['workers']} sync workers; wrk {run['wrk_threads']} thread(s),"
        f" {run['connections']} connections, {run['duration']}; CPUs busy before:"
        f" {run['cpu_busy_before_pct']}%; survey {run['survey_path']}"
    )
    print(f"{'figure':<36}{'value':>12}  {'target':<8}")
    for name, value in results.items():
        if name == "run":
            continue
        op, target = TARGETS.get(name) or CHECKS.get(name) or ("", "")
        print(f"{name:<36}{value!s:>12}  {op} {target!s:<6}  {verdict(name, value)}")
    held = "" if results["survey_burst_rate_held"] else " (the load generator fell behind)"
    print(
        f"burst at scale {run['survey_burst_scale']}{held}: "
        + "; ".join(
            f"{p['answers']} in {p['seconds']:g} s ({p['rate_per_s']}/s) p50 {p['p50_ms']} ms"
            f" p99 {p['p99_ms']} ms max {p['max_ms']} ms, send lag p99 {p['send_lag_p99_ms']} ms"
            for p in run["survey_burst_phases"]
        )
    )
    exports = run["export"]
    print(
        f"exports: {exports['counted']} of each format after a warm-up, one at a time, the row"
        f" polled every {exports['poll_s'] * 1000:g} ms; warm-ups (s): "
        + ", ".join(f"{fmt} {s}" for fmt, s in exports["warm_up_s"].items())
        + f"; export POST p95 {exports['post_p95_s']} s"
    )
    print(f"Celery tasks run meanwhile: {run['celery_tasks_succeeded']}")
    print(
        "CPU used by others' processes (100 = one core): "
        + ", ".join(f"{name} {pct}%" for name, pct in run["foreign_cpu_pct"].items())
    )


if __name__ == "__main__":
    main(sys.argv[1])
