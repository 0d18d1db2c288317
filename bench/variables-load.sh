#!/usr/bin/env bash
# Variables: the data source's load follows the distinct views, not the viewers. Starts a
# throwaway PostgreSQL with pg_stat_statements (the application database and a "source" database
# the panels query, through an unprivileged role) and the packaged jar on it (development mode:
# its embedded directory signs the demo's admin in), creates a dashboard with a list variable
# "region" (R01..R12, default R01) and 4 panels of distinct SQL naming :region, refreshed every
# 5 s, then for each cell of viewers × distinct views opens that many event streams
# (GET /api/stream?dashboard=...&region=R..), spread round-robin over the first DISTINCT regions
# (R01 is the default view), and counts the panels' statements the PostgreSQL server ran over a
# fixed window after a warm-up: expected views × panels × 60 / interval per minute, whatever the
# viewers. Between cells the streams close and the chosen views expire (VIEW_KEEP_AT_LEAST=10s).
# Last, the cap: a second instance (its own application database) with MAX_LIVE_VIEWS=CAP_VIEWS and viewers over CAP_DISTINCT
# regions: how many streams were refused with 503 OVERLOADED (and their Retry-After), and how
# many views that instance keeps live.
# The client is Python's asyncio on raw sockets (one thread, HTTP/1.0 so the stream comes
# unchunked; it reads and discards). Everything is on loopback and stopped on exit.
# Usage: bench/variables-load.sh (env: VIEWERS="100 1000" DISTINCT="1 3 10" WINDOW=60 WARMUP=10
#   CAP_VIEWS=10 CAP_DISTINCT=10 CAP_VIEWERS=100)
source "$(dirname "$0")/lib.sh"
need curl curl; need python3 python3; need openssl openssl
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
VIEWERS=${VIEWERS:-100 1000}
DISTINCT=${DISTINCT:-1 3 10}
WINDOW=${WINDOW:-60}
WARMUP=${WARMUP:-10}
CAP_VIEWS=${CAP_VIEWS:-10}
CAP_DISTINCT=${CAP_DISTINCT:-10}
CAP_VIEWERS=${CAP_VIEWERS:-100}
PANELS=4
INTERVAL=5
TOKEN=$(openssl rand -hex 24)
SLUG=regions

# --- PostgreSQL with pg_stat_statements -----------------------------------------------------------
start_postgres
# lib.sh starts it without the library, which must be loaded at start: restart with it.
as_pg "$PGBIN/pg_ctl" -D "$PGROOT/data" -l "$PGROOT/server.log" -w restart -m fast \
  -o "-p $pg_port -c listen_addresses=127.0.0.1 -c unix_socket_directories=$PGROOT -c max_connections=100 -c fsync=off -c shared_preload_libraries=pg_stat_statements" >/dev/null
pg() { psql -h 127.0.0.1 -p "$pg_port" -U postgres -X -v ON_ERROR_STOP=1 -qtA "$@"; }
pg -d postgres -c "CREATE EXTENSION IF NOT EXISTS pg_stat_statements"
pg -d postgres -c "CREATE ROLE bench LOGIN PASSWORD 'bench-source-pass'" -c "CREATE DATABASE source OWNER bench"
pg -d source -c "SET ROLE bench" -c "CREATE TABLE sales (region TEXT NOT NULL, amount INT NOT NULL)" \
  -c "INSERT INTO sales SELECT 'R' || lpad((1 + i % 12)::text, 2, '0'), i FROM generate_series(1, 1200) AS i"
# Runs of the 4 panel statements so far (pg_stat_statements keeps one entry per statement, all views in it).
calls() {
  pg -d postgres -c "SELECT coalesce(sum(s.calls), 0) FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
    WHERE d.datname = 'source' AND s.query LIKE '%view_marker_%'"
}

