package io.relaycast.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.buffer.ByteBufUtil;
import io.relaycast.config.MountConfig;
import io.relaycast.config.ServerConfig;
import io.relaycast.config.TlsSettings;
import io.relaycast.mount.LiveSource;
import io.relaycast.mount.Mount;
import io.relaycast.mount.MountObserver;
import io.relaycast.mount.OnAir;
import io.relaycast.playlist.TestTracks;
import io.relaycast.testing.Butt;
import io.relaycast.testing.Capture;
import io.relaycast.testing.CleanAudio;
import io.relaycast.testing.DecodedAudio;
import io.relaycast.testing.Ffmpeg;
import io.relaycast.testing.IcyDemux;
import io.relaycast.testing.LoggedWarnings;
import io.relaycast.testing.Mixxx;
import io.relaycast.testing.Programs;
import io.relaycast.testing.RawClient;
import io.relaycast.testing.SelfSignedCertificate;
import io.relaycast.testing.Station;
import io.relaycast.testing.TestServer;
import io.relaycast.testing.WebClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The encoders stations use, installed from Debian, streaming into relaycast; what a listener receives is decoded by
 * ffmpeg and mpg123 and must decode without a single error.
 */
class RealEncodersTest {

    private static final long FOUR_SECONDS_OF_AUDIO = 4 * 16_000;
    /** Mixxx's MP3 frames: 128 kbit/s at 48 kHz, never padded. */
    private static final int FRAME_BYTES_128K_48KHZ = 384;
    private static final Pattern STREAM_TITLE = Pattern.compile("StreamTitle='(.*?)';");

    @TempDir
    Path dir;

    @Test
    void ffmpegAsAPutSource() throws IOException {
        try (TestServer server = TestServer.start();
             Programs.Running source = Ffmpeg.liveSource(dir, server.icecastUrl("/live"), 20, 440)) {
            assertListenerGetsCleanAudio(server, "/live");
            assertThat(server.context().mounts().find("/live").liveSource().userAgent()).startsWith("Lavf");
        }
    }

    @Test
    void ffmpegAsALegacySourceClient() throws IOException {
        try (TestServer server = TestServer.start();
             Programs.Running source = Ffmpeg.liveSource(dir, server.icecastUrl("/legacy"), 20, 660, "-legacy_icecast", "1")) {
            assertListenerGetsCleanAudio(server, "/legacy");
        }
    }

    @Test
    void ffmpegSendingAacUnderItsDefaultContentTypeIsEndedAtItsFirstBytesWithAClearLogLine() {
        // ffmpeg labels whatever it streams audio/mpeg unless told otherwise: AAC arrives as "MP3" that has no frames.
        // It must not silence the mount's fallback until the source timeout (10 s), again at every reconnection.
        // Only the sniffer can end it within the bound: the source timeout is twice as long. The bound allows for
        // ffmpeg's start-up on a loaded machine.
        try (TestServer server = TestServer.start(TestServer.config(Duration.ofSeconds(30)));
             LoggedWarnings warnings = LoggedWarnings.of(ForeignAudioSniffer.class);
             Programs.Running source = Programs.start(dir, List.of("ffmpeg", "-nostdin", "-v", "error", "-re", "-f", "lavfi",
                     "-i", "sine=frequency=440:sample_rate=44100:duration=30", "-c:a", "aac", "-b:a", "96k", "-f", "adts",
                     server.icecastUrl("/aac")))) {
            await("the AAC source ended").atMost(Duration.ofSeconds(15)).until(() -> {
                Mount mount = server.context().mounts().find("/aac");
                return server.context().mounts().sourceConnections() == 1 && (mount == null || mount.liveSource() == null);
            });
            assertThat(warnings.first("source ", "AAC (ADTS)")).contains("/aac", "audio/mpeg", "MP3");
        }
    }

