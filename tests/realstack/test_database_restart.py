"""PostgreSQL restarts (`pg_ctl restart -m fast`) while a room answers the survey: every
answer is stored, or comes back to its respondent with a 503 and the text in the form.
Nobody is thanked for an answer that is not stored, and nobody sees a server error.

The test restarts the private cluster that scripts/services.sh starts, found by the
PG_DATA_DIR it exports, and only when that cluster is the one the tests use. Without it the
test is skipped with the reason; under CI=true it fails instead.
"""

import glob
import os
import subprocess
import threading
import time
from html import escape
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from surveys import services
from surveys.models import Answer

pytestmark = [pytest.mark.realstack, pytest.mark.django_db(transaction=True)]

THREADS = 10
ANSWERS_BEFORE_RESTART = 20
# Each respondent thread goes on until the restart is over and it has sent this many more.
ANSWERS_AFTER_RESTART = 2
ANSWERS_AT_LEAST = 10


def _unavailable(reason: str):
    if os.environ.get("CI") == "true":
        pytest.fail(f"The database-restart test must run in CI: {reason}")
    pytest.skip(reason)


def _as_postgres(*command: str) -> list[str]:
    # pg_ctl refuses to run as root; scripts/services.sh runs the cluster as `postgres`.
    return ["runuser", "-u", "postgres", "--", *command] if os.getuid() == 0 else list(command)


@pytest.fixture
def cluster():
    """How to restart the cluster the tests use: the pg_ctl command, or a skip."""
    if connection.vendor != "postgresql":
        _unavailable("the tests do not run on PostgreSQL (DATABASE_URL)")
    data_dir = os.environ.get("PG_DATA_DIR", "")
    if not data_dir:
        _unavailable("PG_DATA_DIR is not set: source scripts/services.sh to start the cluster")
    pg_ctl = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    if not pg_ctl:
        _unavailable("pg_ctl is not installed")
    status = subprocess.run(  # noqa: S603 - fixed arguments
        _as_postgres(pg_ctl[-1], "-D", data_dir, "status"), capture_output=True, text=True
    )
    if status.returncode != 0:
        _unavailable(f"cannot control the cluster in {data_dir}: {status.stdout}{status.stderr}")
    # Never restart a server other than the one under test (postmaster.pid, line 4: port).
    lines = (Path(data_dir) / "postmaster.pid").read_text().splitlines()
    if lines[3].strip() != str(connection.settings_dict["PORT"]):
        _unavailable(f"the cluster in {data_dir} is not the tests' server (port {lines[3]})")
    # The restarted server writes to the log scripts/services.sh gave it (never to this
    # process's pipes: the server outlives pg_ctl, and a pipe it holds never ends).
    log = Path(data_dir).parent / "pg.log"
    return [
        *_as_postgres(pg_ctl[-1], "-D", data_dir, "-l", str(log)),
        "restart",
        "-m",
        "fast",
        "-w",
    ]


@pytest.fixture
def survey(workshop, settings):
    # A room behind one address answering as fast as it can: the limits have their tests.
    settings.RATELIMIT_ENABLE = False
    survey = services.survey_for(workshop)
    services.survey_open(survey=survey)
    return survey


def test_a_database_restart_under_load_loses_no_acknowledged_answer(cluster, survey):
    url = reverse("survey_respond", args=[survey.token])
    outcomes: list[tuple[str, int, str]] = []
    failures: list[BaseException] = []
    lock = threading.Lock()
    enough_before = threading.Event()
    restarted = threading.Event()
    restart: dict = {}

    def respondent(n: int) -> None:
        sent = after = 0
        try:
            while (
                sent < ANSWERS_AT_LEAST or not restarted.is_set() or after < ANSWERS_AFTER_RESTART
            ):
                text = f"Answer {n}-{sent}: kind & quick"
                # A new client each time: a new respondent (device), so a new row each.
                response = Client(raise_request_exception=False).post(url, {"text": text})
                was_restarted = restarted.is_set()
                with lock:
                    outcomes.append((text, response.status_code, response.content.decode()))
                    if len(outcomes) >= ANSWERS_BEFORE_RESTART:
                        enough_before.set()
                sent += 1
                after += was_restarted
        except BaseException as error:  # noqa: BLE001 - reported by the test
            with lock:
                failures.append(error)
        finally:
            connection.close()

    def restarter() -> None:
        enough_before.wait(timeout=120)
        with lock:
            restart["during"] = len(outcomes)
        started = time.monotonic()
        restart["result"] = subprocess.run(  # noqa: S603 - the command of the fixture
            cluster, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        restart["seconds"] = time.monotonic() - started
        restarted.set()

    threads = [threading.Thread(target=respondent, args=(n,)) for n in range(THREADS)]
    threads.append(threading.Thread(target=restarter))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not any(thread.is_alive() for thread in threads), "a request hung"

    assert restart["result"].returncode == 0, restart["result"].stderr
    assert failures == []
    assert len(outcomes) >= THREADS * ANSWERS_AT_LEAST
    # The restart came while answers arrived, with answers before and after it.
    assert ANSWERS_BEFORE_RESTART <= restart["during"] < len(outcomes)

    statuses = {status for _, status, _ in outcomes}
    assert statuses <= {200, 503}, statuses
    connection.close()  # this thread's connection died with the restart too
    stored = set(Answer.objects.filter(survey=survey).values_list("text", flat=True))
    thanked = {text for text, status, _ in outcomes if status == 200}
    assert thanked - stored == set()
    for text, status, page in outcomes:
        if status == 200:
            assert "Your answer is saved" in page
        else:
            assert "We could not save your answer just now" in page
            assert f">\n{escape(text)}</textarea>" in page
    print(  # noqa: T201 - the figures of the run, for the report (pytest -s)
        f"{len(outcomes)} answers, restart {restart['seconds']:.2f} s after "
        f"{restart['during']}: {len(thanked)} stored and thanked, "
        f"{sum(status == 503 for _, status, _ in outcomes)} given back with 503"
    )
