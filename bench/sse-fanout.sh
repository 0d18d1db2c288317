#!/usr/bin/env bash
# Server-sent events fan-out (DESIGN §10): N clients on one instance's stream of the demo's
# "shop" dashboard (4 panels refreshing every 5-10 s). Per client count and run: streams
# connected and how long connecting them all took, delivery latency from the refresh that
# stored a result to each client (p50/p95/p99/max, ms), memory per client (heap after a full GC
# and RSS, each with the clients minus without, over the clients), and panel queries per minute
# (lookout_refreshes_total) while the clients watch: with one viewer and with many they must be
# the same. Each client count runs RUNS times on a fresh JVM; the last row is the median.
# The server and the client run on different cores (taskset; SERVER_CPUS=0, CLIENT_CPUS=1 on a
# machine with two or more), so the latency is the server's, not the single-threaded client's.
# Usage: bench/sse-fanout.sh [CLIENTS="1 1000 10000"] [RUNS=3] [SECONDS_PER_RUN=60] [BENCH_HEAP=2g]
#   [SERVER_CPUS=0] [CLIENT_CPUS=1] (env)
source "$(dirname "$0")/lib.sh"
need node nodejs; need curl curl; need jcmd openjdk-17-jdk-headless
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
SECONDS_PER_RUN=${SECONDS_PER_RUN:-60}
RUNS=${RUNS:-3}
# The heap of the earlier runs (a stream held Tomcat's request buffers then, ~110 KB), kept for comparison.
export BENCH_HEAP=${BENCH_HEAP:-2g}
need taskset util-linux
if [ "$(nproc)" -ge 2 ]; then
  export BENCH_SERVER_CPUS=${SERVER_CPUS:-0}
  CLIENT_CPUS=${CLIENT_CPUS:-1}
fi

refreshes() { curl -sf -m 60 "http://127.0.0.1:$1/metrics" | awk '/^lookout_refreshes_total/ {s+=$2} END {printf "%d", s}'; }
rss_kb() { ps -o rss= -p "$1" | tr -d ' '; }
# Heap in use after a full collection, in KB: G1's one line, or the young and old generations of the
# serial collector, which the JVM picks when it is pinned to one core.
heap_kb() { jcmd "$1" GC.run >/dev/null; jcmd "$1" GC.heap_info | awk '/ heap | generation / {v=$6; gsub(/[^0-9]/, "", v); s+=v} END {print s}'; }

echo "One instance (development demo), heap $BENCH_HEAP, $(nproc) cores (server on ${BENCH_SERVER_CPUS:-any}, client on ${CLIENT_CPUS:-any}), load $(cut -d' ' -f1-3 /proc/loadavg); ${SECONDS_PER_RUN}s per run, $RUNS runs"
echo
echo "| clients | run | connected | refused | connect s | pushes | p50 ms | p95 ms | p99 ms | max ms | heap per client | RSS per client | panel queries/min | why refused |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
for clients in ${CLIENTS:-1 1000 10000}; do
  : > "$WORK/runs-$clients"
  for run in $(seq 1 "$RUNS"); do
    port=$(free_port)
    start_app "$port" SSE_MAX_CONNECTIONS=20000 HTTP_MAX_CONNECTIONS=21000 HTTP_ACCEPT_QUEUE=1000 SSE_HEARTBEAT=15s
    pid=${PIDS[-1]}
    sleep 5
    heap_before=$(heap_kb "$pid"); rss_before=$(rss_kb "$pid"); q_before=$(refreshes "$port")
    ${CLIENT_CPUS:+taskset -c "$CLIENT_CPUS"} node "$BENCH_DIR/sse-fanout.js" "http://127.0.0.1:$port/api/stream?dashboard=shop" "$clients" "$SECONDS_PER_RUN" 30 \
      > "$WORK/node.out" 2>&1 &
    node_pid=$!
    sleep "$SECONDS_PER_RUN"
    while [ ! -s "$WORK/node.out" ]; do sleep 0.2; done
    # Read while the streams are still open (the client holds them), after the latency window.
    q_after=$(refreshes "$port"); heap_after=$(heap_kb "$pid"); rss_after=$(rss_kb "$pid")
    kill "$node_pid" 2>/dev/null || true; wait "$node_pid" 2>/dev/null || true
    python3 - "$clients" "$run" "$(cat "$WORK/node.out")" "$heap_before" "$heap_after" "$rss_before" "$rss_after" \
      "$q_before" "$q_after" "$SECONDS_PER_RUN" >> "$WORK/runs-$clients" <<'PY'
import json, sys
clients, run, r = int(sys.argv[1]), int(sys.argv[2]), json.loads(sys.argv[3])
h0, h1, r0, r1, q0, q1, secs = (int(x) for x in sys.argv[4:11])
n = max(1, r["connected"])
r.update(clients=clients, run=run, heap=(h1 - h0) / n, rss=(r1 - r0) / n, qpm=(q1 - q0) * 60 / secs)
print(json.dumps(r))
PY
    tail -1 "$WORK/runs-$clients" | python3 -c '
import json, sys
r = json.loads(sys.stdin.read())
c = "-" if r["connectMs"] is None else "%.1f" % (r["connectMs"] / 1000)
why = ", ".join("%s × %d" % (k, v) for k, v in sorted(r.get("reasons", {}).items())) or "-"
print("| %d | %d | %d | %d | %s | %d | %s | %s | %s | %s | %.1f KB | %.1f KB | %.0f | %s |" % (r["clients"], r["run"], r["connected"],
      r["refused"] + r["failed"], c, r["events"], r["p50"], r["p95"], r["p99"], r["max"], r["heap"], r["rss"], r["qpm"], why))'
    kill "$pid"; wait "$pid" 2>/dev/null || true
  done
  python3 - "$WORK/runs-$clients" <<'PY'
import json, statistics, sys
rows = [json.loads(line) for line in open(sys.argv[1])]
m = lambda k: statistics.median([r[k] for r in rows if r[k] is not None]) if any(r[k] is not None for r in rows) else None
c = m("connectMs")
print(f"| **{rows[0]['clients']}** | **median** | {m('connected'):.0f} | {statistics.median([r['refused'] + r['failed'] for r in rows]):.0f} | {'-' if c is None else f'{c / 1000:.1f}'} | {m('events'):.0f} | {m('p50')} | {m('p95')} | {m('p99')} | {m('max')} | {m('heap'):.1f} KB | {m('rss'):.1f} KB | {m('qpm'):.0f} | |")
PY
done
echo
echo "Load after the runs: $(cut -d' ' -f1-3 /proc/loadavg)"