metric() { # metric PORT NAME: the sum of a metric's samples
  curl -sf -m 20 -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$1/metrics" \
    | awk -v n="$2" '$1 == n || index($1, n "{") == 1 {s += $2} END {printf "%d", s}'
}

# --- the dashboard ---------------------------------------------------------------------------------
app_env=(DATABASE_URL="postgres://postgres@127.0.0.1:$pg_port/lookout" METRICS_TOKEN="$TOKEN"
  SECRET_KEY="$(openssl rand -base64 48)" HTTP_ACCEPT_QUEUE=1000 SSE_HEARTBEAT=5s
  VIEW_KEEP_AT_LEAST=10s VIEW_KEEP_INTERVALS=1)
make_dashboard() { # make_dashboard PORT: the source, the dashboard and its panels, as the demo admin
  local port=$1 base="http://127.0.0.1:$1" source
  sign_in "$port" admin lookout
  source=$(curl -sf -H "Cookie: $cookie" -H "X-CSRF-Token: $csrf" -H 'Content-Type: application/json' \
    -H 'Accept: application/json' "$base/api/datasources" -d "{\"name\":\"bench source\",
      \"jdbcUrl\":\"jdbc:postgresql://127.0.0.1:$pg_port/source\",\"username\":\"bench\",
      \"password\":\"bench-source-pass\",\"poolSize\":4,\"queryTimeoutMs\":10000,\"rowLimit\":100}" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
  curl -sf -o /dev/null -H "Cookie: $cookie" -H "X-CSRF-Token: $csrf" -H 'Content-Type: application/json' \
    -H 'Accept: application/json' "$base/api/dashboards" -d "{\"slug\":\"$SLUG\",\"title\":\"Regions\",
      \"description\":\"bench/variables-load.sh\",\"variables\":[{\"name\":\"region\",\"label\":\"Region\",
      \"type\":\"list\",\"options\":[\"R01\",\"R02\",\"R03\",\"R04\",\"R05\",\"R06\",\"R07\",\"R08\",\"R09\",\"R10\",
      \"R11\",\"R12\"],\"default\":[\"R01\"],\"allowOther\":false}]}"
  local i agg=(count sum max min)
  for i in 1 2 3 4; do
    curl -sf -o /dev/null -H "Cookie: $cookie" -H "X-CSRF-Token: $csrf" -H 'Content-Type: application/json' \
      -H 'Accept: application/json' "$base/api/dashboards/$SLUG/panels" -d "{\"title\":\"Panel $i\",
        \"dataSourceId\":$source,\"sql\":\"SELECT ${agg[$((i - 1))]}(amount) AS view_marker_$i FROM sales WHERE region = :region\",
        \"visualization\":\"table\",\"refreshSeconds\":$INTERVAL}"
  done
}

# --- the client ------------------------------------------------------------------------------------
# viewers PORT COUNT DISTINCT HOLD OUT: opens COUNT streams over R01..R<DISTINCT>, writes a JSON
# summary to OUT once every answer's head came, holds the open ones HOLD seconds, then closes them.
cat > "$WORK/viewers.py" <<'PY'
import asyncio, json, sys
port, count, distinct, hold, out = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), sys.argv[5]
slug = sys.argv[6]
stats = {"open": 0, "regions": [], "refused": 0, "other": 0, "failed": 0, "codes": {}, "retryAfter": [], "bytes": 0, "events": 0}
heads = 0
done = asyncio.Event()

async def viewer(i, gate):
    global heads
    region = "R%02d" % (1 + i % distinct)
    writer = None
    try:
        async with gate:
            reader, writer = await asyncio.wait_for(asyncio.open_connection("127.0.0.1", port), 30)
            writer.write(f"GET /api/stream?dashboard={slug}&region={region} HTTP/1.0\r\nHost: 127.0.0.1\r\n"
                         f"Accept: text/event-stream\r\n\r\n".encode())
            head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 60)
        status = int(head.split(b" ", 2)[1])
        headers = dict(l.split(": ", 1) for l in head.decode("latin-1").split("\r\n")[1:] if ": " in l)
        if status != 200:
            body = (await asyncio.wait_for(reader.read(4096), 10)).decode("utf-8", "replace")
            code = json.loads(body).get("code", "?") if body.startswith("{") else "?"
            stats["refused" if status == 503 else "other"] += 1
            stats["codes"][f"{status} {code}"] = stats["codes"].get(f"{status} {code}", 0) + 1
            ra = {k.lower(): v for k, v in headers.items()}.get("retry-after")
            if ra and ra not in stats["retryAfter"]:
                stats["retryAfter"].append(ra)
            writer.close()
            return
        stats["open"] += 1
        if region not in stats["regions"]: stats["regions"].append(region)
    except Exception as e:
        stats["failed"] += 1
        stats["codes"][type(e).__name__] = stats["codes"].get(type(e).__name__, 0) + 1
        if writer: writer.close()
        return
    finally:
        heads += 1
        if heads == count: done.set()
    try:
        while True:
            data = await reader.read(65536)
            if not data: break
            stats["bytes"] += len(data); stats["events"] += data.count(b"event: result")
    except Exception:
        pass
    finally:
        writer.close()

async def main():
    gate = asyncio.Semaphore(100)
    tasks = [asyncio.create_task(viewer(i, gate)) for i in range(count)]
    await asyncio.wait_for(done.wait(), 180)
    with open(out, "w") as f: json.dump(stats, f)
    await asyncio.sleep(hold)
    for t in tasks: t.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)

asyncio.run(main())
PY