    @Test
    void liquidsoapWithSourceAndWithPut() throws IOException {
        try (TestServer server = TestServer.start()) {
            for (String method : List.of("source", "put")) {
                String mount = "/ls-" + method;
                Path script = Files.writeString(dir.resolve("radio-" + method + ".liq"), """
                        settings.init.allow_root.set(true)
                        settings.log.stdout.set(true)
                        output.icecast(%%mp3(bitrate=128), host="127.0.0.1", port=%d, password="%s", mount="%s",
                                       method="%s", name="LS Radio", fallible=true, sine(440.))
                        """.formatted(server.port(), TestServer.SOURCE_PASSWORD, mount.substring(1), method));
                try (Programs.Running liquidsoap = Programs.start(dir, List.of("liquidsoap", script.toString()))) {
                    assertListenerGetsCleanAudio(server, mount);
                    assertThat(server.context().mounts().find(mount).liveSource().userAgent()).startsWith("Liquidsoap");
                    assertThat(server.context().mounts().find(mount).info().name()).isEqualTo("LS Radio");
                }
            }
        }
    }

    @Test
    void ezstreamThroughLibshoutWithItsMetadata() throws IOException {
        Path music = Ffmpeg.tone(dir.resolve("Test Artist - Test Song.mp3"), 20, 128, 550);
        try (TestServer server = TestServer.start()) {
            Path config = ezstreamConfig(server.port(), "/ez", music);
            try (Programs.Running ezstream = Programs.start(dir, List.of("ezstream", "-c", config.toString()))) {
                await().atMost(Duration.ofSeconds(30)).until(() -> server.context().mounts().find("/ez") != null
                        && server.context().mounts().find("/ez").format() != null);
                assertThat(server.context().mounts().find("/ez").info().name()).isEqualTo("EZ Station");
                assertThat(server.context().mounts().find("/ez").liveSource().userAgent()).contains("libshout");
                try (RawClient listener = RawClient.connect(server.port())) {
                    listener.send("GET /ez HTTP/1.1\r\nHost: x\r\nIcy-MetaData: 1\r\n\r\n");
                    RawClient.Head head = listener.readHead();
                    assertThat(head.header("icy-name")).isEqualTo("EZ Station");
                    int metaint = Integer.parseInt(head.header("icy-metaint"));
                    try (Capture capture = Capture.of(listener)) {
                        // libshout sends the title in a request of its own, which may come after the listener joined
                        // (and after the join burst filled the first blocks): it must reach the listener in a later one.
                        await().atMost(Duration.ofSeconds(15)).until(() -> capture.bytes() > 3L * (metaint + 100)
                                && IcyDemux.titles(capture.data(), metaint).stream()
                                        .anyMatch(t -> t.contains("Test Artist - Test Song")));
                        List<String> titles = new ArrayList<>();
                        byte[] audio = IcyDemux.audio(capture.data(), metaint, titles);
                        assertThat(titles).anyMatch(t -> t.contains("Test Artist - Test Song"));
                        assertDecodesCleanly(audio);
                    }
                }
            }
        }
    }

    @Test
    void gstreamersShout2sendFromAFileAndFromLameWithItsTitles() throws IOException {
        Path music = Ffmpeg.tone(dir.resolve("gst.mp3"), 20, 128, 550);
        try (TestServer server = TestServer.start();
             Programs.Running file = Programs.start(dir, gstLaunch(server, "/gst-file", "filesrc", "location=" + music));
             Programs.Running lame = Programs.start(dir, gstLaunch(server, "/gst-lame", "audiotestsrc", "is-live=true",
                     "freq=660", "!", "audioconvert", "!", "lamemp3enc", "target=bitrate", "bitrate=128", "cbr=true"))) {
            assertListenerGetsCleanAudio(server, "/gst-file");
            assertThat(server.context().mounts().find("/gst-file").liveSource().userAgent()).startsWith("GStreamer");
            assertListenerGetsCleanAudio(server, "/gst-lame");
            // shout2send sends each tag event as a title update, through libshout: the injected title must arrive.
            await().atMost(Duration.ofSeconds(10)).until(() -> server.context().mounts().find("/gst-lame").liveMetadata()
                    .title().equals("Gstreamer - Söng"));
        }
    }

    /**
     * gst-launch-1.0 from {@code source...} through the MP3 parser (and a title) to shout2send, libshout's HTTP protocol.
     * gst-launch joins its arguments into one pipeline description: no spaces in the tags.
     */
    private static List<String> gstLaunch(TestServer server, String mount, String... source) {
        List<String> command = new ArrayList<>(List.of("gst-launch-1.0", "-q"));
        command.addAll(List.of(source));
        command.addAll(List.of("!", "mpegaudioparse", "!", "taginject", "tags=artist=\"Gstreamer\",title=\"Söng\"",
                "!", "shout2send", "ip=127.0.0.1", "port=" + server.port(), "mount=" + mount,
                "password=" + TestServer.SOURCE_PASSWORD));
        return command;
    }

