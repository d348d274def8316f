#!/usr/bin/env bash
# Benchmarks on loopback: gunicorn (sync workers) + PostgreSQL + Redis + a Celery worker.
# Every timing is reported beside H, a bare Django view (all of the app's middleware)
# measured by the same server and load generator in the same run.
#
# Knobs (environment): BENCH_WORKERS (gunicorn workers, default 3: see bench/gunicorn_conf.py),
# BENCH_WRK_THREADS (default 1), BENCH_DURATION (each wrk run, default 10s),
# BENCH_BURST_SCALE (scales the burst's answers and seconds, not its rates; default 1),
# BENCH_WAIT_QUIET (seconds to wait for idle CPUs first, default 60), BENCH_EXPORT_RUNS
# (exports of each format, the first a warm-up; default 21), BENCH_KEEP_OUT=1 (keep the raw
# outputs), BENCH_PORT (default 8031), PG_PORT / REDIS_PORT (scripts/services.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
# The scripts under bench/ import the app from this checkout, not from wherever the
# virtualenv's editable install points (a worktree may share another checkout's .venv).
export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}"
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
# The export files (stage 8) the worker writes and gunicorn serves: this run's only.
export EXPORTS_ROOT="$out/exports"
PORT="${BENCH_PORT:-8031}"
WORKERS="${BENCH_WORKERS:-3}"
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
# Wait up to BENCH_WAIT_QUIET seconds (default 60) for the others to leave the CPUs alone.
waited=0
while busy_pct 3 >"$out/cpu_busy_before" && [ "$(cat "$out/cpu_busy_before")" -gt 15 ] \
  && [ "$waited" -lt "${BENCH_WAIT_QUIET:-60}" ]; do
  [ "$waited" = 0 ] && echo "the CPUs are $(cat "$out/cpu_busy_before")% busy: waiting for a quieter moment..."
  waited=$((waited + 3))
done
if [ "$(cat "$out/cpu_busy_before")" -gt 15 ]; then
  echo "warning: the CPUs were $(cat "$out/cpu_busy_before")% busy before the bench; figures will be noisy"
fi

# The CPU used meanwhile by processes not ours, each second (bench/cpu_monitor.py).
pg_pid=$(head -1 "$SERVICES_DIR/pg/postmaster.pid" 2>/dev/null || true)
redis_pid=$(redis-cli -p "$REDIS_PORT" info server 2>/dev/null | tr -d '\r' | sed -n 's/^process_id://p')
# shellcheck disable=SC2086 # an unknown server pid is left out, not passed as ""
$BIN/python bench/cpu_monitor.py "$out/foreign_cpu" $$ $pg_pid $redis_pid &
pids+=($!)
mark() { echo "$1 $(date +%s.%N)" >>"$out/marks"; } # mark PHASE: a measurement starts or ends

# Word cloud first, while nothing else of ours runs: these are absolute times, not ratios.
echo "word cloud (10,000 and 100,000 answers)..."
mark wordcloud
$BIN/python bench/wordcloud_figures.py >"$out/wordcloud.json"
mark wordcloud
echo "vision check (25 words, warm and cold)..."
mark vision_check
$BIN/python bench/vision_check.py >"$out/vision_check.json"
mark vision_check
echo "action check (stage 7, warm and cold)..."
mark action_check
$BIN/python bench/action_check.py >"$out/action_check.json"
mark action_check

# Empties the bench survey, so its data is this run's only.
$BIN/python bench/setup_data.py >"$out/setup.json"
setup() { # setup NAME: a figure of setup.json; a list, one item a line
  $BIN/python -c 'import json,sys; v=json.load(open(sys.argv[1]))[sys.argv[2]]
print("\n".join(map(str, v)) if isinstance(v, list) else v)' "$out/setup.json" "$1"
}
poll_path=$(setup poll_path) survey_path=$(setup survey_path) survey_id=$(setup survey_id)
csrf_cookie=$(setup csrf_cookie) poll_cookie=$(setup poll_cookie)
# Stage 8: the demo's complete workshop (made once), its exports emptied, an admin's session.
$BIN/python bench/export_setup.py >"$out/export_setup.json"

# Tasks left over by an interrupted run would change the board during the poll bench.
$BIN/celery -A philosophy purge -f >/dev/null
$BIN/celery -A philosophy worker --pool=solo -n "bench@%h" --loglevel=INFO \
  --logfile="$out/celery.log" >"$out/celery.out" 2>&1 &
pids+=($!)
BENCH_PORT=$PORT BENCH_WORKERS=$WORKERS $BIN/gunicorn philosophy.wsgi -c bench/gunicorn_conf.py &
pids+=($!)
for _ in $(seq 300); do
  grep -q "ready\." "$out/celery.log" 2>/dev/null && curl -fs "$base/bench/hello/" >/dev/null && break
  sleep 0.1
done
grep -q "ready\." "$out/celery.log" || { echo "The Celery worker did not start:"; cat "$out/celery.log"; exit 1; }
printf '{"workers": %s, "wrk_threads": %s, "connections": %s, "duration": "%s"}\n' \
  "$WORKERS" "$THREADS" "$CONNECTIONS" "$DURATION" >"$out/config.json"

