package io.relaycast.source;

import static io.relaycast.testing.RawSource.basic;
import static io.relaycast.testing.RawSource.packet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.relaycast.config.ConnectionLimits;
import io.relaycast.config.MountConfig;
import io.relaycast.config.ServerConfig;
import io.relaycast.mount.Mount;
import io.relaycast.mount.OnAir;
import io.relaycast.testing.FormServer;
import io.relaycast.testing.Ffmpeg;
import io.relaycast.testing.Programs;
import io.relaycast.testing.RawClient;
import io.relaycast.testing.TestAudio;
import io.relaycast.testing.TestServer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A mount whose sources the station's web backend lets in ({@code source-auth-url}, Icecast's {@code stream_auth}), so
 * that every DJ has a login of their own: the backend, a real HTTP server, gets Icecast's form and answers with
 * {@code icecast-auth-user: 1}, or not. The passwords no longer let anybody but the admin in; the audio an encoder sends
 * while the backend thinks is kept; its title updates come with the login it was let in with.
 */
class SourceAuthUrlTest {

    private static final Set<String> DJS = Set.of("dj1:secret", "dj2:other");

    @TempDir
    static Path dir;
    static List<byte[]> frames;

    private final FormServer backend = FormServer.start(form -> DJS.contains(form.get("user") + ":" + form.get("pass"))
            ? Map.of("icecast-auth-user", "1") : Map.of("icecast-auth-message", "Your show is on Tuesday"));
    private final TestServer server = TestServer.start(TestServer.config().withShoutcastMount("/live")
            .withMounts(List.of(MountConfig.builder("/live").sourceAuthUrl(URI.create(backend.url("/stream-auth"))).build())));

    @BeforeAll
    static void makeAudio() {
        frames = TestAudio.toneFrames(dir, 2);
    }

    @AfterEach
    void stop() {
        server.close();
        backend.close();
    }

    @Test
    void aDjTheBackendLetsInGoesOnAirWithTheAudioItSentWhileTheBackendThought() {
        Runnable answer = backend.holdAnswers();
        try (RawClient source = RawClient.connect(server.port())) {
            source.send(packet(head("dj1", "secret"), TestAudio.concat(frames.subList(0, 40))));
            await().atMost(Duration.ofSeconds(5)).until(() -> backend.posts().size() == 1);
            assertThat(backend.posts().get(0)).containsEntry("action", "stream_auth").containsEntry("mount", "/live")
                    .containsEntry("user", "dj1").containsEntry("pass", "secret").containsEntry("ip", "127.0.0.1")
                    .containsEntry("server", "radio.example.org").containsEntry("port", Integer.toString(server.port()))
                    .containsEntry("path", "/stream-auth");
            assertThat(mount().liveSource()).as("not on air before the backend answers").isNull();

            answer.run();
            assertThat(source.readHead().statusLine()).isEqualTo("HTTP/1.0 200 OK");
            // Every frame it sent while waiting, but the last, which waits for its successor's header.
            await().atMost(Duration.ofSeconds(5)).until(() -> mount().stats().framesReceived() == 39);
            assertThat(mount().onAir()).isEqualTo(OnAir.LIVE);
        }
    }

    @Test
    void aDjLetInWhileTheMountIsStillBusyWaitsForItAsAnyReconnectingEncoderDoes() {
        try (RawClient first = RawClient.connect(server.port()); RawClient second = RawClient.connect(server.port())) {
            first.send(packet(head("dj1", "secret"), TestAudio.concat(frames.subList(0, 10))));
            assertThat(first.readHead().status()).isEqualTo(200);
            second.send(packet(head("dj2", "other"), TestAudio.concat(frames.subList(0, 30))));
            await().atMost(Duration.ofSeconds(5)).until(() -> backend.posts().size() == 2);
            first.close();
            assertThat(second.readHead().status()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(5)).until(() -> mount().liveSource() != null
                    && "dj2".equals(mount().liveSource().login().user()));
            // The first's ten frames, then every one of the second's but its last.
            await().atMost(Duration.ofSeconds(5)).until(() -> mount().stats().framesReceived() == 10 + 29);
        }
    }

    @Test
    void theBackendsNoIsA401WithItsMessageAndThePasswordsNoLongerLetAnybodyButTheAdminIn() {
        try (RawClient wrong = RawClient.connect(server.port())) {
            wrong.send(head("dj1", "guess"));
            RawClient.Head refused = wrong.readHead();
            assertThat(refused.status()).isEqualTo(401);
            assertThat(new String(wrong.readToEnd(), StandardCharsets.UTF_8)).contains("Your show is on Tuesday");
        }
        try (RawClient password = RawClient.connect(server.port())) {
            password.send(head("source", TestServer.SOURCE_PASSWORD));
            assertThat(password.readHead().status()).as("the server's source password").isEqualTo(401);
        }
        assertThat(backend.posts()).extracting(form -> form.get("user")).containsExactly("dj1", "source");
        try (RawClient admin = RawClient.connect(server.port())) {
            admin.send(head("admin", TestServer.ADMIN_PASSWORD));
            assertThat(admin.readHead().status()).isEqualTo(200);
        }
        assertThat(backend.posts()).as("the admin needs nobody's leave").hasSize(2);
        assertThat(server.context().requests().rejectedCount(401)).isEqualTo(2);
    }

