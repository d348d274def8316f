"""`make bench`'s own pieces: every target it checks is documented, and the live-change
script reads a poll's answer as htmx does."""

import importlib.util
from pathlib import Path

import pytest

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


@pytest.mark.django_db
def test_the_live_change_script_reads_the_poller_and_the_parts_a_poll_brings(
    client, workshop, paul
):
    live_change = _load("live_change")
    client.force_login(paul)
    page = client.get(workshop.get_absolute_url()).content.decode()
    answer = page + '<p class="who-voted" id="who-voted" hx-swap-oob="morph">1 of 50 has voted.</p>'
    screen = live_change.Screen("http://127.0.0.1:1", "", workshop.pk)
    screen._take_values(answer)
    assert set(screen.values) == {"v", "s", "p", "t"}
    assert screen.values["s"] == str(workshop.stage) and screen.values["p"].startswith("workshop.")
    assert live_change.OOB.findall(answer) == ["who-voted"]
    assert live_change._percentile([5.0, 1.0, 3.0, 2.0, 4.0], 95) == 5.0
