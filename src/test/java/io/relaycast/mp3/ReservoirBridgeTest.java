package io.relaycast.mp3;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.relaycast.testing.DecodedAudio;
import io.relaycast.testing.Ffmpeg;
import io.relaycast.testing.Programs;
import io.relaycast.testing.TestAudio;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Switches between real LAME streams: mid-stream, the new input's first frames reach back into audio data the listener
 * never got (from the other input), and real decoders turn that into a noise burst without a word; the bridge replaces
 * them with silent frames that carry the right bytes, and the new input then decodes exactly as it does on its own.
 */
class ReservoirBridgeTest {

    private static final Object INPUT_A = "A";
    private static final Object INPUT_B = "B";
    /** Where the splices below switch: A's first {@code SWITCH_AT} frames, then B from its frame {@code JOIN_AT}. */
    private static final int SWITCH_AT = 200;
    private static final int JOIN_AT = 100;

    @TempDir
    static Path dir;
    private static List<byte[]> a;
    private static List<byte[]> b;

    @BeforeAll
    static void encode() {
        a = TestAudio.frames(Ffmpeg.tone(dir.resolve("a.mp3"), 8, 128, 440));
        b = TestAudio.frames(Ffmpeg.tone(dir.resolve("b.mp3"), 8, 128, 1000));
    }

    @Test
    void framesOfOneInputPassUnchanged() {
        ReservoirBridge bridge = new ReservoirBridge();
        for (byte[] bytes : a) {
            Mp3Frame frame = frame(bytes);
            assertThat(bridge.next(INPUT_A, frame)).isSameAs(frame);
            frame.release();
        }
    }

    @Test
    void aNewEncodersFirstFrameReachesBackForNothingAndPassesAtOnce() {
        List<byte[]> out = splice(new ReservoirBridge(), a.subList(0, SWITCH_AT), b);
        assertThat(mainDataBegin(b.get(0))).isZero();
        assertThat(out).hasSize(SWITCH_AT + b.size());
        for (int i = 0; i < b.size(); i++) {
            assertThat(out.get(SWITCH_AT + i)).isEqualTo(b.get(i));
        }
    }

    @Test
    void aMidStreamSwitchReplacesTheFramesThatReachBackBeforeItWithSilentFramesCarryingTheirReservoir() {
        assertThat(mainDataBegin(b.get(JOIN_AT))).as("LAME uses its reservoir mid-stream").isPositive();
        List<byte[]> out = splice(new ReservoirBridge(), a.subList(0, SWITCH_AT), b.subList(JOIN_AT, b.size()));

        assertThat(out).hasSize(SWITCH_AT + b.size() - JOIN_AT);
        int bridges = bridgesAfter(out, SWITCH_AT);
        assertThat(bridges).as("frames replaced at 128 kbit/s").isBetween(1, 2);
        FrameHeader format = header(b.get(JOIN_AT));
        for (int i = SWITCH_AT; i < SWITCH_AT + bridges; i++) {
            FrameHeader bridgeFormat = header(out.get(i));
            assertThat(bridgeFormat.sameStreamAs(format)).isTrue();
            assertThat(bridgeFormat.channelMode()).isEqualTo(format.channelMode());
            assertThat(out.get(i)).hasSize(bridgeFormat.frameLength());
            assertThat(Arrays.copyOfRange(out.get(i), 4, 4 + 32)).as("side information of silence").containsOnly(0);
        }
        int firstPassed = JOIN_AT + bridges;
        int reach = mainDataBegin(b.get(firstPassed));
        byte[] lastBridge = out.get(SWITCH_AT + bridges - 1);
        assertThat(Arrays.copyOfRange(lastBridge, lastBridge.length - reach, lastBridge.length))
                .as("the bytes the first passed frame reaches back for")
                .isEqualTo(tailOfAudioData(b.subList(JOIN_AT, firstPassed), reach));
        for (int i = firstPassed; i < b.size(); i++) {
            assertThat(out.get(SWITCH_AT + i - JOIN_AT)).isEqualTo(b.get(i));
        }
    }

    @Test
    void everySwitchIsBridgedAndFramesBetweenSwitchesAreLeftAlone() {
        ReservoirBridge bridge = new ReservoirBridge();
        List<byte[]> out = new ArrayList<>();
        out.addAll(publish(bridge, INPUT_A, a.subList(50, 100)));
        out.addAll(publish(bridge, INPUT_B, b.subList(50, 100)));
        out.addAll(publish(bridge, INPUT_A, a.subList(150, 200)));
        assertThat(bridgesAfter(out, 0)).isPositive();
        assertThat(bridgesAfter(out, 50)).isPositive();
        assertThat(bridgesAfter(out, 100)).isPositive();
        assertThat(out.subList(10, 50)).containsExactlyElementsOf(a.subList(60, 100));
        assertThat(out.subList(60, 100)).containsExactlyElementsOf(b.subList(60, 100));
    }

