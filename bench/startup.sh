#!/usr/bin/env bash
# Start to first answer (DESIGN §10): the packaged jar as the README runs it (development demo on
# loopback) beside an empty Boot 4 web application (bench/empty-app: the same parent and web starter)
# on the same JVM, each started RUNS times as a new process; the time is from launching `java` to
# the first HTTP answer of any status on /health/live (curl polling every 20 ms). Lookout opens its
# port before the rest of its start and answers every request until it is ready (503 STARTING,
# the liveness probe 200), so it also gets the time to its first 200 on /health/ready. Each variant
# gets one untimed start first, in the same working directory, so the timed runs find the demo's
# database and the page cache as a restart does. Variants:
#   java -jar                    the jar as built
#   CDS (Java 17+)               `-Djarmode=tools extract`, a training run with
#                                -XX:ArchiveClassesAtExit and spring.context.exit=onRefresh, then
#                                -XX:SharedArchiveFile
#   AOT cache (JDK 25, if found) the same extracted jar, trained with -XX:AOTCacheOutput, then
#                                -XX:AOTCache
# Prints a Markdown table: median (range) in ms per application and variant, Lookout over the
# empty application, and Lookout's median time to ready.
# Usage: bench/startup.sh [RUNS=5]   (JAVA17=/path/to/java, JAVA25=/path/to/java to choose JVMs)
source "$(dirname "$0")/lib.sh"
need curl curl
RUNS=${1:-5}
JAVA17=${JAVA17:-java}
JAVA25=${JAVA25:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}

empty_jar() {
  local jar="$BENCH_DIR/empty-app/target/empty-app-1.jar"
  [ -f "$jar" ] || (cd "$ROOT" && ./mvnw -B -q -f bench/empty-app/pom.xml -DskipTests package)
  echo "$jar"
}

# app_env APP PORT: the environment each application is started with.
app_env() {
  case $1 in
    lookout) echo "APP_ENV=development BIND_ADDRESS=127.0.0.1 PORT=$2" ;;
    empty) echo "SERVER_ADDRESS=127.0.0.1 SERVER_PORT=$2" ;;
  esac
}

