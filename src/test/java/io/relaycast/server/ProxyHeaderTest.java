package io.relaycast.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.relaycast.config.AccessLists;
import io.relaycast.config.ForwardedHeader;
import io.relaycast.config.MountConfig;
import io.relaycast.testing.Ffmpeg;
import io.relaycast.testing.RawClient;
import io.relaycast.testing.ReverseProxy;
import io.relaycast.testing.TestServer;
import io.relaycast.testing.WebClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --trusted-proxy-header}, behind a real nginx set up the two other ways stations set it up: {@code X-Real-IP
 * $remote_addr} alone, and RFC 7239's {@code Forwarded} appended to as the nginx documentation does it. The listener is
 * the client that header names; an address the listener wrote into that header or into another is never taken.
 */
class ProxyHeaderTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CLIENT = "127.0.0.2";

    @TempDir
    Path dir;

    @Test
    void behindNginxSettingXRealIpTheListenerIsItsRemoteAddressWhateverItWrote() throws Exception {
        try (TestServer server = stationTrusting(ForwardedHeader.X_REAL_IP);
             ReverseProxy nginx = ReverseProxy.nginx(dir, server.port(), "proxy_set_header X-Real-IP $remote_addr;", "")) {
            try (RawClient listener = listen(nginx, "X-Real-IP: 198.51.100.8\r\nX-Forwarded-For: 198.51.100.7\r\n")) {
                assertThat(listenerAddresses(server)).containsExactly(CLIENT);
            }
            await().until(() -> listenerAddresses(server).isEmpty());
            try (RawClient direct = RawClient.connectFrom(CLIENT, server.port())) {
                direct.send("GET /live HTTP/1.0\r\nX-Real-IP: 198.51.100.8\r\n\r\n");
                assertThat(direct.readHead().status()).isEqualTo(200);
                assertThat(listenerAddresses(server)).as("nobody else's word is taken").containsExactly(CLIENT);
            }
        }
    }

    @Test
    void behindNginxAppendingToForwardedTheListenerIsTheForItAddedAndItsProtoMakesLinksHttps() throws Exception {
        String appended = """
                map $http_forwarded $proxy_add_forwarded {
                    "" "for=$remote_addr;proto=https";
                    default "$http_forwarded, for=$remote_addr;proto=https";
                }
                """;
        try (TestServer server = stationTrusting(ForwardedHeader.FORWARDED);
             ReverseProxy nginx = ReverseProxy.nginx(dir, server.port(), "proxy_set_header Forwarded $proxy_add_forwarded;",
                     appended)) {
            try (RawClient listener = listen(nginx, "Forwarded: for=198.51.100.7;proto=http\r\n"
                    + "X-Forwarded-For: 198.51.100.9\r\n")) {
                assertThat(listenerAddresses(server)).containsExactly(CLIENT);
            }
            try (RawClient playlist = RawClient.connectFrom(CLIENT, nginx.port())) {
                playlist.send("GET /live.m3u HTTP/1.0\r\nHost: radio.example.org\r\n\r\n");
                assertThat(new String(playlist.readToEnd(), StandardCharsets.UTF_8))
                        .contains("https://radio.example.org:" + nginx.port() + "/live");
            }
        }
    }

    private TestServer stationTrusting(ForwardedHeader header) throws Exception {
        Path music = Files.createDirectories(dir.resolve("music"));
        Ffmpeg.tone(music.resolve("tone.mp3"), 20, 128, 440);
        return TestServer.start(TestServer.config().withMounts(List.of(MountConfig.withPlaylist("/live", music)))
                .withAccess(new AccessLists(null, null, List.of("127.0.0.1"), header)));
    }

    /** A listener of /live from {@value #CLIENT} through {@code nginx}, sending {@code extraHeaders} of its own. */
    private static RawClient listen(ReverseProxy nginx, String extraHeaders) {
        RawClient client = RawClient.connectFrom(CLIENT, nginx.port());
        client.send("GET /live HTTP/1.1\r\nHost: radio.example.org\r\n" + extraHeaders + "\r\n");
        assertThat(client.readHead().status()).isEqualTo(200);
        return client;
    }

    private static List<String> listenerAddresses(TestServer server) throws Exception {
        String body = WebClient.get(server.url("/admin/listclients.json?mount=/live"), "Authorization", WebClient.admin())
                .body();
        return JSON.readTree(body).get("clients").findValuesAsText("ip");
    }
}
