# Start a private PostgreSQL cluster and a Redis server on loopback for the full-stack
# test tier and the benchmarks, if their Debian packages are installed.
# Source it: it exports TEST_DATABASE_URL and TEST_REDIS_URL when both are up, and
# PG_DATA_DIR, the cluster's data directory.
# Nothing here touches the system's own clusters or services.

SERVICES_DIR="${SERVICES_DIR:-$(pwd)/.services}"
PG_PORT="${PG_PORT:-54329}"
REDIS_PORT="${REDIS_PORT:-63799}"

_pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)

_as_pg() {
  # initdb and postgres refuse to run as root: use the postgres system user then.
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

_start_postgres() {
  [ -n "$_pg_bin" ] && [ -x "$_pg_bin/initdb" ] || { echo "PostgreSQL is not installed"; return 1; }
  mkdir -p "$SERVICES_DIR"
  if [ "$(id -u)" = 0 ]; then chown postgres "$SERVICES_DIR"; fi
  if [ ! -f "$SERVICES_DIR/pg/PG_VERSION" ]; then
    _as_pg "$_pg_bin/initdb" -D "$SERVICES_DIR/pg" -U postgres --auth=trust -E UTF8 >"$SERVICES_DIR/initdb.log" 2>&1 \
      || { cat "$SERVICES_DIR/initdb.log"; return 1; }
  fi
  if ! _as_pg "$_pg_bin/pg_ctl" -D "$SERVICES_DIR/pg" status >/dev/null 2>&1; then
    _as_pg "$_pg_bin/pg_ctl" -D "$SERVICES_DIR/pg" -l "$SERVICES_DIR/pg.log" -w start \
      -o "-p $PG_PORT -k $SERVICES_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300" >/dev/null \
      || { cat "$SERVICES_DIR/pg.log"; return 1; }
  fi
  "$_pg_bin/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='philosophy'" | grep -q 1 \
    || "$_pg_bin/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres philosophy
}

_start_redis() {
  command -v redis-server >/dev/null || { echo "Redis is not installed"; return 1; }
  mkdir -p "$SERVICES_DIR"
  if ! redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1; then
    redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --daemonize yes --save "" --appendonly no \
      --dir "$SERVICES_DIR" --logfile "$SERVICES_DIR/redis.log" >/dev/null
    for _ in $(seq 50); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
  fi
  redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1
}

services_stop() {
  [ -n "$_pg_bin" ] && _as_pg "$_pg_bin/pg_ctl" -D "$SERVICES_DIR/pg" -m fast stop >/dev/null 2>&1
  redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1
  return 0
}

if [ -z "${TEST_DATABASE_URL:-}" ] || [ -z "${TEST_REDIS_URL:-}" ]; then
  if _pg_reason=$(_start_postgres 2>&1) && _redis_reason=$(_start_redis 2>&1); then
    export TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/philosophy"
    # The cluster's data directory: the database-restart test (tests/realstack) restarts it.
    export PG_DATA_DIR="$SERVICES_DIR/pg"
    export TEST_REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"
  else
    export SERVICES_UNAVAILABLE="${_pg_reason:-}${_redis_reason:-}"
  fi
fi