    @Test
    void aGapInOneInputsOwnStreamIsBridgedLikeASwitch() {
        ReservoirBridge bridge = new ReservoirBridge();
        List<byte[]> out = publish(bridge, INPUT_A, a.subList(0, 100));
        int join = 150;
        Mp3Frame afterGap = new Mp3Frame(header(a.get(join)), Unpooled.wrappedBuffer(a.get(join)), true);
        Mp3Frame published = bridge.next(INPUT_A, afterGap);
        out.add(ByteBufUtil.getBytes(published.content()));
        published.release();
        out.addAll(publish(bridge, INPUT_A, a.subList(join + 1, 200)));

        int bridges = bridgesAfter(out, 100);
        assertThat(bridges).isBetween(1, 2);
        assertThat(out.subList(100 + bridges, out.size())).containsExactlyElementsOf(a.subList(join + bridges, 200));
    }

    @Test
    void aListenerJoiningMidStreamGetsABridgeBuiltFromTheFramesBeforeItsFirst() {
        int reach = mainDataBegin(b.get(JOIN_AT));
        List<ByteBuf> before = List.of(Unpooled.wrappedBuffer(TestAudio.concat(b.subList(JOIN_AT - 4, JOIN_AT - 1))),
                Unpooled.wrappedBuffer(b.get(JOIN_AT - 1)));
        Mp3Frame bridge = ReservoirBridge.joining(before, Unpooled.wrappedBuffer(b.get(JOIN_AT)));
        byte[] bytes = ByteBufUtil.getBytes(bridge.content());
        bridge.release();

        assertThat(isBridge(bytes)).isTrue();
        assertThat(header(bytes).sameStreamAs(header(b.get(JOIN_AT)))).isTrue();
        assertThat(Arrays.copyOfRange(bytes, bytes.length - reach, bytes.length))
                .isEqualTo(tailOfAudioData(b.subList(JOIN_AT - 4, JOIN_AT), reach));
        assertThat(ReservoirBridge.joining(List.of(Unpooled.wrappedBuffer(b.get(JOIN_AT - 1))),
                Unpooled.wrappedBuffer(b.get(JOIN_AT)))).as("one frame holds less than %d bytes", reach).isNull();
        assertThat(ReservoirBridge.joining(before, Unpooled.wrappedBuffer(b.get(0)))).as("reaches back for nothing").isNull();
    }

    @Test
    void theReplacedFrameIsReleasedAndTheBridgeIsTheCallersToRelease() {
        ReservoirBridge bridge = new ReservoirBridge();
        Mp3Frame first = frame(a.get(0));
        bridge.next(INPUT_A, first).release();
        Mp3Frame midStream = frame(b.get(JOIN_AT));
        Mp3Frame replaced = bridge.next(INPUT_B, midStream);
        assertThat(replaced).isNotSameAs(midStream);
        assertThat(midStream.refCnt()).isZero();
        assertThat(replaced.refCnt()).isEqualTo(1);
        replaced.release();
    }

    @Test
    void layerTwoHasNoReservoirAndPasses() {
        FrameHeader layer2 = new FrameHeader(MpegVersion.MPEG_1, 2, 192, 44100, false, ChannelMode.STEREO);
        byte[] bytes = new byte[layer2.frameLength()];
        ByteBuf header = Unpooled.buffer(4).writeInt(layer2.encode());
        header.readBytes(bytes, 0, 4);
        Arrays.fill(bytes, 4, bytes.length, (byte) 0xFF);
        assertThat(splice(new ReservoirBridge(), a.subList(0, 10), List.of(bytes, bytes))).endsWith(bytes, bytes);
    }

    @Test
    void anMpeg2StreamIsBridgedWithItsEightBitReservoir() {
        Path file = dir.resolve("lsf.mp3");
        Programs.run(Duration.ofSeconds(60), "ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i",
                "sine=frequency=700:sample_rate=22050:duration=6", "-ac", "1", "-c:a", "libmp3lame", "-b:a", "32k",
                file.toString()).assertSuccess();
        List<byte[]> lsf = TestAudio.frames(file);
        int join = firstReachingBack(lsf, 100);
        assertThat(header(lsf.get(join)).version()).isEqualTo(MpegVersion.MPEG_2);
        List<byte[]> out = splice(new ReservoirBridge(), a.subList(0, SWITCH_AT), lsf.subList(join, lsf.size()));

        int bridges = bridgesAfter(out, SWITCH_AT);
        assertThat(bridges).isPositive();
        int firstPassed = join + bridges;
        int reach = mainDataBegin(lsf.get(firstPassed));
        byte[] lastBridge = out.get(SWITCH_AT + bridges - 1);
        assertThat(header(lastBridge).version()).isEqualTo(MpegVersion.MPEG_2);
        assertThat(Arrays.copyOfRange(lastBridge, lastBridge.length - reach, lastBridge.length))
                .isEqualTo(tailOfAudioData(lsf.subList(join, firstPassed), reach));
        assertThat(out.get(SWITCH_AT + bridges)).isEqualTo(lsf.get(firstPassed));
    }

