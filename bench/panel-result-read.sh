#!/usr/bin/env bash
# Cached panel result reads (DESIGN §10): GET /api/panels/{id}/result against the demo, at
# several concurrency levels, next to nginx serving the same bytes as a static file.
# Prints a Markdown table: median req/s of RUNS runs with its range, and the median p99.
# Usage: bench/panel-result-read.sh [RUNS=3] [BENCH_SECONDS=10 env]
source "$(dirname "$0")/lib.sh"
need wrk wrk; need nginx nginx-light; need curl curl
RUNS=${1:-3}

app_port=$(free_port); nginx_port=$(free_port)
start_app "$app_port"
base="http://127.0.0.1:$app_port"
panel=$(curl -sf -H 'Accept: application/json' "$base/api/dashboards/shop" \
  | python3 -c 'import json,sys; d=json.load(sys.stdin); print(next(p["id"] for p in d["panels"] if p["visualization"]=="table"))')
for _ in $(seq 1 60); do
  curl -sf "$base/api/panels/$panel/result" | grep -q '"status":"ok"' && break; sleep 0.5
done
mkdir -p "$WORK/static"
curl -sf "$base/api/panels/$panel/result" -o "$WORK/static/result.json"
start_nginx "$nginx_port" "$WORK/static"
bytes=$(wc -c < "$WORK/static/result.json")

echo "Panel $panel result: $bytes bytes; $RUNS runs of ${BENCH_SECONDS:-10}s each; wrk -t2; $(nproc) cores"
echo
echo "| connections | Lookout req/s (median, range) | Lookout p99 ms | nginx req/s (median, range) | nginx p99 ms | ratio |"
echo "|---|---|---|---|---|---|"
for conns in ${CONNECTIONS:-16 64 256}; do
  read -r l_med l_min l_max l_p99 <<<"$(wrk_runs "$RUNS" "$conns" "$base/api/panels/$panel/result")"
  read -r n_med n_min n_max n_p99 <<<"$(wrk_runs "$RUNS" "$conns" "http://127.0.0.1:$nginx_port/result.json")"
  ratio=$(python3 -c "print(f'{$l_med/$n_med:.2f}')")
  echo "| $conns | $l_med ($l_min–$l_max) | $l_p99 | $n_med ($n_min–$n_max) | $n_p99 | $ratio |"
done
etag=$(curl -sf -D - -o /dev/null "$base/api/panels/$panel/result" | awk 'tolower($1)=="etag:" {print $2}' | tr -d '\r')
read -r c_med c_min c_max c_p99 <<<"$(wrk_runs "$RUNS" 64 "$base/api/panels/$panel/result" -H "If-None-Match: $etag")"
echo
echo "Conditional reads (If-None-Match, 304), 64 connections: $c_med req/s ($c_min–$c_max), p99 $c_p99 ms"
