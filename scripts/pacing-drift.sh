#!/usr/bin/env bash
# Measures how far the AutoDj's real-time pacing drifts from the wall clock.
# Usage: scripts/pacing-drift.sh [SECONDS (default 600)] [PLAYLIST (folder/.m3u/.pls; default: generated VBR and CBR tones)]
# Prints progress lines and a final "RESULT ... final_drift_ms=... max_abs_drift_ms=..." line.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-600}"
playlist="${2:-}"
jar=target/relaycast.jar
if [[ ! -f "$jar" ]]; then
  mvn -B -q package -DskipTests
fi
if [[ -z "$playlist" ]]; then
  playlist="$(mktemp -d)"
  trap 'rm -rf "$playlist"' EXIT
  # Different bitrates, VBR and a 48 kHz file, so the clock is tested across format changes.
  ffmpeg -nostdin -v error -f lavfi -i "sine=frequency=440:sample_rate=44100:duration=37" -ac 2 -c:a libmp3lame -q:a 2 "$playlist/1-vbr.mp3"
  ffmpeg -nostdin -v error -f lavfi -i "sine=frequency=550:sample_rate=44100:duration=23" -ac 2 -c:a libmp3lame -b:a 320k "$playlist/2-cbr320.mp3"
  ffmpeg -nostdin -v error -f lavfi -i "sine=frequency=660:sample_rate=48000:duration=29" -ac 1 -c:a libmp3lame -b:a 64k "$playlist/3-48k-mono.mp3"
fi
# Not exec: the shell must outlive java for its EXIT trap to remove the generated playlist; set -e keeps java's status.
java -jar "$jar" pacing-drift --seconds "$seconds" --playlist "$playlist"