    @Test
    void aSourceWithoutCredentialsIsAskedForThemWithoutAskingTheBackend() {
        try (RawClient probe = RawClient.connect(server.port())) {
            probe.send("PUT /live HTTP/1.1\r\nHost: x\r\nContent-Type: audio/mpeg\r\nExpect: 100-continue\r\n\r\n");
            RawClient.Head askedForCredentials = probe.readHead();
            assertThat(askedForCredentials.status()).isEqualTo(401);
            probe.readExactly(Integer.parseInt(askedForCredentials.header("Content-Length")));
            probe.send("PUT /live HTTP/1.1\r\nHost: x\r\nAuthorization: " + basic("dj2", "other")
                    + "\r\nContent-Type: audio/mpeg\r\nExpect: 100-continue\r\n\r\n");
            assertThat(probe.readHead().statusLine()).as("libshout's retry on the same connection")
                    .isEqualTo("HTTP/1.1 100 Continue");
        }
        assertThat(backend.posts()).extracting(form -> form.get("user")).containsExactly("dj2");
    }

    @Test
    void aBackendThatCannotBeAskedIsA503AndNobodyGoesOnAir() {
        backend.stop();
        try (RawClient source = RawClient.connect(server.port())) {
            source.send(packet(head("dj1", "secret"), TestAudio.concat(frames.subList(0, 20))));
            assertThat(source.readHead().status()).isEqualTo(503);
        }
        assertThat(mount().liveSource()).isNull();
        assertThat(mount().stats().framesReceived()).isZero();
        assertThat(server.context().requests().rejectedCount(503)).isEqualTo(1);
    }

    @Test
    void titleUpdatesAreTakenWithTheLoginTheLiveSourceCameWith() {
        try (RawClient source = RawClient.connect(server.port())) {
            source.send(packet(head("dj1", "secret"), TestAudio.concat(frames.subList(0, 10))));
            assertThat(source.readHead().status()).isEqualTo(200);
            assertThat(titleUpdate(basic("dj2", "other"))).as("another DJ's login").isEqualTo(401);
            assertThat(titleUpdate(basic("source", TestServer.SOURCE_PASSWORD))).isEqualTo(401);
            assertThat(titleUpdate(basic("dj1", "secret"))).isEqualTo(200);
            assertThat(mount().metadata().title()).isEqualTo("DJ One - Live");
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> mount().liveSource() == null);
        assertThat(titleUpdate(basic("dj1", "secret"))).as("once the DJ has left").isEqualTo(401);
    }

    @Test
    void ffmpegWithADjsOwnLoginGoesOnAir() {
        try (Programs.Running dj = Ffmpeg.liveSource(dir, "icecast://dj2:other@127.0.0.1:" + server.port() + "/live", 30,
                440)) {
            await().atMost(Duration.ofSeconds(15)).until(() -> mount().onAir() == OnAir.LIVE
                    && mount().stats().framesReceived() > 20);
            assertThat(mount().liveSource().login().user()).isEqualTo("dj2");
        }
        assertThat(backend.posts()).extracting(form -> form.get("user")).containsExactly("dj2");
    }

