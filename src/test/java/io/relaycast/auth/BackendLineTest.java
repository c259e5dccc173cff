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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The line in front of a source authentication backend, against a real HTTP backend that takes its time: eight asked
 * at once, the others in order, and an encoder that hung up while waiting (a reconnect storm) never asked about.
 */
class BackendLineTest {

    @Test
    void anEncoderGoneBeforeItsTurnIsNotAskedAboutAndTheLineMovesOn() throws Exception {
        try (FormServer backend = FormServer.start(form -> Map.of("icecast-auth-user", "1"))) {
            SourceAuthUrl auth = new SourceAuthUrl(URI.create(backend.url("/stream_auth")), BackendForms.client(),
                    new BackendLines());
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

    /**
     * A crowd leaving at once queues a listener_remove each: those notices wait behind the listeners coming back, and
     * never make the line busy for them (before, 150 notices waiting got the next listener a 503 Busy).
     */
    @Test
    void listenersWaitingToBeLetInGoAheadOfNoticesAndNoticesNeverMakeTheLineBusy() throws Exception {
        try (FormServer backend = FormServer.start(form -> Map.of("icecast-auth-user", "1"))) {
            ListenerAuthUrl auth = new ListenerAuthUrl(URI.create(backend.url("/add")), URI.create(backend.url("/remove")),
                    BackendForms.client(), new BackendLines());
            Runnable answer = backend.holdAnswers();
            for (int i = 0; i < BackendLine.AT_ONCE; i++) {
                auth.add(listener("in" + i), () -> true);
            }
            await("eight asked at once").atMost(Duration.ofSeconds(10))
                    .until(() -> backend.posts().size() == BackendLine.AT_ONCE);
            int leaving = BackendLine.MAX_WAITING + 50;
            for (int i = 0; i < leaving; i++) {
                auth.remove(listener("gone" + i), 10);
            }
            CompletableFuture<ListenerAuthUrl.Verdict> back = auth.add(listener("back"), () -> true);
            answer.run();
            Runnable second = backend.holdAnswers();
            await("the next eight asked").atMost(Duration.ofSeconds(10))
                    .until(() -> backend.posts().size() == 2 * BackendLine.AT_ONCE);
            assertThat(backend.posts().subList(BackendLine.AT_ONCE, 2 * BackendLine.AT_ONCE))
                    .extracting(post -> post.get("user")).as("ahead of 150 notices").contains("back");
            second.run();
            assertThat(back.get(10, TimeUnit.SECONDS).allowed()).isTrue();
            await("every notice sent").atMost(Duration.ofSeconds(20))
                    .until(() -> backend.posts().size() == BackendLine.AT_ONCE + leaving + 1);
        }
    }

    /**
     * A crowd of listeners waiting on the backend (the top of the hour, a flood of requests) never keeps a DJ off air: the
     * DJ's stream_auth waits in a line of its own, asked before the listeners still waiting (before, it waited behind a
     * hundred of them, and past them was refused Busy at once).
     */
    @Test
    void aDjLoggingInBehindACrowdOfListenersIsAskedAboutBeforeThem() throws Exception {
        try (FormServer backend = FormServer.start(form -> Map.of("icecast-auth-user", "1"))) {
            BackendLines lines = new BackendLines();
            ListenerAuthUrl listeners = new ListenerAuthUrl(URI.create(backend.url("/add")), null, BackendForms.client(), lines);
            SourceAuthUrl sources = new SourceAuthUrl(URI.create(backend.url("/stream_auth")), BackendForms.client(), lines);
            Runnable answer = backend.holdAnswers();
            int crowd = BackendLine.AT_ONCE + 110;
            for (int i = 0; i < crowd; i++) {
                listeners.add(listener("crowd" + i), () -> true);
            }
            await("eight asked at once").atMost(Duration.ofSeconds(10))
                    .until(() -> backend.posts().size() == BackendLine.AT_ONCE);
            CompletableFuture<ListenerAuthUrl.Verdict> dj = sources.allows(source("dj"), () -> true);
            answer.run();
            assertThat(dj.get(10, TimeUnit.SECONDS).allowed()).isTrue();
            await("the listeners in line asked").atMost(Duration.ofSeconds(20))
                    .until(() -> backend.posts().size() == BackendLine.AT_ONCE + BackendLine.MAX_WAITING + 1);
            List<String> actions = backend.posts().stream().map(post -> post.get("action")).toList();
            assertThat(actions.indexOf("stream_auth")).isLessThan(2 * BackendLine.AT_ONCE);
        }
    }

    /**
     * A backend down for long, with listeners still arriving: the listener_remove notices waiting are kept to the newest
     * ten thousand, and one turn in eight goes to a notice even while listeners wait to be let in (before, the notices
     * piled up without limit and waited for as long as any listener was waiting).
     */
    @Test
    void noticesPastTenThousandDropTheOldestAndOneTurnInEightGoesToANoticeWhileListenersWait() {
        BackendLine line = new BackendLine("test");
        Requests requests = new Requests();
        for (int i = 0; i < BackendLine.AT_ONCE; i++) {
            line.send(requests.named("in" + i), BackendLine.Kind.LISTENER, () -> true);
        }
        for (int i = 0; i < 10_000 + 5; i++) {
            line.send(requests.named("notice" + i), BackendLine.Kind.NOTICE, () -> true);
        }
        for (int i = 0; i < 50; i++) {
            line.send(requests.named("waiting" + i), BackendLine.Kind.LISTENER, () -> true);
        }
        requests.answerAll();
        await("the next eight sent").atMost(Duration.ofSeconds(10))
                .until(() -> requests.sent.size() == 2 * BackendLine.AT_ONCE);
        assertThat(requests.sent.subList(BackendLine.AT_ONCE, 2 * BackendLine.AT_ONCE))
                .filteredOn(name -> name.startsWith("notice"))
                .containsExactly("notice5");
    }

    /**
     * Sources go first, but a stream of source logins (a password scanner) does not stop listeners being let in: after
     * four sources in a row, a waiting listener has its turn (before, listeners waited while any source did).
     */
    @Test
    void sourcesGoFirstButAStreamOfThemLetsAListenerInAfterEveryFour() {
        BackendLine line = new BackendLine("test");
        Requests requests = new Requests();
        for (int i = 0; i < BackendLine.AT_ONCE; i++) {
            line.send(requests.named("in" + i), BackendLine.Kind.LISTENER, () -> true);
        }
        for (int i = 0; i < 5; i++) {
            line.send(requests.named("listener" + i), BackendLine.Kind.LISTENER, () -> true);
        }
        for (int i = 0; i < BackendLine.MAX_SOURCES_WAITING; i++) {
            line.send(requests.named("source" + i), BackendLine.Kind.SOURCE, () -> true);
        }
        requests.answerAll();
        await("the next eight sent").atMost(Duration.ofSeconds(10))
                .until(() -> requests.sent.size() == 2 * BackendLine.AT_ONCE);
        assertThat(requests.sent.subList(BackendLine.AT_ONCE, 2 * BackendLine.AT_ONCE)).containsExactly(
                "source0", "source1", "source2", "source3", "listener0", "source4", "source5", "source6");
    }

    /** Two mounts, or a config before and after a reload, asking one backend ask it through one line. */
    @Test
    void oneBackendHasOneLineWhicheverConfigAsksIt() throws Exception {
        try (FormServer backend = FormServer.start(form -> Map.of("icecast-auth-user", "1"))) {
            BackendLines lines = new BackendLines();
            URI url = URI.create(backend.url("/stream_auth"));
            SourceAuthUrl before = new SourceAuthUrl(url, BackendForms.client(), lines);
            SourceAuthUrl reloaded = new SourceAuthUrl(url, BackendForms.client(), lines);
            Runnable answer = backend.holdAnswers();
            for (int i = 0; i < BackendLine.AT_ONCE; i++) {
                before.allows(source("dj" + i), () -> true);
            }
            await("eight asked at once").atMost(Duration.ofSeconds(10))
                    .until(() -> backend.posts().size() == BackendLine.AT_ONCE);
            CompletableFuture<ListenerAuthUrl.Verdict> next = reloaded.allows(source("next"), () -> true);
            await("the reloaded config's request waits its turn").during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                    .until(() -> backend.posts().size() == BackendLine.AT_ONCE);
            answer.run();
            assertThat(next.get(10, TimeUnit.SECONDS).allowed()).isTrue();
        }
    }

    private static ListenerAuthUrl.Listener listener(String user) {
        return new ListenerAuthUrl.Listener(1, "/live", "localhost", 8000, user, "pw", "127.0.0.1", "Test/1.0");
    }

    /** Requests to the line that record their sending and are answered when the test says. */
    private static final class Requests {
        final List<String> sent = new CopyOnWriteArrayList<>();
        private final List<CompletableFuture<Void>> answers = new CopyOnWriteArrayList<>();

        Supplier<CompletableFuture<Void>> named(String name) {
            return () -> {
                CompletableFuture<Void> answer = new CompletableFuture<>();
                answers.add(answer);
                sent.add(name);
                return answer;
            };
        }

        void answerAll() {
            List.copyOf(answers).forEach(answer -> answer.complete(null));
        }
    }
}
