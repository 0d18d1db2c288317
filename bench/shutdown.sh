#!/usr/bin/env bash
# SIGTERM to exit (DESIGN §10: < 5 s idle, within the shutdown budget under load). Starts the
# packaged jar on the embedded default (development demo: H2, the simulator, the updater) and
# stops it with SIGTERM, timing until the process is gone and recording its exit status: first
# idle (ready, nothing served), then under load (wrk reading a cached panel result with 64
# connections, started 3 s before the signal). A fresh process for every run.
# Usage: bench/shutdown.sh [RUNS=3]
source "$(dirname "$0")/lib.sh"
need curl curl; need wrk wrk; need python3 python3
RUNS=${1:-3}

# stop_timed: SIGTERM to the app started last; sets STOP_MS and STOP_STATUS. Not in a subshell:
# only this shell can wait for its child.
stop_timed() {
  local pid=${PIDS[-1]} start end
  start=$(date +%s%N)
  kill -TERM "$pid"
  set +e; wait "$pid"; STOP_STATUS=$?; set -e
  end=$(date +%s%N)
  STOP_MS=$(( (end - start) / 1000000 ))
}

panel_url() {
  local base=$1 id
  id=$(curl -s "$base/api/dashboards" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d[0]["slug"])')
  curl -s "$base/api/dashboards/$id" | python3 -c 'import json,sys; print(json.load(sys.stdin)["panels"][0]["id"])'
}

echo "Lookout $(basename "$(jar)"), development demo; $RUNS runs each; $(nproc) cores; load average $(cut -d' ' -f1 /proc/loadavg)"
echo
echo "| run | idle: ms | idle: exit | under load: ms | under load: exit | requests wrk completed |"
echo "|---|---|---|---|---|---|"
idle=(); loaded=()
for run in $(seq 1 "$RUNS"); do
  port=$(free_port); start_app "$port"; sleep 2
  stop_timed; idle_ms=$STOP_MS; idle_status=$STOP_STATUS
  port=$(free_port); start_app "$port"
  base="http://127.0.0.1:$port"
  url="$base/api/panels/$(panel_url "$base")/result"
  curl -s -o /dev/null "$url"
  wrk -t2 -c64 -d6s "$url" > "$WORK/wrk-$run.txt" 2>&1 &
  wrk_pid=$!
  sleep 3
  stop_timed; load_ms=$STOP_MS; load_status=$STOP_STATUS
  wait "$wrk_pid" || true
  answered=$(awk '/requests in/ {print $1}' "$WORK/wrk-$run.txt")
  echo "| $run | $idle_ms | $idle_status | $load_ms | $load_status | ${answered:-?} |"
  idle+=("$idle_ms"); loaded+=("$load_ms")
done
python3 - "${idle[*]}" "${loaded[*]}" <<'PY'
import statistics, sys
i = [int(x) for x in sys.argv[1].split()]
l = [int(x) for x in sys.argv[2].split()]
print(f"\nSIGTERM to exit, median (range): idle {statistics.median(i):.0f} ms ({min(i)}–{max(i)}), "
      f"under load {statistics.median(l):.0f} ms ({min(l)}–{max(l)})")
PY
