package io.relaycast.mount;

/**
 * What a source says about its stream (Icecast's {@code ice-*} headers), served to listeners as {@code icy-*} headers.
 * Empty strings mean "not given".
 */
public record StreamInfo(
        String name,
        String description,
        String genre,
        String url,
        boolean isPublic,
        String bitrate,
        String audioInfo,
        String contentType) {

    public static final String MPEG = "audio/mpeg";

    public static StreamInfo unnamed() {
        return new StreamInfo("", "", "", "", false, "", "", MPEG);
    }
}
