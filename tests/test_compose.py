"""docker-compose.yml cannot be run here (no Docker engine), so it is checked by reading."""

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]


def test_it_runs_web_worker_postgres_and_redis():
    assert {"web", "worker", "postgres", "redis"} <= set(SERVICES)
    assert "gunicorn" in SERVICES["web"]["command"]
    assert SERVICES["worker"]["command"][:4] == ["celery", "-A", "philosophy", "worker"]


def test_every_long_running_service_has_a_health_check():
    for name in ("web", "worker", "postgres", "redis"):
        assert "test" in SERVICES[name]["healthcheck"], name


def test_the_app_waits_for_healthy_services_and_migrations():
    for name in ("web", "worker"):
        depends = SERVICES[name]["depends_on"]
        assert depends["postgres"]["condition"] == "service_healthy"
        assert depends["redis"]["condition"] == "service_healthy"
        assert depends["migrate"]["condition"] == "service_completed_successfully"


def test_the_app_points_at_the_compose_services():
    env = SERVICES["web"]["environment"]
    assert (
        env["DATABASE_URL"].startswith("postgres://") and "@postgres:5432/" in env["DATABASE_URL"]
    )
    assert env["REDIS_URL"] == "redis://redis:6379/0"
    assert env["DEBUG"] == "false"
    assert SERVICES["worker"]["environment"] == env


def test_postgres_keeps_its_data_in_a_volume():
    volume = SERVICES["postgres"]["volumes"][0].split(":")
    assert volume[1] == "/var/lib/postgresql/data"
    assert volume[0] in COMPOSE["volumes"]


def test_the_image_serves_collected_static_files_with_the_production_settings():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "FROM python:3.11" in dockerfile
    assert "collectstatic" in dockerfile
    assert "USER app" in dockerfile


def test_the_web_and_the_worker_share_the_exports():
    for name in ("web", "worker"):
        mounts = SERVICES[name]["volumes"]
        assert "exports:/app/media/exports" in mounts, name
        assert SERVICES[name]["environment"]["EXPORTS_ROOT"] == "/app/media/exports"
    assert "exports" in COMPOSE["volumes"]
    # The image makes the directory the app's user may write, which the volume inherits.
    assert "chown -R app /app/media" in (ROOT / "Dockerfile").read_text()


def test_beat_runs_the_sweep_of_stuck_exports():
    beat = SERVICES["beat"]
    assert beat["command"][:4] == ["celery", "-A", "philosophy", "beat"]
    assert beat["depends_on"]["redis"]["condition"] == "service_healthy"


def test_the_image_has_every_app_and_weasyprint_s_libraries():
    dockerfile = (ROOT / "Dockerfile").read_text()
    for app in ("workshops", "surveys", "values", "vision", "actions", "documents"):
        assert f"COPY {app} ./{app}" in dockerfile, app
    for library in ("libpango-1.0-0", "libpangoft2-1.0-0", "libharfbuzz0b"):
        assert library in dockerfile, library
