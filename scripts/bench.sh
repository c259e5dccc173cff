#!/usr/bin/env bash
# Side-by-side benchmark of relaycast and Icecast 2 on loopback: the same 128 kbit/s ffmpeg source, the same listener
# loads from `relaycast loadtest`, each server pinned to core 0 and the load (loadtest + ffmpeg) to core 1.
# See docs/benchmark.md for what each column means.
#
#   scripts/bench.sh                    1,000 / 4,000 / 12,000 listeners, 1,000/s ramp, 40 s each (about 6 minutes)
#   scripts/bench.sh --quick            200 listeners, 20 s: a smoke run for CI (under 3 minutes)
#   scripts/bench.sh --limit            steps listeners up until each server first underruns (bounded, see --limit-*)
#   options: --loads "1000 4000" --duration S --ramp R --servers "relaycast icecast" --out DIR --jar FILE
#            --repeat N (every load N times, the servers' order swapped each time; the CPU ratio's median is reported, over
#              the runs in which relaycast served all listeners or as many as Icecast,
#              and in how many runs relaycast met each target: all served with no underrun, TTFB and relay latency p99)
#            --chunk-ms MS, --write-ms MS (relaycast chunk duration and write interval, for experiments)
#            --limit-start N --limit-step N --limit-max N
#            --nice N (e.g. -10: run servers, source and loadtest at a higher priority on a machine shared with others)
#            --rx-on-load-core (root: steer loopback receive processing to the load core with RPS, restored on exit)
#            --busy-poll (the load test polls its sockets instead of sleeping)
#            --load-loops N (the load test reads its listeners with N event loops, each with its own epoll; default 1)
#            --icy-share P (P% of the listeners ask for ICY metadata, as VLC and most players do; default 0)
#            --java-opts "..." (relaycast's JVM options; default "-Xmx256m -XX:+UseSerialGC -Xmn4m -XX:MetaspaceSize=64m
#              -XX:TieredStopAtLevel=1", the image's with a fixed heap)
#            --loadtest-java-opts "..." (the load test's JVM options; default "-Xmx1g -XX:+UseSerialGC")
#            --slow-core SHARE[/PERIOD_MS] (e.g. 0.5/200: a CPU hog on the server core, at the servers' priority, burns
#              SHARE of every PERIOD ms (default 10) for the whole of each run: a slower core, made on purpose, to compare
#              how code copes with the slow periods this VM has by itself at times; docs/benchmark.md, "Session 24")
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
LOADS="1000 4000 12000"
DURATION=40
RAMP=1000
SERVERS="relaycast icecast"
OUT=""
JAR="$ROOT/target/relaycast.jar"
MODE=compare
LIMIT_START=4000
LIMIT_STEP=2000
LIMIT_MAX=40000
LIMIT_DURATION=30
CHUNK_MS=""
WRITE_MS=""
SERVER_CPU=0
LOAD_CPU=1
BITRATE=128
WARMUP=6
# Seconds the load test keeps its connections open after the measured run, for the heap probe.
HOLD=8
NICE=0
LOADTEST_ARGS=()
# As the Docker image runs it: C1 only, since relaycast's hot path is the kernel's; see docs/benchmark.md.
JAVA_OPTS="-Xmx256m -XX:+UseSerialGC -Xmn4m -XX:MetaspaceSize=64m -XX:TieredStopAtLevel=1"
RX_ON_LOAD_CORE=0
# The load test's JVM (C1 only, as the server runs, made no difference that three runs each could show: docs/benchmark.md,
# "Session 11").
LOADTEST_JAVA_OPTS="-Xmx1g -XX:+UseSerialGC"
REPEAT=1
REP=1
RPS_FILE=/sys/class/net/lo/queues/rx-0/rps_cpus
RPS_BEFORE=""
# The nice value of this session's scheduler autogroup before --nice changed it, restored on exit: the group is the
# session's, so the shell that ran this script would otherwise keep the new value.
AUTOGROUP_BEFORE=""
SLOW_CORE=""

while [ $# -gt 0 ]; do
    case "$1" in
        --quick) LOADS="200"; DURATION=20; shift ;;
        --limit) MODE=limit; shift ;;
        --loads) LOADS="$2"; shift 2 ;;
        --duration) DURATION="$2"; LIMIT_DURATION="$2"; shift 2 ;;
        --ramp) RAMP="$2"; shift 2 ;;
        --servers) SERVERS="$2"; shift 2 ;;
        --out) OUT="$2"; shift 2 ;;
        --jar) JAR="$2"; shift 2 ;;
        --chunk-ms) CHUNK_MS="$2"; shift 2 ;;
        --write-ms) WRITE_MS="$2"; shift 2 ;;
        --nice) NICE="$2"; shift 2 ;;
        --busy-poll) LOADTEST_ARGS+=(--busy-poll); shift ;;
        --load-loops) LOADTEST_ARGS+=(--loops "$2"); shift 2 ;;
        --icy-share) LOADTEST_ARGS+=(--icy-share "$2"); shift 2 ;;
        --java-opts) JAVA_OPTS="$2"; shift 2 ;;
        --loadtest-java-opts) LOADTEST_JAVA_OPTS="$2"; shift 2 ;;
        --rx-on-load-core) RX_ON_LOAD_CORE=1; shift ;;
        --limit-start) LIMIT_START="$2"; shift 2 ;;
        --limit-step) LIMIT_STEP="$2"; shift 2 ;;
        --limit-max) LIMIT_MAX="$2"; shift 2 ;;
        --repeat) REPEAT="$2"; shift 2 ;;
        --slow-core) SLOW_CORE="$2"; shift 2 ;;
        -h|--help) sed -n "2,25p" "$0"; exit 0 ;;
        *) echo "bench.sh: unknown option $1" >&2; exit 2 ;;
    esac
