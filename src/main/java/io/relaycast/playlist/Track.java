package io.relaycast.playlist;

import java.nio.file.Path;

/**
 * One playable file of a playlist.
 *
 * @param id    stable identifier within its playlist (for admin commands), e.g. the path relative to the playlist root
 * @param file  the MP3 file
 * @param title "Artist - Title" from its ID3 tags, else the file name
 */
public record Track(String id, Path file, String title) {
}
