package io.relaycast.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.buffer.Unpooled;
import io.relaycast.config.ListenerRules;
import io.relaycast.config.MountConfig;
import io.relaycast.config.ServerConfig;
import io.relaycast.mount.DisconnectReason;
import io.relaycast.mount.Mount;
import io.relaycast.mount.OnAir;
import io.relaycast.mp3.FrameHeader;
import io.relaycast.mp3.SilentFrames;
import io.relaycast.playlist.TestTracks;
import io.relaycast.testing.Capture;
import io.relaycast.testing.DecodedAudio;
import io.relaycast.testing.Ffmpeg;
import io.relaycast.testing.FrameChain;
import io.relaycast.testing.IcyDemux;
import io.relaycast.testing.RawClient;
import io.relaycast.testing.TestAudio;
import io.relaycast.testing.TestServer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A mount's intro (Icecast's {@code <intro>}): every new listener hears the file first, whole frames exactly as the file
 * has them, then joins the stream on a frame boundary without a noise burst where the intro's bit reservoir meets the
 * stream's.
 */
class IntroTest {

    @TempDir
    Path dir;

    @Test
    void everyNewListenerHearsTheIntroThenTheStreamSampleForSample() throws Exception {
        Path music = Files.createDirectories(dir.resolve("music"));
        List<byte[]> stream = TestAudio.frames(Ffmpeg.tone(music.resolve("tone.mp3"), 30, 128, 440));
        // Cut from the middle of a longer file, as `ffmpeg -ss 4 -t 2 -c copy` cuts one: its last frames leave audio data
        // in the bit reservoir, where the stream's first frame would look for its own.
        List<byte[]> introFrames = TestAudio.frames(Ffmpeg.tone(dir.resolve("jingle.mp3"), 8, 128, 330)).subList(100, 180);
        byte[] intro = TestAudio.concat(introFrames);
        Path introFile = Files.write(dir.resolve("intro.mp3"), intro);
        MountConfig mount = MountConfig.builder("/live").playlist(music)
                .listeners(ListenerRules.builder().intro(introFile).build()).build();
        Map<String, DecodedAudio> reference = new HashMap<>();
        Path streamFile = Files.write(dir.resolve("stream.mp3"), TestAudio.concat(stream));
        reference.put("ffmpeg", DecodedAudio.ffmpeg(streamFile));
        reference.put("mpg123", DecodedAudio.mpg123(streamFile));
        try (TestServer server = TestServer.start(TestServer.config().withMounts(List.of(mount)))) {
            Mount live = server.context().mounts().find("/live");
            assertThat(live.intro()).isNotNull();
            assertThat(live.intro().audio().readableBytes()).isEqualTo(intro.length);
            for (int listener = 0; listener < 2; listener++) {
                // The second joins later, further into the track.
                try (RawClient client = RawClient.connect(server.port())) {
                    client.send("GET /live HTTP/1.0\r\n\r\n");
                    assertThat(client.readHead().status()).isEqualTo(200);
                    try (Capture capture = Capture.of(client)) {
                        await().atMost(Duration.ofSeconds(10)).until(() -> capture.bytes() > intro.length + 100_000);
                        byte[] heard = FrameChain.wholeFrames(capture.data());
                        assertThat(Arrays.copyOf(heard, intro.length)).as("the intro's frames, all of them, first")
                                .isEqualTo(intro);
                        FrameChain.assertChain(heard, false);
                        assertJoinsTheStreamSampleForSample(Files.write(dir.resolve("heard-" + listener + ".mp3"), heard),
                                introFrames.size(), stream, reference);
                    }
                }
            }
        }
    }