done

if [ -n "$SLOW_CORE" ] && ! echo "$SLOW_CORE" | awk -F/ '{exit !(NF <= 2 && $1 > 0 && $1 < 1 && (NF == 1 || $2 >= 1))}'; then
    echo "bench.sh: --slow-core takes a share of the core between 0 and 1, and a period in ms: 0.3 or 0.3/100, not $SLOW_CORE" >&2
    exit 2
fi
for program in java ffmpeg /usr/bin/icecast2 taskset setpriv jcmd curl ss ${SLOW_CORE:+python3}; do
    if ! command -v "$program" >/dev/null; then
        case "$program" in
            ss) echo "bench.sh: ss is required, to find free ports and wait for the servers (package iproute2)" >&2 ;;
            curl) echo "bench.sh: curl is required, to wait for the stream and read relaycast's /metrics" >&2 ;;
            *) echo "bench.sh: $program is required" >&2 ;;
        esac
        exit 1
    fi
done
if [ "$(nproc --all)" -lt 2 ]; then
    echo "bench.sh: needs 2 cores (server on core $SERVER_CPU, load on core $LOAD_CPU)" >&2
    exit 1
fi
# This script's own work (the 5 Hz polling loop, the core sampler, curl, awk, jcmd) runs on the load core, as the load
# does, and not on the server's core inside its CPU window; the servers are pinned to theirs when started.
taskset -pc "$LOAD_CPU" $$ >/dev/null
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
FD_LIMIT=$(ulimit -n)
# All the load test's listeners come from 127.0.0.1, up to 1,000 a second: the limit on one address's connections
# waiting for a request (meant for floods) is lifted. Jars from before that limit (--jar, for comparisons) lack it.
if [ ! -f "$JAR" ]; then
    (cd "$ROOT" && mvn -B -q package -DskipTests)
fi
PER_ADDRESS=()
if grep -qF io/relaycast/config/ConnectionLimits.class "$JAR"; then
    PER_ADDRESS=(--max-pending-per-address 0)
fi

WORK=$(mktemp -d /tmp/relaycast-bench.XXXXXX)
chmod 755 "$WORK"
OUT=${OUT:-$WORK/results}
mkdir -p "$OUT"
# The processes this script started and has not stopped yet, as PID:START (START: when it started, field 22 of
# /proc/PID/stat). A run forks thousands of processes, so a PID from long ago may since belong to another one: cleanup
# kills only those whose start time still matches.
PIDS=()

# start_time PID: when the process started, in clock ticks since boot; nothing if there is no such process.
start_time() { sed 's/^.*) //' "/proc/$1/stat" 2>/dev/null | awk '{print $20}' || true; }
track() { PIDS+=("$1:$(start_time "$1")"); }
untrack() {
    local kept=() entry
    for entry in "${PIDS[@]}"; do
        if [ "${entry%%:*}" != "$1" ]; then kept+=("$entry"); fi
    done
    PIDS=("${kept[@]}")
}
# still_ours PID:START: whether that process still runs, the same one.
still_ours() { [ -n "${1#*:}" ] && [ "$(start_time "${1%%:*}")" = "${1#*:}" ]; }

cleanup() {
    if [ -n "$RPS_BEFORE" ]; then
        echo "$RPS_BEFORE" >"$RPS_FILE" || true
    fi
    if [ -n "$AUTOGROUP_BEFORE" ]; then
        echo "$AUTOGROUP_BEFORE" >/proc/self/autogroup || true
    fi
    local entry
    for entry in "${PIDS[@]}"; do
        if still_ours "$entry"; then kill "${entry%%:*}" 2>/dev/null || true; fi
    done
    sleep 1
    for entry in "${PIDS[@]}"; do
        if still_ours "$entry"; then kill -9 "${entry%%:*}" 2>/dev/null || true; fi
    done
}
trap cleanup EXIT

if [ "$NICE" != 0 ] && [ -w /proc/self/autogroup ]; then
    # With scheduler autogroups, nice only ranks tasks inside one session: raise this session's group as well, until exit.
    AUTOGROUP_BEFORE=$(awk '{print $NF}' /proc/self/autogroup)
    echo "$NICE" >/proc/self/autogroup
fi

if [ "$RX_ON_LOAD_CORE" = 1 ]; then
    # On loopback the receiving half of every TCP segment (the listener's kernel work) runs inside the sender's send
    # call and is charged to the server. Receive Packet Steering moves it to the load core, where the listeners live.
    if [ ! -w "$RPS_FILE" ]; then
        echo "bench.sh: --rx-on-load-core needs write access to $RPS_FILE (root)" >&2
        exit 1
    fi
    RPS_BEFORE=$(cat "$RPS_FILE")
    printf '%x' $((1 << LOAD_CPU)) >"$RPS_FILE"
fi

log() { echo "[bench $(date +%H:%M:%S)] $*" >&2; }

