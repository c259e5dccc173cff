#!/usr/bin/env bash
# Soak test: does relaycast hold its memory, descriptors and threads while clients come and go for minutes?
#
#   scripts/soak.sh                 two rounds of 60 s of churn (about 3 minutes)
#   options: --duration S (seconds per round) --rounds N --jar FILE --java-opts "..."
#
# Starts relaycast on a free loopback port with the Docker image's JVM options (256 MiB heap, which also caps direct
# memory), an ffmpeg source on /live, and a listener on /live that stays throughout, then runs scripts/churn.py (python3)
# for each round: listeners that come and go (some with a reset), a DJ who keeps reconnecting to /dj with listeners
# waiting there, sources on a new mount name each time, garbage requests, a listener that never reads. After the
# start and after each round (and a pause for timeouts to run out) it forces a full GC and reads the heap in use, Netty's
# direct memory, open descriptors, threads and mounts. It fails (exit 1) if, after the last round, the heap grew by
# more than 8 MiB, direct memory by more than 8 MiB, descriptors by more than 10, or mounts other than /live remain, if
# the staying listener (`relaycast loadtest` with one listener) was cut off or had an underrun (a 5 s window under 90% of
# the bitrate), or if the churn was refused: a kind of client that never succeeded, or failed more than 5% of the time.
# Loopback only; stops by itself.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
DURATION=60
ROUNDS=2
JAR="$ROOT/target/relaycast.jar"
JAVA_OPTS="-Xmx256m -XX:+UseSerialGC -Xmn4m -XX:MetaspaceSize=64m -XX:TieredStopAtLevel=1"
PASSWORD=soak-source

while [ $# -gt 0 ]; do
    case "$1" in
        --duration) DURATION="$2"; shift 2 ;;
        --rounds) ROUNDS="$2"; shift 2 ;;
        --jar) JAR="$2"; shift 2 ;;
        --java-opts) JAVA_OPTS="$2"; shift 2 ;;
        -h|--help) sed -n "2,16p" "$0"; exit 0 ;;
        *) echo "soak.sh: unknown option $1" >&2; exit 2 ;;
    esac
done

for program in java jcmd ffmpeg python3 curl ss; do
    command -v "$program" >/dev/null || { echo "soak.sh: $program is required" >&2; exit 1; }
done
if [ ! -f "$JAR" ]; then
    (cd "$ROOT" && mvn -B -q package -DskipTests)
fi

WORK=$(mktemp -d /tmp/relaycast-soak.XXXXXX)
PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
}
trap cleanup EXIT
log() { echo "[soak $(date +%H:%M:%S)] $*" >&2; }

PORT=""
for _ in $(seq 1 200); do
    candidate=$((30000 + RANDOM % 10000))
    if [ -z "$(ss -Htln "sport = :$candidate")" ]; then
        PORT=$candidate
        break
    fi
done
[ -n "$PORT" ] || { echo "soak.sh: no free port" >&2; exit 1; }

ffmpeg -loglevel error -y -f lavfi -i "sine=frequency=440:duration=20" -c:a libmp3lame -b:a 128k "$WORK/tone.mp3"
# shellcheck disable=SC2086
java $JAVA_OPTS -jar "$JAR" --bind 127.0.0.1 --port "$PORT" --source-password "$PASSWORD" --listener-timeout 10 \
    >"$WORK/access.log" 2>"$WORK/server.log" &
SERVER=$!
PIDS+=("$SERVER")
for _ in $(seq 1 100); do
    curl -sf -m 2 -o /dev/null "http://127.0.0.1:$PORT/status-json.xsl" && break
    sleep 0.2
done
ffmpeg -loglevel error -re -stream_loop -1 -i "$WORK/tone.mp3" -c:a copy -content_type audio/mpeg -f mp3 \
    "icecast://source:$PASSWORD@127.0.0.1:$PORT/live" >"$WORK/ffmpeg.log" 2>&1 &
PIDS+=("$!")
for _ in $(seq 1 100); do
    curl -s -m 2 "http://127.0.0.1:$PORT/status-json.xsl" | grep -q '"/live"\|/live"' && break
    sleep 0.2
done
# The listener that stays, through every round of churn and the pause after it: the load test's underrun windows say
# whether the churn disturbed it (5 s windows, each at least 90% of 128 kbit/s, the first exempt), as a byte count over
# the whole run could not (it would take the 64 KB burst as audio, and average a silence of several seconds away).
# Each round takes its churn, the 12 s after it and about 3 s of snapshots (GC, scrapes, churn.py ending): the margin
# keeps the staying listener on until the last round has ended, and `wait` below takes the rest.
STAYING_SECONDS=$((ROUNDS * (DURATION + 25) + 10))
java -Xmx64m -XX:+UseSerialGC -jar "$JAR" loadtest "http://127.0.0.1:$PORT/live" --listeners 1 --ramp 1 \
    --duration "$STAYING_SECONDS" --warm-up 0 --json "$WORK/staying.json" >"$WORK/staying.txt" 2>&1 &
STAYING=$!
PIDS+=("$STAYING")

