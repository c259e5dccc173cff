package io.relaycast.config;

/**
 * What the station says about one of its mounts, as Icecast's per-mount {@code stream-name}, {@code stream-description},
 * {@code genre}, {@code stream-url} and {@code public} settings: listeners see it whatever plays, over what a live source
 * sends for the same field, and a mount whose playlist plays is not left nameless. Null fields are not set.
 */
public record StationInfo(String name, String description, String genre, String url, Boolean isPublic) {

    /** Nothing set: what the live source says, if anything, is what listeners see. */
    public static final StationInfo NONE = new StationInfo(null, null, null, null, null);
}
