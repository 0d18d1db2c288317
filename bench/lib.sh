# Shared helpers for the benchmark scripts: start the packaged jar on loopback, a throwaway
# PostgreSQL and redis-server, a reference nginx, and run wrk several times, printing the median
# with its range.
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH_DIR/.." && pwd)"
WORK="$(mktemp -d /tmp/lookout-bench.XXXXXX)"
PIDS=()

cleanup() {
  for pid in "${PIDS[@]:-}"; do [ -n "$pid" ] && kill "$pid" 2>/dev/null || true; done
  [ -f "$WORK/nginx.pid" ] && kill "$(cat "$WORK/nginx.pid")" 2>/dev/null || true
  wait 2>/dev/null || true
  if [ -n "${PGROOT:-}" ]; then
    as_pg "$PGBIN/pg_ctl" -D "$PGROOT/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$PGROOT"
  fi
}
trap cleanup EXIT

need() { command -v "$1" >/dev/null || { echo "needs $1 (apt-get install $2)" >&2; exit 2; }; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

jar() {
  local jar
  jar=$(ls "$ROOT"/target/lookout-*.jar 2>/dev/null | head -1 || true)
  if [ -z "$jar" ]; then (cd "$ROOT" && ./mvnw -B -q -DskipTests package); jar=$(ls "$ROOT"/target/lookout-*.jar | head -1); fi
  echo "$jar"
}

# JVM flags of every Java server a benchmark starts (Lookout and the bare container alike): the
# README's (G1's pause goal); set BENCH_JAVA_OPTS to compare others.
BENCH_JAVA_OPTS=${BENCH_JAVA_OPTS--XX:MaxGCPauseMillis=10}

# start_app PORT [VAR=value ...]: development demo on 127.0.0.1:PORT, waits until ready.
# BENCH_HEAP sets the JVM's -Xmx (default 512m); BENCH_SERVER_CPUS, when set, pins it (taskset -c).
start_app() {
  local port=$1; shift
  mkdir -p "$WORK/app-$port"
  # exec: the recorded pid is the JVM itself, so cleanup stops it rather than only its subshell.
  (cd "$WORK/app-$port" && exec env APP_ENV=development BIND_ADDRESS=127.0.0.1 PORT="$port" "$@" \
    ${BENCH_SERVER_CPUS:+taskset -c "$BENCH_SERVER_CPUS"} java -Xmx"${BENCH_HEAP:-512m}" $BENCH_JAVA_OPTS -jar "$(jar)" \
    > "$WORK/app-$port/out.log" 2>&1) &
  PIDS+=($!)
  for _ in $(seq 1 120); do
    curl -sf -m 5 "http://127.0.0.1:$port/health/ready" >/dev/null && return 0
    sleep 0.5
  done
  echo "app on $port did not become ready; log: $WORK/app-$port/out.log" >&2; exit 1
}

# start_postgres: a throwaway PostgreSQL (Debian's binaries, temporary data directory) on a free
# loopback port with a database "lookout"; sets pg_port. cleanup stops it. PostgreSQL refuses to
# run as root: it runs as the package's postgres user then.
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
start_postgres() {
  PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  [ -x "$PGBIN/pg_ctl" ] || { echo "needs PostgreSQL's server binaries (apt-get install postgresql)" >&2; exit 2; }
  need psql postgresql-client
  PGROOT=$(mktemp -d /tmp/lookout-bench-pg.XXXXXX)
  [ "$(id -u)" -eq 0 ] && chown postgres "$PGROOT"
  pg_port=$(free_port)
  as_pg "$PGBIN/initdb" -D "$PGROOT/data" -U postgres -A trust -E UTF8 --no-sync >/dev/null
  as_pg "$PGBIN/pg_ctl" -D "$PGROOT/data" -l "$PGROOT/server.log" -w start \
    -o "-p $pg_port -c listen_addresses=127.0.0.1 -c unix_socket_directories=$PGROOT -c max_connections=100 -c fsync=off" >/dev/null
  psql -h 127.0.0.1 -p "$pg_port" -U postgres -qc "CREATE DATABASE lookout"
}

# start_redis: a throwaway redis-server on a free loopback port, nothing on disk; sets redis_port.
start_redis() {
  need redis-server redis-server
  redis_port=$(free_port)
  redis-server --bind 127.0.0.1 --port "$redis_port" --save "" --appendonly no --dir "$WORK" \
    > "$WORK/redis.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 1 50); do
    (exec 3<>"/dev/tcp/127.0.0.1/$redis_port") 2>/dev/null && return 0
    sleep 0.1
  done
  echo "redis-server on $redis_port did not start; log: $WORK/redis.log" >&2; exit 1
}

# start_nginx PORT DIR: serves DIR's files on 127.0.0.1:PORT as the static reference. nginx's
# workers run as an unprivileged user: DIR and the work directory above it are made readable, or
# every answer would be 403 (wrk_runs counts them).
start_nginx() {
  local port=$1 dir=$2
  chmod a+rx "$WORK" "$dir"; chmod -R a+r "$dir"
  cat > "$WORK/nginx.conf" <<CONF
worker_processes 1;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log;
events { worker_connections 4096; }
http {
  access_log off;
  default_type application/json;
  server { listen 127.0.0.1:$port; root $dir; etag on; }
}
CONF
  nginx -c "$WORK/nginx.conf"
  sleep 0.5
}

# start_bare_container PORT FILE: the container's own reference, the same embedded Tomcat as the
# packaged jar (its BOOT-INF/lib) with Lookout's thread settings and the same JVM flags, answering
# every GET with FILE's bytes (bench/bare-container/BareContainer.java); waits until it answers.
start_bare_container() {
  local port=$1 file=$2 dir="$WORK/bare-container"
  mkdir -p "$dir/lib" "$dir/classes"
  (cd "$dir/lib" && unzip -q -o -j "$(jar)" 'BOOT-INF/lib/tomcat-embed-core-*.jar' 'BOOT-INF/lib/jakarta.annotation-api-*.jar')
  javac -nowarn -d "$dir/classes" -cp "$dir/lib/*" "$BENCH_DIR/bare-container/BareContainer.java"
  (exec java -Xmx"${BENCH_HEAP:-512m}" $BENCH_JAVA_OPTS -cp "$dir/classes:$dir/lib/*" BareContainer "$port" \
    "${HTTP_MAX_THREADS:-32}" "$file" > "$dir/out.log" 2>&1) &
  PIDS+=($!)
  for _ in $(seq 1 60); do
    curl -sf -m 2 -o /dev/null "http://127.0.0.1:$port/" && return 0
    sleep 0.5
  done
  echo "bare container on $port did not answer; log: $dir/out.log" >&2; exit 1
}

# wrk_runs RUNS CONNECTIONS URL [extra wrk args]: prints "median_rps min max median_p99_ms p99_min p99_max
# non2xx", where non2xx is the total of answers other than 2xx or 3xx over the RUNS runs.
wrk_runs() {
  local runs=$1 conns=$2 url=$3; shift 3
  local out rps=() p99=() bad=0
  for _ in $(seq 1 "$runs"); do
    out=$(wrk -t2 -c"$conns" -d"${BENCH_SECONDS:-10}s" --latency "$@" "$url")
    rps+=("$(echo "$out" | awk '/Requests\/sec/ {print $2}')")
    p99+=("$(echo "$out" | awk '$1=="99%" {v=$2; if (v ~ /us$/) {sub("us","",v); v=v/1000} else if (v ~ /ms$/) {sub("ms","",v)} else if (v ~ /s$/) {sub("s","",v); v=v*1000} print v}')")
    bad=$((bad + $(echo "$out" | awk '/Non-2xx or 3xx responses/ {n=$NF} END {print n+0}')))
  done
  python3 - "${rps[*]}" "${p99[*]}" "$bad" <<'PY'
import statistics, sys
r = [float(x) for x in sys.argv[1].split()]
p = [float(x) for x in sys.argv[2].split()]
print(f"{statistics.median(r):.0f} {min(r):.0f} {max(r):.0f} {statistics.median(p):.2f} {min(p):.2f} {max(p):.2f} {sys.argv[3]}")
PY
}

# sign_in PORT USER PASSWORD: signs in through the form as an API client does; sets `cookie`
# (JSESSIONID=...) and `csrf` (the session's token, for the X-CSRF-Token header).
sign_in() {
  local port=$1 user=$2 password=$3 jar="$WORK/cookies-$1-$2" token
  token=$(curl -sf -c "$jar" "http://127.0.0.1:$port/api/csrf" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
  curl -sf -b "$jar" -c "$jar" -o /dev/null --data-urlencode "username=$user" --data-urlencode "password=$password" \
    --data-urlencode "_csrf=$token" "http://127.0.0.1:$port/login"
  cookie="JSESSIONID=$(awk '$6 == "JSESSIONID" {print $7}' "$jar")"
  csrf=$(curl -sf -H "Cookie: $cookie" "http://127.0.0.1:$port/api/csrf" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
}

# postgres_signal SIGNAL: sends SIGNAL (STOP, CONT) to the throwaway PostgreSQL and all its backends.
postgres_signal() {
  local postmaster
  postmaster=$(head -1 "$PGROOT/data/postmaster.pid")
  kill -"$1" "$postmaster" $(pgrep -P "$postmaster") 2>/dev/null || true
}
