package io.relaycast.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.buffer.ByteBufUtil;
import io.relaycast.config.MountConfig;
import io.relaycast.config.ServerConfig;
import io.relaycast.icy.IcyMetadata;
import io.relaycast.mount.Mount;
import io.relaycast.mp3.ChannelMode;
import io.relaycast.mp3.FrameHeader;
import io.relaycast.mp3.MpegVersion;
import io.relaycast.testing.Capture;
import io.relaycast.testing.IcyDemux;
import io.relaycast.testing.RawClient;
import io.relaycast.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A title the origin sends in the middle of a large read (the connect burst, a read after a stall) reaches the relay's
 * ICY listeners where the origin put it: after the audio before it in that read, not over it.
 */
class RelayTitleOrderTest {

    private static final String LOCAL = "/radio";
    private static final FrameHeader FORMAT = new FrameHeader(MpegVersion.MPEG_1, 3, 128, 44100, false,
            ChannelMode.JOINT_STEREO);
    private static final int ORIGIN_METAINT = 16000;
    private static final int RELAY_METAINT = 8192;
    /** The origin's audio: four blocks' worth to warm up, one more of track A, then track B. */
    private static final int TRACK_B_STARTS = 5 * ORIGIN_METAINT;
    private static final int AUDIO_BYTES = 8 * ORIGIN_METAINT;

    @Test
    void aTitleInTheSameReadAsTheEndOfTheLastTrackIsShownWhereTheNewTrackStarts() throws Exception {
        byte[] audio = tracks();
        try (ServerSocket origin = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            origin.setSoTimeout(10_000);
            ServerConfig config = TestServer.config().toBuilder().metaint(RELAY_METAINT).mounts(List.of(
                    MountConfig.builder(LOCAL).relay(URI.create("http://127.0.0.1:" + origin.getLocalPort() + "/live")).build()))
                    .build();
            try (TestServer relay = TestServer.start(config); Socket client = origin.accept()) {
                readHead(client.getInputStream());
                client.getOutputStream().write(wire(audio, 0, 4,
                        "ICY 200 OK\r\nicy-metaint: 16000\r\ncontent-type: audio/mpeg\r\n\r\n"));
                Mount mount = relay.context().mounts().find(LOCAL);
                await("the warm-up relayed").atMost(Duration.ofSeconds(10)).until(() -> mount.stats().framesReceived() >= 150);
                try (RawClient listener = RawClient.connect(relay.port())) {
                    listener.send("GET " + LOCAL + " HTTP/1.1\r\nHost: x\r\nIcy-MetaData: 1\r\n\r\n");
                    assertThat(listener.readHead().header("icy-metaint")).isEqualTo(String.valueOf(RELAY_METAINT));
                    try (Capture capture = Capture.of(listener)) {
                        // One write: the end of track A, the block naming B, and B, read by the relay at once.
                        client.getOutputStream().write(wire(audio, 4, 8, ""));
                        await("track B heard").atMost(Duration.ofSeconds(10))
                                .until(() -> bytesOfTrackB(IcyDemux.audio(capture.data(), RELAY_METAINT, new ArrayList<>()))
                                        > 20_000);
                        // Before the origin's first block its audio has no title: the relay's first block may say none.
                        assertThat(titlesOverTrackA(capture.data())).contains("StreamTitle='A';")
                                .noneMatch(title -> title.contains("'B'"));
                    }
                }
            }
        }
    }

    /** The title in force at each of the listener's blocks that sits in track A's audio, more than two frames before B. */
    private static List<String> titlesOverTrackA(byte[] wire) {
        List<String> blocks = new ArrayList<>();
        byte[] heard = IcyDemux.audio(wire, RELAY_METAINT, blocks);
        int firstB = heard.length - bytesOfTrackB(heard);
        List<String> overA = new ArrayList<>();
        String shown = "";
        for (int i = 0; i < blocks.size() && (i + 1) * RELAY_METAINT < firstB - 2 * FORMAT.frameLength(); i++) {
            shown = blocks.get(i).isEmpty() ? shown : blocks.get(i);
            overA.add(shown);
        }
        return overA;
    }

    /** Bytes from the first byte of track B's frames on. */
    private static int bytesOfTrackB(byte[] heard) {
        for (int i = 0; i < heard.length; i++) {
            if (heard[i] == 'B') {
                return heard.length - i;
            }
        }
        return 0;
    }

    /** Whole frames, their bodies 'A' up to the one the block naming B falls in, 'B' after. */
    private static byte[] tracks() {
        ByteArrayOutputStream audio = new ByteArrayOutputStream();
        while (audio.size() < AUDIO_BYTES) {
            byte[] frame = new byte[FORMAT.frameLength()];
            Arrays.fill(frame, (byte) (audio.size() < TRACK_B_STARTS ? 'A' : 'B'));
            ByteBuffer.wrap(frame).putInt(0, FORMAT.encode());
            audio.writeBytes(frame);
        }
        return Arrays.copyOf(audio.toByteArray(), AUDIO_BYTES);
    }

    /** {@code head}, then the origin's blocks of audio {@code from} up to {@code to}, each followed by its title block. */
    private static byte[] wire(byte[] audio, int from, int to, String head) {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        wire.writeBytes(head.getBytes(StandardCharsets.ISO_8859_1));
        for (int block = from; block < to; block++) {
            wire.write(audio, block * ORIGIN_METAINT, ORIGIN_METAINT);
            String title = (block + 1) * ORIGIN_METAINT < TRACK_B_STARTS ? "A" : "B";
            wire.writeBytes(ByteBufUtil.getBytes(IcyMetadata.of(title, "").block()));
        }
        return wire.toByteArray();
    }

    private static void readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        for (int b; head.indexOf("\r\n\r\n") < 0 && (b = in.read()) >= 0; ) {
            head.append((char) b);
        }
    }
}
