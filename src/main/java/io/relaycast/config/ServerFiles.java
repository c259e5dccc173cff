package io.relaycast.config;

import java.nio.file.Path;

/**
 * The files the server serves and writes besides its streams, as Icecast's {@code <paths><webroot>} and
 * {@code <logging><playlistlog>}. Both live settings: a reload changes them.
 *
 * @param webRoot     a directory whose files are served at the paths no mount or page takes ({@code <webroot>} with
 *                    {@code <fileserve>}); null for none
 * @param playlistLog a file every title put on the air is appended to, one line each ({@code <playlistlog>}); null for
 *                    none
 */
public record ServerFiles(Path webRoot, Path playlistLog) {

    public static final ServerFiles NONE = new ServerFiles(null, null);

    public ServerFiles withWebRoot(Path newWebRoot) {
        return new ServerFiles(newWebRoot, playlistLog);
    }

    public ServerFiles withPlaylistLog(Path newPlaylistLog) {
        return new ServerFiles(webRoot, newPlaylistLog);
    }
}