    /**
     * After the intro, a silent frame carrying the stream's reservoir, then the stream's own frames; from the second of
     * them on (the first still overlaps the silence), both decoders give exactly what they give for the stream alone.
     * Without that silent frame the stream's first frame decodes from the intro's leftover audio data, and the frame after
     * it overlaps that.
     */
    private void assertJoinsTheStreamSampleForSample(Path heardFile, int introFrames, List<byte[]> stream,
                                                     Map<String, DecodedAudio> reference) {
        List<byte[]> heard = TestAudio.frames(heardFile);
        int join = introFrames;
        while (join < heard.size() && indexOf(stream, heard.get(join)) < 0) {
            join++;
        }
        assertThat(join - introFrames).as("silent frames between the intro and the stream").isBetween(0, 2);
        int streamAt = indexOf(stream, heard.get(join));
        assertThat(heard.subList(join, heard.size() - 1)).as("the stream's frames from there on, unchanged")
                .containsExactlyElementsOf(stream.subList(streamAt, streamAt + heard.size() - 1 - join));
        for (Map.Entry<String, DecodedAudio> decoder : reference.entrySet()) {
            DecodedAudio decoded = decoder.getKey().equals("ffmpeg") ? DecodedAudio.ffmpeg(heardFile)
                    : DecodedAudio.mpg123(heardFile);
            for (int frame = join + 1; frame < heard.size() - 2; frame++) {
                assertThat(decoded.sameFrame(frame, decoder.getValue(), streamAt + frame - join))
                        .as("%s window %d (stream frame %d) is the stream's own", decoder.getKey(), frame,
                                streamAt + frame - join).isTrue();
            }
        }
    }

