package io.relaycast.web;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.stream.ChunkedWriteHandler;
import io.relaycast.http.AccessLog;
import io.relaycast.http.ClientAddress;
import io.relaycast.http.Cors;
import io.relaycast.http.HttpDate;
import io.relaycast.http.Responses;
import io.relaycast.http.UnsentBytes;
import io.relaycast.server.PipelineNames;
import io.relaycast.server.RequestStats;
import java.io.EOFException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Files from the station's web root, as Icecast serves its {@code <webroot>} ({@code <fileserve>}): a GET or HEAD of a
 * path that is neither a mount nor one of the server's pages gets the file of that name under the root (a logo, a
 * player page, {@code crossdomain.xml}), with its type by extension, {@code Last-Modified} and
 * {@code If-Modified-Since} (304), and one byte range ({@code Range: bytes=...}, 206; 416 past the end) for players
 * that seek. Regular files only: no directory listings, nothing outside the root (a symbolic link out of it
 * included), no file or directory whose name starts with a dot but the top {@code /.well-known/} (ACME challenges for
 * {@code certbot --webroot}, as Icecast serves them), no XSLT template ({@code .xsl}, which Icecast runs and
 * relaycast does not). The connection closes after the file, as Icecast's does, and sooner if the file is cut short
 * while it is sent (copied over in place), since its length is already promised. The file is read on the connection's
 * event loop as the socket takes it, 16 KiB at a time, so a slow reader holds no more than that.
 */
public final class WebRootFiles {

    /** The time of a file the path named no longer once opened, twice over: no Last-Modified, no If-Range, no 304. */
    static final long UNKNOWN_TIME = -1;

    private static final Logger log = LoggerFactory.getLogger(WebRootFiles.class);
    private static final int PIECE = 16 * 1024;
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME;
    /** RFC 8615's one public dot directory, at the top only: {@code certbot --webroot} puts its challenges under it. */
    private static final String WELL_KNOWN = ".well-known";

    private WebRootFiles() {
    }

