#!/usr/bin/env bash
# Cached panel result reads (DESIGN §10): GET /api/panels/{id}/result against the demo, at
# several concurrency levels, next to two references serving the same bytes in the same run:
# nginx (a static file: the loopback limit) and a bare servlet on the same embedded Tomcat with the
# same JVM flags (the container's limit), so each layer's cost shows.
# Prints a Markdown table: median req/s of RUNS runs with its range, the median p99 with its
# range, and every answer that was not 2xx/3xx (wrk's count, summed over the runs).
# Usage: bench/panel-result-read.sh [RUNS=3] [BENCH_SECONDS=10 env] [CONNECTIONS="16 64 256" env]
source "$(dirname "$0")/lib.sh"
need wrk wrk; need nginx nginx-light; need curl curl; need javac openjdk-17-jdk-headless; need unzip unzip
RUNS=${1:-3}

app_port=$(free_port); nginx_port=$(free_port); bare_port=$(free_port)
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
start_bare_container "$bare_port" "$WORK/static/result.json"
bytes=$(wc -c < "$WORK/static/result.json")

echo "Panel $panel result: $bytes bytes; $RUNS runs of ${BENCH_SECONDS:-10}s each; wrk -t2; $(nproc) cores;" \
  "JVM: $(java -version 2>&1 | head -1), -Xmx${BENCH_HEAP:-512m} $BENCH_JAVA_OPTS; load at start:$(uptime | sed 's/.*load average://')"
echo
echo "| connections | server | req/s (median, range) | p99 ms (median, range) | non-2xx | × nginx | × bare container |"
echo "|---|---|---|---|---|---|---|"
row() { # conns name url [wrk args]
  local conns=$1 name=$2 url=$3; shift 3
  read -r med min max p99 p99min p99max bad <<<"$(wrk_runs "$RUNS" "$conns" "$url" "$@")"
  echo "$med" > "$WORK/last-$name"
  local vs_nginx vs_bare
  vs_nginx=$(python3 -c "print(f'{$med/$(cat "$WORK/last-nginx"):.2f}')")
  vs_bare=$( [ -f "$WORK/last-bare" ] && python3 -c "print(f'{$med/$(cat "$WORK/last-bare"):.2f}')" || echo "–")
  echo "| $conns | $name | $med ($min–$max) | $p99 ($p99min–$p99max) | $bad | $vs_nginx | $vs_bare |"
}
# Warm-up, not reported: the figures are the steady state, not the JIT compiling the paths.
for url in "http://127.0.0.1:$nginx_port/result.json" "http://127.0.0.1:$bare_port/result" \
    "$base/api/panels/$panel/result"; do
  wrk -t2 -c64 -d"${BENCH_WARMUP:-10}s" "$url" >/dev/null
done
for conns in ${CONNECTIONS:-16 64 256}; do
  rm -f "$WORK/last-bare"
  row "$conns" nginx "http://127.0.0.1:$nginx_port/result.json"
  row "$conns" bare "http://127.0.0.1:$bare_port/result"
  row "$conns" Lookout "$base/api/panels/$panel/result"
done
etag=$(curl -sf -D - -o /dev/null "$base/api/panels/$panel/result" | awk 'tolower($1)=="etag:" {print $2}' | tr -d '\r')
read -r c_med c_min c_max c_p99 _ _ c_bad <<<"$(wrk_runs "$RUNS" 64 "$base/api/panels/$panel/result" -H "If-None-Match: $etag")"
read -r g_med g_min g_max g_p99 _ _ g_bad <<<"$(wrk_runs "$RUNS" 64 "$base/api/panels/$panel/result" -H "Accept-Encoding: gzip")"
gz=$(curl -sf -H 'Accept-Encoding: gzip' "$base/api/panels/$panel/result" | wc -c)
echo
echo "Lookout, conditional reads (If-None-Match → 304), 64 connections: $c_med req/s ($c_min–$c_max), p99 $c_p99 ms, non-2xx $c_bad"
echo "Lookout, gzip reads (Accept-Encoding: gzip, $gz bytes), 64 connections: $g_med req/s ($g_min–$g_max), p99 $g_p99 ms, non-2xx $g_bad"
echo "Load at end:$(uptime | sed 's/.*load average://')"
