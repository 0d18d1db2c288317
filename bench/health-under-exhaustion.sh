#!/usr/bin/env bash
# /health while the request pool is exhausted (DESIGN §10: p99 < 50 ms over 1,000 probes).
# Starts a throwaway PostgreSQL (Debian's binaries, temporary data directory, free loopback port)
# and the packaged jar in production mode on it. A psql session locks the dashboard table and
# sleeps (pg_sleep), and DB_POOL_SIZE requests for /api/dashboards then hold every request-pool
# connection, waiting on that lock. After one warm-up pass, each run makes 1,000 probes of /health
# one after the other, each on a new connection as an orchestrator's probe is, timed by curl: first
# with the pool idle (the reference), then exhausted. Prints p50/p99 of each run and the medians.
# Usage: bench/health-under-exhaustion.sh [RUNS=3] [PROBES env, default 1000]
source "$(dirname "$0")/lib.sh"
need curl curl; need psql postgresql-client; need python3 python3
RUNS=${1:-3}
PROBES=${PROBES:-1000}
POOL=10

start_postgres
# The lock holder first: cleanup waits for every child.
trap '[ -n "${LOCKER:-}" ] && kill "$LOCKER" 2>/dev/null; cleanup' EXIT

app_port=$(free_port)
# Production needs a directory to sign in against; nobody signs in here, so it names a port where
# none listens (the directory's health component says DOWN, which keeps /health at 200 DEGRADED).
# Public dashboards: the requests that fill the pool read /api/dashboards without signing in.
start_app "$app_port" APP_ENV=production SECRET_KEY="$(openssl rand -base64 48)" HEALTH_DETAILS=always \
  DATABASE_URL="postgres://postgres@127.0.0.1:$pg_port/lookout" DB_POOL_SIZE=$POOL \
  LDAP_URL="ldap://127.0.0.1:$(free_port)/dc=example,dc=com" PUBLIC_DASHBOARDS=true \
  DB_QUERY_TIMEOUT=5m WEDGED_POOL_AFTER=1h
# The last two keep the pool exhausted for the whole run: otherwise each held query is cancelled
# after DB_QUERY_TIMEOUT, and the watchdog evicts a pool wedged for WEDGED_POOL_AFTER (its job).
base="http://127.0.0.1:$app_port"

# probes URL: PROBES sequential probes; prints "p50 p99" in ms; fails on any answer but 200.
probes() {
  for _ in $(seq 1 "$PROBES"); do
    curl -s -o /dev/null -w '%{http_code} %{time_total}\n' "$1"
  done | python3 -c '
import statistics, sys
rows = [line.split() for line in sys.stdin]
bad = [code for code, _ in rows if code != "200"]
if bad: sys.exit(f"{len(bad)} probes did not answer 200: {sorted(set(bad))}")
ms = sorted(float(t) * 1000 for _, t in rows)
print(f"{ms[len(ms) // 2]:.2f} {ms[max(0, int(len(ms) * 0.99) - 1)]:.2f}")'
}
pool() { curl -s "$base/health" | python3 -c 'import json,sys; d=json.load(sys.stdin)["components"]["requestPool"]["details"]; print(d["active"], d["max"])'; }

echo "Lookout $(basename "$(jar)"), PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}'), request pool $POOL; $RUNS runs of $PROBES probes; $(nproc) cores"
echo
echo "| run | idle pool p50 ms | idle pool p99 ms | exhausted pool p50 ms | exhausted pool p99 ms |"
echo "|---|---|---|---|---|"
# Warm-up, not reported: the figures are the steady state, not the JIT compiling the path.
probes "$base/health" >/dev/null
idle99=(); busy99=()
for run in $(seq 1 "$RUNS"); do
  read -r i50 i99 <<<"$(probes "$base/health")"
  # The lock is held until this session ends: every query on the table waits, holding its connection.
  PGAPPNAME=bench-lock psql -h 127.0.0.1 -p "$pg_port" -U postgres -d lookout -qc \
    "BEGIN; LOCK TABLE dashboard IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(600);" >/dev/null 2>&1 &
  LOCKER=$!
  sleep 0.5
  for _ in $(seq 1 "$POOL"); do curl -s -o /dev/null -m 600 "$base/api/dashboards" & PIDS+=($!); done
  for _ in $(seq 1 50); do read -r active max <<<"$(pool)"; [ "$active" -ge "$max" ] && break; sleep 0.2; done
  [ "$active" -ge "$max" ] || { echo "the request pool did not fill ($active of $max)" >&2; exit 1; }
  read -r b50 b99 <<<"$(probes "$base/health")"
  read -r active max <<<"$(pool)"
  [ "$active" -ge "$max" ] || { echo "the request pool emptied during the run ($active of $max)" >&2; exit 1; }
  # A sleeping backend does not notice its client leave: end it on the server.
  psql -h 127.0.0.1 -p "$pg_port" -U postgres -qtc \
    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'bench-lock'" >/dev/null
  wait "$LOCKER" 2>/dev/null || true; LOCKER=
  for _ in $(seq 1 50); do read -r active max <<<"$(pool)"; [ "$active" -eq 0 ] && break; sleep 0.2; done
  echo "| $run | $i50 | $i99 | $b50 | $b99 |"
  idle99+=("$i99"); busy99+=("$b99")
done
median() { python3 -c 'import statistics,sys; v=[float(x) for x in sys.argv[1:]]; print(f"{statistics.median(v):.2f} ({min(v):.2f}–{max(v):.2f})")' "$@"; }
echo
echo "p99 with the pool idle: $(median "${idle99[@]}") ms; exhausted: $(median "${busy99[@]}") ms (median of $RUNS runs, range)"