    /**
     * Answers {@code request} for {@code path} with the file under {@code root} if there is one to serve, and returns
     * true; false (nothing sent) if there is none. A reader that takes nothing for {@code timeout} is closed.
     */
    public static boolean serve(ChannelHandlerContext ctx, HttpRequest request, String path, Path root, Duration timeout,
                                RequestStats requests) {
        Path file = resolve(root, path);
        if (file == null) {
            return false;
        }
        OpenFile opened;
        try {
            opened = OpenFile.of(file);
        } catch (IOException unreadable) {
            log.debug("web root file {} not served: {}", file, unreadable.toString());
            return false;
        }
        if (opened == null) {
            return false;
        }
        FileChannel channel = opened.channel();
        long length = opened.length();
        long modifiedSecond = opened.modifiedSecond();
        long nowSecond = System.currentTimeMillis() / 1000;
        ByteRange range = ByteRange.of(request.headers(), length, modifiedSecond, nowSecond);
        HttpResponseStatus status = notModified(request.headers(), modifiedSecond) ? HttpResponseStatus.NOT_MODIFIED
                : range == ByteRange.UNSATISFIABLE ? HttpResponseStatus.REQUESTED_RANGE_NOT_SATISFIABLE
                : range != null ? HttpResponseStatus.PARTIAL_CONTENT : HttpResponseStatus.OK;
        HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, status);
        HttpHeaders headers = response.headers();
        headers.set(HttpHeaderNames.SERVER, Responses.SERVER);
        headers.set(HttpHeaderNames.DATE, HttpDate.at(nowSecond));
        if (modifiedSecond != UNKNOWN_TIME) {
            headers.set(HttpHeaderNames.LAST_MODIFIED, HttpDate.at(modifiedSecond));
        }
        headers.set(HttpHeaderNames.ACCEPT_RANGES, HttpHeaderValues.BYTES);
        headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        headers.set("X-Content-Type-Options", "nosniff");
        Cors.allow(headers);
        long start = 0;
        long count = length;
        if (status == HttpResponseStatus.NOT_MODIFIED) {
            count = 0;
        } else if (status == HttpResponseStatus.REQUESTED_RANGE_NOT_SATISFIABLE) {
            headers.set(HttpHeaderNames.CONTENT_RANGE, "bytes */" + length);
            count = 0;
        } else {
            headers.set(HttpHeaderNames.CONTENT_TYPE, WebTypes.of(file.getFileName().toString()));
            if (range != null) {
                start = range.start();
                count = range.length();
                headers.set(HttpHeaderNames.CONTENT_RANGE, "bytes " + start + "-" + (start + count - 1) + "/" + length);
            }
        }
        if (status != HttpResponseStatus.NOT_MODIFIED) {
            headers.set(HttpHeaderNames.CONTENT_LENGTH, count);
        }
        boolean body = count > 0 && !request.method().equals(HttpMethod.HEAD);
        FileChunks content = null;
        try {
            if (body) {
                content = new FileChunks(channel, start, count, PIECE, path);
            }
        } catch (IOException unreadable) {
            body = false;
        }
        if (!body) {
            close(channel);
        }
        requests.fileServed();
        long started = System.nanoTime();
        DownloadStallHandler download = new DownloadStallHandler(timeout);
        send(ctx, response, content, download).addListener(done -> logAccess(ctx.channel(), request, status.code(),
                download.sentBytes(), TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started)));
        return true;
    }

    /** The regular file {@code path} names under {@code root}, or null if it names none this serves. */
    /** Whether {@link #serve} would find a readable regular file for {@code path} under {@code root}. */
    static boolean holds(Path root, String path) {
        Path file = resolve(root, path);
        return file != null && Files.isRegularFile(file) && Files.isReadable(file);
    }

    static Path resolve(Path root, String path) {
        if (root == null || !path.startsWith("/") || path.length() == 1) {
            return null;
        }
        String relative = path.substring(1);
        String lower = relative.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".xsl") || lower.endsWith(".xslt")) {
            // Icecast runs these as templates; relaycast runs none, and does not hand out their source.
            return null;
        }
        String[] segments = relative.split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            boolean wellKnown = i == 0 && segments[i].equals(WELL_KNOWN);
            if (segments[i].isEmpty() || segments[i].startsWith(".") && !wellKnown) {
                return null;
            }
        }
        try {
            Path realRoot = root.toRealPath();
            Path file = realRoot.resolve(relative).toRealPath();
            return file.startsWith(realRoot) && !file.equals(realRoot) ? file : null;
        } catch (IOException | InvalidPathException | SecurityException notThere) {
            return null;
        }
    }

    /**
     * Sends the head, then {@code content} (none if null), then closes; {@code download} closes a reader that takes
     * nothing for the timeout. The future completes when all is sent, or failed.
     */
    private static ChannelFuture send(ChannelHandlerContext ctx, HttpResponse response, FileChunks content,
                                      DownloadStallHandler download) {
        Channel channel = ctx.channel();
        ChannelPipeline pipeline = channel.pipeline();
        pipeline.addAfter(PipelineNames.ROUTER, PipelineNames.FILE_SENDER, new ChunkedWriteHandler());
        pipeline.addAfter(PipelineNames.ROUTER, PipelineNames.FILE_TIMEOUT, download);
        UnsentBytes.keepLittle(channel);
        // The connection ends with this file: a request pipelined behind it is not read (its bytes are let go).
        pipeline.remove(PipelineNames.HTTP_DECODER);
        // Its line is written once the file is sent, with the bytes that went out.
        if (pipeline.get(PipelineNames.ACCESS_LOG) != null) {
            pipeline.remove(PipelineNames.ACCESS_LOG);
        }
        // From the pipeline's tail, through the chunked writer.
        channel.write(response);
        if (content != null) {
            channel.write(content).addListener((ChannelFutureListener) WebRootFiles::closeIfNotAllSent);
        }
        ChannelFuture done = channel.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
        done.addListener(ChannelFutureListener.CLOSE);
        return done;
    }

    /** Ends a connection whose file could not all be sent, which its last part would otherwise wait on for ever. */
    private static void closeIfNotAllSent(ChannelFuture sent) {
        if (sent.cause() instanceof EOFException cutShort) {
            log.warn("{}: closing: {}", sent.channel().remoteAddress(), cutShort.getMessage());
        }
        if (!sent.isSuccess()) {
            sent.channel().close();
        }
    }

    private static boolean notModified(HttpHeaders headers, long modifiedSecond) {
        String since = headers.get(HttpHeaderNames.IF_MODIFIED_SINCE);
        if (since == null || modifiedSecond == UNKNOWN_TIME
                || headers.contains(HttpHeaderNames.RANGE) && headers.contains(HttpHeaderNames.IF_RANGE)) {
            return false;
        }
        try {
            return modifiedSecond <= ZonedDateTime.parse(since.trim(), HTTP_DATE).toEpochSecond();
        } catch (DateTimeParseException notADate) {
            return false;
        }
    }

    private static void logAccess(Channel channel, HttpRequest request, int status, long bytes, long seconds) {
        String line = request.method() + " " + request.uri() + " " + request.protocolVersion();
        AccessLog.of(channel).write(new AccessLog.Entry(ClientAddress.of(channel), null, ZonedDateTime.now(), line, status,
                bytes, request.headers().get(HttpHeaderNames.REFERER), request.headers().get(HttpHeaderNames.USER_AGENT),
                seconds));
    }

    private static void close(FileChannel file) {
        try {
            file.close();
        } catch (IOException ignored) {
            // Read-only: nothing is lost.
        }
    }

    /**
     * A web root file open, with its length and time as they are for the file opened, not for another one renamed into
     * its place meanwhile (a deploy that swaps in each file's new version): the old length with the new bytes would cut
     * the download short, or pad it with bytes of another file.
     */
    private record OpenFile(FileChannel channel, long length, long modifiedSecond) {

        /** {@code file} open, or null if it is no regular file. */
        static OpenFile of(Path file) throws IOException {
            for (int attempt = 1; ; attempt++) {
                BasicFileAttributes before = Files.readAttributes(file, BasicFileAttributes.class);
                if (!before.isRegularFile()) {
                    return null;
                }
                FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
                try {
                    BasicFileAttributes after = Files.readAttributes(file, BasicFileAttributes.class);
                    boolean same = Objects.equals(before.fileKey(), after.fileKey())
                            && before.lastModifiedTime().equals(after.lastModifiedTime());
                    if (same || attempt == 2) {
                        // Its length from the file open, whatever the path names by now: the bytes sent are its own. Its
                        // time is known only if the path named it throughout: another file's time would let a resumed
                        // download (If-Range) join that file's tail to this one's head.
                        long modified = same ? after.lastModifiedTime().toMillis() / 1000 : UNKNOWN_TIME;
                        return new OpenFile(channel, channel.size(), modified);
                    }
                } catch (IOException | RuntimeException failed) {
                    close(channel);
                    throw failed;
                }
                close(channel);
            }
        }
    }

    /**
     * The one range of bytes a request asks for ({@code bytes=first-last}, {@code bytes=first-}, {@code bytes=-suffix}),
     * within a file of a given length; a request with several ranges, an {@code If-Range} that does not name the file as
     * it is, or a range this does not read gets the whole file, as RFC 9110 allows.
     */
    record ByteRange(long start, long length) {

        static final ByteRange UNSATISFIABLE = new ByteRange(-1, -1);

        /**
         * The range {@code headers} ask for, {@link #UNSATISFIABLE}, or null for the whole file, of a file modified at
         * {@code modifiedSecond} answered at {@code nowSecond}.
         */
        static ByteRange of(HttpHeaders headers, long fileLength, long modifiedSecond, long nowSecond) {
            String range = headers.get(HttpHeaderNames.RANGE);
            if (range == null || !unchanged(headers.get(HttpHeaderNames.IF_RANGE), modifiedSecond, nowSecond)) {
                return null;
            }
            range = range.trim();
            if (!range.regionMatches(true, 0, "bytes=", 0, 6) || range.indexOf(',') >= 0) {
                return null;
            }
            String spec = range.substring(6).trim();
            int dash = spec.indexOf('-');
            if (dash < 0) {
                return null;
            }
            try {
                String first = spec.substring(0, dash).trim();
                String last = spec.substring(dash + 1).trim();
                if (first.isEmpty()) {
                    long suffix = Long.parseLong(last);
                    if (suffix <= 0) {
                        return suffix == 0 ? UNSATISFIABLE : null;
                    }
                    return fileLength == 0 ? UNSATISFIABLE
                            : new ByteRange(Math.max(0, fileLength - suffix), Math.min(suffix, fileLength));
                }
                long start = Long.parseLong(first);
                long end = last.isEmpty() ? fileLength - 1 : Math.min(Long.parseLong(last), fileLength - 1);
                if (start < 0 || !last.isEmpty() && Long.parseLong(last) < start) {
                    return null;
                }
                return start >= fileLength ? UNSATISFIABLE : new ByteRange(start, end - start + 1);
            } catch (NumberFormatException notARange) {
                return null;
            }
        }

        /**
         * Whether an {@code If-Range} (null: none) names the file as it is (RFC 9110 13.1.5): a date that is its
         * {@code Last-Modified}, and one a second or more before the answer, since a file changed within that second
         * may have been changed again in it (8.8.2.2). Never an entity tag: this sends none.
         */
        private static boolean unchanged(String ifRange, long modifiedSecond, long nowSecond) {
            if (ifRange == null) {
                return true;
            }
            if (modifiedSecond == UNKNOWN_TIME) {
                return false;
            }
            try {
                long named = ZonedDateTime.parse(ifRange.trim(), HTTP_DATE).toEpochSecond();
                return named == modifiedSecond && modifiedSecond < nowSecond;
            } catch (DateTimeParseException notADate) {
                return false;
            }
        }
    }
}