free_port() {
    local port
    for _ in $(seq 1 200); do
        port=$((20000 + RANDOM % 10000))
        if [ -z "$(ss -Htln "sport = :$port")" ]; then
            echo "$port"
            return
        fi
    done
    echo "bench.sh: no free port" >&2
    exit 1
}

# utime + stime of a process, in clock ticks.
cpu_ticks() { sed 's/^.*) //' "/proc/$1/stat" | awk '{print $12 + $13}'; }
status_kb() { awk -v key="$2:" '$1 == key {print $2}' "/proc/$1/status"; }

# The value of the first "key" : value line of a pretty-printed JSON file.
json_value() { grep -m1 "\"$2\" :" "$1" | sed -E 's/.*: *"?([^",]*)"?,?$/\1/'; }

wait_for_port() {
    for _ in $(seq 1 150); do
        if [ -n "$(ss -Htln "sport = :$1")" ]; then
            return 0
        fi
        sleep 0.2
    done
    echo "bench.sh: nothing listens on port $1" >&2
    return 1
}

wait_for_stream() {
    local url=$1
    for _ in $(seq 1 100); do
        if [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "$url" || true)" = "200" ]; then
            return 0
        fi
        sleep 0.2
    done
    echo "bench.sh: $url never became available" >&2
    return 1
}

write_icecast_config() {
    local dir=$1 port=$2 clients=$3
    mkdir -p "$dir/log"
    chmod 777 "$dir" "$dir/log"
    cat >"$dir/icecast.xml" <<EOF
<icecast>
  <location>bench</location>
  <admin>bench@localhost</admin>
  <limits>
    <clients>$clients</clients>
    <sources>2</sources>
    <queue-size>524288</queue-size>
    <client-timeout>30</client-timeout>
    <header-timeout>15</header-timeout>
    <source-timeout>10</source-timeout>
    <burst-on-connect>1</burst-on-connect>
    <burst-size>65536</burst-size>
  </limits>
  <authentication>
    <source-password>hackme</source-password>
    <relay-password>hackme</relay-password>
    <admin-user>admin</admin-user>
    <admin-password>hackme</admin-password>
  </authentication>
  <hostname>127.0.0.1</hostname>
  <listen-socket><port>$port</port><bind-address>127.0.0.1</bind-address></listen-socket>
  <fileserve>1</fileserve>
  <paths>
    <basedir>/usr/share/icecast2</basedir>
    <logdir>$dir/log</logdir>
    <webroot>/usr/share/icecast2/web</webroot>
    <adminroot>/usr/share/icecast2/admin</adminroot>
  </paths>
  <logging>
    <accesslog>access.log</accesslog>
    <errorlog>error.log</errorlog>
    <loglevel>2</loglevel>
  </logging>
  <security><chroot>0</chroot></security>
</icecast>
EOF
}

# start_server NAME PORT DIR MAXCLIENTS: starts the server pinned to the server core; prints its PID.
start_server() {
    local name=$1 port=$2 dir=$3 clients=$4
    mkdir -p "$dir"
    if [ "$name" = relaycast ]; then
        local chunk=()
        if [ -n "$CHUNK_MS" ]; then chunk=(--chunk-duration "$CHUNK_MS"); fi
        if [ -n "$WRITE_MS" ]; then chunk+=(--write-interval "$WRITE_MS"); fi
        # The collector's pauses go to gc.log next to the server's log: a pause of more than about 20 ms late in the ramp
        # can tip a run into the quick-ACK overload (docs/benchmark.md, "Session 9"), so every run keeps its record.
        # shellcheck disable=SC2086 # JAVA_OPTS is a list of options
        nice -n "$NICE" taskset -c "$SERVER_CPU" java $JAVA_OPTS "-Xlog:gc:file=$dir/gc.log:time,uptime" -jar "$JAR" --bind 127.0.0.1 --port "$port" --threads 1 \
            --max-listeners "$clients" "${PER_ADDRESS[@]}" --burst-size 65536 --queue-size 524288 --source-password hackme \
            --admin-password bench-admin "${chunk[@]}" >"$dir/access.log" 2>"$dir/server.log" &
    else
        write_icecast_config "$dir" "$port" "$clients"
        # Icecast refuses to run as root: drop to nobody, in place, so that $! is Icecast itself.
        nice -n "$NICE" taskset -c "$SERVER_CPU" setpriv --reuid=nobody --regid=nogroup --clear-groups \
            /usr/bin/icecast2 -c "$dir/icecast.xml" >"$dir/server.log" 2>&1 &
    fi
    echo $!
}

start_source() {
    local port=$1 dir=$2
    nice -n "$NICE" taskset -c "$LOAD_CPU" ffmpeg -nostdin -v error -re -stream_loop -1 -i "$WORK/tone.mp3" -c:a copy \
        -content_type audio/mpeg -f mp3 "icecast://source:hackme@127.0.0.1:$port/stream" >"$dir/ffmpeg.log" 2>&1 &
    echo $!
}

