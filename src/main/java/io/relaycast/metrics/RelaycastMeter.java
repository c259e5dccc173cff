package io.relaycast.metrics;

/**
 * Every meter relaycast defines, in one place: dotted lower-case names, base units and descriptions. The Prometheus
 * registry turns {@code relaycast.listener.sent} with unit bytes into {@code relaycast_listener_sent_bytes_total}.
 */
public enum RelaycastMeter {
    LISTENERS("relaycast.listeners", null, "Listeners connected to the mount now"),
    LISTENERS_PEAK("relaycast.listeners.peak", null, "Most listeners connected to the mount at once since start"),
    LISTENER_CONNECTS("relaycast.listener.connects", null, "Listeners that connected to the mount"),
    LISTENER_DISCONNECTS("relaycast.listener.disconnects", null, "Listeners that left the mount, by reason"),
    LISTENING_TIME("relaycast.listener.listening", "seconds", "Time spent listening, summed over ended connections"),
    SENT("relaycast.listener.sent", "bytes", "Audio and metadata bytes written to listeners"),
    FIRST_BYTE("relaycast.listener.first.byte", null, "Time from a listener's request to its first audio byte"),
    RELAY_LATENCY("relaycast.relay.latency", null,
            "Per fan-out on an event loop: time from the arrival of the oldest chunk it wrote to the end of the fan-out"),
    SOURCE_CONNECTED("relaycast.source.connected", null, "1 while a live source holds the mount, else 0"),
    SOURCE_CONNECTS("relaycast.source.connects", null, "Live sources that took the mount"),
    SOURCE_DISCONNECTS("relaycast.source.disconnects", null, "Live sources that gave the mount up (left, dropped, closed)"),
    SOURCE_TIMEOUTS("relaycast.source.timeouts", null, "Live sources dropped for sending nothing within the source timeout"),
    SOURCE_HANDOVERS("relaycast.source.handovers", null,
            "Live sources that found the mount still held and took it when the source before them left (a reconnect)"),
    RECEIVED("relaycast.source.received", "bytes", "Bytes of whole MP3 frames received from live sources"),
    RECEIVED_FRAMES("relaycast.source.received.frames", "frames", "Whole MP3 frames received from live sources"),
    RESYNC_DROPPED("relaycast.source.resync.dropped", "bytes",
            "Bytes from sources that were not whole valid frames (junk, tags, cut frames) and were dropped by resync"),
    ON_AIR("relaycast.mount.on.air", null, "1 for what the mount plays now (state: live, fallback_mount, playlist, "
            + "silence, off), 0 for the other states"),
    SWITCHES("relaycast.mount.switches", null, "Switches between inputs (live source on or off air)"),
    METADATA_UPDATES("relaycast.mount.metadata.updates", null, "Now-playing metadata updates"),
    FORMAT_CHANGES("relaycast.mount.format.changes", null,
            "Switches between inputs that differ in sample rate, MPEG version or channels"),
    RESERVOIR_BRIDGES("relaycast.mount.reservoir.bridges", null,
            "Frames of a newly switched-to input replaced by a silent frame because their bit reservoir reached back "
            + "before the switch"),
    UPMIXED_FRAMES("relaycast.mount.upmixed.frames", null,
            "Mono frames sent as joint stereo because the stream was stereo (a mono track or jingle in a stereo stream)"),
    REENCODED_FRAMES("relaycast.mount.reencoded.frames", null,
            "Frames of a live source or playlist track re-encoded to the stream's format (conform)"),
    REENCODE_DROPPED("relaycast.mount.reencode.dropped.frames", null,
            "Frames of a live source lost because their re-encoding fell behind or stopped"),
    TRACKS_STARTED("relaycast.playlist.tracks.started", null, "Playlist tracks started by the AutoDJ"),
    FILES_SKIPPED("relaycast.playlist.files.skipped", null,
            "Playlist files skipped as missing, unreadable, empty or not MP3"),
    SILENCE_FRAMES("relaycast.playlist.silence.frames", null, "Silent frames sent because nothing else could play"),
    PACER_RESETS("relaycast.playlist.pacer.resets", null,
            "Times the AutoDJ's clock restarted after a stall instead of sending catch-up audio"),
    OVERLOADED("relaycast.mount.overloaded", null,
            "Event loops on which the mount is overloaded now: listeners write less often until the loop has room again"),
    OVERLOADS("relaycast.mount.overloads", null, "Times the mount became overloaded on one of its event loops"),
    FAN_OUT("relaycast.mount.fanout", "seconds", "Event loop time spent handing the mount's new audio to its listeners, "
            + "summed over loops and counted once a second: as a rate, the share of a loop it takes"),
    TURN_WRITES("relaycast.mount.turn.writes", null, "Writes to listeners at their turns (once per write interval each), "
            + "except those after turns an overloaded mount let pass on purpose; counted once a second"),
    LATE_WRITES("relaycast.mount.late.writes", null, "Turn writes that came more than 200 ms after the listener's previous "
            + "one: each puts a Linux listener into quick-ACK mode for its next 16 segments"),
    BYTE_RATE("relaycast.mount.stream.rate", "bytes.per.second",
            "Byte rate of the mount's latest frame (bitrate / 8: 16000 for 128 kbit/s)"),
    SAMPLE_RATE("relaycast.mount.stream.sample.rate", "hertz", "Sample rate of the mount's latest frame"),
    REJECTED("relaycast.requests.rejected", null, "Requests refused, by HTTP status (none: closed without an answer)"),
    LOG_LINES_LEFT_OUT("relaycast.log.lines.left.out", null,
            "Lines left out of a log file (access, error, playlist) because too many were waiting for the disk"),
    TLS_HANDSHAKE_FAILURES("relaycast.tls.handshake.failures", null,
            "Connections to the HTTPS port closed before TLS was up (not_tls: no TLS spoken; handshake: it failed)");

    /** Tag keys; their values are bounded (configured or authenticated mounts, enums, HTTP statuses). */
    public static final String MOUNT = "mount";
    public static final String REASON = "reason";
    public static final String STATE = "state";
    public static final String STATUS = "status";
    public static final String LOG = "log";

    private final String meterName;
    private final String baseUnit;
    private final String description;

    RelaycastMeter(String meterName, String baseUnit, String description) {
        this.meterName = meterName;
        this.baseUnit = baseUnit;
        this.description = description;
    }

    public String meterName() {
        return meterName;
    }

    /** The base unit, or null for plain counts (and timers, whose unit the registry sets: seconds). */
    public String baseUnit() {
        return baseUnit;
    }

    public String description() {
        return description;
    }
}
