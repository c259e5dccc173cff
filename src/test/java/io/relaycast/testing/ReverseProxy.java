package io.relaycast.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real reverse proxy in front of a server on 127.0.0.1: Debian's nginx (HTTP, naming its client in
 * {@code X-Forwarded-For}, and telling {@code X-Forwarded-Proto: https} as a proxy that ends TLS does, or in the headers
 * a test gives it) or HAProxy
 * (TCP, naming its client in a PROXY protocol header, version 1 on {@link #port()} and 2 on {@link #secondPort()}).
 * Either connects to the server from 127.0.0.1 and listens on 127.0.0.1, on ports picked free.
 */
public final class ReverseProxy implements AutoCloseable {

    private final Programs.Running process;
    private final int port;
    private final int secondPort;

    private ReverseProxy(Programs.Running process, int port, int secondPort) {
        this.process = process;
        this.port = port;
        this.secondPort = secondPort;
    }

    /** nginx, proxying every path to 127.0.0.1:{@code upstream} as a station's HTTPS front end would. */
    public static ReverseProxy nginx(Path dir, int upstream) {
        return nginx(dir, upstream, """
                proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                proxy_set_header X-Forwarded-Proto https;
                """, "");
    }

    /**
     * nginx, naming its client to 127.0.0.1:{@code upstream} with {@code clientHeaders} (its {@code proxy_set_header}
     * lines), and with {@code httpBlock} (such as a {@code map}) in its {@code http} block.
     */
    public static ReverseProxy nginx(Path dir, int upstream, String clientHeaders, String httpBlock) {
        Programs.require("/usr/sbin/nginx");
        int port = FreePorts.pick();
        Path home = directory(dir.resolve("nginx"));
        String temp = home.resolve("temp").toString();
        Path config = write(home.resolve("nginx.conf"), """
                daemon off;
                master_process off;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log info;
                events { worker_connections 256; }
                http {
                    access_log off;
                    client_body_temp_path %2$s/body;
                    proxy_temp_path %2$s/proxy;
                    fastcgi_temp_path %2$s/fastcgi;
                    uwsgi_temp_path %2$s/uwsgi;
                    scgi_temp_path %2$s/scgi;
                    %5$s
                    server {
                        listen 127.0.0.1:%3$d;
                        location / {
                            proxy_pass http://127.0.0.1:%4$d;
                            proxy_http_version 1.1;
                            proxy_buffering off;
                            proxy_set_header Host $host:$server_port;
                            %6$s
                        }
                    }
                }
                """.formatted(home, temp, port, upstream, httpBlock, clientHeaders));
        directory(Path.of(temp));
        return started(home, List.of("/usr/sbin/nginx", "-p", home.toString(), "-e", home.resolve("error.log").toString(),
                "-c", config.toString()), port, -1);
    }

    /**
     * HAProxy in TCP mode, passing connections to 127.0.0.1:{@code upstream} behind a PROXY protocol header: version 1
     * (text, {@code send-proxy}) from {@link #port()}, version 2 (binary, {@code send-proxy-v2}) from
     * {@link #secondPort()}.
     */
    public static ReverseProxy haproxy(Path dir, int upstream) {
        Programs.require("/usr/sbin/haproxy");
        int first = FreePorts.pick();
        int second = FreePorts.pick();
        Path home = directory(dir.resolve("haproxy"));
        Path config = write(home.resolve("haproxy.cfg"), """
                defaults
                    mode tcp
                    timeout connect 5s
                    timeout client 60s
                    timeout server 60s
                frontend version1
                    bind 127.0.0.1:%1$d
                    default_backend version1
                frontend version2
                    bind 127.0.0.1:%2$d
                    default_backend version2
                backend version1
                    server relaycast 127.0.0.1:%3$d send-proxy
                backend version2
                    server relaycast 127.0.0.1:%3$d send-proxy-v2
                """.formatted(first, second, upstream));
        return started(home, List.of("/usr/sbin/haproxy", "-db", "-f", config.toString()), first, second);
    }

    private static ReverseProxy started(Path home, List<String> command, int port, int secondPort) {
        ReverseProxy proxy = new ReverseProxy(Programs.start(home, command), port, secondPort);
        await().atMost(Duration.ofSeconds(10)).until(() -> !proxy.process.process().isAlive()
                || (FreePorts.listening(port) && (secondPort < 0 || FreePorts.listening(secondPort))));
        if (!proxy.process.process().isAlive()) {
            throw new IllegalStateException(command.get(0) + " exited at start; see " + proxy.process.stderr());
        }
        return proxy;
    }

    public int port() {
        return port;
    }

    /** HAProxy's port that sends version 2 of the PROXY protocol. */
    public int secondPort() {
        if (secondPort < 0) {
            throw new IllegalStateException("this proxy has one port");
        }
        return secondPort;
    }

    @Override
    public void close() {
        process.close();
    }

    private static Path directory(Path path) {
        try {
            return Files.createDirectories(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path write(Path file, String text) {
        try {
            return Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
