package io.relaycast.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.AbstractEventExecutor;
import io.relaycast.http.RequestPath;
import io.relaycast.http.Responses;
import io.relaycast.testing.LoggedWarnings;
import io.relaycast.testing.RawClient;
import io.relaycast.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A kept-alive connection is idle, and closed after the header timeout without a next request, only once its answers
 * are out: a big answer (a long client list, the metrics of many mounts) read slowly by its client arrives whole.
 */
class KeptAliveAnswerTest {

    private static final byte[] BIG = new byte[4 * 1024 * 1024];

    static {
        new Random(7).nextBytes(BIG);
    }

    @Test
    void aBigAnswerReadSlowlyPastTheHeaderTimeoutArrivesWhole() throws Exception {
        try (RelaycastServer started = bigAnswerServer().start(); RawClient client = RawClient.connect(started.port(), 4096)) {
            client.send("GET /big HTTP/1.1\r\nHost: x\r\n\r\n");
            RawClient.Head head = client.readHead();
            assertThat(head.status()).isEqualTo(200);
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            received.write(client.readSlowly(16 * 1024, Duration.ofMillis(250), Duration.ofSeconds(4)));
            received.write(client.readExactly(BIG.length - received.size()));
            assertThat(received.size()).withFailMessage("cut after %d bytes", received.size()).isEqualTo(BIG.length);
            assertThat(received.toByteArray()).isEqualTo(BIG);
        }
    }

    @Test
    void aReaderTakingLessThanTheUnsentLimitPerHeaderTimeoutIsClosedNotKeptOpenForTheWholeAnswer() throws Exception {
        try (RelaycastServer started = bigAnswerServer().start(); RawClient client = RawClient.connect(started.port(), 4096)) {
            client.send("GET /big HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(client.readHead().status()).isEqualTo(200);
            // 12 KiB a second: the kernel asks for more (8 KiB at a time) in every timeout, less than its unsent limit.
            int received = 0;
            boolean closed = false;
            long until = System.nanoTime() + Duration.ofSeconds(12).toNanos();
            while (!closed && System.nanoTime() < until) {
                int read = client.readExactly(3072).length;
                received += read;
                closed = read < 3072;
                Thread.sleep(250); // the reader's pace, not a wait for the server
            }
            assertThat(closed).withFailMessage("a trickling reader still open after %d bytes", received).isTrue();
        }
    }

    @Test
    void aBigAnswerComputedOffTheLoopForAClientThatHungUpMeanwhileIsDroppedQuietly() throws Exception {
        RelaycastServer server = new RelaycastServer(TestServer.config());
        server.addEndpoint(new AnsweredAfterTheClientLeft());
        try (LoggedWarnings tasks = LoggedWarnings.of(AbstractEventExecutor.class);
             RelaycastServer started = server.start()) {
            try (RawClient client = RawClient.connect(started.port())) {
                client.send("GET /late HTTP/1.1\r\nHost: x\r\n\r\n");
                await("the late answer released").until(() -> AnsweredAfterTheClientLeft.ANSWER.get() != null
                        && AnsweredAfterTheClientLeft.ANSWER.get().refCnt() == 0);
            }
            assertThat(tasks.first("A task raised an exception", "")).isNull();
        }
    }

    @Test
    void aRequestSentWhileABigAnswerIsReadSlowlyIsAnsweredAfterIt() throws Exception {
        try (RelaycastServer started = bigAnswerServer().start(); RawClient client = RawClient.connect(started.port(), 4096)) {
            client.send("GET /big HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(client.readHead().status()).isEqualTo(200);
            client.send("GET /missing HTTP/1.1\r\nHost: x\r\n\r\n");
            int slowly = client.readSlowly(16 * 1024, Duration.ofMillis(250), Duration.ofSeconds(3)).length;
            int received = slowly + client.readExactly(BIG.length - slowly).length;
            assertThat(received).withFailMessage("cut after %d bytes", received).isEqualTo(BIG.length);
            assertThat(client.readHead().status()).isEqualTo(404);
            assertThat(started.context().requests().rejectedCount(408)).isZero();
        }
    }

    /** A server with a header timeout of a second that answers {@code GET /big} with {@link #BIG}. */
    private static RelaycastServer bigAnswerServer() {
        RelaycastServer server = new RelaycastServer(TestServer.config().toBuilder().headerTimeout(Duration.ofSeconds(1))
                .build());
        server.addEndpoint(new BigEndpoint());
        return server;
    }

    /** Answers {@code GET /big} with {@link #BIG}, keeping the connection open. */
    private static final class BigEndpoint implements HttpEndpoint {

        @Override
        public boolean matches(HttpMethod method, String path) {
            return method.equals(HttpMethod.GET) && path.equals("/big");
        }

        @Override
        public void handle(ChannelHandlerContext ctx, FullHttpRequest request, RequestPath path) {
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                    Unpooled.wrappedBuffer(BIG));
            response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, BIG.length);
            Responses.send(ctx, request, response);
        }
    }

    /**
     * Answers {@code GET /late} off the loop with a big answer once its connection is closed (as a reset seen meanwhile,
     * or the server's shutdown, closes it).
     */
    private static final class AnsweredAfterTheClientLeft implements OffLoopEndpoint {

        static final AtomicReference<FullHttpResponse> ANSWER = new AtomicReference<>();

        @Override
        public boolean matches(HttpMethod method, String path) {
            return method.equals(HttpMethod.GET) && path.equals("/late");
        }

        @Override
        public FullHttpResponse answer(Channel channel, HttpRequest request, RequestPath path) {
            channel.close().syncUninterruptibly();
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                    channel.alloc().buffer(BIG.length).writeBytes(BIG));
            response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, BIG.length);
            ANSWER.set(response);
            return response;
        }
    }
}
