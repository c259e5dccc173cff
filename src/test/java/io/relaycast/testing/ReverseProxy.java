package io.relaycast.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A real reverse proxy in front of a server on 127.0.0.1: Debian's nginx (HTTP, naming its client in
 * {@code X-Forwarded-For}, and telling {@code X-Forwarded-Proto: https} as a proxy that ends TLS does, or in the headers
 * a test gives it) or HAProxy
 * (TCP, naming its client in a PROXY protocol header, version 1 on {@link #port()} and 2 on {@link #secondPort()}).
 * Either connects to the server from 127.0.0.1 and listens on 127.0.0.1, on ports picked free (other ones if it could
 * not have those).
 */
public final class ReverseProxy implements AutoCloseable {

    private final ListeningProgram program;

    private ReverseProxy(ListeningProgram program) {
        this.program = program;
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
        Path home = directory(dir.resolve("nginx"));
        directory(home.resolve("temp"));
        return new ReverseProxy(ListeningProgram.start(1, ports -> Programs.start(home, List.of("/usr/sbin/nginx", "-p",
                home.toString(), "-e", home.resolve("error.log").toString(), "-c",
                nginxConfig(home, ports.get(0), upstream, clientHeaders, httpBlock).toString()))));
    }

    private static Path nginxConfig(Path home, int port, int upstream, String clientHeaders, String httpBlock) {
        String temp = home.resolve("temp").toString();
        return write(home.resolve("nginx.conf"), """
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
    }

    /**
     * HAProxy in TCP mode, passing connections to 127.0.0.1:{@code upstream} behind a PROXY protocol header: version 1
     * (text, {@code send-proxy}) from {@link #port()}, version 2 (binary, {@code send-proxy-v2}) from
     * {@link #secondPort()}.
     */
    public static ReverseProxy haproxy(Path dir, int upstream) {
        Programs.require("/usr/sbin/haproxy");
        Path home = directory(dir.resolve("haproxy"));
        return new ReverseProxy(ListeningProgram.start(2, ports -> Programs.start(home, List.of("/usr/sbin/haproxy", "-db",
                "-f", haproxyConfig(home, ports.get(0), ports.get(1), upstream).toString()))));
    }

    private static Path haproxyConfig(Path home, int first, int second, int upstream) {
        return write(home.resolve("haproxy.cfg"), """
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
    }

    public int port() {
        return program.port();
    }

    /** HAProxy's port that sends version 2 of the PROXY protocol. */
    public int secondPort() {
        if (program.ports().size() < 2) {
            throw new IllegalStateException("this proxy has one port");
        }
        return program.ports().get(1);
    }

    @Override
    public void close() {
        program.close();
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
