package io.relaycast.mount;

import io.relaycast.config.StationInfo;

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

    /** This, named {@code newName}. */
    public StreamInfo named(String newName) {
        return new StreamInfo(newName, description, genre, url, isPublic, bitrate, audioInfo, contentType);
    }

    /** This, with {@code newBitrate} (kbit/s). */
    public StreamInfo withBitrate(String newBitrate) {
        return new StreamInfo(name, description, genre, url, isPublic, newBitrate, audioInfo, contentType);
    }

    /** This, with every field that {@code station} sets replaced by the station's. */
    public StreamInfo under(StationInfo station) {
        if (station.equals(StationInfo.NONE)) {
            return this;
        }
        return new StreamInfo(
                station.name() != null ? station.name() : name,
                station.description() != null ? station.description() : description,
                station.genre() != null ? station.genre() : genre,
                station.url() != null ? station.url() : url,
                station.isPublic() != null ? station.isPublic() : isPublic,
                station.bitrate() != null ? station.bitrate() : bitrate,
                audioInfo,
                contentType);
    }
}
