package io.relaycast.source;

import static io.relaycast.testing.RawSource.basic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.relaycast.config.MountConfig;
import io.relaycast.mount.Mount;
import io.relaycast.mount.OnAir;
import io.relaycast.testing.Ffmpeg;
import io.relaycast.testing.Programs;
import io.relaycast.testing.RawClient;
import io.relaycast.testing.TestServer;
import io.relaycast.testing.WebClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A mount whose sources log in as a user of its own (Icecast's {@code <username>} in a {@code <mount>}), as a station's
 * icecast.xml may say and an encoder's login field is then set to: that user is let in with the mount's password, and
 * user {@code source} is not.
 */
class MountUsernameTest {

    @TempDir
    Path dir;

    @Test
    void anEncoderLogsInAsTheMountsOwnUserAndUserSourceIsRefused() {
        MountConfig studio = MountConfig.builder("/studio").password("dj-secret").username("dj").build();
        try (TestServer server = TestServer.start(TestServer.config().withMounts(List.of(studio)))) {
            try (RawClient wrongUser = RawClient.connect(server.port())) {
                wrongUser.send("SOURCE /studio HTTP/1.0\r\nAuthorization: " + basic("source", "dj-secret")
                        + "\r\nContent-Type: audio/mpeg\r\n\r\n");
                assertThat(wrongUser.readHead().status()).isEqualTo(401);
            }
            String url = "icecast://dj:dj-secret@127.0.0.1:" + server.port() + "/studio";
            try (Programs.Running dj = Ffmpeg.liveSource(dir, url, 30, 440)) {
                Mount mount = server.context().mounts().find("/studio");
                await().atMost(Duration.ofSeconds(15)).until(() -> mount.onAir() == OnAir.LIVE);
                String title = server.url("/admin/metadata?mount=/studio&mode=updinfo&song=Night+Owl");
                assertThat(WebClient.get(title, "Authorization", basic("dj", "dj-secret")).statusCode())
                        .as("the mount's user updates its title, as in Icecast").isEqualTo(200);
                assertThat(WebClient.get(title, "Authorization", basic("source", "dj-secret")).statusCode()).isEqualTo(401);
            }
        }
    }
}
