#!/usr/bin/env bash
# Panel queries per minute with 1 and with 3 instances, and with 1 and 1,000 viewers (DESIGN
# §10): the instances share one application database (a throwaway PostgreSQL) and one Redis (a
# throwaway redis-server), so they share the demo's dashboards, the panel leases and the fan-out.
# Each instance queries its own in-process demo data source, so the queries are counted as the
# sum of lookout_refreshes_total over the instances. The viewers are spread over the instances;
# "pushes per viewer" shows that every viewer gets every refresh, whichever instance ran it.
# Usage: bench/sse-scale-out.sh [SECONDS_PER_RUN=60] [VIEWERS="1 1000"] (env)
source "$(dirname "$0")/lib.sh"
need node nodejs; need curl curl; need openssl openssl
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
SECONDS_PER_RUN=${SECONDS_PER_RUN:-60}
export BENCH_HEAP=${BENCH_HEAP:-512m}
TOKEN=$(openssl rand -hex 24)
start_postgres
start_redis
shared=(SECRET_KEY="$(openssl rand -base64 48)" METRICS_TOKEN="$TOKEN" SSE_HEARTBEAT=15s
  DATABASE_URL="postgres://postgres@127.0.0.1:$pg_port/lookout" REDIS_URL="redis://127.0.0.1:$redis_port")

refreshes() {
  local sum=0 port
  for port in "$@"; do
    sum=$((sum + $(curl -sf -m 10 -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$port/metrics" \
      | awk '/^lookout_refreshes_total/ {s+=$2} END {printf "%d", s}')))
  done
  echo "$sum"
}

echo "Development demo on PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') and redis-server $(redis-server --version | awk '{print $3}' | cut -d= -f2), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); ${SECONDS_PER_RUN}s per run"
echo
echo "| instances | viewers | connected | panel queries/min (all instances) | pushes per viewer |"
echo "|---|---|---|---|---|"
for instances in 1 3; do
  ports=(); apps=()
  for _ in $(seq 1 "$instances"); do
    port=$(free_port)
    start_app "$port" "${shared[@]}"
    ports+=("$port"); apps+=("${PIDS[-1]}")
  done
  # Past the first round of refreshes, which every instance starts with.
  sleep 15
  for viewers in ${VIEWERS:-1 1000}; do
    urls=$(printf "http://127.0.0.1:%s/api/stream?dashboard=shop," "${ports[@]}")
    q0=$(refreshes "${ports[@]}")
    result=$(node "$BENCH_DIR/sse-fanout.js" "${urls%,}" "$viewers" "$SECONDS_PER_RUN")
    q1=$(refreshes "${ports[@]}")
    python3 - "$instances" "$viewers" "$result" "$q0" "$q1" "$SECONDS_PER_RUN" <<'PY'
import json, sys
instances, viewers, r = int(sys.argv[1]), int(sys.argv[2]), json.loads(sys.argv[3])
q0, q1, secs = (int(x) for x in sys.argv[4:7])
print(f"| {instances} | {viewers} | {r['connected']} | {(q1 - q0) * 60 / secs:.0f} | {r['events'] / max(1, r['connected']):.1f} |")
PY
  done
  for pid in "${apps[@]}"; do kill "$pid"; wait "$pid" 2>/dev/null || true; done
done
echo
echo "Load after the runs: $(cut -d' ' -f1-3 /proc/loadavg)"