    /**
     * The click is real: without the bridge, both decoders turn B's first frames into noise louder than anything in A or B
     * (and say nothing about it). With it, the switch is a few frames of silence, and B is then sample for sample what B
     * decodes to on its own.
     */
    @ParameterizedTest
    @ValueSource(strings = {"ffmpeg", "mpg123"})
    void aMidStreamSwitchDecodesWithoutTheNoiseBurstItHasWithoutTheBridge(String decoder) throws Exception {
        List<byte[]> joined = b.subList(JOIN_AT, b.size());
        DecodedAudio reference = decode(decoder, "reference", b);
        double loudestTone = Math.max(reference.maxNoise(10, b.size() - 10), decode(decoder, "a", a).maxNoise(10, a.size() - 10));

        List<byte[]> plain = new ArrayList<>(a.subList(0, SWITCH_AT));
        plain.addAll(joined);
        DecodedAudio withoutBridge = decode(decoder, "plain", plain);
        assertThat(withoutBridge.maxNoise(SWITCH_AT, SWITCH_AT + 4)).as("noise burst without the bridge")
                .isGreaterThan(2 * loudestTone);

        List<byte[]> bridged = splice(new ReservoirBridge(), a.subList(0, SWITCH_AT), joined);
        DecodedAudio withBridge = decode(decoder, "bridged", bridged);
        assertThat(withBridge.maxNoise(10, bridged.size() - 10)).as("loudest window with the bridge")
                .isLessThanOrEqualTo(loudestTone);
        int settled = SWITCH_AT + bridgesAfter(bridged, SWITCH_AT) + 1;
        for (int frame = settled; frame < bridged.size() - 1; frame++) {
            assertThat(withBridge.sameFrame(frame, reference, frame - SWITCH_AT + JOIN_AT))
                    .as("%s window %d is B's own", decoder, frame).isTrue();
        }
    }

    private static DecodedAudio decode(String decoder, String name, List<byte[]> frames) throws Exception {
        Path file = Files.write(dir.resolve(decoder + "-" + name + ".mp3"), TestAudio.concat(frames));
        return decoder.equals("ffmpeg") ? DecodedAudio.ffmpeg(file) : DecodedAudio.mpg123(file);
    }

    /** What the bridge publishes for {@code first} from input A, then {@code second} from input B. */
    private static List<byte[]> splice(ReservoirBridge bridge, List<byte[]> first, List<byte[]> second) {
        List<byte[]> out = publish(bridge, INPUT_A, first);
        out.addAll(publish(bridge, INPUT_B, second));
        return out;
    }

    /** What the bridge publishes for {@code frames} from {@code input}. */
    private static List<byte[]> publish(ReservoirBridge bridge, Object input, List<byte[]> frames) {
        List<byte[]> out = new ArrayList<>();
        for (byte[] bytes : frames) {
            Mp3Frame published = bridge.next(input, frame(bytes));
            out.add(ByteBufUtil.getBytes(published.content()));
            published.release();
        }
        return out;
    }

    /** How many frames from {@code from} on are bridges: silent side information, unlike anything LAME writes. */
    private static int bridgesAfter(List<byte[]> out, int from) {
        int count = 0;
        while (from + count < out.size() && isBridge(out.get(from + count))) {
            count++;
        }
        return count;
    }

    private static boolean isBridge(byte[] frame) {
        int sideInfo = header(frame).sideInfoLength();
        for (int i = 4; i < 4 + sideInfo; i++) {
            if (frame[i] != 0) {
                return false;
            }
        }
        return true;
    }

    /** The last {@code length} bytes of the frames' audio data (what follows their side information), in stream order. */
    private static byte[] tailOfAudioData(List<byte[]> frames, int length) {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        for (byte[] frame : frames) {
            int start = 4 + header(frame).sideInfoLength();
            data.write(frame, start, frame.length - start);
        }
        byte[] all = data.toByteArray();
        return Arrays.copyOfRange(all, all.length - length, all.length);
    }

    private static int firstReachingBack(List<byte[]> frames, int from) {
        int i = from;
        while (mainDataBegin(frames.get(i)) == 0) {
            i++;
        }
        return i;
    }

    private static int mainDataBegin(byte[] frame) {
        return ReservoirBridge.mainDataBegin(header(frame), Unpooled.wrappedBuffer(frame), 4);
    }

    private static FrameHeader header(byte[] frame) {
        return FrameHeader.parse(Unpooled.wrappedBuffer(frame).getInt(0));
    }

    private static Mp3Frame frame(byte[] bytes) {
        return new Mp3Frame(header(bytes), Unpooled.wrappedBuffer(bytes));
    }
}