    @Test
    void darkiceFromAlsasNullDevice() throws IOException {
        // No sound card here: ALSA's null device gives silence as fast as darkice reads it, so its 8 s come at once.
        try (TestServer server = TestServer.start()) {
            Mount mount = server.context().mounts().keep("/dk", this);
            List<String> agents = new CopyOnWriteArrayList<>();
            mount.addObserver(new MountObserver() {
                @Override
                public void liveStarted(Mount liveMount, LiveSource source) {
                    agents.add(source.userAgent() + " / " + source.info().name());
                }
            });
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            mount.addFrameTap(frame -> {
                synchronized (received) {
                    received.writeBytes(ByteBufUtil.getBytes(frame.content()));
                }
                frame.release();
            });
            Path config = Files.writeString(dir.resolve("darkice.cfg"), """
                    [general]
                    duration = 8
                    bufferSecs = 1
                    [input]
                    device = null
                    sampleRate = 44100
                    bitsPerSample = 16
                    channel = 2
                    [icecast2-0]
                    bitrateMode = cbr
                    format = mp3
                    bitrate = 128
                    server = 127.0.0.1
                    port = %d
                    password = %s
                    mountPoint = dk
                    name = DarkIce Station
                    """.formatted(server.port(), TestServer.SOURCE_PASSWORD));
            Programs.run(dir, Duration.ofSeconds(60), List.of("darkice", "-c", config.toString())).assertSuccess();
            // Off air once the mount's loop has taken the source's last frames and its leaving, in that order.
            await().atMost(Duration.ofSeconds(5)).until(() -> mount.liveSource() == null && mount.onAir() != OnAir.LIVE
                    && mount.stats().framesReceived() > 0);
            assertThat(agents).singleElement().asString().startsWith("DarkIce/").endsWith(" / DarkIce Station");
            assertThat(mount.stats().framesReceived()).as("8 s of frames").isBetween(290L, 320L);
            assertThat(mount.stats().resyncDropped()).isZero();
            byte[] audio;
            synchronized (received) {
                audio = received.toByteArray();
            }
            assertDecodesCleanly(audio);
        }
    }

    @Test
    void buttAsAnIcecastSourceWithItsTitleAndListenerCount() throws IOException {
        Station station = new Station("Butt Station", "Jazz", "Live from butt", "http://butt.example/");
        try (TestServer server = TestServer.start();
             Butt butt = Butt.icecast(dir, server.port(), TestServer.SOURCE_PASSWORD, "butt", station, null)) {
            butt.connect();
            assertListenerGetsCleanAudio(server, "/butt");
            Mount mount = server.context().mounts().find("/butt");
            assertThat(mount.liveSource().userAgent()).startsWith("butt ");
            assertStationInfo(mount, station);
            assertThat(mount.info().audioInfo()).contains("ice-bitrate=128");
            try (RawClient listener = RawClient.connect(server.port())) {
                listener.send("GET /butt HTTP/1.1\r\nHost: x\r\nIcy-MetaData: 1\r\n\r\n");
                int metaint = Integer.parseInt(listener.readHead().header("icy-metaint"));
                try (Capture capture = Capture.of(listener)) {
                    // butt's song field (butt -u): /admin/metadata with the source login, in UTF-8.
                    String title = "Bütt Artist - Söng & Title";
                    butt.updateSong(title);
                    String icyTitle = "StreamTitle='" + title + "';";
                    await().atMost(Duration.ofSeconds(15)).until(() -> capture.bytes() > 3L * (metaint + 100)
                            && IcyDemux.titles(capture.data(), metaint).stream().anyMatch(t -> t.contains(icyTitle)));
                    assertThat(WebClient.get(server.url("/status-json.xsl")).body()).contains("\"title\":\"" + title + "\"");
                    // butt shows how many listen, read from /status-json.xsl every 3 s: this listener.
                    butt.awaitStatus("listeners", "1", Duration.ofSeconds(20));
                    Path received = assertDecodesCleanly(IcyDemux.audio(capture.data(), metaint, new ArrayList<>()));
                    assertThat(DecodedAudio.ffmpeg(received).peak()).as("the metronome's tone").isGreaterThan(8000);
                }
            }
            assertThat(mount.stats().resyncDropped()).as("butt streams whole frames").isZero();
            butt.disconnect();
            await().atMost(Duration.ofSeconds(10)).until(() -> mount.liveSource() == null);
        }
    }

