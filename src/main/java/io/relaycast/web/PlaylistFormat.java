package io.relaycast.web;

import io.relaycast.admin.Xml;

/**
 * The playlist files players open to tune in: M3U (VLC, mpv, iTunes), PLS (SHOUTcast's, Winamp and most hardware
 * radios) and XSPF (Icecast's). Each holds one entry: the mount's URL.
 */
enum PlaylistFormat {

    M3U(".m3u", "audio/x-mpegurl") {
        @Override
        String render(String url, String title) {
            return "#EXTM3U\r\n#EXTINF:-1," + oneLine(title) + "\r\n" + url + "\r\n";
        }
    },
    PLS(".pls", "audio/x-scpls") {
        @Override
        String render(String url, String title) {
            return "[playlist]\r\nNumberOfEntries=1\r\nFile1=" + url + "\r\nTitle1=" + oneLine(title) + "\r\nLength1=-1\r\n"
                    + "Version=2\r\n";
        }
    },
    XSPF(".xspf", "application/xspf+xml") {
        @Override
        String render(String url, String title) {
            return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                    + "<playlist version=\"1\" xmlns=\"http://xspf.org/ns/0/\">\n"
                    + "  <title>" + Xml.escape(title) + "</title>\n"
                    + "  <trackList>\n"
                    + "    <track>\n"
                    + "      <location>" + Xml.escape(url) + "</location>\n"
                    + "      <title>" + Xml.escape(title) + "</title>\n"
                    + "    </track>\n"
                    + "  </trackList>\n"
                    + "</playlist>\n";
        }
    };

    private final String suffix;
    private final String contentType;

    PlaylistFormat(String suffix, String contentType) {
        this.suffix = suffix;
        this.contentType = contentType;
    }

    String suffix() {
        return suffix;
    }

    String contentType() {
        return contentType;
    }

    abstract String render(String url, String title);

    /** The format whose suffix {@code path} ends with, or null. */
    static PlaylistFormat forPath(String path) {
        for (PlaylistFormat format : values()) {
            if (path.endsWith(format.suffix) && path.length() > format.suffix.length() + 1) {
                return format;
            }
        }
        return null;
    }

    /** The mount path a playlist path points at: {@code /live.m3u} to {@code /live}. */
    String mountOf(String path) {
        return path.substring(0, path.length() - suffix.length());
    }

    private static String oneLine(String text) {
        return text.replaceAll("[\\r\\n]+", " ");
    }
}
