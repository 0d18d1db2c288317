#!/usr/bin/env bash
# Server-sent events fan-out (DESIGN §10): N clients on one instance's stream of the demo's
# "shop" dashboard (panels refreshing every 5-10 s). Prints per client count: streams connected,
# delivery latency from the refresh that stored a result to each client (p50/p95/p99, ms), the
# JVM's RSS growth per client, and panel queries per minute (lookout_refreshes_total) while the
# clients watch: with one viewer and with many they must be the same.
# Usage: bench/sse-fanout.sh [CLIENTS="1 1000 10000"] [SECONDS=60 env]
source "$(dirname "$0")/lib.sh"
need node nodejs; need curl curl
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
SECONDS_PER_RUN=${SECONDS_PER_RUN:-60}

refreshes() { curl -sf "http://127.0.0.1:$1/metrics" | awk '/^lookout_refreshes_total/ {s+=$2} END {printf "%d", s}'; }
rss_kb() { ps -o rss= -p "$1" | tr -d ' '; }

echo "One instance (development demo), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); ${SECONDS_PER_RUN}s per run"
echo
echo "| clients | connected | refused | pushes | p50 ms | p95 ms | p99 ms | max ms | RSS growth per client | panel queries/min |"
echo "|---|---|---|---|---|---|---|---|---|---|"
for clients in ${CLIENTS:-1 1000 10000}; do
  port=$(free_port)
  start_app "$port" SSE_MAX_CONNECTIONS=20000 HTTP_MAX_CONNECTIONS=21000 SSE_HEARTBEAT=15s
  pid=${PIDS[-1]}
  sleep 5
  rss_before=$(rss_kb "$pid"); q_before=$(refreshes "$port")
  result=$(node "$BENCH_DIR/sse-fanout.js" "http://127.0.0.1:$port/api/stream?dashboard=shop" "$clients" "$SECONDS_PER_RUN")
  rss_after=$(rss_kb "$pid"); q_after=$(refreshes "$port")
  python3 - "$clients" "$result" "$rss_before" "$rss_after" "$q_before" "$q_after" "$SECONDS_PER_RUN" <<'PY'
import json, sys
clients, r = int(sys.argv[1]), json.loads(sys.argv[2])
before, after, q0, q1, secs = (int(x) for x in sys.argv[3:8])
per = (after - before) / max(1, r["connected"])
print(f"| {clients} | {r['connected']} | {r['refused'] + r['failed']} | {r['events']} | {r['p50']} | {r['p95']} | {r['p99']} | {r['max']} | {per:.1f} KB | {(q1 - q0) * 60 / secs:.0f} |")
PY
  kill "$pid"; wait "$pid" 2>/dev/null || true
done
