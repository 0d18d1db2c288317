#!/usr/bin/env bash
# Latency of a refusal of the application database once its outage is known (DESIGN §10).
# Starts a throwaway PostgreSQL (Debian's binaries, temporary data directory, free loopback port)
# and the packaged jar on it, signs in as the demo's admin and warms up /api/datasources (a read
# that needs the database: dashboards are served from memory and never do), then stops PostgreSQL:
# the first requests find it down the slow way, until the health probe or the breaker knows, after
# which every answer is APP_DATABASE_UNAVAILABLE at once. Measured: the answers until then; PROBES
# sequential refusals, each on a new connection (curl); and RUNS wrk runs against the same URL,
# beside nginx serving a static problem document of the same size (the floor for an HTTP answer
# on this machine). BREAKER_OPEN_WAIT is long so the breaker stays open during the runs.
# Usage: bench/circuit-open.sh [RUNS=3] [PROBES env, default 1000] [BENCH_SECONDS env, default 10]
source "$(dirname "$0")/lib.sh"
need curl curl; need wrk wrk; need nginx nginx-light; need python3 python3
RUNS=${1:-3}
PROBES=${PROBES:-1000}

start_postgres

app_port=$(free_port)
# Development mode: public dashboards and the embedded directory, so no sign-in is in the way.
start_app "$app_port" DATABASE_URL="postgres://postgres@127.0.0.1:$pg_port/lookout" BREAKER_OPEN_WAIT=10m
url="http://127.0.0.1:$app_port/api/datasources"
sign_in "$app_port" admin lookout
for _ in $(seq 1 200); do curl -sf -o /dev/null -H 'Accept: application/json' -H "Cookie: $cookie" "$url"; done

as_pg "$PGBIN/pg_ctl" -D "$PGROOT/data" -m fast -w stop >/dev/null
echo "Lookout $(basename "$(jar)"), PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') stopped; $(nproc) cores"
echo
echo "Answers until the outage was known (code, ms):"
opened=
for i in $(seq 1 30); do
  out=$(curl -s -H 'Accept: application/json' -H "Cookie: $cookie" -w ' %{time_total}' "$url")
  code=$(echo "$out" | python3 -c 'import json,sys; t=sys.stdin.read(); b,_,s=t.rpartition(" "); print(json.loads(b).get("code"), f"{float(s)*1000:.1f}")')
  echo "  $i: $code"
  # Known once a refusal comes in well under the pool's wait (DB_POOL_WAIT, 2 s by default).
  case "$code" in APP_DATABASE_UNAVAILABLE*) [ "$(echo "$code" | awk '{print ($2 < 200)}')" = 1 ] && { opened=1; break; } ;; esac
done
[ -n "$opened" ] || { echo "the outage never became known" >&2; exit 1; }

# probes: PROBES sequential requests; prints "p50 p99" in ms; fails on any answer but CIRCUIT_OPEN.
probes() {
  for _ in $(seq 1 "$PROBES"); do
    curl -s -o /dev/null -H 'Accept: application/json' -H "Cookie: $cookie" -w '%{http_code} %{time_total}\n' "$url"
  done | python3 -c '
import sys
rows = [line.split() for line in sys.stdin]
bad = [code for code, _ in rows if code != "503"]
if bad: sys.exit(f"{len(bad)} answers were not 503: {sorted(set(bad))}")
ms = sorted(float(t) * 1000 for _, t in rows)
print(f"{ms[len(ms) // 2]:.2f} {ms[max(0, int(len(ms) * 0.99) - 1)]:.2f}")'
}
body=$(curl -s -H 'Accept: application/json' -H "Cookie: $cookie" "$url")
echo "$body" | grep -q '"code":"APP_DATABASE_UNAVAILABLE"' || { echo "not an APP_DATABASE_UNAVAILABLE answer: $body" >&2; exit 1; }
mkdir -p "$WORK/static"
printf '%s' "$body" > "$WORK/static/problem.json"
nginx_port=$(free_port)
start_nginx "$nginx_port" "$WORK/static"

probes >/dev/null # warm-up, not reported
read -r p50 p99 <<<"$(probes)"
echo
echo "$PROBES sequential refusals, new connection each (curl): p50 $p50 ms, p99 $p99 ms"
echo
read -r l_rps l_min l_max l_p99 _ <<<"$(wrk_runs "$RUNS" 16 "$url" -H 'Accept: application/json' -H "Cookie: $cookie")"
read -r n_rps n_min n_max n_p99 _ <<<"$(wrk_runs "$RUNS" 16 "http://127.0.0.1:$nginx_port/problem.json")"
echo "| wrk, 16 connections, ${BENCH_SECONDS:-10} s, median of $RUNS | req/s (range) | p99 ms |"
echo "|---|---|---|"
echo "| Lookout, APP_DATABASE_UNAVAILABLE | $l_rps ($l_min–$l_max) | $l_p99 |"
echo "| nginx, the same bytes from a file | $n_rps ($n_min–$n_max) | $n_p99 |"
python3 -c "print(f'Lookout/nginx throughput: {$l_rps / $n_rps:.2f}x')"
