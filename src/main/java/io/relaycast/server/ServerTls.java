package io.relaycast.server;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.relaycast.config.TlsSettings;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
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
    private final TlsHandshakeFailures failures;

    private ServerTls(TlsSettings settings, SslContext first, TlsHandshakeFailures failures) {
        this.settings = settings;
        this.failures = failures;
        this.current = new AtomicReference<>(first);
    }

    /** Reads the files; a file Netty cannot use is an {@link IllegalArgumentException} saying which, for startup. */
    static ServerTls load(TlsSettings settings, TlsHandshakeFailures failures) {
        return new ServerTls(settings, read(settings), failures);
    }

    /** Reads the files again; files that cannot be used are logged, and the certificate in use stays. */
    void reload() {
        try {
            current.set(read(settings));
        } catch (IllegalArgumentException unusable) {
            log.error("config reload: {}; HTTPS goes on with the certificate it had", unusable.getMessage());
        }
    }

    /** The clients that failed to speak TLS with it: counted, and summed up in the log. */
    TlsHandshakeFailures failures() {
        return failures;
    }

    /** The TLS handler of a new connection, with the certificate read last. */
    SslHandler newHandler(ByteBufAllocator alloc) {
        return current.get().newHandler(alloc);
    }

    private static SslContext read(TlsSettings tls) {
        try {
            TlsIdentity identity = TlsIdentity.read(tls.certificate(), tls.keyFile());
            warnIfOutOfDate(identity.chain().get(0), tls);
            return SslContextBuilder.forServer(identity.key(), identity.chain().toArray(X509Certificate[]::new)).build();
        } catch (SSLException | IllegalArgumentException unusable) {
            throw new IllegalArgumentException("cannot use the TLS certificate " + tls.certificate()
                    + (tls.key() != null ? " with the key " + tls.key() : "") + ": " + rootMessage(unusable), unusable);
        }
    }

    /** Clients refuse such a certificate, but an operator may mean it (a clock set wrong): said, not refused. */
    private static void warnIfOutOfDate(X509Certificate leaf, TlsSettings tls) {
        try {
            leaf.checkValidity();
        } catch (CertificateExpiredException | CertificateNotYetValidException outOfDate) {
            log.warn("the TLS certificate {} is valid from {} to {} only: clients will refuse it", tls.certificate(),
                    leaf.getNotBefore().toInstant(), leaf.getNotAfter().toInstant());
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