# A slow answer is a slow answer, not an error: wrk's default 2 s timeout would drop it from
# the latencies (and call it an error), so allow 10 s.
load() { wrk -t"$THREADS" -c"$CONNECTIONS" --timeout 10s "$@"; }
echo "hello, poll (304), survey answers: ${DURATION} each..."
load -d2s "$base/bench/hello/" >/dev/null # warm-up: every worker imports and connects
mark hello
load -d"$DURATION" --latency "$base/bench/hello/" >"$out/hello.wrk"
mark hello

curl -s -o /dev/null -w "%{http_code}" -H "Cookie: $poll_cookie" "$base$poll_path" >"$out/poll_status_before"
mark poll_304
load -d"$DURATION" --latency -H "Cookie: $poll_cookie" "$base$poll_path" >"$out/poll_304.wrk"
mark poll_304
# The same poll at a room's pace: 50 screens once a second, then ten such rooms.
for rate in 50 500; do
  mark "poll_304_at_$rate"
  $BIN/python bench/survey_load.py paced "$base$poll_path" "$rate" 10 "$poll_cookie" >"$out/poll_304_at_$rate.json"
  mark "poll_304_at_$rate"
done
curl -s -o /dev/null -w "%{http_code}" -H "Cookie: $poll_cookie" "$base$poll_path" >"$out/poll_status_after"

# A poll that finds a change: one voter's dot click, polled by another voter's screen and the
# facilitator's (bench/live_change.py). Not earlier: its clicks and screens move the counter
# the 304 runs above hold still; and before the survey answers (each moves the stage's part)
# and the vote run (its random dots would leave the clicker's ballot not empty).
echo "live change (100 dot clicks, two screens polling)..."
mark live_change
$BIN/python bench/live_change.py "$base" "$out/setup.json" >"$out/live_change.json"
mark live_change

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
mark survey_post
post "$out/acked" 1 -d"$DURATION" --latency >"$out/survey_post.wrk"
mark survey_post
sleep 1 # requests cut off by wrk's end may still be stored: count them as such
unmarked=$(sed -n 's/.*"unmarked": \([0-9]*\).*/\1/p' "$out/survey_post.wrk")
$BIN/python bench/survey_load.py check "$survey_id" "$out/acked" "${unmarked:-0}" >"$out/survey_post_check.json"

# Dot votes: 50 participants (one connection each) place and take back dots in one open round
# (budget 5, cap 1), each click answered with the voting screen.
setup vote_sessions >"$out/vote_sessions.txt"
setup vote_entries >"$out/vote_entries.txt"
vote() {
  load -c50 -s bench/vote_cast.lua "$@" "$base$(setup vote_path)" -- "$out/vote_sessions.txt" \
    "$out/vote_entries.txt" "$(setup vote_budget)" "$(setup session_cookie)" "$csrf_cookie" \
    "$secret" "$THREADS"
}
echo "dot votes (50 voters): ${DURATION}..."
vote -d2s >/dev/null # warm-up
mark vote_cast
vote -d"$DURATION" --latency >"$out/vote_cast.wrk"
mark vote_cast
$BIN/python bench/vote_check.py "$(setup round_id)" >"$out/vote_check.json"

# The share page (stage 8): the latest finalised philosophy, as every employee reads it.
# Not earlier: the poll runs above must start within PRESENT_FOR (20 s) of setup_data.py's
# poll, or the poller's presence lapses and every poll after finds the roster changed.
share_path=$($BIN/python -c 'import json,sys; print(json.load(open(sys.argv[1]))["share_path"])' \
  "$out/export_setup.json")
echo "share page: ${DURATION}..."
mark share_page
load -d"$DURATION" --latency "$base$share_path" >"$out/share_page.wrk"
mark share_page

# H once more: the ratios use the mean of both, and their spread tells how noisy the run was.
# First let the last word cloud recount (due 3 s after the last answer) run its course.
sleep 4
mark hello_2
load -d"$DURATION" --latency "$base/bench/hello/" >"$out/hello_2.wrk"
mark hello_2

scale="${BENCH_BURST_SCALE:-1}"
echo "survey burst (scale $scale: $(awk "BEGIN {print 10000*$scale}") answers in $(awk "BEGIN {print 60*$scale}") s, then $(awk "BEGIN {print 5000*$scale}") in $(awk "BEGIN {print 10*$scale}") s)..."
# The fixed-rate generator runs at a higher priority (when we may), so that it keeps to its
# schedule while the server takes every remaining cycle (it needs ~0.5 ms CPU a request).
nice=()
[ "$(id -u)" = 0 ] && nice=(nice -n -10)
mark survey_burst
"${nice[@]}" $BIN/python bench/survey_load.py burst "$base$survey_path" "$csrf_cookie" "$survey_id" \
  >"$out/burst.json"
mark survey_burst

# Exports last (stage 8): click → file ready through the worker, which renders them one at
# a time, for the demo's complete workshop (bench/export_bench.py). First let the word
# cloud's last recount after the burst (due 3 s after its last answer) leave the worker.
sleep 4
echo "exports (PDF, Word, Markdown, the two CSVs), ${BENCH_EXPORT_RUNS:-21} each, one at a time..."
mark export
$BIN/python bench/export_bench.py "$base" "$out/export_setup.json" >"$out/export.json"
mark export

sleep 1
grep -c "succeeded in" "$out/celery.log" >"$out/celery_tasks" || true
$BIN/python bench/report.py "$out"
