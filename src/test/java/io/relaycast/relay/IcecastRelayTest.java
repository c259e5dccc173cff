package io.relaycast.relay;

import static org.awaitility.Awaitility.await;

import io.relaycast.config.MountConfig;
import io.relaycast.mount.Mount;
import io.relaycast.mount.OnAir;
import io.relaycast.testing.Ffmpeg;
import io.relaycast.testing.Icecast;
import io.relaycast.testing.Programs;
import io.relaycast.testing.TestServer;
import io.relaycast.testing.WebClient;
import io.relaycast.testing.XmlDocs;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's Icecast 2 relaying a relaycast mount with its {@code <relay>} and {@code <relay-shoutcast-metadata>}: Icecast
 * reads the titles out of relaycast's ICY blocks (for its status page, its playlist log and its own listeners), so
 * every title must come out of them as it went in (UTF-8 ones too, with the charset README's "Relays" gives Icecast).
 */
class IcecastRelayTest {

    @TempDir
    Path dir;

    @Test
    void everyTitleReachesTheIcecastRelayWhole() {
        try (TestServer origin = TestServer.start();
             Programs.Running source = Ffmpeg.liveSource(dir, origin.icecastUrl("/live"), 60, 440)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> origin.context().mounts().find("/live") != null
                    && origin.context().mounts().find("/live").onAir() == OnAir.LIVE);
            try (Icecast relay = Icecast.start(dir, """
                    <relay><server>127.0.0.1</server><port>%d</port><mount>/live</mount><local-mount>/copy</local-mount>
                      <relay-shoutcast-metadata>1</relay-shoutcast-metadata></relay>
                    <mount type="default"><charset>UTF-8</charset></mount>
                    """.formatted(origin.port()))) {
                // "b" makes StreamTitle='b'; exactly one 16-byte unit: Icecast takes the last byte of a block for its NUL.
                for (String title : List.of("Artist - Title", "b", "Guns N' Roses", "Björk – Jóga")) {
                    WebClient.get(origin.url("/admin/metadata?mode=updinfo&mount=/live&song="
                            + URLEncoder.encode(title, StandardCharsets.UTF_8)), "Authorization", WebClient.source());
                    await().atMost(Duration.ofSeconds(15)).until(() -> title.equals(icecastTitle(relay)));
                }
            }
        }
    }

    /**
     * The other way round: relaycast relaying a mount of an Icecast origin whose titles are in windows-1251 (Icecast
     * passes a title update's bytes on as they came, as its {@code <charset>} says they are): with the relay mount's
     * {@code charset}, they reach relaycast's mount and listeners in UTF-8.
     */
    @Test
    void anIcecastOriginsWindows1251TitlesAreReadInTheRelayMountsCharset() {
        Charset cp1251 = Charset.forName("windows-1251");
        String title = "Кино - Группа крови";
        try (Icecast origin = Icecast.start(dir, "<mount><mount-name>/ru</mount-name><charset>CP1251</charset></mount>");
             Programs.Running source = Ffmpeg.liveSource(dir, origin.icecastUrl("/ru"), 60, 440)) {
            await().atMost(Duration.ofSeconds(15)).until(() -> WebClient.get(origin.url("/status-json.xsl")).body()
                    .contains("/ru"));
            MountConfig relay = MountConfig.builder("/ru").relay(URI.create(origin.url("/ru"))).charset(cp1251).build();
            try (TestServer server = TestServer.start(TestServer.config().withMounts(List.of(relay)))) {
                Mount mount = server.context().mounts().find("/ru");
                await().atMost(Duration.ofSeconds(15)).until(() -> mount.onAir() == OnAir.LIVE);
                WebClient.get(origin.url("/admin/metadata?mode=updinfo&mount=/ru&song=" + URLEncoder.encode(title, cp1251)),
                        "Authorization", WebClient.basic("source", Icecast.SOURCE_PASSWORD));
                await().atMost(Duration.ofSeconds(15)).until(() -> title.equals(mount.metadata().title()));
            }
        }
    }

    /** The title Icecast shows for its relay's mount (its XML stats: its status-json.xsl is not always valid JSON). */
    private static String icecastTitle(Icecast icecast) {
        String stats = WebClient.get(icecast.url("/admin/stats"), "Authorization",
                WebClient.basic("admin", Icecast.ADMIN_PASSWORD)).body();
        return XmlDocs.text(XmlDocs.parse(stats), "/icestats/source[@mount='/copy']/title");
    }
}
