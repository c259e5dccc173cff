package io.relaycast.source;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.relaycast.icy.SourceText;
import io.relaycast.mount.StreamInfo;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Reads a source's {@code ice-*} (and legacy {@code icy-*}) headers into a {@link StreamInfo}. */
public final class StreamInfoHeaders {

    private static final int MAX_VALUE = 1024;

    private StreamInfoHeaders() {
    }

    /** The stream as a source's (or an origin's) headers describe it, texts that are not UTF-8 read as windows-1252. */
    public static StreamInfo read(HttpHeaders headers) {
        return read(headers, StandardCharsets.ISO_8859_1);
    }

    /** The stream as a source's headers describe it, texts that are not UTF-8 read in {@code charset}. */
    public static StreamInfo read(HttpHeaders headers, Charset charset) {
        return new StreamInfo(
                value(headers, "ice-name", "icy-name", charset),
                value(headers, "ice-description", "icy-description", charset),
                value(headers, "ice-genre", "icy-genre", charset),
                value(headers, "ice-url", "icy-url", charset),
                isPublic(value(headers, "ice-public", "icy-pub", charset)),
                bitrate(headers),
                value(headers, "ice-audio-info", "icy-audio-info", charset),
                servedType(contentType(headers)));
    }

    /** What listeners are told: audio/mpeg for MP3 under any of its names (the frames were checked), else the type. */
    private static String servedType(String contentType) {
        return SourceAdmission.isMpeg(contentType) ? StreamInfo.MPEG : contentType;
    }

    /** The media type without parameters, lower case; audio/mpeg when the source did not say. */
    public static String contentType(HttpHeaders headers) {
        String type = headers.get(HttpHeaderNames.CONTENT_TYPE);
        if (type == null || type.isBlank()) {
            return StreamInfo.MPEG;
        }
        int semicolon = type.indexOf(';');
        return (semicolon >= 0 ? type.substring(0, semicolon) : type).trim().toLowerCase(Locale.ROOT);
    }

    private static String bitrate(HttpHeaders headers) {
        String bitrate = value(headers, "ice-bitrate", "icy-br", StandardCharsets.ISO_8859_1);
        if (!bitrate.isEmpty()) {
            return bitrate;
        }
        for (String part : value(headers, "ice-audio-info", "icy-audio-info", StandardCharsets.ISO_8859_1).split(";")) {
            String[] pair = part.split("=", 2);
            String key = pair[0].trim();
            if (pair.length == 2 && (key.equalsIgnoreCase("bitrate") || key.equalsIgnoreCase("ice-bitrate"))) {
                return pair[1].trim();
            }
        }
        return "";
    }

    private static boolean isPublic(String value) {
        return value.equals("1") || value.equalsIgnoreCase("yes") || value.equalsIgnoreCase("true");
    }

    private static String value(HttpHeaders headers, String name, String legacyName, Charset charset) {
        String value = headers.get(name);
        if (value == null) {
            value = headers.get(legacyName);
        }
        if (value == null) {
            return "";
        }
        String clean = text(value.replaceAll("[\\r\\n\\x00]", "").trim(), charset);
        return clean.length() > MAX_VALUE ? clean.substring(0, MAX_VALUE) : clean;
    }

    /**
     * The text of a header value, which HTTP decoding leaves as one char per byte: UTF-8 when its bytes are (what ffmpeg,
     * butt and liquidsoap send), {@code charset} otherwise (the mount's, ISO-8859-1 unless set), as for titles. Icecast
     * keeps the bytes and shows UTF-8 names garbled in its status; listeners get these names back in UTF-8.
     */
    static String text(String bytesAsChars, Charset charset) {
        byte[] bytes = bytesAsChars.getBytes(StandardCharsets.ISO_8859_1);
        return SourceText.utf8Or(bytes, 0, bytes.length, charset);
    }
}
