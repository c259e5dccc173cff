package io.relaycast.source;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.relaycast.mount.LiveSource;
import io.relaycast.mp3.Tags;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Looks at the first bytes of a source's audio, past an ID3v2 tag, for another codec's signature (Ogg, AAC in ADTS, FLAC,
 * Matroska/WebM, MP4, WAV) and ends such a source at once, with a log line that says why. ffmpeg labels whatever it streams
 * {@code audio/mpeg} unless told otherwise, and tags AAC too ({@code -write_id3v2 1}): such a source would otherwise hold
 * the mount, silencing its fallback, until the source timeout, and again at each reconnection. Anything else (MP3, tags,
 * junk) goes on to the frame decoder, and this handler leaves the pipeline. A WAV file holding MP3 (format tag 0x0055, as
 * {@code ffmpeg -c:a libmp3lame -f wav} writes) goes on too: the frame decoder finds its frames behind the header.
 */
final class ForeignAudioSniffer extends ByteToMessageDecoder {

    private static final Logger log = LoggerFactory.getLogger(ForeignAudioSniffer.class);
    /** Enough for every signature below (MP4's {@code ftyp} is at bytes 4 to 7). */
    private static final int SNIFFED = 8;
    /** Bytes held back to look past a tag: cover art bigger than that goes on unsniffed, as the source's first bytes did. */
    static final int MAX_SNIFFED = 64 * 1024;
    private static final long RIFF = 0x52494646L;
    private static final long WAVE = 0x57415645L;
    private static final long FMT = 0x666D7420L;
    private static final int RIFF_HEADER = 12;
    private static final int CHUNK_HEADER = 8;
    private static final int WAVE_FORMAT_MP3 = 0x0055;
    private static final int NOT_WAVE = -1;
    private static final int NOT_YET = -2;

    private final LiveSource source;
    private final String mountPath;

    ForeignAudioSniffer(LiveSource source, String mountPath) {
        this.source = source;
        this.mountPath = mountPath;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        long audio = Tags.id3v2Length(in, in.readerIndex());
        if (audio + SNIFFED > MAX_SNIFFED) {
            ctx.pipeline().remove(this);
            return;
        }
        if (audio == Tags.NEED_MORE || in.readableBytes() < audio + SNIFFED) {
            return;
        }
        int start = in.readerIndex() + (int) audio;
        if (wavFormat(in, start) == NOT_YET && in.readableBytes() < MAX_SNIFFED) {
            return;
        }
        String codec = codec(in, start);
        if (codec == null) {
            // Removing this decoder hands what it gathered to the frame decoder.
            ctx.pipeline().remove(this);
            return;
        }
        in.skipBytes(in.readableBytes());
        log.warn("source {} on {} sends {} labelled {}: relaycast relays MP3 only; the source is ended", source.remote(),
                mountPath, codec, source.info().contentType());
        ctx.close();
    }

    /** The codec whose signature starts {@code in}, or null for none known (MP3, tags, or junk to resync through). */
    static String codec(ByteBuf in) {
        return codec(in, in.readerIndex());
    }

    private static String codec(ByteBuf in, int start) {
        int wav = wavFormat(in, start);
        if (wav != NOT_WAVE) {
            return wav == WAVE_FORMAT_MP3 ? null : "WAV";
        }
        long first = in.getUnsignedInt(start);
        if (first == 0x4F676753L) {
            return "Ogg";
        }
        if (first == 0x664C6143L) {
            return "FLAC";
        }
        if (first == 0x1A45DFA3L) {
            return "Matroska/WebM";
        }
        if (in.getUnsignedInt(start + 4) == 0x66747970L) {
            return "MP4";
        }
        // ADTS: 12 sync bits then the layer bits 00, which MPEG audio reserves (0xFFF1, 0xFFF9 and with CRC 0xFFF0, 0xFFF8).
        return (in.getUnsignedShort(start) & 0xFFF6) == 0xFFF0 ? "AAC (ADTS)" : null;
    }

    /** The format tag of the RIFF/WAVE file at {@code start}: {@link #NOT_WAVE}, or {@link #NOT_YET} until its fmt chunk came. */
    private static int wavFormat(ByteBuf in, int start) {
        if (in.getUnsignedInt(start) != RIFF) {
            return NOT_WAVE;
        }
        if (in.writerIndex() - start < RIFF_HEADER) {
            return NOT_YET;
        }
        if (in.getUnsignedInt(start + 8) != WAVE) {
            return NOT_WAVE;
        }
        long chunk = start + RIFF_HEADER;
        while (chunk + CHUNK_HEADER + Short.BYTES <= in.writerIndex()) {
            if (in.getUnsignedInt((int) chunk) == FMT) {
                return in.getUnsignedShortLE((int) chunk + CHUNK_HEADER);
            }
            long size = in.getUnsignedIntLE((int) chunk + 4);
            chunk += CHUNK_HEADER + size + (size & 1);
        }
        return NOT_YET;
    }
}
