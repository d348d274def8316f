"""`make bench`'s own pieces: every target it checks is documented, and the live-change
script reads a poll's answer as htmx does."""

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _load(name: str):
    spec = importlib.util.spec_from_file_location(f"bench_{name}", ROOT / "bench" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_figure_the_report_checks_is_in_the_quality_targets_with_its_target():
    report = _load("report")
    rows = {
        line.split("|")[1].strip().strip("`"): line.split("|")[2].strip()
        for line in (ROOT / "docs" / "quality.md").read_text().splitlines()
        if line.startswith("| `")
    }
    symbols = {">=": "≥", "<=": "≤", "==": "="}
    for name, (op, target) in (report.TARGETS | report.CHECKS).items():
        assert name in rows, name
        assert rows[name].startswith(symbols[op]) or rows[name] == str(target).lower(), name


def test_the_live_change_script_reads_the_poller_and_the_parts_a_poll_brings():
    live_change = _load("live_change")
    answer = (
        '<div id="live-poll" data-counter="7" hx-get="/workshops/1/live/"'
        ' hx-vals="{&quot;v&quot;: 7, &quot;s&quot;: 5,'
        " &quot;p&quot;: &quot;workshop.1,vote-progress.3&quot;,"
        ' &quot;t&quot;: &quot;1.2.ab:cd&quot;}"'
        '\n     hx-trigger="every 1000ms" hx-target="this"></div>'
        '<p class="who-voted" id="who-voted" hx-swap-oob="morph">1 of 50 has voted.</p>'
        '<div data-id="x" id="presence" hx-swap-oob="morph"></div>'
    )
    screen = live_change.Screen("http://127.0.0.1:1", "", 1)
    screen._take_values(answer)
    assert screen.values == {"v": 7, "s": 5, "p": "workshop.1,vote-progress.3", "t": "1.2.ab:cd"}
    assert live_change.OOB.findall(answer) == ["who-voted", "presence"]
    assert live_change._percentile([5.0, 1.0, 3.0, 2.0, 4.0], 95) == 5.0
