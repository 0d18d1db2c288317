#!/usr/bin/env bash
# Latency of a CIRCUIT_OPEN answer (DESIGN §10). Starts a throwaway PostgreSQL (Debian's binaries,
# temporary data directory, free loopback port) and the packaged jar on it, warms /api/dashboards
# up, then stops PostgreSQL: the first requests find it down the slow way (each until it gives up),
# after BREAKER_MINIMUM_CALLS of them the application database's breaker opens and every answer is
# CIRCUIT_OPEN at once. Measured: the answers before the breaker opened; PROBES sequential
# circuit-open answers, each on a new connection (curl); and RUNS wrk runs against the same URL,
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
url="http://127.0.0.1:$app_port/api/dashboards"
for _ in $(seq 1 200); do curl -sf -o /dev/null -H 'Accept: application/json' "$url"; done

as_pg "$PGBIN/pg_ctl" -D "$PGROOT/data" -m fast -w stop >/dev/null
echo "Lookout $(basename "$(jar)"), PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') stopped; $(nproc) cores"
echo
echo "Answers until the breaker opened (code, ms):"
opened=
for i in $(seq 1 30); do
  out=$(curl -s -H 'Accept: application/json' -w ' %{time_total}' "$url")
  code=$(echo "$out" | python3 -c 'import json,sys; t=sys.stdin.read(); b,_,s=t.rpartition(" "); print(json.loads(b).get("code"), f"{float(s)*1000:.1f}")')
  echo "  $i: $code"
  case "$code" in CIRCUIT_OPEN*) opened=1; break ;; esac
done
[ -n "$opened" ] || { echo "the breaker did not open" >&2; exit 1; }

# probes: PROBES sequential requests; prints "p50 p99" in ms; fails on any answer but CIRCUIT_OPEN.
probes() {
  for _ in $(seq 1 "$PROBES"); do
    curl -s -o /dev/null -H 'Accept: application/json' -w '%{http_code} %{time_total}\n' "$url"
  done | python3 -c '
import sys
rows = [line.split() for line in sys.stdin]
bad = [code for code, _ in rows if code != "503"]
if bad: sys.exit(f"{len(bad)} answers were not 503: {sorted(set(bad))}")
ms = sorted(float(t) * 1000 for _, t in rows)
print(f"{ms[len(ms) // 2]:.2f} {ms[max(0, int(len(ms) * 0.99) - 1)]:.2f}")'
}
body=$(curl -s -H 'Accept: application/json' "$url")
echo "$body" | grep -q '"code":"CIRCUIT_OPEN"' || { echo "not a CIRCUIT_OPEN answer: $body" >&2; exit 1; }
mkdir -p "$WORK/static"
printf '%s' "$body" > "$WORK/static/problem.json"
nginx_port=$(free_port)
start_nginx "$nginx_port" "$WORK/static"

probes >/dev/null # warm-up, not reported
read -r p50 p99 <<<"$(probes)"
echo
echo "$PROBES sequential circuit-open answers, new connection each (curl): p50 $p50 ms, p99 $p99 ms"
echo
read -r l_rps l_min l_max l_p99 _ <<<"$(wrk_runs "$RUNS" 16 "$url" -H 'Accept: application/json')"
read -r n_rps n_min n_max n_p99 _ <<<"$(wrk_runs "$RUNS" 16 "http://127.0.0.1:$nginx_port/problem.json")"
echo "| wrk, 16 connections, ${BENCH_SECONDS:-10} s, median of $RUNS | req/s (range) | p99 ms |"
echo "|---|---|---|"
echo "| Lookout, CIRCUIT_OPEN | $l_rps ($l_min–$l_max) | $l_p99 |"
echo "| nginx, the same bytes from a file | $n_rps ($n_min–$n_max) | $n_p99 |"
python3 -c "print(f'Lookout/nginx throughput: {$l_rps / $n_rps:.2f}x')"