# A slower server core, on purpose: a process at the servers' priority on their core that, every PERIOD ms (10 unless
# --slow-core says SHARE/PERIOD), burns SHARE of them and sleeps the rest. The scheduler lets it run whenever it wakes (it
# is owed the time), so the server loses that share as it would to a busy neighbour: in slices of a few ms at 10 ms, in
# stretches at half speed with a longer period (0.5/200: half the core for 100 ms of every 200).
start_slow_core() {
    nice -n "$NICE" taskset -c "$SERVER_CPU" python3 -c '
import sys, time
share, period = sys.argv[1].split("/") if "/" in sys.argv[1] else (sys.argv[1], "10")
period = float(period) / 1000
busy = float(share) * period
while True:
    start = time.perf_counter()
    while time.perf_counter() - start < busy:
        pass
    time.sleep(period - busy)
' "$SLOW_CORE" >/dev/null 2>&1 &
    echo $!
}

# stop PID: stops a process this script started and tracked, and forgets it. As cleanup does, it signals the PID only
# while it is still the same process (its start time unchanged): once ours has ended, the PID may be another's.
stop() {
    local pid=$1 entry="" candidate
    for candidate in "${PIDS[@]}"; do
        if [ "${candidate%%:*}" = "$pid" ]; then entry=$candidate; fi
    done
    untrack "$pid"
    if [ -z "$entry" ] || ! still_ours "$entry"; then return 0; fi
    kill "$pid" 2>/dev/null || return 0
    for _ in $(seq 1 50); do
        still_ours "$entry" || return 0
        sleep 0.2
    done
    if still_ours "$entry"; then kill -9 "$pid" 2>/dev/null || true; fi
}

# Heap in use after a full GC, in KiB (relaycast only), via jcmd pinned to the load core.
heap_used_kb() {
    taskset -c "$LOAD_CPU" jcmd "$1" GC.run >/dev/null 2>&1 || true
    # Java heap only (young + old generation, or G1's heap line), not metaspace.
    taskset -c "$LOAD_CPU" jcmd "$1" GC.heap_info 2>/dev/null | grep -E '(generation|heap) +total' \
        | grep -oE 'used [0-9]+K' | awk '{sum += $2} END {print sum + 0}' || echo 0
}

