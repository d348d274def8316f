"""Fixtures of the full-stack tier: PostgreSQL, Redis and a real Celery worker process."""

import os
import subprocess
import sys
import time
import uuid

import pytest
from django.conf import settings
from django.db import connection

from philosophy.celery import app as celery_app


def _require_full_stack():
    if connection.vendor != "postgresql" or not settings.REDIS_URL:
        pytest.fail("The realstack tier needs DATABASE_URL (PostgreSQL) and REDIS_URL set.")


@pytest.fixture(scope="session")
def celery_worker(django_db_setup, django_db_blocker, tmp_path_factory):
    """A `celery -A philosophy worker` process on the test database, e-mail to files."""
    with django_db_blocker.unblock():
        _require_full_stack()
        db = connection.settings_dict
    database_url = (
        f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    )
    mail_dir = tmp_path_factory.mktemp("mail")
    log_path = tmp_path_factory.mktemp("worker") / "worker.log"
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "EMAIL_FILE_PATH": str(mail_dir),
        "DB_CONN_MAX_AGE": "0",
    }
    celery_app.control.purge()
    with open(log_path, "w") as log:
        worker = subprocess.Popen(  # noqa: S603 - fixed arguments
            [
                sys.executable, "-m", "celery", "-A", "philosophy", "worker",
                "--pool=solo", "--loglevel=INFO", f"--hostname=test-{uuid.uuid4().hex[:8]}@%h",
                "--without-gossip", "--without-mingle", "--without-heartbeat",
            ],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )  # fmt: skip
    try:
        from workshops.tasks import ping

        assert ping.delay().get(timeout=60) == "pong", log_path.read_text()
        worker.mail_dir = mail_dir
        worker.log_path = log_path
        yield worker
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()


def wait_for(predicate, timeout: float = 20.0, interval: float = 0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    return predicate()
