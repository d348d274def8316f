"""Without Redis, lockouts and rate limits hold however many processes serve the site.

gunicorn runs several worker processes (three in the Dockerfile); a count kept in each
process's memory would let every process take the full limit.
"""

import subprocess
import sys
from pathlib import Path

from django.conf import settings as django_settings

from tests.test_security import _manage, _subprocess_environment, production_environment

ROOT = Path(django_settings.BASE_DIR)

# One server process: `attempts` failed log-ins for one address from one network; prints
# each answer's status and whether it is the lockout page.
_FAILED_LOGINS = """
import sys
import django
django.setup()
from django.core.management import call_command
from django.test import Client

if sys.argv[1] == "migrate":
    call_command("migrate", verbosity=0)
client = Client(REMOTE_ADDR="203.0.113.9")
for _ in range(int(sys.argv[2])):
    response = client.post("/accounts/login/", {"username": "kim@example.com", "password": "x"})
    print(response.status_code, b"Too many failed log-ins" in response.content)
"""


def _server_process(database: Path, *args: str) -> list[str]:
    result = subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "-c", _FAILED_LOGINS, *args],
        cwd=ROOT,
        env=_subprocess_environment(SQLITE_PATH=str(database), ALLOWED_HOSTS="testserver"),
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.split("\n")[:-1]


def test_two_processes_share_one_count_of_failed_log_ins(tmp_path):
    database = tmp_path / "db.sqlite3"
    # AXES_FAILURE_LIMIT is 5: three failures in one process, then two in another.
    first = _server_process(database, "migrate", "3")
    second = _server_process(database, "-", "2")
    assert first == ["200 False"] * 3
    assert second == ["200 False", "429 True"]


def test_without_redis_the_cache_is_shared_and_the_axes_check_is_kept():
    expected = "RedisCache" if django_settings.REDIS_URL else "philosophy.cache.DatabaseCache"
    assert django_settings.CACHES["default"]["BACKEND"].endswith(expected)
    assert "axes.W001" not in django_settings.SILENCED_SYSTEM_CHECKS
    environment = production_environment()
    del environment["REDIS_URL"]
    result = _manage("check", "--deploy", "--fail-level", "WARNING", **environment)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "axes.W001" not in result.stdout + result.stderr


def test_the_database_cache_counts_every_increment_of_concurrent_processes(tmp_path):
    """Two processes counting one key at once: Django's own incr (read, then write) would
    lose some of the increments."""
    count_script = """
import sys
import django
django.setup()
from django.core.cache import cache
from django.core.management import call_command
if sys.argv[1] == "migrate":
    call_command("migrate", verbosity=0)
    cache.set("shared-count", 0, timeout=None)
    sys.exit()
for _ in range(100):
    cache.incr("shared-count")
print(cache.get("shared-count"))
"""
    environment = _subprocess_environment(SQLITE_PATH=str(tmp_path / "db.sqlite3"))

    def run(*args):
        return subprocess.Popen(  # noqa: S603 - fixed arguments
            [sys.executable, "-c", count_script, *args],
            cwd=ROOT,
            env=environment,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    assert run("migrate").wait(timeout=180) == 0
    counters = [run("count") for _ in range(2)]
    outputs = [process.communicate(timeout=180) for process in counters]
    assert all(process.returncode == 0 for process in counters), outputs
    assert max(int(out) for out, _ in outputs) == 200
