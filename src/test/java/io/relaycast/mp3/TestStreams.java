package io.relaycast.mp3;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/** Builders for handcrafted MPEG audio streams, and a driver that runs bytes through a {@link FrameSync}. */
final class TestStreams {

    private static final int[][] BITRATES = {
        {32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448},
        {32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384},
        {32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320},
        {32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256},
        {8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160},
    };
    private static final int[][] SAMPLE_RATES = {{44100, 48000, 32000}, {22050, 24000, 16000}, {11025, 12000, 8000}};
    private static final String[] APE_KEYS = {"Title", "Artist", "Album", "Year", "Comment", "REPLAYGAIN_TRACK_GAIN"};

    /** What a {@link FrameSync} made of an input; {@code gaps} are the indexes of the frames marked after a gap. */
    record Result(List<byte[]> frames, List<FrameHeader> headers, List<Integer> gaps, SyncStats stats) {
        byte[] bytes() {
            return concat(frames);
        }
    }

    private TestStreams() {
    }

    static Set<FrameHeader> allHeaders() {
        Set<FrameHeader> all = new LinkedHashSet<>();
        for (MpegVersion version : MpegVersion.values()) {
            for (int layer = 1; layer <= 3; layer++) {
                for (int kbps : bitrates(version, layer)) {
                    for (int sampleRate : SAMPLE_RATES[version.ordinal()]) {
                        for (ChannelMode mode : ChannelMode.values()) {
                            all.add(new FrameHeader(version, layer, kbps, sampleRate, false, mode));
                            all.add(new FrameHeader(version, layer, kbps, sampleRate, true, mode));
                        }
                    }
                }
            }
        }
        return all;
    }

    static int[] bitrates(MpegVersion version, int layer) {
        return BITRATES[version == MpegVersion.MPEG_1 ? layer - 1 : Math.min(layer, 2) + 2];
    }

    static FrameHeader randomFormat(Random rnd) {
        MpegVersion version = MpegVersion.values()[rnd.nextInt(3)];
        int layer = rnd.nextInt(4) == 0 ? 1 + rnd.nextInt(2) : 3;
        int sampleRate = SAMPLE_RATES[version.ordinal()][rnd.nextInt(3)];
        return new FrameHeader(version, layer, bitrates(version, layer)[rnd.nextInt(14)], sampleRate, rnd.nextBoolean(),
            ChannelMode.values()[rnd.nextInt(4)]);
    }

    /** Another frame of the same stream as {@code format}, with random bitrate and padding (VBR). */
    static FrameHeader vbrSibling(FrameHeader format, Random rnd) {
        int[] rates = bitrates(format.version(), format.layer());
        return new FrameHeader(format.version(), format.layer(), rates[rnd.nextInt(rates.length)], format.sampleRate(),
            rnd.nextBoolean(), format.channelMode());
    }

    static FrameHeader mpeg1(int kbps, boolean padding) {
        return new FrameHeader(MpegVersion.MPEG_1, 3, kbps, 44100, padding, ChannelMode.JOINT_STEREO);
    }

    /** A frame: the encoded header, then random payload that now and then contains sync words. */
    static byte[] frame(FrameHeader header, Random rnd) {
        byte[] frame = randomBytes(rnd, header.frameLength());
        ByteBuffer.wrap(frame).putInt(0, header.encode());
        return frame;
    }

    static List<byte[]> frames(Random rnd, FrameHeader... headers) {
        List<byte[]> frames = new ArrayList<>();
        for (FrameHeader header : headers) {
            frames.add(frame(header, rnd));
        }
        return frames;
    }

    /** Random bytes with a sync word (0xFF 0xEx/0xFx) sprinkled in about every 64 bytes. */
    static byte[] randomBytes(Random rnd, int length) {
        byte[] bytes = new byte[length];
        rnd.nextBytes(bytes);
        for (int i = 0; i + 1 < length; i++) {
            if (rnd.nextInt(64) == 0) {
                bytes[i] = (byte) 0xFF;
                bytes[i + 1] = (byte) (0xE0 | rnd.nextInt(16));
            }
        }
        return bytes;
    }

    static byte[] id3v2(Random rnd, int bodyLength, boolean footer) {
        byte[] head = {'I', 'D', '3', 4, 0, (byte) (footer ? 0x10 : 0), (byte) (bodyLength >>> 21 & 0x7F),
            (byte) (bodyLength >>> 14 & 0x7F), (byte) (bodyLength >>> 7 & 0x7F), (byte) (bodyLength & 0x7F)};
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(head);
        byte[] body = randomBytes(rnd, bodyLength);
        // A body starts with a frame ID (here TIT2) or, too short for a frame, is padding.
        byte[] start = bodyLength >= 10 ? ascii("TIT2") : new byte[bodyLength];
        System.arraycopy(start, 0, body, 0, Math.min(start.length, bodyLength));
        out.writeBytes(body);
        if (footer) {
            head[0] = '3';
            head[1] = 'D';
            head[2] = 'I';
            out.writeBytes(head);
        }
        return out.toByteArray();
    }