    @Test
    void ezstreamThroughLibshoutLogsInAsItsDjAndItsTitlesAreTaken() throws Exception {
        Path music = Ffmpeg.tone(dir.resolve("Test Artist - Test Song.mp3"), 20, 128, 550);
        Path config = Files.writeString(dir.resolve("ezstream.xml"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <ezstream>
                  <servers><server><protocol>HTTP</protocol><hostname>127.0.0.1</hostname><port>%d</port>
                    <user>dj2</user><password>other</password></server></servers>
                  <streams><stream><mountpoint>/live</mountpoint><format>MP3</format></stream></streams>
                  <intakes><intake><filename>%s</filename><stream_once>no</stream_once></intake></intakes>
                </ezstream>
                """.formatted(server.port(), music));
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-------"));
        try (Programs.Running ezstream = Programs.start(dir, List.of("ezstream", "-c", config.toString()))) {
            await().atMost(Duration.ofSeconds(30)).until(() -> mount().liveSource() != null
                    && "Test Artist - Test Song".equals(mount().metadata().title()));
            assertThat(mount().liveSource().login().user()).isEqualTo("dj2");
            assertThat(mount().liveSource().userAgent()).contains("libshout");
        }
        assertThat(backend.posts()).extracting(form -> form.get("user")).containsOnly("dj2");
    }

    @Test
    void liquidsoapWithItsDjsLoginOverPut() throws Exception {
        Path script = Files.writeString(dir.resolve("dj.liq"), """
                settings.init.allow_root.set(true)
                settings.log.stdout.set(true)
                output.icecast(%%mp3(bitrate=128), host="127.0.0.1", port=%d, user="dj1", password="secret",
                               mount="live", method="put", fallible=true, sine(440.))
                """.formatted(server.port()));
        try (Programs.Running liquidsoap = Programs.start(dir, List.of("liquidsoap", script.toString()))) {
            await().atMost(Duration.ofSeconds(30)).until(() -> mount().liveSource() != null
                    && mount().stats().framesReceived() > 20);
            assertThat(mount().liveSource().login().user()).isEqualTo("dj1");
            assertThat(mount().liveSource().userAgent()).startsWith("Liquidsoap");
        }
    }

    @Test
    void aShoutcastSourceHearsOk2OnlyOnceTheBackendLetItIn() {
        Runnable answer = backend.holdAnswers();
        try (RawClient refused = RawClient.connect(server.server().shoutcastPort())) {
            refused.send("guess\r\n");
            await().atMost(Duration.ofSeconds(5)).until(() -> backend.posts().size() == 1);
            answer.run();
            assertThat(new String(refused.readToEnd(), StandardCharsets.US_ASCII)).isEqualTo(ShoutcastLogin.INVALID_PASSWORD);
        }
        assertThat(backend.posts().get(0)).containsEntry("user", "source").containsEntry("pass", "guess")
                .containsEntry("port", Integer.toString(server.server().shoutcastPort()));
        // The DJ's password is the backend's word for user source on this mount; its audio follows the OK2.
        backend.answer(form -> "dj-sc".equals(form.get("pass")) ? Map.of("icecast-auth-user", "1") : Map.of());
        try (RawClient source = RawClient.connect(server.server().shoutcastPort())) {
            source.send("dj-sc\r\ncontent-type:audio/mpeg\r\nicy-name:Night Show\r\n\r\n");
            assertThat(new String(source.readExactly(ShoutcastLogin.ACCEPTED.length()), StandardCharsets.US_ASCII))
                    .isEqualTo(ShoutcastLogin.ACCEPTED);
            source.send(TestAudio.concat(frames.subList(0, 20)));
            await().atMost(Duration.ofSeconds(5)).until(() -> mount().stats().framesReceived() == 19);
            assertThat(mount().info().name()).isEqualTo("Night Show");
            assertThat(titleUpdateShoutcast("dj-sc")).isEqualTo(200);
            assertThat(titleUpdateShoutcast("guess")).isEqualTo(401);
        }
    }

    /**
     * A SHOUTcast encoder whose login waits for the backend (or its turn in the backend's line) has sent it: it counts
     * against neither --header-timeout nor --max-pending-per-address (here 1: a listener from its address gets in).
     */
    @Test
    void aShoutcastLoginWaitingForTheBackendNoLongerCountsAsWaitingToSendOne() {
        ServerConfig config = TestServer.config().withShoutcastMount("/live").withLimits(new ConnectionLimits(0, 1))
                .withMounts(List.of(MountConfig.builder("/live").sourceAuthUrl(URI.create(backend.url("/stream-auth"))).build()));
        Runnable answer = backend.holdAnswers();
        try (TestServer one = TestServer.start(config);
             RawClient source = RawClient.connect(one.server().shoutcastPort())) {
            source.send("guess\r\n");
            await("the backend asked").atMost(Duration.ofSeconds(5)).until(() -> backend.posts().size() == 1);
            try (RawClient listener = RawClient.connect(one.port())) {
                listener.send("GET /live HTTP/1.0\r\n\r\n");
                assertThat(listener.readHead().status()).isEqualTo(200);
            }
            answer.run();
            assertThat(new String(source.readToEnd(), StandardCharsets.US_ASCII)).isEqualTo(ShoutcastLogin.INVALID_PASSWORD);
        }
    }

    private int titleUpdate(String authorization) {
        try (RawClient client = RawClient.connect(server.port())) {
            client.send("GET /admin/metadata?mount=/live&mode=updinfo&song=DJ%20One%20-%20Live HTTP/1.0\r\nAuthorization: "
                    + authorization + "\r\n\r\n");
            return client.readHead().status();
        }
    }

    private int titleUpdateShoutcast(String password) {
        try (RawClient client = RawClient.connect(server.port())) {
            client.send("GET /admin.cgi?mode=updinfo&pass=" + password + "&song=Night HTTP/1.0\r\n\r\n");
            return client.readHead().status();
        }
    }

    private Mount mount() {
        return server.context().mounts().find("/live");
    }

    private static String head(String user, String password) {
        return "SOURCE /live HTTP/1.0\r\nHost: radio.example.org\r\nAuthorization: " + basic(user, password)
                + "\r\nContent-Type: audio/mpeg\r\n\r\n";
    }

}
