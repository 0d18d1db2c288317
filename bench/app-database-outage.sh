#!/usr/bin/env bash
# Pages and health while Lookout's own database is frozen (DESIGN §10, §11). Starts a throwaway
# PostgreSQL and the packaged jar on it (development demo: its dashboards, public, and its embedded
# directory), then reads in a loop, one request at a time on a kept-alive connection, for PHASE
# seconds each: before, during a freeze of PostgreSQL (SIGSTOP of the server and every backend),
# and after it thaws (SIGCONT). Prints per phase and path: answers, non-200 answers, how many said
# read-only, p50, p99 and max in ms; and what a signed-in edit got during the freeze.
# Usage: bench/app-database-outage.sh [PHASE seconds, default 15]
source "$(dirname "$0")/lib.sh"
need curl curl; need python3 python3
PHASE=${1:-15}

start_postgres
app_port=$(free_port)
start_app "$app_port" DATABASE_URL="postgres://postgres@127.0.0.1:$pg_port/lookout"
sign_in "$app_port" editor lookout
echo "Lookout $(basename "$(jar)"), PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}'); $(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg)"

# phase NAME: PHASE seconds of reads; appends "phase path status readOnly ms" lines to $WORK/reads.
phase() {
  python3 - "$1" "$app_port" "$PHASE" >> "$WORK/reads" <<'PY'
import http.client, sys, time
name, port, seconds = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
paths = ["/d/shop", "/d/services", "/api/dashboards/shop", "/health", "/health/live", "/health/ready"]
conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
end = time.monotonic() + seconds
while time.monotonic() < end:
    for path in paths:
        accept = "text/html" if path.startswith("/d/") else "application/json"
        started = time.perf_counter()
        try:
            conn.request("GET", path, headers={"Accept": accept})
            answer = conn.getresponse()
            body = answer.read()
            status = answer.status
        except Exception:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            body, status = b"", 0
        ms = (time.perf_counter() - started) * 1000
        read_only = b"read-only-banner" in body or b'"readOnly":true' in body
        print(name, path, status, int(read_only), f"{ms:.3f}")
PY
}

edit() {
  curl -s -o "$WORK/edit.json" -w '%{http_code} %{time_total}' -X PUT -H "Cookie: $cookie" -H "X-CSRF-Token: $csrf" \
    -H 'Content-Type: application/json' -H 'Accept: application/json' \
    -d '{"title":"Shop, live","description":"Orders as they come in from the simulated shop.","version":1}' \
    "http://127.0.0.1:$app_port/api/dashboards/shop"
}

phase before
postgres_signal STOP
frozen_at=$(date +%s.%N)
read -r first_status first_s <<<"$(edit)"
first_code=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1])).get("code"))' "$WORK/edit.json")
phase frozen
read -r again_status again_s <<<"$(edit)"
postgres_signal CONT
phase after
echo "Edit during the freeze: first $first_status $first_code in $(python3 -c "print(f'{$first_s*1000:.0f}')") ms, again $again_status in $(python3 -c "print(f'{$again_s*1000:.0f}')") ms"
echo
python3 - "$WORK/reads" <<'PY'
import collections, sys
rows = collections.defaultdict(list)
order = []
for line in open(sys.argv[1]):
    phase, path, status, read_only, ms = line.split()
    key = (phase, path)
    if key not in rows:
        order.append(key)
    rows[key].append((int(status), int(read_only), float(ms)))
print("| phase | path | answers | non-200 | read-only | p50 ms | p99 ms | max ms |")
print("|---|---|---|---|---|---|---|---|")
for key in order:
    answers = rows[key]
    ms = sorted(a[2] for a in answers)
    p = lambda q: ms[min(len(ms) - 1, int(len(ms) * q))]
    print(f"| {key[0]} | {key[1]} | {len(answers)} | {sum(1 for a in answers if a[0] != 200)} | "
          f"{sum(a[1] for a in answers)} | {p(0.5):.2f} | {p(0.99):.2f} | {ms[-1]:.2f} |")
PY
