#!/usr/bin/env bash
# What keeping sessions in Redis costs a signed-in request: GET /api/dashboards with a session
# cookie, sessions in the instance's memory (no REDIS_URL) next to sessions in Redis (REDIS_URL,
# a local redis-server without persistence). Each signed-in request reads its session from
# Redis (one HGETALL); it is written back only when it changed or once a minute (QuietSessions).
# Demo mode (embedded directory, demo user "admin").
# Prints a Markdown table: median req/s of RUNS runs with its range, and the median p99.
# Usage: bench/signed-in-requests.sh [RUNS=3] [BENCH_SECONDS=10 env] [CONNECTIONS="16 64" env]
source "$(dirname "$0")/lib.sh"
need wrk wrk; need curl curl; need redis-server redis-server
RUNS=${1:-3}

redis_port=$(free_port)
redis-server --bind 127.0.0.1 --port "$redis_port" --save '' --appendonly no > "$WORK/redis.log" 2>&1 &
PIDS+=($!)

memory_port=$(free_port); redis_app_port=$(free_port)
start_app "$memory_port"
start_app "$redis_app_port" REDIS_URL="redis://127.0.0.1:$redis_port"

# sign_in PORT: signs the demo admin in as an API client does and prints the session cookie.
sign_in() {
  local base="http://127.0.0.1:$1" jar="$WORK/cookies-$1" token
  token=$(curl -sf -c "$jar" -H 'Accept: application/json' "$base/api/csrf" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
  curl -sf -b "$jar" -c "$jar" -H 'Accept: application/json' --data-urlencode username=admin \
    --data-urlencode password=lookout --data-urlencode "_csrf=$token" "$base/login" > /dev/null
  awk '$6=="JSESSIONID" {print "JSESSIONID=" $7}' "$jar"
}
memory_cookie=$(sign_in "$memory_port")
redis_cookie=$(sign_in "$redis_app_port")
for port_cookie in "$memory_port $memory_cookie" "$redis_app_port $redis_cookie"; do
  read -r port cookie <<<"$port_cookie"
  # A signed-in user sees the admin API; anonymous would get 401.
  curl -sf -o /dev/null -H 'Accept: application/json' -H "Cookie: $cookie" "http://127.0.0.1:$port/api/datasources" \
    || { echo "not signed in on $port" >&2; exit 1; }
done

echo "Signed-in GET /api/dashboards; $RUNS runs of ${BENCH_SECONDS:-10}s each; wrk -t2; $(nproc) cores;" \
  "load average at start $(cut -d' ' -f1 /proc/loadavg)"
echo
echo "| connections | sessions in memory: req/s (median, range) | p99 ms | sessions in Redis: req/s (median, range) | p99 ms | ratio |"
echo "|---|---|---|---|---|---|"
for conns in ${CONNECTIONS:-16 64}; do
  read -r m_med m_min m_max m_p99 _ <<<"$(wrk_runs "$RUNS" "$conns" "http://127.0.0.1:$memory_port/api/dashboards" \
    -H "Cookie: $memory_cookie" -H 'Accept: application/json')"
  read -r r_med r_min r_max r_p99 _ <<<"$(wrk_runs "$RUNS" "$conns" "http://127.0.0.1:$redis_app_port/api/dashboards" \
    -H "Cookie: $redis_cookie" -H 'Accept: application/json')"
  ratio=$(python3 -c "print(f'{$r_med/$m_med:.2f}')")
  echo "| $conns | $m_med ($m_min–$m_max) | $m_p99 | $r_med ($r_min–$r_max) | $r_p99 | $ratio |"
done