# first_answer DIR APP JAVA ARGS...: starts the application in DIR, prints ms to its first HTTP answer
# and, for Lookout, ms to its first 200 on /health/ready (the empty application is ready when it
# answers), then stops it.
first_answer() {
  local dir=$1 app=$2 java=$3; shift 3
  local port started pid code
  port=$(free_port)
  started=$(date +%s%N)
  # exec: the pid is the JVM's, so it is the one stopped below.
  (cd "$dir" && exec env $(app_env "$app" "$port") "$java" "$@" > "$dir/out.log" 2>&1) &
  pid=$!
  PIDS+=("$pid")
  while :; do
    code=$(curl -s -o /dev/null -m 1 -w '%{http_code}' "http://127.0.0.1:$port/health/live" || true)
    [ "$code" != "000" ] && break
    kill -0 "$pid" 2>/dev/null || { echo "$app did not start; log: $dir/out.log" >&2; exit 1; }
    sleep 0.02
  done
  local first ready
  first=$(( ($(date +%s%N) - started) / 1000000 )); ready=$first
  if [ "$app" = lookout ]; then
    until [ "$(curl -s -o /dev/null -m 1 -w '%{http_code}' "http://127.0.0.1:$port/health/ready")" = 200 ]; do
      kill -0 "$pid" 2>/dev/null || { echo "$app stopped before it was ready; log: $dir/out.log" >&2; exit 1; }
      sleep 0.02
    done
    ready=$(( ($(date +%s%N) - started) / 1000000 ))
  fi
  echo "$first $ready"
  kill "$pid"; wait "$pid" 2>/dev/null || true
}

# train DIR APP JAVA ARGS...: runs the application until its context is refreshed, then it exits.
train() {
  local dir=$1 app=$2 java=$3; shift 3
  (cd "$dir" && env $(app_env "$app" "$(free_port)") "$java" -Dspring.context.exit=onRefresh "$@" \
    > "$dir/training.log" 2>&1) || { echo "training run of $app failed; log: $dir/training.log" >&2; exit 1; }
}

# row APP VARIANT JAVA ARGS...: one untimed start, then RUNS timed; prints "median min max readymedian".
row() {
  local app=$1 variant=$2 java=$3; shift 3
  local dir="$WORK/$app-$variant" times=() readies=() first ready
  mkdir -p "$dir"
  first_answer "$dir" "$app" "$java" "$@" > /dev/null
  for _ in $(seq 1 "$RUNS"); do
    read -r first ready <<<"$(first_answer "$dir" "$app" "$java" "$@")"
    times+=("$first"); readies+=("$ready")
  done
  python3 -c 'import statistics, sys; n = len(sys.argv) // 2; t = [int(x) for x in sys.argv[1:n + 1]]; r = [int(x) for x in sys.argv[n + 1:]]
print(int(statistics.median(t)), min(t), max(t), int(statistics.median(r)))' "${times[@]}" "${readies[@]}"
}

# extracted APP JAR: the jar unpacked by Boot's tools (application jar plus lib/), prints its path.
extracted() {
  local app=$1 jar=$2
  if [ ! -d "$WORK/$app-extracted" ]; then
    "$JAVA17" -Djarmode=tools -jar "$jar" extract --destination "$WORK/$app-extracted" > /dev/null
  fi
  echo "$WORK/$app-extracted/$(basename "$jar")"
}

declare -A median range ready
measure() {
  local app=$1 jar=$2 dir x
  read -r m lo hi r <<<"$(row "$app" jar "$JAVA17" -jar "$jar")"
  median[$app,jar]=$m; range[$app,jar]="$lo–$hi"; ready[$app,jar]=$r

  x=$(extracted "$app" "$jar")
  dir="$WORK/$app-cds"; mkdir -p "$dir"
  train "$dir" "$app" "$JAVA17" -XX:ArchiveClassesAtExit="$dir/app.jsa" -jar "$x"
  read -r m lo hi r <<<"$(row "$app" cds "$JAVA17" -XX:SharedArchiveFile="$dir/app.jsa" -jar "$x")"
  median[$app,cds]=$m; range[$app,cds]="$lo–$hi"; ready[$app,cds]=$r

  if [ -x "$JAVA25" ]; then
    dir="$WORK/$app-aot"; mkdir -p "$dir"
    train "$dir" "$app" "$JAVA25" -XX:AOTCacheOutput="$dir/app.aot" -jar "$x"
    read -r m lo hi r <<<"$(row "$app" aot "$JAVA25" -XX:AOTCache="$dir/app.aot" -jar "$x")"
    median[$app,aot]=$m; range[$app,aot]="$lo–$hi"; ready[$app,aot]=$r
  fi
}

echo "Start to first answer, median of $RUNS cold starts (range), ms; $(nproc) cores; load at start $(cut -d' ' -f1-3 /proc/loadavg)"
measure empty "$(empty_jar)"
measure lookout "$(jar)"
echo
echo "| JVM and variant | empty Boot 4 web app | Lookout (development demo): first answer | Lookout / empty | Lookout: ready (median) |"
echo "|---|---|---|---|---|"
for variant in jar cds aot; do
  [ -n "${median[empty,$variant]:-}" ] || continue
  case $variant in
    jar) label="$("$JAVA17" -version 2>&1 | head -1 | cut -d'"' -f2), \`java -jar\`" ;;
    cds) label="$("$JAVA17" -version 2>&1 | head -1 | cut -d'"' -f2), extracted + CDS archive" ;;
    aot) label="$("$JAVA25" -version 2>&1 | head -1 | cut -d'"' -f2), extracted + AOT cache" ;;
  esac
  ratio=$(python3 -c "print(f'{${median[lookout,$variant]}/${median[empty,$variant]}:.2f}')")
  echo "| $label | ${median[empty,$variant]} (${range[empty,$variant]}) | ${median[lookout,$variant]} (${range[lookout,$variant]}) | $ratio | ${ready[lookout,$variant]} |"
done
echo
echo "Load after the runs: $(cut -d' ' -f1-3 /proc/loadavg)"
