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


@pytest.mark.django_db
def test_the_export_script_finds_the_new_job_and_tells_ready_from_failed(client, workshop, alice):
    from documents.models import ExportJob, ExportStatus

    export_bench = _load("export_bench")
    client.force_login(alice)
    older = ExportJob.objects.create(workshop=workshop, format="pdf", requested_by=alice)
    panel = client.post(
        f"/workshops/{workshop.pk}/document/exports/", {"format": "md"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    job = ExportJob.objects.exclude(pk=older.pk).get()
    # The answer lists the jobs newest first: the new job is the first the script finds.
    assert export_bench.JOB.search(panel).group(1) == str(job.pk)

    def row() -> str:
        path = f"/workshops/{workshop.pk}/document/exports/{job.pk}/"
        return client.get(path, HTTP_HX_REQUEST="true").content.decode()

    ExportJob.objects.filter(pk=job.pk).update(status=ExportStatus.RENDERING, progress=50)
    rendering = row()
    assert export_bench.READY.format(job=job.pk) not in rendering
    assert export_bench.FAILED not in rendering
    ExportJob.objects.filter(pk=job.pk).update(status=ExportStatus.READY, filename="a.md")
    assert export_bench.READY.format(job=job.pk) in row()
    ExportJob.objects.filter(pk=job.pk).update(status=ExportStatus.FAILED, error="render_failed")
    assert export_bench.FAILED in row()
    assert export_bench._percentile([0.3, 0.1, 0.2], 50) == 0.2


def test_the_report_checks_every_format_the_export_script_times():
    report, export_bench = _load("report"), _load("export_bench")
    names = [fmt.replace("-", "_") for fmt in export_bench.FORMATS]
    assert list(report.EXPORT_FORMATS) == names
    assert {f"export_{name}_p95_s" for name in names} | {"export_failed"} <= set(report.TARGETS)
