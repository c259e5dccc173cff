#!/usr/bin/env bash
# Starts the Docker daemon if it is not already answering, and waits for it.
#
# CI machines have Docker installed but not running, no image registry and no bridge networking:
# dockerd is started with host networking only (--bridge=none --iptables=false) and the vfs storage driver.
# Fails loudly (non-zero, clear message) if the daemon does not answer in time: Docker tests must never be
# silently skipped.
#
# Environment:
#   DOCKER_START_TIMEOUT  seconds to wait for `docker info` (default 60)
#   DOCKERD_LOG           where dockerd writes its log (default /tmp/dockerd.log)
set -euo pipefail

timeout_seconds="${DOCKER_START_TIMEOUT:-60}"
log_file="${DOCKERD_LOG:-/tmp/dockerd.log}"

log() { printf '[start-docker] %s\n' "$*" >&2; }
die() { printf '[start-docker] ERROR: %s\n' "$*" >&2; exit 1; }

if docker info >/dev/null 2>&1; then
  log "Docker daemon already answers; nothing to do."
  exit 0
fi

command -v dockerd >/dev/null 2>&1 || die "dockerd not found; install the docker.io package."
command -v docker >/dev/null 2>&1 || die "docker CLI not found; install the docker.io package."

# A daemon killed without cleanup (e.g. when a previous session ended) leaves pid files behind; dockerd refuses to
# start, or waits for a containerd that is gone, while they name a live process, which after pid reuse may be
# anything. Remove each one unless it names the program it belongs to.
remove_stale_pid_file() {
  local file="$1" program="$2" pid
  [[ -f "${file}" ]] || return 0
  pid=$(cat "${file}" 2>/dev/null || true)
  if [[ -z "${pid}" ]] || [[ "$(cat "/proc/${pid}/comm" 2>/dev/null || true)" != "${program}" ]]; then
    log "Removing stale ${file} (pid ${pid:-none} is not a running ${program})."
    rm -f "${file}"
  fi
}
remove_stale_pid_file /var/run/docker.pid dockerd
remove_stale_pid_file /var/run/docker/containerd/containerd.pid containerd

log "Starting dockerd (--bridge=none --iptables=false --storage-driver=vfs), log in ${log_file}"
# setsid: the daemon must outlive this script and must not receive the caller's terminal signals.
setsid dockerd --bridge=none --iptables=false --storage-driver=vfs >>"${log_file}" 2>&1 < /dev/null &
dockerd_pid=$!

deadline=$((SECONDS + timeout_seconds))
until docker info >/dev/null 2>&1; do
  if ! kill -0 "${dockerd_pid}" 2>/dev/null; then
    tail -n 30 "${log_file}" >&2 || true
    die "dockerd (pid ${dockerd_pid}) exited before answering; see ${log_file} (last lines above)."
  fi
  if (( SECONDS >= deadline )); then
    kill "${dockerd_pid}" 2>/dev/null || true
    tail -n 30 "${log_file}" >&2 || true
    die "dockerd (pid ${dockerd_pid}) did not answer 'docker info' within ${timeout_seconds}s (stopped it); see ${log_file}."
  fi
  sleep 1
done
log "Docker daemon is up (pid ${dockerd_pid}) after ${SECONDS}s."
