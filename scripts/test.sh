#!/usr/bin/env bash
# The whole test suite in three tiers; `make test` and .ci/run call this.
#   1. unit and view tests on SQLite, Celery in-process;
#   2. the same suite plus the full-stack tests on PostgreSQL + Redis + a real Celery worker,
#      but for the tests marked tier1 (the permission matrix: who may see and do what, the
#      same on any database, and too slow to build its world a thousand times again);
#   3. browser tests: Playwright driving Debian's Chromium, with axe-core (npm) checking
#      every screen's accessibility.
# A tier whose services are missing is skipped with the reason; under CI=true that fails.
set -u
cd "$(dirname "$0")/.."
BIN=.venv/bin
PYTEST="$BIN/pytest -q"
results=()
status=0

run_tier() {
  local name=$1; shift
  echo; echo "=== $name"
  if "$@"; then results+=("passed   $name"); else results+=("FAILED   $name"); status=1; fi
}

skip_tier() {
  results+=("SKIPPED  $1 -- $2")
  if [ "${CI:-}" = "true" ]; then status=1; fi
}

run_tier "tier 1: unit and view tests (SQLite)" \
  env -u DATABASE_URL -u REDIS_URL $PYTEST -m "not browser and not realstack"

# shellcheck source=scripts/services.sh
source scripts/services.sh
if [ -n "${TEST_DATABASE_URL:-}" ] && [ -n "${TEST_REDIS_URL:-}" ]; then
  run_tier "tier 2: full suite on PostgreSQL + Redis + Celery worker" \
    env DATABASE_URL="$TEST_DATABASE_URL" REDIS_URL="${TEST_REDIS_URL%/*}/15" $PYTEST -m "not browser and not tier1"
else
  skip_tier "tier 2: PostgreSQL + Redis + Celery worker" \
    "PostgreSQL or Redis is not installed (apt-get install postgresql redis-server): ${SERVICES_UNAVAILABLE:-}"
fi

# axe-core, which tier 3 injects into every screen to check accessibility, comes from npm
# at the version package-lock.json pins; installed again only when the lockfile changes.
node_modules_ready() {
  local stamp
  stamp="node_modules/.installed-$(cksum <package-lock.json | cut -d' ' -f1)"
  [ -e "$stamp" ] && return 0
  echo "npm ci (axe-core for the accessibility checks)"
  npm ci --no-audit --no-fund --loglevel=error && touch "$stamp"
}

if [ ! -x "${CHROMIUM:-/usr/bin/chromium}" ]; then
  skip_tier "tier 3: browser tests" "Chromium is not installed (apt-get install chromium)"
elif ! command -v npm >/dev/null 2>&1; then
  skip_tier "tier 3: browser tests" "npm is not installed (apt-get install nodejs npm)"
elif ! node_modules_ready; then
  results+=("FAILED   tier 3: browser tests -- npm ci failed"); status=1
else
  # A file database: the live server's threads then lock the whole file briefly (SQLite
  # waits its turn) instead of failing on shared in-memory tables ("table is locked").
  run_tier "tier 3: browser tests (Playwright + Chromium, axe-core)" \
    env -u DATABASE_URL -u REDIS_URL TEST_DATABASE_NAME="$(mktemp -u /tmp/pw-browser-XXXXXX.sqlite3)" \
    $PYTEST -m browser
fi

echo; echo "=== Summary"
printf '%s\n' "${results[@]}"
exit $status
