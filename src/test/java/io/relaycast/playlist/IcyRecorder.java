package io.relaycast.playlist;

import io.relaycast.mp3.FrameHeader;
import io.relaycast.testing.RawClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An ICY listener that stays connected and records, on its own thread, the audio it got (metadata blocks stripped using
 * metaint) and every title it was sent, with the audio offset where it arrived.
 */
final class IcyRecorder implements AutoCloseable {

    private static final Pattern TITLE = Pattern.compile("StreamTitle='(.*?)';");

    /** A title as the listener saw it: at which audio byte it arrived. */
    record Title(long audioOffset, String title) {
    }

    private final RawClient client;
    private final int metaint;
    private final ByteArrayOutputStream audio = new ByteArrayOutputStream();
    private final List<Title> titles = new ArrayList<>();
    private final Thread thread;
    private volatile boolean stopping;
    private volatile Throwable failure;
    private volatile boolean ended;

    IcyRecorder(int port, String mount) {
        client = RawClient.connect(port);
        client.send("GET " + mount + " HTTP/1.0\r\nIcy-MetaData: 1\r\nUser-Agent: test\r\n\r\n");
        RawClient.Head head = client.readHead();
        if (head.status() != 200) {
            throw new AssertionError("listener got " + head.statusLine());
        }
        metaint = Integer.parseInt(head.header("icy-metaint"));
        thread = new Thread(this::read, "icy-recorder");
        thread.setDaemon(true);
        thread.start();
    }

    private void read() {
        try {
            InputStream in = client.socket().getInputStream();
            client.socket().setSoTimeout(3000);
            while (!stopping) {
                byte[] block = in.readNBytes(metaint);
                synchronized (this) {
                    audio.write(block);
                }
                if (block.length < metaint) {
                    ended = true;
                    return;
                }
                int length = in.read();
                if (length < 0) {
                    ended = true;
                    return;
                }
                if (length > 0) {
                    String text = new String(in.readNBytes(length * 16), StandardCharsets.UTF_8);
                    Matcher matcher = TITLE.matcher(text);
                    synchronized (this) {
                        titles.add(new Title(audio.size(), matcher.find() ? matcher.group(1) : ""));
                    }
                }
            }
        } catch (SocketTimeoutException stalled) {
            failure = stalled;
        } catch (IOException e) {
            if (!stopping) {
                failure = e;
            }
        }
    }

    /** The audio so far, up to the end of its last whole frame (the recording stops wherever the test stops it). */
    synchronized byte[] audio() {
        byte[] all = audio.toByteArray();
        int end = 0;
        while (end + 4 <= all.length) {
            FrameHeader header = FrameHeader.parse((all[end] & 0xFF) << 24 | (all[end + 1] & 0xFF) << 16
                    | (all[end + 2] & 0xFF) << 8 | all[end + 3] & 0xFF);
            if (header == null || end + header.frameLength() > all.length) {
                break;
            }
            end += header.frameLength();
        }
        return Arrays.copyOf(all, end);
    }

    synchronized int audioBytes() {
        return audio.size();
    }

    synchronized List<Title> titles() {
        return List.copyOf(titles);
    }

    synchronized List<String> titleTexts() {
        return titles.stream().map(Title::title).toList();
    }

    /** Whether the connection is still up and data kept flowing (no 3 s stall, no close by the server). */
    boolean healthy() {
        return failure == null && !ended;
    }

    Throwable failure() {
        return failure;
    }

    @Override
    public void close() throws InterruptedException {
        stopping = true;
        client.close();
        thread.join(5000);
    }
}
