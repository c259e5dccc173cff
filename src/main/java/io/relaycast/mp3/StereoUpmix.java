package io.relaycast.mp3;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * Turns mono Layer III frames into joint-stereo frames that sound the same, so that a stereo stream stays stereo when a
 * mono track or jingle plays in it. Some players cannot follow a stream whose channel count changes: VLC 3's MP3 decoder
 * fails on every frame once mono turns back into stereo, until the listener reconnects.
 *
 * <p>No audio is decoded or encoded again. A mono frame's audio data becomes the mid channel of a mid/side stereo frame
 * whose side channel is empty (no bits), so both channels decode to the mid channel. Mid/side decoding scales the mid
 * channel by 1/&radic;2, and the global gain, in steps of 2<sup>1/4</sup>, is raised by exactly two steps to make up
 * for it: the decoded samples equal the mono frame's on both channels. The stereo side information is 15 bytes longer
 * (8 in MPEG-2), so each stereo frame takes the lowest bitrate at which it holds its audio data and at least as much as
 * the mono frame did; its audio data starts in its own frame ({@code main_data_begin} 0), taken from where the mono
 * frame had it, this frame or the bit reservoir of the ones before.
 *
 * <p>One per mount, confined to the mount's loop, after the mount's {@link ReservoirBridge}: the frames it sees reach
 * back only into frames it has seen.
 */
public final class StereoUpmix {

    private static final int HEADER_BYTES = 4;
    private static final int MAX_RESERVOIR = 511;
    private static final int MODE_EXTENSION_MID_SIDE = 0b10 << 4;
    /** Header bits kept from the mono frame: private, copyright, original and emphasis. */
    private static final int KEPT_HEADER_BITS = 1 << 8 | 0b1111;
    private static final int GAIN_STEPS_OF_MID_SIDE = 2;
    private static final int MAX_GLOBAL_GAIN = 255;

    /** The audio data areas of the frames seen last, oldest first: what a frame's {@code main_data_begin} points into. */
    private byte[] history = new byte[4 * 1024];
    private int historyLength;

    /**
     * The frame to publish for {@code frame}: a mono Layer III frame turned into joint stereo when {@code stereoStream},
     * otherwise {@code frame} itself. Takes ownership of {@code frame}; the caller owns what is returned.
     *
     * @param stereoStream whether the stream so far carries two channels
     */
    public Mp3Frame next(Mp3Frame frame, boolean stereoStream) {
        FrameHeader header = frame.header();
        ByteBuf content = frame.content();
        int start = content.readerIndex();
        int sideInfo = ReservoirBridge.sideInfoStart(content, start);
        int area = sideInfo + header.sideInfoLength();
        int end = start + header.frameLength();
        if (header.layer() != 3 || end > content.writerIndex() || area > end) {
            return frame;
        }
        int areaStart = remember(content, area, end - area);
        if (header.channels() != 1 || !stereoStream) {
            return frame;
        }
        try {
            return upmix(header, content.getInt(start), new MonoSideInfo(content, sideInfo, header.version()), areaStart,
                    end - area);
        } finally {
            frame.release();
        }
    }

    /** Appends a frame's audio data area to the history; returns where in the history it starts. */
    private int remember(ByteBuf content, int from, int length) {
        int keep = Math.min(historyLength, MAX_RESERVOIR);
        if (historyLength + length > history.length) {
            System.arraycopy(history, historyLength - keep, history, 0, keep);
            historyLength = keep;
            if (keep + length > history.length) {
                byte[] larger = new byte[keep + length];
                System.arraycopy(history, 0, larger, 0, keep);
                history = larger;
            }
        }
        int at = historyLength;
        content.getBytes(from, history, at, length);
        historyLength += length;
        return at;
    }

    private Mp3Frame upmix(FrameHeader mono, int monoHeader32, MonoSideInfo side, int areaStart, int monoArea) {
        int dataStart = areaStart - side.mainDataBegin();
        int dataLength = (side.audioBits() + 7) / 8;
        FrameHeader stereo = mono.layer3Holding(Math.max(dataLength, monoArea), ChannelMode.JOINT_STEREO);
        if (dataStart < 0 || dataStart + dataLength > historyLength || stereo.audioDataCapacity() < dataLength) {
            // The audio data is not all there (a stream joined mid-reservoir, a damaged frame) or does not fit: silence.
            FrameHeader silent = mono.layer3Holding(monoArea, ChannelMode.JOINT_STEREO);
            return new Mp3Frame(silent, Unpooled.wrappedBuffer(SilentFrames.silentFrame(silent)));
        }
        byte[] bytes = new byte[stereo.frameLength()];
        int header = stereo.encode() | MODE_EXTENSION_MID_SIDE | monoHeader32 & KEPT_HEADER_BITS;
        bytes[0] = (byte) (header >>> 24);
        bytes[1] = (byte) (header >>> 16);
        bytes[2] = (byte) (header >>> 8);
        bytes[3] = (byte) header;
        side.writeStereo(bytes, HEADER_BYTES);
        System.arraycopy(history, dataStart, bytes, HEADER_BYTES + stereo.sideInfoLength(), dataLength);
        return new Mp3Frame(stereo, Unpooled.wrappedBuffer(bytes));
    }