# churn_refused JSON: what churn.py's line says went wrong, one kind a line: a kind of client that never succeeded, or
# failed more than 5% of the time (a refused SOURCE login, listeners turned away...); nothing if the churn ran.
churn_refused() {
    python3 -c '
import json, sys
counts = json.loads(sys.argv[1])
for kind, errors in counts["errors"].items():
    done = counts[kind]
    if done == 0 or errors > 0.05 * (done + errors):
        print("churn: %s failed %d times, succeeded %d" % (kind, errors, done))
' "$1"
}

# Netty's pooled direct memory in MiB, from /metrics.
direct_mib() {
    # Reads the whole scrape (no early exit: curl would fail writing the rest of a long one).
    curl -s -m 10 "http://127.0.0.1:$PORT/metrics" | awk '/^netty_allocator_memory_used_bytes/ && /memory_type="direct"/ {
        mib = $2 / 1048576 } END { printf "%.0f", mib }'
}

# snapshot LABEL: prints one line and sets HEAP_MIB, DIRECT_MIB, FDS, THREADS, MOUNTS.
snapshot() {
    if ! jcmd "$SERVER" GC.run >/dev/null 2>&1; then
        echo "soak.sh: FAILED: the server did not answer jcmd GC.run $1 (stalled or gone; see $WORK/server.log)" >&2
        exit 1
    fi
    HEAP_MIB=$(jcmd "$SERVER" GC.heap_info | awk '/generation|garbage-first heap/ && /used/ {
        for (i = 1; i <= NF; i++) if ($i == "used") { v = $(i + 1); sub(/K,?$/, "", v); s += v } }
        END { printf "%.1f", s / 1024 }')
    DIRECT_MIB=$(direct_mib)
    FDS=$(ls "/proc/$SERVER/fd" | wc -l)
    THREADS=$(ls "/proc/$SERVER/task" | wc -l)
    # Every mount the server holds has meters, whether it plays or not.
    MOUNTS=$(curl -s -m 10 "http://127.0.0.1:$PORT/metrics" | grep -o '^relaycast_source_connected{mount="[^"]*"' \
        | sed 's/.*mount="//; s/"$//' | tr '\n' ' ' || true)
    log "$1: heap in use after a full GC ${HEAP_MIB} MiB, Netty direct memory ${DIRECT_MIB} MiB, descriptors $FDS," \
        "threads $THREADS, mounts $(wc -w <<<"$MOUNTS") (${MOUNTS:0:60})"
}

snapshot "start"
START_HEAP=$HEAP_MIB
START_DIRECT=$DIRECT_MIB
START_FDS=$FDS
failures=()
for round in $(seq 1 "$ROUNDS"); do
    churn=$(python3 "$ROOT/scripts/churn.py" "$PORT" "$DURATION" "$WORK/tone.mp3" "$PASSWORD")
    log "round $round: $DURATION s of churn: $churn"
    while IFS= read -r refused; do
        failures+=("round $round: $refused")
    done < <(churn_refused "$churn")
    # The listener that never read is dropped at the listener timeout (10 s); the DJ's listeners have left.
    sleep 12
    snapshot "after round $round"
done

# The staying listener's run ends a little after the last snapshot.
wait "$STAYING" || failures+=("the staying listener's load test failed (see $WORK/staying.txt)")
staying_value() { { grep -m1 "\"$1\" :" "$WORK/staying.json" 2>/dev/null || true; } | sed -E 's/.*: *"?([^",]*)"?,?$/\1/'; }
STAYING_SERVED=$(staying_value served)
STAYING_UNDERRUNS=$(staying_value underrunWindows)
STAYING_JUDGED=$(staying_value judgedWindows)
STAYING_BYTES=$(staying_value totalBytes)
if [ "${STAYING_SERVED:-0}" != 1 ]; then
    failures+=("the listener that stayed was not served to the end (see $WORK/staying.txt)")
elif [ "${STAYING_JUDGED:-0}" = 0 ] || [ "${STAYING_UNDERRUNS:-}" != 0 ]; then
    failures+=("the listener that stayed had $STAYING_UNDERRUNS of $STAYING_JUDGED 5 s windows under 90% of 128 kbit/s")
fi
awk -v a="$HEAP_MIB" -v b="$START_HEAP" 'BEGIN { exit !(a - b > 8) }' && failures+=("heap grew from $START_HEAP to $HEAP_MIB MiB")
[ $((DIRECT_MIB - START_DIRECT)) -gt 8 ] && failures+=("direct memory grew from $START_DIRECT to $DIRECT_MIB MiB")
[ $((FDS - START_FDS)) -gt 10 ] && failures+=("descriptors grew from $START_FDS to $FDS")
[ "$MOUNTS" != "/live " ] && failures+=("$(wc -w <<<"$MOUNTS") mounts left, only /live should be: ${MOUNTS:0:80}")
grep -q "OutOfMemoryError" "$WORK/server.log" && failures+=("the server ran out of memory (see $WORK/server.log)")

log "the listener that stayed: $STAYING_BYTES bytes in $STAYING_SECONDS s, $STAYING_UNDERRUNS of $STAYING_JUDGED windows" \
    "under the bitrate; server log: $WORK/server.log"
if [ ${#failures[@]} -gt 0 ]; then
    printf 'soak.sh: FAILED: %s\n' "${failures[@]}" >&2
    exit 1
fi
log "passed: nothing grew that should not have, the churn ran, and the listener that stayed had no underrun"
