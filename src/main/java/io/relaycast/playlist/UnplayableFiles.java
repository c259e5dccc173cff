package io.relaycast.playlist;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.Map;

/**
 * Files found to hold no MP3 audio, by version (size and modification time), so that the periodic rescan does not make
 * the shared reader thread read them again (up to {@code Mp3FileReader}'s limit each) until they change. Confined to
 * that thread.
 */
final class UnplayableFiles {

    private final Map<Path, Version> known = new HashMap<>();

    private record Version(long size, long modified) {
    }

    /** Remembers {@code file} as it is now as holding no audio. */
    void remember(Path file) {
        Version version = version(file);
        if (version != null) {
            known.put(file, version);
        }
    }

    /** Whether {@code file} is remembered as holding no audio and has not changed since. */
    boolean contains(Path file) {
        Version version = known.get(file);
        if (version != null && version.equals(version(file))) {
            return true;
        }
        known.remove(file);
        return false;
    }

    private static Version version(Path file) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return new Version(attributes.size(), attributes.lastModifiedTime().toMillis());
        } catch (IOException gone) {
            return null;
        }
    }
}