    @Test
    void buttOverTlsToTheTlsPort() throws Exception {
        SelfSignedCertificate localhost = SelfSignedCertificate.localhost(dir);
        Station station = new Station("Secure Station", "Jazz", "Live over TLS", "https://butt.example/");
        ServerConfig config = TestServer.config().withTls(new TlsSettings(0, localhost.certificate(), localhost.key()));
        try (TestServer server = TestServer.start(config);
             Butt butt = Butt.icecastOverTls(dir, server.server().tlsPort(), TestServer.SOURCE_PASSWORD, "secure", station,
                     localhost.certificate())) {
            butt.connect();
            assertListenerGetsCleanAudio(server, "/secure");
            Mount mount = server.context().mounts().find("/secure");
            assertThat(mount.liveSource().userAgent()).startsWith("butt ");
            assertThat(mount.info().name()).isEqualTo("Secure Station");
            // The title goes to /admin/metadata on the TLS port too.
            String title = "Bütt Artist - Söng over TLS";
            butt.updateSong(title);
            await().atMost(Duration.ofSeconds(15)).until(() -> title.equals(mount.liveMetadata().title()));
            // A listener over TLS, checking the certificate as butt does.
            Path heard = dir.resolve("heard-over-tls.mp3");
            Programs.run(dir, Duration.ofSeconds(30), List.of("ffmpeg", "-nostdin", "-v", "error", "-y", "-tls_verify", "1",
                    "-ca_file", localhost.certificate().toString(), "-icy", "0", "-i",
                    "https://localhost:" + server.server().tlsPort() + "/secure", "-t", "5", "-c", "copy", "-f", "mp3",
                    "-id3v2_version", "0", "-write_xing", "0", heard.toString())).assertSuccess();
            Path received = assertDecodesCleanly(Files.readAllBytes(heard));
            assertThat(DecodedAudio.ffmpeg(received).peak()).as("the metronome's tone").isGreaterThan(8000);
            // butt reads the listener count from /status-json.xsl over TLS (-1 if it could not): a listener on the plain port.
            try (RawClient listener = RawClient.connect(server.port())) {
                listener.send("GET /secure HTTP/1.1\r\nHost: x\r\n\r\n");
                try (Capture capture = Capture.of(listener)) {
                    butt.awaitStatus("listeners", "1", Duration.ofSeconds(20));
                }
            }
            assertThat(mount.stats().resyncDropped()).as("butt streams whole frames").isZero();
            butt.disconnect();
            await().atMost(Duration.ofSeconds(10)).until(() -> mount.liveSource() == null);
        }
    }

