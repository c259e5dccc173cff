package io.relaycast.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.relaycast.config.ListenerRules;
import io.relaycast.config.MountConfig;
import io.relaycast.testing.Capture;
import io.relaycast.testing.Ffmpeg;
import io.relaycast.testing.IcyDemux;
import io.relaycast.testing.RawClient;
import io.relaycast.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A mount's own metadata interval (Icecast's {@code <mp3-metadata-interval>}), for players that want shorter ones. */
class MountMetaintTest {

    @TempDir
    Path dir;

    @Test
    void aMountsListenersGetItsOwnIntervalAndTheTitlesAtIt() throws Exception {
        Path music = Files.createDirectories(dir.resolve("music"));
        Ffmpeg.tone(music.resolve("tone.mp3"), 20, 128, 440);
        MountConfig small = MountConfig.builder("/small").playlist(music)
                .listeners(ListenerRules.builder().metaint(4096).build()).build();
        try (TestServer server = TestServer.start(TestServer.config().withMounts(List.of(small,
                MountConfig.withPlaylist("/other", music))))) {
            try (RawClient listener = RawClient.connect(server.port());
                 RawClient other = RawClient.connect(server.port())) {
                listener.send("GET /small HTTP/1.0\r\nIcy-MetaData: 1\r\n\r\n");
                assertThat(listener.readHead().header("icy-metaint")).isEqualTo("4096");
                other.send("GET /other HTTP/1.0\r\nIcy-MetaData: 1\r\n\r\n");
                assertThat(other.readHead().header("icy-metaint")).as("the server's")
                        .isEqualTo(Integer.toString(server.context().config().metaint()));
                try (Capture capture = Capture.of(listener)) {
                    List<String> titles = new ArrayList<>();
                    await("a title and four blocks after it").atMost(Duration.ofSeconds(10)).until(() -> {
                        titles.clear();
                        IcyDemux.audio(capture.data(), 4096, titles);
                        int title = firstText(titles);
                        return title >= 0 && titles.size() - title > 4;
                    });
                    // Empty blocks in the silence before the first track (it has no title), the playlist's track title
                    // with its audio, then empty blocks: each found exactly where 4096 puts it.
                    int title = firstText(titles);
                    assertThat(titles.get(title)).matches("StreamTitle='.+';");
                    assertThat(titles.subList(0, title)).allMatch(String::isEmpty);
                    assertThat(titles.subList(title + 1, titles.size())).allMatch(String::isEmpty);
                }
            }
        }
    }

    private static int firstText(List<String> titles) {
        for (int i = 0; i < titles.size(); i++) {
            if (!titles.get(i).isEmpty()) {
                return i;
            }
        }
        return -1;
    }
}
