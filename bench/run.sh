#!/usr/bin/env bash
# Benchmarks on loopback: gunicorn (sync workers) + PostgreSQL + Redis, load from wrk.
# Every timing is reported beside H, a bare Django view measured in the same run.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
command -v wrk >/dev/null || { apt-get install -y -qq wrk >/dev/null || { echo "wrk is needed (apt-get install wrk)"; exit 1; }; }
source scripts/services.sh
[ -n "${TEST_DATABASE_URL:-}" ] || { echo "PostgreSQL and Redis are needed: $SERVICES_UNAVAILABLE"; exit 1; }

export DATABASE_URL="${TEST_DATABASE_URL%/*}/philosophy_bench" REDIS_URL="${TEST_REDIS_URL%/*}/14"
export DEBUG=false SECRET_KEY=bench-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz
export ALLOWED_HOSTS=127.0.0.1 SECURE_SSL_REDIRECT=false ROOT_URLCONF=philosophy.bench_urls
export RATELIMIT_ENABLE=false LOG_LEVEL=WARNING
psql "${TEST_DATABASE_URL}" -tAc "SELECT 1 FROM pg_database WHERE datname='philosophy_bench'" | grep -q 1 \
  || createdb -h 127.0.0.1 -p "${PG_PORT}" -U postgres philosophy_bench
$BIN/python manage.py migrate --noinput -v0
$BIN/python manage.py collectstatic --noinput -v0
setup=$($BIN/python bench/setup_data.py)
poll_path=$(echo "$setup" | $BIN/python -c 'import json,sys; print(json.load(sys.stdin)["poll_path"])')

PORT=8031
$BIN/gunicorn philosophy.wsgi --bind 127.0.0.1:$PORT --workers "${BENCH_WORKERS:-4}" --log-level warning &
gunicorn_pid=$!
trap 'kill $gunicorn_pid 2>/dev/null || true' EXIT
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$PORT/bench/hello/" >/dev/null && break; sleep 0.1; done

out=$(mktemp -d)
DURATION="${BENCH_DURATION:-10s}"
wrk -t2 -c64 -d"$DURATION" --latency "http://127.0.0.1:$PORT/bench/hello/" >"$out/hello.wrk"
wrk -t2 -c64 -d"$DURATION" --latency "http://127.0.0.1:$PORT$poll_path" >"$out/poll_304.wrk"
curl -s -o /dev/null -w "poll answers %{http_code}\n" "http://127.0.0.1:$PORT$poll_path"
$BIN/python bench/report.py "$out"
