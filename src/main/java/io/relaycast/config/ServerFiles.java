package io.relaycast.config;

import java.nio.file.Path;

/**
 * The files the server serves and writes besides its streams, as Icecast's {@code <paths><webroot>} and
 * {@code <logging>}. All live settings: a reload changes them.
 *
 * @param webRoot     a directory whose files are served at the paths no mount or page takes ({@code <webroot>} with
 *                    {@code <fileserve>}); null for none
 * @param playlistLog a file every title put on the air is appended to, one line each ({@code <playlistlog>}); null for
 *                    none
 * @param accessLog   a file the access log is appended to ({@code <accesslog>}); null: standard output
 * @param errorLog    a file the server's own log is appended to ({@code <errorlog>}); null: standard error
 * @param logLevel    how much the server's own log says ({@code <loglevel>}); null: what it said at start
 *                    ({@code RELAYCAST_LOG_LEVEL}, or info)
 */
public record ServerFiles(Path webRoot, Path playlistLog, Path accessLog, Path errorLog, LogLevel logLevel) {

    public static final ServerFiles NONE = new ServerFiles(null, null, null, null, null);

    public ServerFiles withWebRoot(Path newWebRoot) {
        return new ServerFiles(newWebRoot, playlistLog, accessLog, errorLog, logLevel);
    }

    public ServerFiles withPlaylistLog(Path newPlaylistLog) {
        return new ServerFiles(webRoot, newPlaylistLog, accessLog, errorLog, logLevel);
    }

    public ServerFiles withAccessLog(Path newAccessLog) {
        return new ServerFiles(webRoot, playlistLog, newAccessLog, errorLog, logLevel);
    }
}