    @Test
    void mixxxAsAnIcecastSourceWithItsTrackTitle() throws IOException {
        Path track = TestTracks.tagged(dir.resolve("track.mp3"), 60, 128, 440, 2, 48_000, "Mïxxx Ärtist", "Söng & Title");
        Station station = new Station("Mixxx Station", "House", "Live from Mixxx", "https://mixxx.example/");
        try (TestServer server = TestServer.start();
             Mixxx mixxx = Mixxx.icecast(dir, server.port(), TestServer.SOURCE_PASSWORD, "/mixxx", station, track)) {
            mixxx.goOnAir();
            await().atMost(Duration.ofSeconds(15)).until(() -> server.context().mounts().find("/mixxx") != null
                    && server.context().mounts().find("/mixxx").format() != null);
            Mount mount = server.context().mounts().find("/mixxx");
            assertThat(mount.liveSource().userAgent()).contains("libshout");
            assertStationInfo(mount, station);
            assertThat(mount.info().audioInfo()).contains("bitrate=128");
            assertThat(mount.format().sampleRate()).as("Mixxx's engine rate with no sound card").isEqualTo(48_000);
            assertThat(mount.format().bitrateKbps()).isEqualTo(128);
            mixxx.play();
            try (RawClient listener = RawClient.connect(server.port())) {
                listener.send("GET /mixxx HTTP/1.1\r\nHost: x\r\nIcy-MetaData: 1\r\n\r\n");
                int metaint = Integer.parseInt(listener.readHead().header("icy-metaint"));
                try (Capture capture = Capture.of(listener)) {
                    // Once the deck plays, Mixxx sends the track's tags to /admin/metadata, in UTF-8.
                    String title = "Mïxxx Ärtist - Söng & Title";
                    String icyTitle = "StreamTitle='" + title + "';";
                    await().atMost(Duration.ofSeconds(20))
                            .until(() -> IcyDemux.titles(capture.data(), metaint).stream().anyMatch(t -> t.contains(icyTitle)));
                    assertThat(WebClient.get(server.url("/status-json.xsl")).body()).contains("\"title\":\"" + title + "\"");
                    // The join burst held the silence from before the deck played: 4 s more, of the track.
                    long heard = capture.bytes();
                    await().atMost(Duration.ofSeconds(15)).until(() -> capture.bytes() > heard + FOUR_SECONDS_OF_AUDIO);
                    Path received = assertDecodesCleanly(IcyDemux.audio(capture.data(), metaint, new ArrayList<>()));
                    // The tone peaks at about 2750 in the file, and at about 4300 from Mixxx, at the track's ReplayGain (+4 dB).
                    assertThat(DecodedAudio.ffmpeg(received).peak()).as("the track's tone").isGreaterThan(2000);
                }
            }
            mixxx.goOffAir();
            await().atMost(Duration.ofSeconds(10)).until(() -> mount.liveSource() == null);
            // Mixxx 2.3 ends its stream with the start of a frame it never finishes (221 bytes of a 384-byte frame, each time
            // we looked, whatever the length of the broadcast): the resync drops that, and nothing else.
            assertThat(mount.stats().resyncDropped()).as("less than Mixxx's last frame").isLessThan(FRAME_BYTES_128K_48KHZ);
        }
    }

    @Test
    void mixxxTakesAnAutoDjMountOverAndHandsItBackWhileAListenerStays() throws IOException {
        // The playlist at Mixxx's 48 kHz: a change of sample rate at the switch is another matter.
        Path music = Files.createDirectories(dir.resolve("music"));
        TestTracks.tagged(music.resolve("1.mp3"), 20, 128, 660, 2, 48_000, "Auto", "Dj");
        Path track = TestTracks.tagged(dir.resolve("set.mp3"), 60, 128, 440, 2, 48_000, "Mïxxx", "Live Set");
        Station station = new Station("Mixxx Live", "House", "Live over the AutoDJ", "https://mixxx.example/");
        ServerConfig config = TestServer.config().withMounts(List.of(MountConfig.withPlaylist("/radio", music)));
        try (TestServer server = TestServer.start(config);
             Mixxx mixxx = Mixxx.icecast(dir, server.port(), TestServer.SOURCE_PASSWORD, "/radio", station, track);
             RawClient listener = RawClient.connect(server.port())) {
            Mount mount = server.context().mounts().find("/radio");
            listener.send("GET /radio HTTP/1.1\r\nHost: x\r\nIcy-MetaData: 1\r\n\r\n");
            int metaint = Integer.parseInt(listener.readHead().header("icy-metaint"));
            try (Capture capture = Capture.of(listener)) {
                awaitTitles(capture, metaint, List.of("Auto - Dj"));
                mixxx.play();
                mixxx.goOnAir();
                await().atMost(Duration.ofSeconds(15)).until(() -> mount.onAir() == OnAir.LIVE);
                awaitTitles(capture, metaint, List.of("Auto - Dj", "Mïxxx - Live Set"));
                // From here on the listener hears Mixxx, until it goes off air: at 128 kbit/s and 48 kHz, frames of 384 bytes.
                int liveFrom = IcyDemux.audio(capture.data(), metaint, new ArrayList<>()).length / FRAME_BYTES_128K_48KHZ;
                long live = capture.bytes();
                await().atMost(Duration.ofSeconds(15)).until(() -> capture.bytes() > live + FOUR_SECONDS_OF_AUDIO);
                int liveTo = IcyDemux.audio(capture.data(), metaint, new ArrayList<>()).length / FRAME_BYTES_128K_48KHZ;
                mixxx.goOffAir();
                await().atMost(Duration.ofSeconds(10)).until(() -> mount.onAir() == OnAir.PLAYLIST);
                awaitTitles(capture, metaint, List.of("Auto - Dj", "Mïxxx - Live Set", "Auto - Dj"));
                long back = capture.bytes();
                await().atMost(Duration.ofSeconds(15)).until(() -> capture.bytes() > back + FOUR_SECONDS_OF_AUDIO);
                assertThat(capture.ended()).as("the listener's connection").isFalse();
                Path received = assertDecodesCleanly(IcyDemux.audio(capture.data(), metaint, new ArrayList<>()));
                DecodedAudio decoded = DecodedAudio.ffmpeg(received);
                assertThat(decoded.peak(0, liveFrom)).as("the AutoDJ's tone").isGreaterThan(2000);
                assertThat(decoded.peak(liveFrom, liveTo)).as("Mixxx's tone").isGreaterThan(2000);
            }
            assertThat(mount.stats().sourceConnects()).isEqualTo(1);
            assertThat(mount.stats().resyncDropped()).as("less than Mixxx's last frame").isLessThan(FRAME_BYTES_128K_48KHZ);
        }
    }