# Packets the kernel has processed on core $1 (the first column of /proc/net/softnet_stat, in hex). On loopback a
# packet is processed on the core that sent it: the server's audio on the server core, and the listeners' ACKs on the
# load core unless the kernel sent them from inside the server's send (see docs/benchmark.md, "Where the CPU goes").
softnet_processed() {
    local hex
    hex=$(awk -v line=$(($1 + 1)) 'NR == line {print $1}' /proc/net/softnet_stat)
    echo $((16#${hex:-0}))
}

# Every second until killed: /proc/uptime's first line, then one "cpuN ..." line of /proc/stat per core, all cumulative,
# so that a late sample loses nothing. One awk a second, on no core in particular.
sample_cores() {
    while :; do
        awk 'FILENAME ~ /uptime/ {print "up", $1} /^cpu[0-9]/ {print}' /proc/uptime /proc/stat
        sleep 1
    done >>"$1"
}

# cores_busy FILE CORE: over the samples in FILE, the busiest second of CORE (percent, all but idle and iowait) and how
# many seconds it was at least 95% busy: whether the load core kept up, so that underruns are the server's.
cores_busy() {
    awk -v core="cpu$2" '
        $1 == "up" { t = $2 }
        $1 == core {
            busy = $2 + $3 + $4 + $7 + $8 + $9; total = busy + $5 + $6
            if (seen) {
                d = total - lastTotal
                if (d > 0) { p = 100 * (busy - lastBusy) / d; if (p > max) max = p; if (p >= 95) full++ }
            }
            lastBusy = busy; lastTotal = total; seen = 1
        }
        END { printf "busiest second %.0f%%, %d s at 95%% or more\n", max, full }' "$1"
}

# relaycast's relay latency histogram, summed over mounts: "BOUND=COUNT ..." (cumulative, seconds, +Inf last), from /metrics.
latency_buckets() {
    { curl -s --max-time 5 "http://127.0.0.1:$1/metrics" || true; } | awk '
        /^relaycast_relay_latency_seconds_bucket/ {
            le = $0; sub(/.*le="/, "", le); sub(/".*/, "", le)
            if (!(le in count)) order[n++] = le
            count[le] += $NF
        }
        END {for (i = 0; i < n; i++) printf "%s=%d ", order[i], count[order[i]]; print ""}'
}

# relaycast's fan-out counters: "fan-out seconds" "late turn writes" "turn writes" "when", from /metrics.
fanout_counters() {
    { curl -s --max-time 5 "http://127.0.0.1:$1/metrics" || true; } | awk -v now="$(date +%s.%N)" '
        /^relaycast_mount_fanout_seconds_total/ {fan += $NF}
        /^relaycast_mount_late_writes_total/ {late += $NF}
        /^relaycast_mount_turn_writes_total/ {writes += $NF}
        END {printf "%.3f %d %d %s\n", fan, late, writes, now}'
}

# fanout_share "START" "RAMPED" "END": the share of the event loop spent in fan-outs during the ramp and after it, and the
# share of turn writes over both that came more than 200 ms after the listener's previous one. At 12,000 listeners on
# this machine usually about 0.2 and 0.5; a run well above that found a slow core (docs/benchmark.md, "Session 12").
fanout_share() {
    echo "$1 $2 $3" | awk '{ramp = $8 - $4; after = $12 - $8; w = $11 - $3
        printf "%.2f, %.2f, %.1f%% late", (ramp > 0 ? ($5 - $1) / ramp : 0), (after > 0 ? ($9 - $5) / after : 0),
            (w > 0 ? 100 * ($10 - $2) / w : 0)}'
}

# latency_quantiles "BEFORE" "AFTER": the relay latency of the fan-outs between two scrapes of latency_buckets: p50 and p99
# interpolated within their buckets as Prometheus's histogram_quantile does, and the share within 250 ms.
latency_quantiles() {
    printf '%s\n%s\n' "$1" "$2" | awk '
        NR == 1 {for (i = 1; i <= NF; i++) {split($i, kv, "="); before[kv[1]] = kv[2]}}
        NR == 2 {for (i = 1; i <= NF; i++) {split($i, kv, "="); le[i] = kv[1]; c[i] = kv[2] - before[kv[1]]}; n = NF}
        function quantile(q,    rank, i, lower, below) {
            rank = q * c[n]; lower = 0; below = 0
            for (i = 1; i <= n; i++) {
                if (c[i] >= rank) {
                    if (le[i] == "+Inf") return sprintf(">%.0f", lower * 1000)
                    return sprintf("%.0f", 1000 * (lower + (le[i] - lower) * (c[i] > below ? (rank - below) / (c[i] - below) : 1)))
                }
                lower = le[i]; below = c[i]
            }
        }
        END {
            if (n == 0 || c[n] <= 0) {print "-"; exit}
            within = 0
            for (i = 1; i <= n; i++) if (le[i] == "0.25") within = c[i]
            printf "%s/%s ms, %.2f%% of %d within 250 ms", quantile(0.5), quantile(0.99), 100 * within / c[n], c[n]
        }'
}

# run_one SERVER LISTENERS DURATION: one server, one load; appends one line to $OUT/results.tsv.
run_one() {
    local name=$1 listeners=$2 duration=$3
    local dir="$WORK/$name-$listeners-$REP" port
    port=$(free_port)
    local clients=$((listeners * 2 > 20000 ? listeners * 2 : 20000))
    local server source
    server=$(start_server "$name" "$port" "$dir" "$clients")
    track "$server"
    local server_start
    server_start=$(start_time "$server")
    local hog=""
    if [ -n "$SLOW_CORE" ]; then
        hog=$(start_slow_core)
        track "$hog"
    fi
    wait_for_port "$port"
    source=$(start_source "$port" "$dir")
    track "$source"
    wait_for_stream "http://127.0.0.1:$port/stream"
    sleep "$WARMUP"
    local heap0=0
    if [ "$name" = relaycast ]; then
        heap0=$(heap_used_kb "$server")
        # The first scrapes of /metrics load and compile its code: done here, not inside the CPU window.
        latency_buckets "$port" >/dev/null
        fanout_counters "$port" >/dev/null
    fi
    local cpu0 rss0 wall0 wall1=""
    cpu0=$(cpu_ticks "$server" 2>/dev/null || true)
    wall0=$(date +%s.%N)
    rss0=$(status_kb "$server" VmRSS 2>/dev/null || true)
    local packets_server0 packets_load0
    packets_server0=$(softnet_processed "$SERVER_CPU")
    packets_load0=$(softnet_processed "$LOAD_CPU")
    log "$name: $listeners listeners for ${duration}s at ${RAMP}/s (server pid $server, port $port)"
    # shellcheck disable=SC2086 # LOADTEST_JAVA_OPTS is a list of options
    nice -n "$NICE" taskset -c "$LOAD_CPU" java $LOADTEST_JAVA_OPTS "-Xlog:gc:file=$dir/loadtest-gc.log:time,uptime" \
        -jar "$JAR" loadtest "http://127.0.0.1:$port/stream" \
        --listeners "$listeners" --duration "$duration" --ramp "$RAMP" --bitrate "$BITRATE" "${LOADTEST_ARGS[@]}" \
        --hold "$HOLD" --json "$dir/loadtest.json" >"$dir/loadtest.txt" 2>"$dir/loadtest.err" &
    local loadtest=$!
    track "$loadtest"
    sample_cores "$dir/cores.log" &
    local sampler=$!
    track "$sampler"
    local peak=0 rss heap1=0 started=$SECONDS measured="" latency_before="" latency_during="-"
    local fanout_before="" fanout_ramped="" fanout_during="-"
    local cpu1="" packets_server1 packets_load1
    if [ "$name" = relaycast ]; then
        latency_before=$(latency_buckets "$port")
        fanout_before=$(fanout_counters "$port")
    fi
    while kill -0 "$loadtest" 2>/dev/null; do
        rss=$(status_kb "$server" VmRSS 2>/dev/null || echo 0)
        [ "${rss:-0}" -gt "$peak" ] && peak=$rss
        # The ramp is over (the warm-up and a second after the last listener was due): its share of the loop ends here.
        if [ "$name" = relaycast ] && [ -z "$fanout_ramped" ] && [ $((SECONDS - started)) -gt $((listeners / RAMP + 3)) ]; then
            fanout_ramped=$(fanout_counters "$port")
        fi
        # The measured run is over, every listener still connected (the load test holds them for $HOLD s): the CPU,
        # packet, relay latency and fan-out counts end here, and the heap is probed only then, so the probe's full GC (a
        # stall of the event loop that can tip a loaded core into an overload) is in none of the figures.
        if [ -z "$measured" ] && grep -q "measured run over" "$dir/loadtest.err" 2>/dev/null; then
            measured=1
            cpu1=$(cpu_ticks "$server" 2>/dev/null || true)
            wall1=$(date +%s.%N)
            packets_server1=$(softnet_processed "$SERVER_CPU")
            packets_load1=$(softnet_processed "$LOAD_CPU")
            if [ "$name" = relaycast ]; then
                latency_during=$(latency_quantiles "$latency_before" "$(latency_buckets "$port")")
                fanout_during=$(fanout_share "$fanout_before" "${fanout_ramped:-$fanout_before}" "$(fanout_counters "$port")")
            fi
            if [ "$name" = relaycast ]; then heap1=$(heap_used_kb "$server"); fi
        fi
        sleep 0.2
    done
    # A failed load test or a server that died is one row saying so, and the bench goes on with the next load.
    # The load test exits 1 when it served no listener, with its report written: that row is measured (served 0).
    local outcome="" status=0
    wait "$loadtest" || status=$?
    if [ "$status" != 0 ] && { [ "$status" != 1 ] || [ ! -s "$dir/loadtest.json" ]; }; then outcome="load test failed"; fi
    untrack "$loadtest"
    stop "$sampler"
    still_ours "$server:$server_start" || outcome="server died"
    if [ -z "$cpu1" ]; then
        cpu1=$(cpu_ticks "$server" 2>/dev/null || true)
        wall1=$(date +%s.%N)
        packets_server1=$(softnet_processed "$SERVER_CPU")
        packets_load1=$(softnet_processed "$LOAD_CPU")
    fi
    local hwm packets_share
    packets_share=$(awk -v s=$((packets_server1 - packets_server0)) -v l=$((packets_load1 - packets_load0)) \
        'BEGIN {printf "%.0f", (s + l > 0 ? 100 * s / (s + l) : 0)}')
    hwm=$(status_kb "$server" VmHWM 2>/dev/null || true)
    stop "$server"
    stop "$source"
    if [ -n "$hog" ]; then stop "$hog"; fi
    if [ -n "$outcome" ]; then
        local why="$dir/loadtest.err"
        if [ "$outcome" = "server died" ]; then why="$dir/server.log"; fi
        log "$name, $listeners listeners: $outcome, not measured; the end of $why:"
        tail -5 "$why" >&2 2>/dev/null || true
        printf '%s\t%s\t%s\t%s\n' "$listeners" "$name" "$outcome" "$REP" >>"$OUT/results.tsv"
        return 0
    fi
    cat "$dir/loadtest.txt" >&2
    log "load core: $(cores_busy "$dir/cores.log" "$LOAD_CPU"); server core: $(cores_busy "$dir/cores.log" "$SERVER_CPU")" \
        "($dir/cores.log; the load test's own second-by-second timeline is in $dir/loadtest.json)"
    if [ "$name" = relaycast ] && [ -f "$dir/gc.log" ]; then
        # Young collections only: the full one is the heap probe's, in the hold after the measured run.
        log "relaycast young collections: $(grep -c 'Pause Young' "$dir/gc.log" || true), the longest $(grep 'Pause Young' \
            "$dir/gc.log" | grep -oE '[0-9.]+ms$' | sort -n | tail -1 || true) (gc.log)"
    fi
    if [ -f "$dir/loadtest-gc.log" ]; then
        log "load test collections: $(grep -c 'Pause' "$dir/loadtest-gc.log" || true), the longest $(grep 'Pause' \
            "$dir/loadtest-gc.log" | grep -oE '[0-9.]+ms$' | sort -n | tail -1 || true) (loadtest-gc.log)"
    fi
    local latency="-"
    if [ "$name" = relaycast ]; then
        log "relaycast fan-outs: $fanout_during (share of the event loop during the ramp and after it, and of turn" \
            "writes more than 200 ms apart; from /metrics, the start of the load to the end of the measured run)"
        latency=$(grep -oE 'relay latency .*' "$dir/server.log" | sed -E 's/.*: p50 ([0-9]+) ms, p99 ([0-9]+) ms, max ([0-9.]+) ms.*/\1\/\2\/\3/' || echo "-")
    fi
    local j="$dir/loadtest.json"
    local cpu_s cpu_wall
    cpu_s=$(awk -v t=$((cpu1 - cpu0)) 'BEGIN {printf "%.2f", t / 100}')
    # The wall time the CPU window spans: the load test's start-up and warm-up as well as its measured run.
    cpu_wall=$(awk -v a="$wall0" -v b="$wall1" 'BEGIN {printf "%.2f", b - a}')
    # Column 24: the underrun windows judged over all listeners (none: "no underrun" means nothing); 25: the wall
    # seconds of the CPU window.
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$listeners" "$name" \
        "$(json_value "$j" served)" "$(json_value "$j" failed)" "$(json_value "$j" droppedEarly)" \
        "$(json_value "$j" underrunListeners)" "$(json_value "$j" p50)" "$(json_value "$j" p99)" \
        "$(json_value "$j" share)" "$cpu_s" "$duration" "$rss0" "${hwm:-$peak}" "$heap0" "$heap1" "$latency" \
        "$(json_value "$j" loadCpuSeconds)" "$latency_during" "$REP" "$packets_share" \
        "$(json_value "$j" loadMaxLoopLagMillis)" "$(json_value "$j" loadSecondsBehind)" "$fanout_during" \
        "$(json_value "$j" judgedWindows)" "$cpu_wall" >>"$OUT/results.tsv"
}

print_results() {
    awk -F'\t' '
    function mib(kb) { return sprintf("%.0f", kb / 1024) }
    # A relay latency p99 of load n, as printed: OVER stands for one past the top bucket.
    function ms(n, v) { return v >= OVER ? ">" top[n] : sprintf("%.0f", v) }
    BEGIN { OVER = 1e15 }
    # A run that measured nothing: "LISTENERS SERVER WHAT REP". For relaycast it is a run that met no target.
    $3 !~ /^[0-9]+$/ {
        printf "| %6d | %-9s | %s (run %d), not measured |\n", $1, $2, $3, $4
        if ($2 == "relaycast") { runs[$1]++ }
        loads[$1] = 1
        next
    }
    {
        n = $1; server = $2
        aligned = sprintf("%.1f%%", $9 * 100)
        # Cores: CPU seconds over the wall seconds they were counted in (column 25; older files: the duration of the run).
        cores = sprintf("%.2f", $10 / ($25 > 0 ? $25 : $11))
        perListener = ($13 - $12) > 0 ? sprintf("%.1f", ($13 - $12) / n) : "-"
        heapPer = ($15 > 0) ? sprintf("%.1f", ($15 - $14) / n) : "-"
        cpu[n, server, $19] = $10
        served[n, server, $19] = $3
        reps[$19] = 1
        if (server == "relaycast") {
            # The issue-5 targets, run by run: every listener served with no underrun or drop (in windows that were
            # judged: column 24), TTFB p99 and relay latency p99 (of the measured run) at most 250 ms, every start on a
            # frame header.
            runs[n]++
            # (A jar from before column 24, compared with --jar, judged windows it did not count: empty, taken as judged.)
            if ($3 == n && $4 == 0 && $5 == 0 && $6 == 0 && ($24 == "" || $24 > 0)) { clean[n]++ }
            if ($8 ~ /^[0-9.]+$/ && $8 + 0 <= 250) { quick[n]++ }
            if ($9 == 1) { onFrame[n]++ }
            # A p99 in the +Inf bucket is ">TOP" (the top bound in ms): a miss, sorted above every number, shown as such.
            p99 = -1
            if ($18 ~ /^>?[0-9.]+\/>?[0-9.]+ ms/) {
                p99 = substr($18, index($18, "/") + 1); sub(/ ms.*/, "", p99)
                if (p99 ~ /^>/) { top[n] = substr(p99, 2); overTop[n]++; p99 = OVER } else { p99 += 0 }
            }
            if (p99 >= 0) {
                for (i = latencies[n]; i > 0 && relay[n, i] > p99; i--) { relay[n, i + 1] = relay[n, i] }
                relay[n, i + 1] = p99
                latencies[n]++
                if (p99 <= 250) { relayMet[n]++ }
            }
        }
        printf "| %6d | %-9s | %6d | %5d | %5d | %6d | %8.1f | %8.1f | %7s | %7.2f (%s) | %8s | %8s | %8s | %-13s | %-17s | %5.1f | %3d%% | %7.0f ms, %2d s | %-22s |\n",
            n, server, $3, $4, $5, $6, $7, $8, aligned, $10, cores, mib($13), perListener, heapPer, $16, $18, $17, $20, $21, $22, $23
        loads[n] = 1
    }
    END {
        for (n in loads) {
            count = 0; unfair = 0
            for (r in reps) {
                if ((n, "icecast", r) in cpu && (n, "relaycast", r) in cpu && cpu[n, "icecast", r] > 0) {
                    # A run where relaycast served fewer than all and fewer than Icecast (503s, 404s: it did not serve,
                    # so it spent nothing) says nothing about its CPU: no ratio, and none in the median.
                    if (served[n, "relaycast", r] < n && served[n, "relaycast", r] < served[n, "icecast", r]) {
                        printf "CPU ratio relaycast/icecast at %d listeners, run %d: - (relaycast served %d, Icecast %d: " \
                            "left out of the median)\n", n, r, served[n, "relaycast", r], served[n, "icecast", r] > "/dev/stderr"
                        unfair++
                        continue
                    }
                    ratio = cpu[n, "relaycast", r] / cpu[n, "icecast", r]
                    # The same per listener served: Icecast leaves some unserved at high loads, and saves their sends.
                    perServed = (served[n, "relaycast", r] > 0 && served[n, "icecast", r] > 0) ? sprintf("%.2f", \
                        ratio * served[n, "icecast", r] / served[n, "relaycast", r]) : "-"
                    printf "CPU ratio relaycast/icecast at %d listeners, run %d: %.2f (per listener served: %s)\n", n, r,
                        ratio, perServed > "/dev/stderr"
                    # Insertion sort: mawk has no asort.
                    for (i = count; i > 0 && sorted[i] > ratio; i--) { sorted[i + 1] = sorted[i] }
                    sorted[i + 1] = ratio
                    count++
                }
            }
            if (count > 1) {
                median = count % 2 ? sorted[(count + 1) / 2] : (sorted[count / 2] + sorted[count / 2 + 1]) / 2
                printf "CPU ratio relaycast/icecast at %d listeners: median %.2f of %d runs (%.2f to %.2f)%s\n", n, median,
                    count, sorted[1], sorted[count], (unfair ? sprintf("; %d run%s left out, where relaycast served fewer " \
                    "listeners than all and than Icecast", unfair, unfair > 1 ? "s" : "") : "") > "/dev/stderr"
            } else if (unfair) {
                printf "CPU ratio relaycast/icecast at %d listeners: no median; %d run%s left out, where relaycast served " \
                    "fewer listeners than all and than Icecast\n", n, unfair, (unfair > 1 ? "s" : "") > "/dev/stderr"
            }
            if (runs[n] > 1) {
                k = latencies[n]
                mid = k == 0 ? "-" : k % 2 ? ms(n, relay[n, (k + 1) / 2]) : relay[n, k / 2] >= OVER ? ">" top[n] \
                    : relay[n, k / 2 + 1] >= OVER ? sprintf(">%.0f", (relay[n, k / 2] + top[n]) / 2) \
                    : sprintf("%.0f", (relay[n, k / 2] + relay[n, k / 2 + 1]) / 2)
                printf "relaycast at %d listeners, %d runs: all served with no underrun or drop in %d, TTFB p99 <= 250 ms " \
                    "in %d, every start on a frame in %d, relay latency p99 <= 250 ms in %d (median %s ms, %s to %s; %d " \
                    "over the top bucket)\n", n, runs[n], clean[n], quick[n], onFrame[n], relayMet[n], mid,
                    (k ? ms(n, relay[n, 1]) : "-"), (k ? ms(n, relay[n, k]) : "-"), overTop[n] > "/dev/stderr"
            }
        }
    }' "$OUT/results.tsv"
}

# limit_verdict SERVER LISTENERS ROW: for --limit, what the step's row of results.tsv says, or nothing if the server
# passed it. Underruns, failures or drops while the load generator fell behind (loadSecondsBehind, column 22) may be
# the load generator's own late reads: the step is then inconclusive, not the server's limit.
limit_verdict() {
    echo "$3" | awk -F'\t' -v server="$1" -v n="$2" '
        $3 !~ /^[0-9]+$/ {printf "LIMIT %s: %s at %d listeners\n", server, $3, n; exit}
        $4 + $5 + $6 > 0 && $22 > 0 {
            printf "LIMIT %s: inconclusive at %d listeners (load generator behind: %d s more than 100 ms late)\n", server, n, $22
            exit
        }
        $4 + $5 + $6 > 0 {printf "LIMIT %s: first underrun/failure at %d listeners\n", server, n}'
}

header() {
    echo "| listeners | server | served | failed | dropped | underrun | TTFB p50 ms | TTFB p99 ms | aligned |" \
        "CPU s (cores) | peak RSS MiB | RSS KiB/listener | heap KiB/listener | relay latency p50/p99/max ms, whole life |" \
        "relay latency in the measured run: p50/p99, within 250 ms | load CPU s | loopback packets on the server core |" \
        "load generator behind: most, seconds over 100 ms | fan-outs: share of the loop in the ramp, after it; late writes |"
    echo "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|---:|---:|---:|---|"
}

log "work dir $WORK, results in $OUT${SLOW_CORE:+; a hog takes $SLOW_CORE of the server core in every run}"
ffmpeg -nostdin -v error -y -f lavfi -i "sine=frequency=440:sample_rate=44100:duration=60" -ac 2 -c:a libmp3lame \
    -b:a "${BITRATE}k" "$WORK/tone.mp3"
: >"$OUT/results.tsv"

if [ "$MODE" = compare ]; then
    for REP in $(seq 1 "$REPEAT"); do
        # Every other repetition in the opposite order, so a machine that drifts slower or faster favours neither.
        order=$SERVERS
        if [ $((REP % 2)) = 0 ]; then order=$(echo "$SERVERS" | awk '{for (i = NF; i > 0; i--) printf "%s ", $i}'); fi
        for listeners in $LOADS; do
            for server in $order; do
                run_one "$server" "$listeners" "$DURATION"
            done
        done
    done
    header
    print_results 2>&1
else
    # Step up until a server first shows an underrun (or failures or drops); bounded by --limit-max and by the
    # open-files limit (each listener is one descriptor in the server and one in the load test).
    if [ "$LIMIT_MAX" -gt $((FD_LIMIT - 200)) ]; then
        log "open-files limit is $FD_LIMIT: stepping up to $((FD_LIMIT - 200)) listeners at most"
        LIMIT_MAX=$((FD_LIMIT - 200))
    fi
    for server in $SERVERS; do
        listeners=$LIMIT_START
        while [ "$listeners" -le "$LIMIT_MAX" ]; do
            RAMP=$(( listeners / (LIMIT_DURATION / 2) > 1000 ? listeners / (LIMIT_DURATION / 2) : 1000 ))
            run_one "$server" "$listeners" "$LIMIT_DURATION"
            verdict=$(limit_verdict "$server" "$listeners" "$(tail -1 "$OUT/results.tsv")")
            if [ -n "$verdict" ]; then
                echo "$verdict" | tee -a "$OUT/limit.txt"
                break
            fi
            listeners=$((listeners + LIMIT_STEP))
        done
        if [ "$listeners" -gt "$LIMIT_MAX" ]; then
            echo "LIMIT $server: no underrun up to $LIMIT_MAX listeners" | tee -a "$OUT/limit.txt"
        fi
    done
    header
    print_results 2>&1
fi
