# relaycast: a live MP3 streaming server.
#
# This image packages a jar built beforehand by Maven; build it first, then the image:
#
#   mvn -B package -DskipTests          # produces target/relaycast.jar (shaded, all dependencies inside)
#   docker build -t relaycast .
#   docker run --rm --init -p 8000:8000 -e RELAYCAST_SOURCE_PASSWORD=change-me relaycast
#
# To build from source without a local JDK/Maven, use Dockerfile.build (multi-stage) instead.
# Where no image registry is reachable (our CI), build FROM a local base image:
#   scripts/build-base-image.sh && docker build --build-arg BASE_IMAGE=relaycast-base:bookworm -t relaycast .
#
# Configuration: the server reads RELAYCAST_* environment variables (for example RELAYCAST_PORT,
# RELAYCAST_SOURCE_PASSWORD; see README.md), and any CLI options can be appended to `docker run ... relaycast`.
ARG BASE_IMAGE=eclipse-temurin:17-jre
FROM ${BASE_IMAGE}

# A fixed, unprivileged uid/gid (10001, clear of the base images' own users) so mounted volumes can be given to it.
# Every instruction below is cheap except COPY (and the chmod after it), which come last: rebuilding after a code
# change is those steps only.
# (useradd --user-group would give the group a system gid such as 999, not 10001: create the group first.)
# WITH_FFMPEG=true adds ffmpeg (Debian's or Ubuntu's, from the base image's package sources), which a mount's `conform`
# setting runs to re-encode inputs at another sample rate; off by default, since it adds about 650 MB on Debian bookworm:
#   docker build --build-arg WITH_FFMPEG=true -t relaycast .
ARG WITH_FFMPEG=false
RUN if [ "${WITH_FFMPEG}" = "true" ]; then \
      apt-get update && apt-get install -y --no-install-recommends ffmpeg && rm -rf /var/lib/apt/lists/*; \
    fi \
    && groupadd --system --gid 10001 relaycast \
    && useradd --system --uid 10001 --gid relaycast --home-dir /opt/relaycast --no-create-home \
      --shell /usr/sbin/nologin relaycast \
    && mkdir -p /opt/relaycast \
    && chown relaycast:relaycast /opt/relaycast
WORKDIR /opt/relaycast
EXPOSE 8000
# The JVM options are the ones the benchmark measures (docs/benchmark.md, README "Run it"): the Serial collector
# with a 4 MiB young generation keeps every collection pause short (8-19 ms at 12,000 listeners, against 110-125 ms
# with the default sizes), C1 only, and no full collection at start-up for class metadata. Out of memory, the JVM exits
# (status 3) rather than run on half-dead, so that the restart policy (`restart: unless-stopped`) starts it again.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+UseSerialGC", "-Xmn4m", "-XX:MetaspaceSize=64m", \
    "-XX:TieredStopAtLevel=1", "-XX:+ExitOnOutOfMemoryError", "-jar", "/opt/relaycast/relaycast.jar"]
# Healthy while the server answers HTTP: `relaycast healthcheck` GETs /status-json.xsl on the port the server's own
# settings give, read as the server reads them: its arguments (`docker run relaycast --port 9000`; the server is the
# container's main process, whose /proc/1/cmdline the check reads), then RELAYCAST_PORT, RELAYCAST_BIND,
# RELAYCAST_CONFIG, then the config file. So the image needs no curl or wget. A check costs about 1 s of CPU (a
# short-lived JVM), hence the 30 s interval. Without JDK_JAVA_OPTIONS, JAVA_TOOL_OPTIONS and _JAVA_OPTIONS, which are
# meant for the server: a -Xms512m there would keep the check's 32 MiB JVM from starting, and the container would never be
# healthy.
HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 \
    CMD ["env", "-u", "JDK_JAVA_OPTIONS", "-u", "JAVA_TOOL_OPTIONS", "-u", "_JAVA_OPTIONS", \
    "java", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx32m", "-jar", "/opt/relaycast/relaycast.jar", "healthcheck"]
# Root-owned: the server cannot modify its own code. Readable by all: COPY keeps the mode the checkout gave the jar,
# 0640 or 0600 under a strict umask, which the server's user could not read ("Unable to access jarfile"). A chmod, not
# COPY --chmod, which the classic builder (docker build without BuildKit, as the image tests build) does not know.
COPY --chown=root:root target/relaycast.jar /opt/relaycast/relaycast.jar
RUN chmod 0644 /opt/relaycast/relaycast.jar
USER relaycast:relaycast
