package io.relaycast.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.relaycast.mount.Mount;
import io.relaycast.testing.Ffmpeg;
import io.relaycast.testing.Programs;
import io.relaycast.testing.RawClient;
import io.relaycast.testing.TestServer;
import io.relaycast.testing.WebClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Admin commands a browser sends on behalf of another site (which would carry the admin's remembered login) are
 * refused and change nothing; the admin's own pages and tools such as curl are unaffected.
 */
class CrossSiteAdminTest {

    @TempDir
    Path dir;

    @Test
    void crossSiteCommandsAreRefusedAndSameOriginOnesWork() {
        try (TestServer server = TestServer.start();
             Programs.Running source = Ffmpeg.liveSource(dir, server.icecastUrl("/live"), 30, 440)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> server.context().mounts().find("/live") != null
                    && server.context().mounts().find("/live").liveSource() != null);
            Mount live = server.context().mounts().find("/live");

            HttpResponse<String> forged = WebClient.get(server.url("/admin/killsource?mount=/live"), "Authorization",
                    WebClient.admin(), "Sec-Fetch-Site", "cross-site");
            assertThat(forged.statusCode()).isEqualTo(403);
            assertThat(forged.body()).contains("<return>0</return>");
            HttpResponse<String> forgedTitle = WebClient.get(server.url("/admin/metadata?mode=updinfo&mount=/live&song=Pwned"),
                    "Authorization", WebClient.admin(), "Sec-Fetch-Site", "cross-site");
            assertThat(forgedTitle.statusCode()).isEqualTo(403);
            assertThat(server.context().mounts().find("/live").liveSource()).as("the source is still on air").isNotNull();
            assertThat(server.context().mounts().find("/live").metadata().title()).isNotEqualTo("Pwned");
            assertThat(server.context().requests().rejectedCount(403)).isEqualTo(2);

            HttpResponse<String> ownPage = WebClient.get(server.url("/admin/metadata?mode=updinfo&mount=/live&song=Fine"),
                    "Authorization", WebClient.admin(), "Sec-Fetch-Site", "same-origin");
            assertThat(ownPage.statusCode()).isEqualTo(200);
            HttpResponse<String> tool = WebClient.get(server.url("/admin/killsource?mount=/live"), "Authorization",
                    WebClient.admin());
            assertThat(tool.statusCode()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(5)).until(() -> live.liveSource() == null);
        }
    }

    /**
     * {@code same-site} is not the admin's own page: it is another port of the same host or a sibling subdomain (one
     * tenant's st2.host.com against st1.host.com), so its commands are refused like another site's.
     */
    @Test
    void sameSiteCommandsFromAnotherPortOrSubdomainAreRefused() {
        try (TestServer server = TestServer.start(); RawClient source = RawClient.connect(server.port())) {
            source.send("PUT /live HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: " + WebClient.source()
                    + "\r\nContent-Type: audio/mpeg\r\nExpect: 100-continue\r\n\r\n");
            assertThat(source.readHead().status()).isEqualTo(100);
            await("the source on air").atMost(Duration.ofSeconds(10)).until(() -> server.context().mounts().find("/live") != null
                    && server.context().mounts().find("/live").liveSource() != null);

            HttpResponse<String> forged = WebClient.get(server.url("/admin/killsource?mount=/live"), "Authorization",
                    WebClient.admin(), "Sec-Fetch-Site", "same-site");
            HttpResponse<String> forgedTitle = WebClient.get(server.url("/admin/metadata?mode=updinfo&mount=/live&song=Pwned"),
                    "Authorization", WebClient.admin(), "Sec-Fetch-Site", "same-site");

            assertThat(forged.statusCode()).isEqualTo(403);
            assertThat(forgedTitle.statusCode()).isEqualTo(403);
            assertThat(server.context().mounts().find("/live").liveSource()).isNotNull();
        }
    }
}