    /**
     * The side information of a mono Layer III frame, and the same as mid/side stereo with an empty side channel.
     * A granule's fields are kept as one bit string (59 bits in MPEG-1, 63 in MPEG-2 and 2.5), most significant first:
     * part2_3_length (12), big_values (9), global_gain (8), scalefac_compress (4 or 9), then the block and table fields,
     * and at the end preflag (MPEG-1 only), scalefac_scale and count1table_select.
     */
    static final class MonoSideInfo {

        private final boolean mpeg1;
        private final int mainDataBegin;
        private final int scfsi;
        private final long[] granules;

        MonoSideInfo(ByteBuf content, int at, MpegVersion version) {
            mpeg1 = version == MpegVersion.MPEG_1;
            Bits bits = new Bits(content, at);
            mainDataBegin = (int) bits.read(mpeg1 ? 9 : 8);
            bits.read(mpeg1 ? 5 : 1);
            scfsi = mpeg1 ? (int) bits.read(4) : 0;
            granules = new long[mpeg1 ? 2 : 1];
            for (int g = 0; g < granules.length; g++) {
                granules[g] = bits.read(granuleBits());
            }
        }

        int mainDataBegin() {
            return mainDataBegin;
        }

        /** Bits of audio data (scale factors and Huffman codes) over all granules. */
        int audioBits() {
            int sum = 0;
            for (long granule : granules) {
                sum += (int) (granule >>> (granuleBits() - 12));
            }
            return sum;
        }

        /** Writes the stereo side information: main_data_begin 0, the mid channel with two gain steps more, no side. */
        void writeStereo(byte[] frame, int at) {
            Bits out = new Bits(frame, at);
            out.write(0, mpeg1 ? 9 : 8);
            out.write(0, mpeg1 ? 3 : 2);
            if (mpeg1) {
                out.write(scfsi, 4);
                out.write(0, 4);
            }
            for (long granule : granules) {
                out.write(mid(granule), granuleBits());
                out.write(emptySide(granule), granuleBits());
            }
        }

        private int granuleBits() {
            return mpeg1 ? 59 : 63;
        }

        private long mid(long granule) {
            int gainShift = granuleBits() - 12 - 9 - 8;
            int gain = (int) (granule >>> gainShift & 0xFF);
            int raised = Math.min(MAX_GLOBAL_GAIN, gain + GAIN_STEPS_OF_MID_SIDE);
            return granule & ~(0xFFL << gainShift) | (long) raised << gainShift;
        }

        /**
         * No audio bits, no scale factors, and the mid channel's block type: decoders transform both channels alike after
         * mid/side, and a channel of zeros stays silent whatever its tables.
         */
        private long emptySide(long granule) {
            int blockFieldBits = 1 + 22;
            int tailBits = mpeg1 ? 3 : 2;
            long blockFields = granule >>> tailBits & ((1L << blockFieldBits) - 1);
            return blockFields << tailBits;
        }
    }

    /** Big-endian bit access to a ByteBuf (reading) or a byte array (writing). */
    private static final class Bits {

        private final ByteBuf in;
        private final byte[] out;
        private long position;

        Bits(ByteBuf in, int at) {
            this.in = in;
            this.out = null;
            this.position = at * 8L;
        }

        Bits(byte[] out, int at) {
            this.in = null;
            this.out = out;
            this.position = at * 8L;
        }

        long read(int count) {
            long value = 0;
            for (int i = 0; i < count; i++, position++) {
                int bit = in.getByte((int) (position >>> 3)) >>> (7 - (int) (position & 7)) & 1;
                value = value << 1 | bit;
            }
            return value;
        }

        void write(long value, int count) {
            for (int i = count - 1; i >= 0; i--, position++) {
                if ((value >>> i & 1) != 0) {
                    out[(int) (position >>> 3)] |= (byte) (0x80 >>> (position & 7));
                }
            }
        }
    }
}
