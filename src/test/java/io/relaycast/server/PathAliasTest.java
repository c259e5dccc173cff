package io.relaycast.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.relaycast.config.MountConfig;
import io.relaycast.config.PathAliases;
import io.relaycast.testing.Capture;
import io.relaycast.testing.Ffmpeg;
import io.relaycast.testing.FrameChain;
import io.relaycast.testing.Mounts;
import io.relaycast.testing.RawClient;
import io.relaycast.testing.RawSource;
import io.relaycast.testing.TestServer;
import io.relaycast.testing.WebClient;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Icecast's {@code <alias>}: an old mount name, or {@code /}, answered as the station's mount, for listeners only. */
class PathAliasTest {

    @TempDir
    Path dir;

    @Test
    void listenersAndPagesAtAnAliasGetItsDestinationAndSourcesStreamWhereTheySay() throws Exception {
        Path music = Files.createDirectories(dir.resolve("music"));
        Ffmpeg.tone(music.resolve("tone.mp3"), 20, 128, 440);
        try (TestServer server = TestServer.start(TestServer.config()
                .withMounts(List.of(MountConfig.withPlaylist("/live", music)))
                .withAliases(PathAliases.of(Map.of("/", "/live", "/old-stream.mp3", "/live", "/now", "/status-json.xsl"))))) {
            for (String alias : new String[] {"/", "/old-stream.mp3"}) {
                try (RawClient listener = RawClient.connect(server.port())) {
                    listener.send("GET " + alias + " HTTP/1.0\r\n\r\n");
                    assertThat(listener.readHead().header("Content-Type")).as(alias).isEqualTo("audio/mpeg");
                    try (Capture capture = Capture.of(listener)) {
                        await().atMost(Duration.ofSeconds(5)).until(() -> capture.bytes() > 20_000);
                        assertThat(FrameChain.assertChain(capture.data(), true)).isPositive();
                    }
                }
            }
            assertThat(WebClient.get("http://127.0.0.1:" + server.port() + "/now?mount=/live").body())
                    .as("the query goes with it").contains("\"icestats\"");
            try (RawClient source = RawSource.open(server.port(), "/old-stream.mp3")) {
                await().atMost(Duration.ofSeconds(5)).until(() -> server.context().mounts().find("/old-stream.mp3") != null);
                assertThat(server.context().mounts().find("/live").liveSource()).as("not aliased for sources").isNull();
            }
        }
    }

    @Test
    void anAliasHoldsForATargetInAbsoluteFormAndForAPercentEncodedPath() {
        try (TestServer server = TestServer.start(TestServer.config()
                .withAliases(PathAliases.of(Map.of("/", "/live", "/old", "/live"))))) {
            Mounts.live(server, "/live", Mounts.info("Jazz FM", "", ""), new AtomicInteger());
            for (String target : List.of("http://127.0.0.1:" + server.port() + "/", "/%6Fld", "http://x/%6F%6Cd?a=b")) {
                try (RawClient listener = RawClient.connect(server.port())) {
                    listener.send("GET " + target + " HTTP/1.0\r\n\r\n");
                    RawClient.Head head = listener.readHead();
                    assertThat(head.statusLine()).startsWith("HTTP/1.0 200");
                    assertThat(head.header("Content-Type")).isEqualTo("audio/mpeg");
                }
            }
        }
    }

    @Test
    void anAliasIsTwoPathsAndNotOneToItself() {
        assertThat(PathAliases.parse(List.of("/=/live", "/a=/b")).resolve("/a?x=1", null)).isEqualTo("/b?x=1");
        assertThat(PathAliases.parse(List.of("/=/live")).resolve("/live", null)).isNull();
        assertThatThrownBy(() -> PathAliases.parse(List.of("/live"))).hasMessageContaining("SOURCE=DESTINATION");
        assertThatThrownBy(() -> PathAliases.parse(List.of("/a=b"))).hasMessageContaining("a path starts with /");
        assertThatThrownBy(() -> PathAliases.parse(List.of("/a=/a"))).hasMessageContaining("/a to itself");
    }

    @Test
    void anAliasOnAPortHoldsOnlyOnThatPortAndAddressAndTheFirstThatHoldsIsTaken() {
        PathAliases aliases = PathAliases.parse(List.of("127.0.0.1:8001 /=/local", "8002 /=/any-address", "/=/status"));
        assertThat(aliases.resolve("/?a=b", new InetSocketAddress("127.0.0.1", 8001))).isEqualTo("/local?a=b");
        assertThat(aliases.resolve("/", new InetSocketAddress("127.0.0.2", 8001))).isEqualTo("/status");
        assertThat(aliases.resolve("/", new InetSocketAddress("0.0.0.0", 8001))).as("a wildcard socket has no address")
                .isEqualTo("/status");
        assertThat(aliases.resolve("/", new InetSocketAddress("127.0.0.2", 8002))).isEqualTo("/any-address");
        assertThat(aliases.resolve("/", new InetSocketAddress("127.0.0.1", 8000))).isEqualTo("/status");
        assertThat(aliases.resolve("/", null)).as("the port unknown").isEqualTo("/status");
        assertThat(aliases.pairs()).containsExactly("127.0.0.1:8001 /=/local", "8002 /=/any-address", "/=/status");
        assertThat(PathAliases.parse(List.of("[::1]:8001 /=/live")).resolve("/", new InetSocketAddress("::1", 8001)))
                .isEqualTo("/live");
        assertThatThrownBy(() -> PathAliases.parse(List.of("8001 /=/a", "8001 /=/b")))
                .hasMessageContaining("given twice on 8001");
        assertThatThrownBy(() -> PathAliases.parse(List.of("port /=/a"))).hasMessageContaining("PORT, ADDRESS:PORT");
        assertThatThrownBy(() -> PathAliases.parse(List.of("0 /=/a"))).hasMessageContaining("on port 0");
    }
}
