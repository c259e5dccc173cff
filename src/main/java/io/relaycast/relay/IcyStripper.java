package io.relaycast.relay;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.relaycast.icy.IcyMetadata;
import io.relaycast.icy.SourceText;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Takes the ICY metadata blocks out of an origin's stream ({@code Icy-MetaData: 1}, every {@code metaint} audio bytes a
 * length byte and that many 16-byte units) and passes the audio on as retained slices; each title (with its
 * {@code StreamUrl}, which Icecast's relays pass on too) that differs from the last goes to {@code updates}, as it is,
 * once the audio before its block has gone on: a read may hold seconds of the last track and then the next one's title.
 * Titles are UTF-8 when they decode as such, windows-1252 otherwise (what ISO-8859-1 means in {@link SourceText};
 * Icecast passes on what its source sent).
 */
final class IcyStripper extends ByteToMessageDecoder {

    /** The title up to the first {@code ';}, as Icecast and players read it: nothing in it is escaped. */
    private static final Pattern STREAM_TITLE = Pattern.compile("StreamTitle='(.*?)';", Pattern.DOTALL);
    private static final Pattern STREAM_URL = Pattern.compile("StreamUrl='(.*?)';", Pattern.DOTALL);

    private final int metaint;
    private final Consumer<IcyMetadata> updates;
    private final Charset charset;
    private int untilMetadata;
    private int metadataLength = -1;
    /** The last title and URL passed on; null before the first block, whose title always goes on. */
    private IcyMetadata last;

    IcyStripper(int metaint, Consumer<IcyMetadata> updates) {
        this(metaint, updates, StandardCharsets.ISO_8859_1);
    }

    /** {@code charset}: what titles that are not UTF-8 are in (the relay mount's {@code charset}). */
    IcyStripper(int metaint, Consumer<IcyMetadata> updates, Charset charset) {
        this.metaint = metaint;
        this.updates = updates;
        this.untilMetadata = metaint;
        this.charset = charset;
    }

    /** The last title and URL passed on, or null before the first. */
    IcyMetadata last() {
        return last;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.isReadable()) {
            if (untilMetadata == 0 && !out.isEmpty()) {
                // The audio before a block goes on, into the mount, before its title is read: a chunk takes the title
                // the mount has when it is sealed. ByteToMessageDecoder passes it on and calls again for the rest.
                return;
            }
            if (untilMetadata > 0) {
                int take = Math.min(untilMetadata, in.readableBytes());
                out.add(in.readRetainedSlice(take));
                untilMetadata -= take;
            } else if (metadataLength < 0) {
                metadataLength = in.readUnsignedByte() * 16;
            } else if (in.readableBytes() >= metadataLength) {
                if (metadataLength > 0) {
                    byte[] block = new byte[metadataLength];
                    in.readBytes(block);
                    title(block);
                }
                metadataLength = -1;
                untilMetadata = metaint;
            } else {
                return;
            }
        }
    }

    private void title(byte[] block) {
        int end = block.length;
        while (end > 0 && block[end - 1] == 0) {
            end--;
        }
        String text = decode(block, end);
        Matcher title = STREAM_TITLE.matcher(text);
        if (!title.find()) {
            return;
        }
        Matcher url = STREAM_URL.matcher(text);
        String link = url.find(title.end()) ? url.group(1) : "";
        if (last == null || !title.group(1).equals(last.title()) || !link.equals(last.url())) {
            last = IcyMetadata.of(title.group(1), link);
            updates.accept(last);
        }
    }

    private String decode(byte[] block, int length) {
        return SourceText.utf8Or(block, 0, length, charset);
    }
}
