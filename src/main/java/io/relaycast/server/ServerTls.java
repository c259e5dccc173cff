package io.relaycast.server;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.relaycast.config.TlsSettings;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server side of TLS on the HTTPS port, read from its PEM files at startup and again on every config reload, as
 * Icecast reads its certificate again: a certificate renewed in place (certbot) is what the next connection gets,
 * without a restart. Connections already open keep the one they started with.
 */
final class ServerTls {

    private static final Logger log = LoggerFactory.getLogger(ServerTls.class);

    private final TlsSettings settings;
    private final AtomicReference<SslContext> current;

    private ServerTls(TlsSettings settings, SslContext first) {
        this.settings = settings;
        this.current = new AtomicReference<>(first);
    }

    /** Reads the files; a file Netty cannot use is an {@link IllegalArgumentException} saying which, for startup. */
    static ServerTls load(TlsSettings settings) {
        return new ServerTls(settings, read(settings));
    }

    /** Reads the files again; files that cannot be used are logged, and the certificate in use stays. */
    void reload() {
        try {
            current.set(read(settings));
        } catch (IllegalArgumentException unusable) {
            log.error("config reload: {}; HTTPS goes on with the certificate it had", unusable.getMessage());
        }
    }

    /** The TLS handler of a new connection, with the certificate read last. */
    SslHandler newHandler(ByteBufAllocator alloc) {
        return current.get().newHandler(alloc);
    }

    private static SslContext read(TlsSettings tls) {
        try {
            return SslContextBuilder.forServer(tls.certificate().toFile(), tls.keyFile().toFile()).build();
        } catch (SSLException | IllegalArgumentException unusable) {
            throw new IllegalArgumentException("cannot use the TLS certificate " + tls.certificate()
                    + (tls.key() != null ? " with the key " + tls.key() : "") + ": " + rootMessage(unusable), unusable);
        }
    }

    private static String rootMessage(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? cause.toString() : cause.getMessage();
    }
}
