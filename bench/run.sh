#!/usr/bin/env bash
# Benchmarks on loopback: gunicorn (sync workers) + PostgreSQL + Redis + a Celery worker.
# Every timing is reported beside H, a bare Django view (all of the app's middleware)
# measured by the same server and load generator in the same run.
#
# Knobs (environment): BENCH_WORKERS (gunicorn workers), BENCH_WRK_THREADS, BENCH_DURATION
# (each wrk run), BENCH_BURST_SCALE (scales the burst's answers and seconds, not its rates),
# BENCH_KEEP_OUT=1 (keep the raw outputs), BENCH_PORT, PG_PORT / REDIS_PORT (scripts/services.sh).
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

out=$(mktemp -d)
PORT="${BENCH_PORT:-8031}"
WORKERS="${BENCH_WORKERS:-4}"
THREADS="${BENCH_WRK_THREADS:-1}"
CONNECTIONS=64
DURATION="${BENCH_DURATION:-10s}"
base="http://127.0.0.1:$PORT"
pids=()
cleanup() {
  local pid
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [ -n "${BENCH_KEEP_OUT:-}" ]; then echo "raw outputs: $out"; else rm -rf "$out"; fi
}
trap cleanup EXIT
# Our machines are shared: note how busy the CPUs were just before, as a noise indicator.
busy_pct() { # busy_pct SECONDS: percentage of all CPUs' time not idle over that time
  local a b
  a=$(head -1 /proc/stat)
  sleep "$1"
  b=$(head -1 /proc/stat)
  awk -v a="$a" -v b="$b" 'BEGIN { split(a, x); split(b, y); t = 0
    for (i = 2; i <= 9; i++) t += y[i] - x[i]
    printf "%d", 100 - 100 * ((y[5] + y[6]) - (x[5] + x[6])) / t }'
}
cat /proc/loadavg >"$out/loadavg_before"
busy_pct 3 >"$out/cpu_busy_before"
if [ "$(cat "$out/cpu_busy_before")" -gt 15 ]; then
  echo "warning: the CPUs were $(cat "$out/cpu_busy_before")% busy before the bench; figures will be noisy"
fi

# Word cloud first, while nothing else of ours runs: these are absolute times, not ratios.
echo "word cloud (10,000 and 100,000 answers)..."
$BIN/python bench/wordcloud_figures.py >"$out/wordcloud.json"

# Empties the bench survey, so its data is this run's only.
$BIN/python bench/setup_data.py >"$out/setup.json"
setup() { $BIN/python -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$out/setup.json" "$1"; }
poll_path=$(setup poll_path) survey_path=$(setup survey_path) survey_id=$(setup survey_id)
csrf_cookie=$(setup csrf_cookie)

# Tasks left over by an interrupted run would change the board during the poll bench.
$BIN/celery -A philosophy purge -f >/dev/null
$BIN/celery -A philosophy worker --pool=solo -n "bench@%h" --loglevel=INFO \
  --logfile="$out/celery.log" >"$out/celery.out" 2>&1 &
pids+=($!)
$BIN/gunicorn philosophy.wsgi --bind "127.0.0.1:$PORT" --workers "$WORKERS" --log-level warning &
pids+=($!)
for _ in $(seq 300); do
  grep -q "ready\." "$out/celery.log" 2>/dev/null && curl -fs "$base/bench/hello/" >/dev/null && break
  sleep 0.1
done
grep -q "ready\." "$out/celery.log" || { echo "The Celery worker did not start:"; cat "$out/celery.log"; exit 1; }
printf '{"workers": %s, "wrk_threads": %s, "connections": %s, "duration": "%s"}\n' \
  "$WORKERS" "$THREADS" "$CONNECTIONS" "$DURATION" >"$out/config.json"

load() { wrk -t"$THREADS" -c"$CONNECTIONS" "$@"; }
echo "hello, poll (304), survey answers: ${DURATION} each..."
load -d2s "$base/bench/hello/" >/dev/null # warm-up: every worker imports and connects
load -d"$DURATION" --latency "$base/bench/hello/" >"$out/hello.wrk"

curl -s -o /dev/null -w "%{http_code}" "$base$poll_path" >"$out/poll_status_before"
load -d"$DURATION" --latency "$base$poll_path" >"$out/poll_304.wrk"
curl -s -o /dev/null -w "%{http_code}" "$base$poll_path" >"$out/poll_status_after"

# Survey answers: one CSRF secret (32 characters, unmasked) as cookie and form field.
secret=$($BIN/python -c 'import secrets; print(secrets.token_hex(16))')
$BIN/python bench/survey_load.py bodies "$out/bodies.txt" 5000
mkdir -p "$out/warm" "$out/acked"
post() { # post ACKED_DIR PREFIX WRK_OPTIONS...
  local dir=$1 prefix=$2
  shift 2
  load -s bench/survey_post.lua "$@" "$base$survey_path" -- \
    "$out/bodies.txt" "$csrf_cookie" "$secret" "$dir" "$prefix"
}
post "$out/warm" 3 -d2s >/dev/null # warm-up, numbered apart (prefix 3): not checked
post "$out/acked" 1 -d"$DURATION" --latency >"$out/survey_post.wrk"
sleep 1 # requests cut off by wrk's end may still be stored: count them as such
unmarked=$(sed -n 's/.*"unmarked": \([0-9]*\).*/\1/p' "$out/survey_post.wrk")
$BIN/python bench/survey_load.py check "$survey_id" "$out/acked" "${unmarked:-0}" >"$out/survey_post_check.json"

scale="${BENCH_BURST_SCALE:-1}"
echo "survey burst (scale $scale: $(awk "BEGIN {print 10000*$scale}") answers in $(awk "BEGIN {print 60*$scale}") s, then $(awk "BEGIN {print 5000*$scale}") in $(awk "BEGIN {print 10*$scale}") s)..."
$BIN/python bench/survey_load.py burst "$base$survey_path" "$csrf_cookie" "$survey_id" >"$out/burst.json"

sleep 1
grep -c "succeeded in" "$out/celery.log" >"$out/celery_tasks" || true
$BIN/python bench/report.py "$out"