    /** Waits until the listener has seen {@code titles}, in that order, a title repeated in a row counting once. */
    private static void awaitTitles(Capture capture, int metaint, List<String> titles) {
        await("titles " + titles).atMost(Duration.ofSeconds(20)).until(() -> {
            List<String> seen = new ArrayList<>();
            for (String block : IcyDemux.titles(capture.data(), metaint)) {
                Matcher title = STREAM_TITLE.matcher(block);
                String text = title.find() ? title.group(1) : "";
                if (!text.isEmpty() && (seen.isEmpty() || !seen.get(seen.size() - 1).equals(text))) {
                    seen.add(text);
                }
            }
            return seen.equals(titles);
        });
    }

    /** The station information the encoder sent with its audio. */
    private static void assertStationInfo(Mount mount, Station station) {
        assertThat(mount.info().name()).isEqualTo(station.name());
        assertThat(mount.info().genre()).isEqualTo(station.genre());
        assertThat(mount.info().description()).isEqualTo(station.description());
        assertThat(mount.info().url()).isEqualTo(station.url());
    }

    private void assertListenerGetsCleanAudio(TestServer server, String mount) throws IOException {
        await().atMost(Duration.ofSeconds(30)).until(() -> server.context().mounts().find(mount) != null
                && server.context().mounts().find(mount).format() != null);
        try (RawClient listener = RawClient.connect(server.port())) {
            listener.send("GET " + mount + " HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(listener.readHead().status()).isEqualTo(200);
            try (Capture capture = Capture.of(listener)) {
                await().atMost(Duration.ofSeconds(15)).until(() -> capture.bytes() > FOUR_SECONDS_OF_AUDIO);
                assertDecodesCleanly(capture.data());
            }
        }
    }

    private Path assertDecodesCleanly(byte[] audio) throws IOException {
        return CleanAudio.assertDecodesCleanly(dir, audio, 101);
    }

    private Path ezstreamConfig(int port, String mount, Path music) throws IOException {
        String xml = """
                <?xml version="1.0" encoding="UTF-8"?>
                <ezstream>
                  <servers><server><protocol>HTTP</protocol><hostname>127.0.0.1</hostname><port>%d</port>
                    <password>%s</password></server></servers>
                  <streams><stream><mountpoint>%s</mountpoint><format>MP3</format><stream_name>EZ Station</stream_name>
                    <stream_bitrate>128</stream_bitrate></stream></streams>
                  <intakes><intake><filename>%s</filename><stream_once>no</stream_once></intake></intakes>
                </ezstream>
                """.formatted(port, TestServer.SOURCE_PASSWORD, mount, music);
        Path config = Files.writeString(dir.resolve("ezstream.xml"), xml);
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-------"));
        return config;
    }
}
