package io.relaycast.config;

/**
 * What the station says about one of its mounts, as Icecast's per-mount {@code stream-name}, {@code stream-description},
 * {@code genre}, {@code stream-url}, {@code public} and {@code bitrate} settings: listeners see it whatever plays, over
 * what a live source sends for the same field, and a mount whose playlist plays is not left nameless. Null fields are
 * not set.
 *
 * @param bitrate the bitrate the mount declares, in kbit/s (digits only), as players, the status and stream
 *                directories are told
 */
public record StationInfo(String name, String description, String genre, String url, Boolean isPublic, String bitrate) {

    /** Nothing set: what the live source says, if anything, is what listeners see. */
    public static final StationInfo NONE = new StationInfo(null, null, null, null, null, null);

    public StationInfo {
        if (bitrate != null && !bitrate.matches("[1-9][0-9]{0,3}")) {
            throw new IllegalArgumentException("bitrate must be a whole number of kbit/s (1 to 9999), not '" + bitrate + "'");
        }
    }

    /** The station's word on everything but the bitrate. */
    public StationInfo(String name, String description, String genre, String url, Boolean isPublic) {
        this(name, description, genre, url, isPublic, null);
    }
}