# cell PORT VIEWERS DISTINCT: prints "viewers distinct open refused queries_per_min seconds"
cell() {
  local port=$1 viewers=$2 distinct=$3 out="$WORK/cell-$1-$2-$3.json" c0 c1 t0 t1 client
  python3 "$WORK/viewers.py" "$port" "$viewers" "$distinct" $((WARMUP + WINDOW + 5)) "$out" "$SLUG" &
  client=$!; PIDS+=("$client")
  while [ ! -s "$out" ]; do kill -0 "$client" 2>/dev/null || { echo "client failed" >&2; exit 1; }; sleep 0.2; done
  sleep "$WARMUP"
  c0=$(calls); t0=$(date +%s.%N)
  sleep "$WINDOW"
  c1=$(calls); t1=$(date +%s.%N)
  local live; live=$(metric "$port" lookout_views_live)
  wait "$client" 2>/dev/null || true
  python3 - "$out" "$viewers" "$distinct" "$c0" "$c1" "$t0" "$t1" "$live" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
viewers, distinct, c0, c1 = (int(x) for x in sys.argv[2:6])
t0, t1, live = float(sys.argv[6]), float(sys.argv[7]), int(sys.argv[8])
qpm = (c1 - c0) * 60 / (t1 - t0)
expected = distinct * 4 * 60 / 5
print(f"| {viewers} | {distinct} | {s['open']} | {live} | {qpm:.0f} | {expected:.0f} | {qpm / expected:.2f} |")
PY
  # The chosen views expire once nobody watches them: the next cell starts from the defaults only.
  for _ in $(seq 1 120); do [ "$(metric "$port" lookout_views_live)" = 0 ] && break; sleep 0.5; done
}

# --- run -------------------------------------------------------------------------------------------
echo "Lookout $(basename "$(jar)"), PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}'), Python $(python3 -c 'import platform; print(platform.python_version())'); $(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "Dashboard: 4 panels, refreshSeconds $INTERVAL, variable region (R01 default); warm-up ${WARMUP}s, window ${WINDOW}s per cell; one instance, REFRESH_TICK_INTERVAL default"
port=$(free_port)
start_app "$port" "${app_env[@]}"
make_dashboard "$port"
sleep 6
echo
echo "| viewers | distinct views | streams open | chosen views live | panel queries/min | expected (views × panels × 60/interval) | ratio |"
echo "|---|---|---|---|---|---|---|"
for viewers in $VIEWERS; do
  for distinct in $DISTINCT; do
    cell "$port" "$viewers" "$distinct"
  done
done
kill "${PIDS[@]}" 2>/dev/null || true; wait 2>/dev/null || true; PIDS=()

echo
echo "Cap: a fresh instance with MAX_LIVE_VIEWS=$CAP_VIEWS, $CAP_VIEWERS viewers over $CAP_DISTINCT regions (R01 the default view, so $((CAP_DISTINCT - 1)) chosen × $PANELS panels wanted)"
# Its own application database: a second development instance on the first one's would find the
# demo's data source pointing at the first instance's embedded H2 database, and stop.
pg -d postgres -c "CREATE DATABASE lookout_cap"
cap_port=$(free_port)
start_app "$cap_port" "${app_env[@]/%\/lookout/\/lookout_cap}" MAX_LIVE_VIEWS="$CAP_VIEWS"
make_dashboard "$cap_port"
sleep 6
python3 "$WORK/viewers.py" "$cap_port" "$CAP_VIEWERS" "$CAP_DISTINCT" $((WARMUP + 30 + 5)) "$WORK/cap.json" "$SLUG" &
client=$!; PIDS+=("$client")
while [ ! -s "$WORK/cap.json" ]; do kill -0 "$client" 2>/dev/null || { echo "client failed" >&2; exit 1; }; sleep 0.2; done
live0=$(metric "$cap_port" lookout_views_live)
sleep "$WARMUP"
c0=$(calls); t0=$(date +%s.%N)
sleep 30
c1=$(calls); t1=$(date +%s.%N)
live=$(metric "$cap_port" lookout_views_live); max=$(metric "$cap_port" lookout_views_max)
wait "$client" 2>/dev/null || true
python3 - "$WORK/cap.json" "$CAP_VIEWERS" "$live" "$max" "$c0" "$c1" "$t0" "$t1" "$live0" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
viewers, live, mx, c0, c1 = (int(x) for x in sys.argv[2:7])
secs = float(sys.argv[8]) - float(sys.argv[7])
live0 = int(sys.argv[9])
codes = ", ".join(f"{k} × {v}" for k, v in sorted(s["codes"].items())) or "-"
print()
watched = sorted(s["regions"])
chosen = len([r for r in watched if r != "R01"]) * 4
print("| viewers | streams open | refused 503 | answers other than 200 | Retry-After | regions of the open streams | chosen views they watch | lookout_views_live at once / after the window / max | panel queries/min | expected for the open streams' views |")
print("|---|---|---|---|---|---|---|---|---|---|")
print(f"| {viewers} | {s['open']} | {s['refused']} | {codes} | {', '.join(s['retryAfter']) or '-'} | {' '.join(watched)} | {chosen} | {live0} / {live} / {mx} | {(c1 - c0) * 60 / secs:.0f} | {len(watched) * 4 * 12} |")
PY
echo
echo "Load after the runs: $(cut -d' ' -f1-3 /proc/loadavg)"
