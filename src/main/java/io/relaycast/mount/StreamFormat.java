package io.relaycast.mount;

import io.relaycast.mp3.FrameHeader;
import io.relaycast.mp3.Mp3Frame;
import io.relaycast.mp3.SampleFormat;
import io.relaycast.mp3.SilentFrames;
import io.relaycast.mp3.StereoUpmix;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A mount's stream format as its listeners get it. Mono audio in a stream whose audio is stereo (the server's own
 * silence before any audio does not count, unless the mount declares its stream stereo) goes out as joint stereo
 * ({@link StereoUpmix}), since some players cannot follow a stream whose channel count changes; any other change of
 * format (sample rate, MPEG version, or a mono stream turning stereo) is counted and logged. One per mount; frames pass
 * on the mount's loop, the format may be read from any thread.
 */
public final class StreamFormat {

    private static final Logger log = LoggerFactory.getLogger(Mount.class);

    private final String path;
    private final MountStats stats;
    private final Supplier<OnAir> onAir;
    private final StereoUpmix upmix = new StereoUpmix();
    private volatile FrameHeader current;
    /** The format the mount declares its stream to be, or null: its silence before any audio, and conform's target. */
    private volatile SampleFormat declared;
    /** Channels of the last frame of audio, not of the server's own silence (which is stereo until audio comes). */
    private volatile int audioChannels;
    /** The format of the last frame of audio, as a value made once per change: {@link #target()} runs for every frame. */
    private volatile SampleFormat audioTarget;
    /** The input whose mono frames are being sent as stereo, logged once per run of them; null between runs. */
    private Object upmixedInput;

    StreamFormat(String path, MountStats stats, Supplier<OnAir> onAir) {
        this.path = path;
        this.stats = stats;
        this.onAir = onAir;
    }

    /** The format of the most recent frame, or null before any audio. */
    public FrameHeader current() {
        return current;
    }

    /** The format of the most recent frame once the stream has had audio (not only the server's silence), else null. */
    public FrameHeader audioFormat() {
        return audioChannels == 0 ? null : current;
    }

    /** Declares the stream's format ({@code sample-rate}, {@code channels}), or (null) none. Any thread. */
    public void declare(SampleFormat format) {
        declared = format;
    }

    /**
     * The format the stream's audio is held to (what {@code conform} re-encodes to): the declared one, else that of its
     * audio so far; null before any audio if none is declared.
     */
    public SampleFormat target() {
        SampleFormat declaredNow = declared;
        return declaredNow != null ? declaredNow : audioChannels == 0 ? null : audioTarget;
    }

    /**
     * Whether the stream's audio so far is stereo, or before any audio, whether it is declared stereo: then mono audio
     * goes out as stereo.
     */
    public boolean stereo() {
        int channels = audioChannels;
        SampleFormat declaredNow = declared;
        return channels == 2 || channels == 0 && declaredNow != null && declaredNow.channels() == 2;
    }

    /**
     * The format of the server's own silence: the stream's latest, of any layer (an MP2 stream's silence is MP2 at its
     * rate), without padding; before any frame the declared format, else {@link SilentFrames#defaultFormat()}.
     */
    public FrameHeader silence() {
        FrameHeader last = current;
        if (last == null) {
            SampleFormat declaredNow = declared;
            return declaredNow != null ? declaredNow.silenceHeader() : SilentFrames.defaultFormat();
        }
        if (!last.padding()) {
            return last;
        }
        return new FrameHeader(last.version(), last.layer(), last.bitrateKbps(), last.sampleRate(), false,
                last.channelMode());
    }

    /** The frame to publish for {@code frame}, from {@code input}; takes ownership of it, the caller owns the result. */
    Mp3Frame next(Object input, Mp3Frame frame) {
        FrameHeader previous = current;
        Mp3Frame out = upmix.next(frame, stereo());
        FrameHeader header = out.header();
        if (!SilentFrames.isFiller(out.content())) {
            SampleFormat audio = audioTarget;
            if (audio == null || !audio.matches(header)) {
                audioTarget = SampleFormat.of(header);
            }
            audioChannels = header.channels();
        }
        if (out != frame) {
            stats.frameUpmixed();
            if (upmixedInput != input) {
                upmixedInput = input;
                log.info("mount {}: mono audio ({}) goes out as joint stereo, {} kbit/s, since the stream is stereo", path,
                        onAir.get().label(), header.bitrateKbps());
            }
        } else if (header.channels() == 2) {
            upmixedInput = null;
        }
        if (previous != null && (!header.sameStreamAs(previous) || header.channels() != previous.channels())) {
            stats.formatChanged();
            log.warn("mount {}: stream format changed from {} Hz/{} ch to {} Hz/{} ch ({}); listeners' players must adapt",
                    path, previous.sampleRate(), previous.channels(), header.sampleRate(), header.channels(),
                    onAir.get().label());
        }
        current = header;
        return out;
    }
}
