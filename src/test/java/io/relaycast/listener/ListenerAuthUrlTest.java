package io.relaycast.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.relaycast.config.ListenerAuth;
import io.relaycast.config.ListenerRules;
import io.relaycast.config.MountConfig;
import io.relaycast.mount.DisconnectReason;
import io.relaycast.mount.Mount;
import io.relaycast.testing.RawClient;
import io.relaycast.testing.TestServer;
import io.relaycast.testing.WebClient;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Icecast's URL listener authentication against a station backend on a real HTTP server: it decides from the form
 * Icecast posts (listener_add), may cap the listening time, says why it refuses, and hears when each listener leaves
 * (listener_remove, same client number, seconds listened).
 */
class ListenerAuthUrlTest {

    private final List<Map<String, String>> posts = new CopyOnWriteArrayList<>();
    private EventLoopGroup group;
    private Channel backend;

    @BeforeEach
    void startBackend() throws InterruptedException {
        group = new NioEventLoopGroup(1);
        backend = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(64 * 1024),
                                new SimpleChannelInboundHandler<FullHttpRequest>() {
                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
                                        ctx.writeAndFlush(answer(request)).addListener(ChannelFutureListener.CLOSE);
                                    }
                                });
                    }
                }).bind("127.0.0.1", 0).sync().channel();
    }

    /** The station's backend: alice and trial (one second) may listen with the right password; it hears everything. */
    private FullHttpResponse answer(FullHttpRequest request) {
        Map<String, String> form = form(request.content().toString(StandardCharsets.UTF_8));
        form.put("path", request.uri());
        posts.add(form);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        if ("listener_add".equals(form.get("action"))) {
            if ("wonderland".equals(form.get("pass"))) {
                response.headers().add("icecast-auth-user", "1");
                if ("trial".equals(form.get("user"))) {
                    response.headers().add("icecast-auth-timelimit", "1");
                }
            } else {
                response.headers().add("icecast-auth-message", "Subscription expired");
            }
        }
        response.headers().set(HttpHeaderNames.CONTENT_LENGTH, 0);
        return response;
    }

    @AfterEach
    void stopBackend() throws InterruptedException {
        backend.close().sync();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).sync();
    }

    @Test
    void theBackendDecidesWhoListensAndHearsWhoLeft() {
        try (TestServer server = TestServer.start(TestServer.config().withMounts(List.of(premium(), MountConfig.of("/free"))))) {
            Mount mount = server.context().mounts().find("/premium");
            try (RawClient alice = listen(server, "/premium", "alice", "wonderland", 200)) {
                assertThat(alice.readExactly(16_000)).isNotEmpty();
                Map<String, String> add = posts.get(0);
                assertThat(add).containsEntry("path", "/auth/add").containsEntry("action", "listener_add")
                        .containsEntry("mount", "/premium").containsEntry("user", "alice")
                        .containsEntry("pass", "wonderland").containsEntry("ip", "127.0.0.1")
                        .containsEntry("agent", "TestPlayer/1.0").containsEntry("port", Integer.toString(server.port()))
                        .containsKeys("server", "client");
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> posts.stream()
                    .anyMatch(post -> "listener_remove".equals(post.get("action"))));
            Map<String, String> remove = posts.stream().filter(post -> "listener_remove".equals(post.get("action")))
                    .findFirst().orElseThrow();
            assertThat(remove).containsEntry("path", "/auth/remove").containsEntry("client", posts.get(0).get("client"))
                    .containsEntry("mount", "/premium").containsEntry("user", "alice").containsKey("duration");

            try (RawClient bob = RawClient.connect(server.port())) {
                bob.send(request("/premium", "bob", "expired"));
                RawClient.Head head = bob.readHead();
                assertThat(head.status()).isEqualTo(401);
                assertThat(new String(bob.readToEnd(), StandardCharsets.UTF_8)).isEqualTo("Subscription expired\n");
            }
            try (RawClient trial = listen(server, "/premium", "trial", "wonderland", 200)) {
                assertThat(trial.closedByServer(5_000)).as("the backend's time limit").isTrue();
                await().atMost(Duration.ofSeconds(5)).until(() -> mount.stats().disconnects(DisconnectReason.TIME_LIMIT) == 1);
            }
            int asked = posts.size();
            try (RawClient admin = RawClient.connect(server.port())) {
                admin.send("GET /premium HTTP/1.0\r\nAuthorization: " + WebClient.admin() + "\r\n\r\n");
                assertThat(admin.readHead().status()).as("the admin asks nobody").isEqualTo(200);
            }
            try (RawClient anyone = listen(server, "/free", null, null, 200)) {
                assertThat(anyone.readExactly(1000)).isNotEmpty();
            }
            assertThat(posts.subList(asked, posts.size())).noneMatch(post -> "listener_add".equals(post.get("action")));
        }
    }

    @Test
    void aBackendThatCannotBeAskedIsA503AndCostsNothingElse() throws InterruptedException {
        try (TestServer server = TestServer.start(TestServer.config().withMounts(List.of(premium(), MountConfig.of("/free"))))) {
            backend.close().sync();
            try (RawClient refused = RawClient.connect(server.port())) {
                refused.send(request("/premium", "alice", "wonderland"));
                assertThat(refused.readHead().status()).isEqualTo(503);
                assertThat(new String(refused.readToEnd(), StandardCharsets.UTF_8))
                        .isEqualTo("Listener authentication is unavailable, try again\n");
            }
            assertThat(server.context().mounts().find("/premium").stats().currentListeners()).isZero();
            assertThat(server.context().listeners().count()).isZero();
            try (RawClient anyone = listen(server, "/free", null, null, 200)) {
                assertThat(anyone.readExactly(1000)).isNotEmpty();
            }
        }
    }

    private MountConfig premium() {
        String base = "http://127.0.0.1:" + ((InetSocketAddress) backend.localAddress()).getPort() + "/auth/";
        return new MountConfig("/premium", null, null, false, null, null, null, null, null,
                new ListenerRules(MountConfig.NO_LIMIT, null, null, null,
                        new ListenerAuth(null, URI.create(base + "add"), URI.create(base + "remove"))), false);
    }

    private static RawClient listen(TestServer server, String mount, String user, String password, int status) {
        RawClient client = RawClient.connect(server.port());
        client.send(request(mount, user, password));
        assertThat(client.readHead().status()).isEqualTo(status);
        return client;
    }

    private static String request(String mount, String user, String password) {
        return "GET " + mount + " HTTP/1.0\r\nUser-Agent: TestPlayer/1.0\r\n"
                + (user == null ? "" : "Authorization: " + WebClient.basic(user, password) + "\r\n") + "\r\n";
    }

    private static Map<String, String> form(String body) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                fields.put(pair.substring(0, equals), URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
            }
        }
        return fields;
    }
}