    private static int indexOf(List<byte[]> frames, byte[] frame) {
        for (int i = 0; i < frames.size(); i++) {
            if (Arrays.equals(frames.get(i), frame)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * A hardware radio reads a long intro at playback speed through a small buffer, so the intro stays queued past the
     * channel's water mark for most of its length: it is listening, not stalled, for as long as it keeps reading.
     */
    @Test
    void aPlayerReadingALongIntroAtPlaybackSpeedIsNotDisconnectedAsStalled() throws Exception {
        Path music = Files.createDirectories(dir.resolve("music"));
        Ffmpeg.tone(music.resolve("tone.mp3"), 10, 128, 440);
        Ffmpeg.tone(dir.resolve("intro.mp3"), 60, 128, 330);
        MountConfig mount = MountConfig.builder("/live").playlist(music)
                .listeners(ListenerRules.builder().intro(dir.resolve("intro.mp3")).build()).build();
        ServerConfig config = SlowListenerTest.withListenerTimeout(TestServer.config(), Duration.ofSeconds(2));
        try (TestServer server = TestServer.start(config.withMounts(List.of(mount)));
             RawClient radio = RawClient.connect(server.port(), 4096)) {
            radio.send("GET /live HTTP/1.0\r\n\r\n");
            assertThat(radio.readHead().status()).isEqualTo(200);
            long start = System.nanoTime();
            for (int tick = 1; tick <= 60; tick++) {
                assertThat(radio.readExactly(1600).length).isEqualTo(1600);
                // Paces the reading at 16 kB/s, as a player plays 128 kbit/s: three times the listener timeout in all.
                Thread.sleep(Math.max(0, (start + tick * 100_000_000L - System.nanoTime()) / 1_000_000));
            }
            assertThat(server.context().mounts().find("/live").stats().disconnects(DisconnectReason.STALLED)).isZero();
            assertThat(radio.readExactly(1600).length).isEqualTo(1600);
        }
    }

    @Test
    void aPlayerThatAsksForTitlesGetsTheIntroWithMetadataBlocksWhereTheyBelong() throws Exception {
        Path music = Files.createDirectories(dir.resolve("music"));
        Ffmpeg.tone(music.resolve("tone.mp3"), 10, 128, 440);
        byte[] intro = TestAudio.concat(TestAudio.frames(Ffmpeg.tone(dir.resolve("intro.mp3"), 3, 128, 330)));
        MountConfig mount = MountConfig.builder("/live").playlist(music)
                .listeners(ListenerRules.builder().intro(dir.resolve("intro.mp3")).build()).build();
        try (TestServer server = TestServer.start(TestServer.config().withMounts(List.of(mount)));
             RawClient client = RawClient.connect(server.port())) {
            client.send("GET /live HTTP/1.0\r\nIcy-MetaData: 1\r\n\r\n");
            int metaint = Integer.parseInt(client.readHead().header("icy-metaint"));
            assertThat(metaint).as("the intro spans metadata blocks").isLessThan(intro.length);
            try (Capture capture = Capture.of(client)) {
                await().atMost(Duration.ofSeconds(10)).until(() -> capture.bytes() > intro.length + 64_000);
                byte[] audio = IcyDemux.audio(capture.data(), metaint, new ArrayList<>());
                assertThat(Arrays.copyOf(audio, intro.length)).isEqualTo(intro);
                FrameChain.assertChain(FrameChain.wholeFrames(audio), false);
            }
        }
    }

    @Test
    void aMonoIntroIsHeardAsStereoBeforeAStereoStreamAndAsItIsBeforeAMonoOne() throws Exception {
        Path intro = dir.resolve("welcome.mp3");
        TestTracks.tagged(intro, 2, 64, 330, 1, "Station", "Welcome");
        byte[] monoIntro = TestAudio.concat(TestAudio.frames(intro));
        int introFrames = TestAudio.frames(intro).size();
        for (int channels : new int[] {2, 1}) {
            Path music = Files.createDirectories(dir.resolve("music-" + channels));
            TestTracks.tagged(music.resolve("tone.mp3"), 10, 128, 440, channels, "Auto", "Tone");
            MountConfig mount = MountConfig.builder("/live").playlist(music)
                    .listeners(ListenerRules.builder().intro(intro).build()).build();
            try (TestServer server = TestServer.start(TestServer.config().withMounts(List.of(mount)))) {
                Mount live = server.context().mounts().find("/live");
                await().atMost(Duration.ofSeconds(10)).until(() -> live.onAir() == OnAir.PLAYLIST && live.format() != null
                        && live.format().channels() == channels);
                try (RawClient client = RawClient.connect(server.port())) {
                    client.send("GET /live HTTP/1.0\r\n\r\n");
                    assertThat(client.readHead().status()).isEqualTo(200);
                    try (Capture capture = Capture.of(client)) {
                        await().atMost(Duration.ofSeconds(10)).until(() -> capture.bytes() > 2 * monoIntro.length + 64_000);
                        byte[] heard = FrameChain.wholeFrames(capture.data());
                        FrameChain.assertChain(heard, false);
                        Path heardFile = Files.write(dir.resolve("heard-" + channels + ".mp3"), heard);
                        List<byte[]> frames = TestAudio.frames(heardFile);
                        // The server's own silence before the playlist's first frame may be in the burst: stereo, as
                        // always before any audio.
                        assertThat(frames).as("%d-channel stream: every frame of audio in its channels", channels)
                                .filteredOn(frame -> !SilentFrames.isFiller(Unpooled.wrappedBuffer(frame)))
                                .allMatch(frame -> FrameHeader.parse(ByteBuffer.wrap(frame).getInt()).channels() == channels);
                        if (channels == 1) {
                            assertThat(Arrays.copyOf(heard, monoIntro.length)).as("the mono intro as it is").isEqualTo(monoIntro);
                        } else {
                            assertThat(frames.subList(0, introFrames)).as("the intro, as mid/side stereo")
                                    .allMatch(frame -> (frame[3] >> 4 & 0b11) == 0b10);
                        }
                        assertThat(Ffmpeg.decodeErrors(heardFile)).isEmpty();
                    }
                }
            }
        }
    }

    @Test
    void anIntroThatIsNotMp3IsLeftOutAndListenersJoinTheStreamAsUsual() throws Exception {
        Path music = Files.createDirectories(dir.resolve("music"));
        Ffmpeg.tone(music.resolve("tone.mp3"), 10, 128, 440);
        Path notMp3 = Files.writeString(dir.resolve("intro.mp3"), "not audio at all\n".repeat(100), StandardCharsets.UTF_8);
        MountConfig mount = MountConfig.builder("/live").playlist(music)
                .listeners(ListenerRules.builder().intro(notMp3).build()).build();
        try (TestServer server = TestServer.start(TestServer.config().withMounts(List.of(mount)));
             RawClient client = RawClient.connect(server.port())) {
            assertThat(server.context().mounts().find("/live").intro()).isNull();
            client.send("GET /live HTTP/1.0\r\n\r\n");
            assertThat(client.readHead().status()).isEqualTo(200);
            byte[] burst = client.readExactly(16_000);
            assertThat(FrameChain.startsOnFrame(burst)).isTrue();
            FrameChain.assertChain(burst, true);
        }
    }
}
