package io.relaycast.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.relaycast.testing.FormServer;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The line in front of a source authentication backend, against a real HTTP backend that takes its time: eight asked
 * at once, the others in order, and an encoder that hung up while waiting (a reconnect storm) never asked about.
 */
class BackendLineTest {

    @Test
    void anEncoderGoneBeforeItsTurnIsNotAskedAboutAndTheLineMovesOn() throws Exception {
        try (FormServer backend = FormServer.start(form -> Map.of("icecast-auth-user", "1"))) {
            SourceAuthUrl auth = new SourceAuthUrl(URI.create(backend.url("/stream_auth")), BackendForms.client());
            Runnable answer = backend.holdAnswers();
            List<CompletableFuture<ListenerAuthUrl.Verdict>> first = new ArrayList<>();
            for (int i = 0; i < BackendLine.AT_ONCE; i++) {
                first.add(auth.allows(source("dj" + i), () -> true));
            }
            await("eight asked at once").atMost(Duration.ofSeconds(10))
                    .until(() -> backend.posts().size() == BackendLine.AT_ONCE);
            CompletableFuture<ListenerAuthUrl.Verdict> gone = auth.allows(source("gone"), () -> false);
            CompletableFuture<ListenerAuthUrl.Verdict> next = auth.allows(source("next"), () -> true);
            assertThat(backend.posts()).as("the others wait").hasSize(BackendLine.AT_ONCE);
            answer.run();
            assertThat(next.get(10, TimeUnit.SECONDS).allowed()).isTrue();
            for (CompletableFuture<ListenerAuthUrl.Verdict> asked : first) {
                assertThat(asked.get(10, TimeUnit.SECONDS).allowed()).isTrue();
            }
            assertThat(gone).as("its turn came before the next one's").isCancelled();
            assertThat(backend.posts()).extracting(post -> post.get("user")).contains("next").doesNotContain("gone");
        }
    }

    private static SourceAuthUrl.Source source(String user) {
        return new SourceAuthUrl.Source("/live", "127.0.0.1", "localhost", 8000, user, "pw");
    }
}
