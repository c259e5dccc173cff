package io.relaycast.relay;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;

/**
 * TLS towards {@code https://} origins, for the relays' streams and the master's list alike: the origin's certificate
 * must be trusted (the JVM's authorities, or the PEM file given instead) and must name the host in the URL, as a browser
 * would check it. One context serves every connection.
 */
public final class OriginTls {

    static final int HTTPS_PORT = 443;

    private final JdkSslContext context;

    private OriginTls(JdkSslContext context) {
        this.context = context;
    }

    /**
     * @param trustedCertificates PEM file of the certificates to trust instead of the JVM's, or null
     * @throws IllegalArgumentException if that file holds no certificate Java can use
     */
    public static OriginTls trusting(Path trustedCertificates) {
        SslContextBuilder builder = SslContextBuilder.forClient().sslProvider(SslProvider.JDK);
        try {
            if (trustedCertificates != null) {
                builder.trustManager(trustedCertificates.toFile());
            }
            return new OriginTls((JdkSslContext) builder.build());
        } catch (SSLException | IllegalArgumentException unusable) {
            throw new IllegalArgumentException("cannot use the certificates to trust for https:// origins, "
                    + trustedCertificates + ": " + unusable.getMessage(), unusable);
        }
    }

    /** Whether connections to {@code origin} are made over TLS. */
    static boolean isSecure(URI origin) {
        return "https".equalsIgnoreCase(origin.getScheme());
    }

    /** The port to connect to: the URL's, or the scheme's default. */
    static int port(URI origin) {
        if (origin.getPort() > 0) {
            return origin.getPort();
        }
        return isSecure(origin) ? HTTPS_PORT : 80;
    }

    /** A handler that speaks TLS to {@code origin}, naming its host (SNI) and checking that its certificate does too. */
    SslHandler newHandler(ByteBufAllocator alloc, URI origin) {
        SslHandler handler = context.newHandler(alloc, origin.getHost(), port(origin));
        SSLEngine engine = handler.engine();
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        engine.setSSLParameters(parameters);
        return handler;
    }

    /** {@code builder} with the same trust, for the master's list. */
    HttpClient.Builder applyTo(HttpClient.Builder builder) {
        return builder.sslContext(context.context());
    }
}