    static byte[] id3v1(Random rnd) {
        byte[] tag = new byte[128];
        System.arraycopy(ascii("TAG"), 0, tag, 0, 3);
        for (int i = 3; i < 100; i++) {
            tag[i] = (byte) ('a' + rnd.nextInt(26));
        }
        tag[127] = (byte) rnd.nextInt(148);
        return tag;
    }

    /** An APEv2 tag with header and footer. */
    static byte[] apeWithHeader(Random rnd) {
        byte[] items = apeItems(rnd);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(apeStruct(2000, items.length + 32, 3, 0xA0000000));
        out.writeBytes(items);
        out.writeBytes(apeStruct(2000, items.length + 32, 3, 0x80000000));
        return out.toByteArray();
    }

    /** An APE tag as APEv1 writers leave it: items, then the footer. */
    static byte[] apeFooterOnly(Random rnd) {
        byte[] items = apeItems(rnd);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(items);
        out.writeBytes(apeStruct(rnd.nextBoolean() ? 1000 : 2000, items.length + 32, 3, 0));
        return out.toByteArray();
    }

    private static byte[] apeItems(Random rnd) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < 3; i++) {
            byte[] value = new byte[1 + rnd.nextInt(40)];
            for (int j = 0; j < value.length; j++) {
                value[j] = (byte) ('a' + rnd.nextInt(26));
            }
            out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(value.length).putInt(0).array());
            out.writeBytes(ascii(APE_KEYS[rnd.nextInt(APE_KEYS.length)]));
            out.write(0);
            out.writeBytes(value);
        }
        return out.toByteArray();
    }

    private static byte[] apeStruct(int version, int size, int items, int flags) {
        ByteBuffer struct = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN);
        struct.put(ascii("APETAGEX")).putInt(version).putInt(size).putInt(items).putInt(flags);
        return struct.array();
    }

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] concat(List<byte[]> parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        parts.forEach(out::writeBytes);
        return out.toByteArray();
    }

    /** Short, comparable descriptions of frames ("length:hash"), so that a failed assertion stays readable. */
    @SafeVarargs
    static List<String> describe(List<byte[]>... runs) {
        List<String> described = new ArrayList<>();
        for (List<byte[]> run : runs) {
            for (byte[] frame : run) {
                described.add(frame.length + ":" + Integer.toHexString(java.util.Arrays.hashCode(frame)));
            }
        }
        return described;
    }

    static byte[] concat(byte[]... parts) {
        return concat(List.of(parts));
    }

    /** Runs {@code input} through a fresh {@link FrameSync} in chunks of {@code chunk} bytes, then end of stream. */
    static Result sync(byte[] input, int chunk) {
        return sync(input, new Random(chunk), chunk, chunk);
    }

    /** Runs {@code input} through a fresh {@link FrameSync} in chunks of random size in [min, max]. */
    static Result sync(byte[] input, Random rnd, int min, int max) {
        FrameSync sync = new FrameSync();
        ByteBuf cumulation = Unpooled.buffer();
        List<byte[]> frames = new ArrayList<>();
        List<FrameHeader> headers = new ArrayList<>();
        List<Integer> gaps = new ArrayList<>();
        List<Object> out = new ArrayList<>();
        try {
            int offset = 0;
            while (offset < input.length) {
                int n = Math.min(input.length - offset, min + rnd.nextInt(max - min + 1));
                cumulation.writeBytes(input, offset, n);
                offset += n;
                sync.decode(cumulation, out);
                drain(out, frames, headers, gaps);
                cumulation.discardReadBytes();
            }
            sync.decodeLast(cumulation, out);
            drain(out, frames, headers, gaps);
        } finally {
            cumulation.release();
        }
        return new Result(frames, headers, gaps, sync.stats());
    }

    private static void drain(List<Object> out, List<byte[]> frames, List<FrameHeader> headers, List<Integer> gaps) {
        for (Object message : out) {
            Mp3Frame frame = (Mp3Frame) message;
            try {
                if (frame.afterGap()) {
                    gaps.add(frames.size());
                }
                frames.add(ByteBufUtil.getBytes(frame.content()));
                headers.add(frame.header());
            } finally {
                frame.release();
            }
        }
        out.clear();
    }
}
