package io.relaycast.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.relaycast.mount.Mount;
import io.relaycast.mount.MountRegistry;
import io.relaycast.mount.OnAir;
import io.relaycast.server.RelaycastServer;
import io.relaycast.testing.Ffmpeg;
import io.relaycast.testing.RawClient;
import io.relaycast.testing.RawSource;
import io.relaycast.testing.TestAudio;
import io.relaycast.testing.WebClient;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A mount taken out of the config file by a reload keeps its source and listeners, then goes as a mount made by a
 * source goes, as in Icecast: off the status pages, the stream list and the directories, and closed to listeners once
 * nobody uses it. A mount still fed by what it was set up with (a playlist, a relay: they need a restart) stays.
 */
class ConfigReloadRemovedMountTest {

    private static final String STAYS = "mounts:\n  /stays:\n";

    @TempDir
    Path dir;

    @Test
    void anIdleMountTakenOutOfTheFileIsGoneAfterTheReload() throws Exception {
        try (ReloadableStation station = ReloadableStation.start(dir, STAYS + "  /gone:\n")) {
            RelaycastServer server = station.server();
            assertThat(streamList(server)).contains("/gone");
            station.rewrite(STAYS);

            assertThat(server.reloadConfig().reloaded()).isTrue();

            await("the idle mount is retired").until(() -> mounts(server).find("/gone") == null);
            assertThat(RawClient.listenStatus(server.port(), "/gone")).isEqualTo(404);
            assertThat(streamList(server)).doesNotContain("/gone").contains("/stays");
        }
    }

    @Test
    void aLiveMountTakenOutOfTheFileGoesWhenItsSourceLeavesAndASourceMayMakeItAgain() throws Exception {
        try (ReloadableStation station = ReloadableStation.start(dir, STAYS + "  /gone:\n")) {
            RelaycastServer server = station.server();
            Mount gone = mounts(server).find("/gone");
            try (RawClient source = RawSource.onAir(server.port(), "/gone", "server-pw")) {
                station.rewrite(STAYS);
                assertThat(server.reloadConfig().reloaded()).isTrue();
                source.send(TestAudio.concat(TestAudio.toneFrames(dir, 1)));
                assertThat(gone.liveSource()).isNotNull();
                assertThat(streamList(server)).contains("/gone");
            }
            await("the mount goes with its source").until(() -> mounts(server).find("/gone") == null);
            assertThat(streamList(server)).doesNotContain("/gone");

            try (RawClient again = RawSource.onAir(server.port(), "/gone", "server-pw")) {
                assertThat(mounts(server).find("/gone")).isNotNull().isNotSameAs(gone);
            }
            await("made by a source, it goes with it too").until(() -> mounts(server).find("/gone") == null);
        }
    }

    @Test
    void aMountTakenOutOfTheFileWhosePlaylistPlaysOnUntilARestartStays() throws Exception {
        Ffmpeg.tone(Files.createDirectories(dir.resolve("music")).resolve("jingle.mp3"), 2, 128, 440);
        try (ReloadableStation station = ReloadableStation.start(dir, STAYS + "  /jukebox:\n    playlist: music\n")) {
            RelaycastServer server = station.server();
            Mount jukebox = mounts(server).find("/jukebox");
            await("the playlist plays").until(() -> jukebox.onAir() == OnAir.PLAYLIST);
            station.rewrite(STAYS);

            assertThat(server.reloadConfig().message()).contains("mounts./jukebox.playlist");

            assertThat(mounts(server).find("/jukebox")).isSameAs(jukebox);
            assertThat(jukebox.isPersistent()).isTrue();
            assertThat(streamList(server)).contains("/jukebox");
        }
    }

    private static MountRegistry mounts(RelaycastServer server) {
        return server.context().mounts();
    }

    private static String streamList(RelaycastServer server) {
        return WebClient.get("http://127.0.0.1:" + server.port() + "/admin/streamlist.txt", "Authorization",
                WebClient.basic("admin", "adm-pw")).body();
    }
}
