#!/usr/bin/env bash
# Builds the local base image relaycast-base:bookworm (Debian bookworm minbase + OpenJDK 17 JRE headless +
# CA certificates) with debootstrap and `docker import`.
#
# Needed where no image registry is reachable: the Dockerfile's default base (eclipse-temurin:17-jre) cannot
# be pulled there, so tests build the relaycast image FROM this one instead (build arg BASE_IMAGE).
# Idempotent: does nothing if the image already exists (set RELAYCAST_BASE_REBUILD=1 to force).
#
# Environment:
#   RELAYCAST_BASE_IMAGE    image name:tag to create (default relaycast-base:bookworm)
#   DEBIAN_MIRROR           Debian mirror URL (default: taken from /etc/apt/sources.list.d, /etc/apt/sources.list,
#                           else http://deb.debian.org/debian)
#   RELAYCAST_BASE_REBUILD  1 to rebuild even if the image exists
set -euo pipefail

image="${RELAYCAST_BASE_IMAGE:-relaycast-base:bookworm}"
suite="bookworm"
packages="openjdk-17-jre-headless,ca-certificates"

log() { printf '[build-base-image] %s\n' "$*" >&2; }
die() { printf '[build-base-image] ERROR: %s\n' "$*" >&2; exit 1; }

# Prints the first plain Debian archive URL (not debian-security, not a third-party repository) configured for apt.
detect_mirror() {
  local files=() url
  shopt -s nullglob
  files=(/etc/apt/sources.list.d/*.sources /etc/apt/sources.list.d/*.list /etc/apt/sources.list)
  shopt -u nullglob
  (( ${#files[@]} > 0 )) || return 0
  # deb822 ("URIs: http://...") and one-line ("deb [opts] http://... suite comp") formats.
  url="$(grep -hoE '^(URIs:[[:space:]]*|deb([[:space:]]+\[[^]]*\])?[[:space:]]+)[a-z]+://[^[:space:]]+' "${files[@]}" 2>/dev/null \
    | grep -oE '[a-z]+://[^[:space:]]+' \
    | sed 's:/*$::' \
    | grep -E '/debian$' \
    | head -n 1 || true)"
  printf '%s' "${url}"
}

command -v docker >/dev/null 2>&1 || die "docker CLI not found; install docker.io."
docker info >/dev/null 2>&1 || die "Docker daemon does not answer; run scripts/start-docker.sh first."

if [[ "${RELAYCAST_BASE_REBUILD:-0}" != "1" ]] && docker image inspect "${image}" >/dev/null 2>&1; then
  log "Image ${image} already exists; skipping (RELAYCAST_BASE_REBUILD=1 to rebuild)."
  exit 0
fi

command -v debootstrap >/dev/null 2>&1 || die "debootstrap not found; install the debootstrap package."
(( EUID == 0 )) || die "debootstrap needs root."

mirror="${DEBIAN_MIRROR:-$(detect_mirror)}"
mirror="${mirror:-http://deb.debian.org/debian}"

rootfs="$(mktemp -d /tmp/relaycast-base-rootfs.XXXXXX)"
# mktemp makes the directory 0700, and it becomes the image's "/": non-root users could not reach anything.
chmod 0755 "${rootfs}"
cleanup() { rm -rf --one-file-system "${rootfs}"; }
trap cleanup EXIT

log "debootstrap --variant=minbase --include=${packages} ${suite} ${rootfs} ${mirror}"
if ! debootstrap --variant=minbase --include="${packages}" "${suite}" "${rootfs}" "${mirror}" \
    >"${rootfs}.log" 2>&1; then
  tail -n 40 "${rootfs}.log" >&2 || true
  die "debootstrap failed (full log: ${rootfs}.log)."
fi

# Keep the image small: apt lists and caches are not needed at run time.
rm -rf "${rootfs}/var/cache/apt/archives/"*.deb "${rootfs}/var/lib/apt/lists/"*

[[ -x "${rootfs}/usr/lib/jvm/java-17-openjdk-amd64/bin/java" ]] || ls "${rootfs}"/usr/lib/jvm/*/bin/java >/dev/null 2>&1 \
  || die "no java found in the bootstrapped root file system."

log "Importing ${rootfs} as ${image}"
# docker import sets no environment: without PATH, exec-form entry points ("java", ...) are not found.
tar -C "${rootfs}" -c . | docker import \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'ENV LANG=C.UTF-8' \
  --change 'CMD ["/bin/bash"]' \
  - "${image}" >/dev/null
rm -f "${rootfs}.log"

# Exec form, as a non-root user: how the relaycast image runs it.
log "Checking that ${image} runs java as an unprivileged user"
docker run --rm --network host --user 65534:65534 "${image}" java -version >/dev/null 2>&1 \
  || die "image ${image} was imported but 'java -version' does not run in it as an unprivileged user."
log "Built ${image} in ${SECONDS}s."
