package io.relaycast.config;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An HTTPS port, as Icecast's {@code <listen-socket>} with {@code <ssl>1</ssl>}: the same listeners, sources, status
 * and admin as the main port, over TLS. Web pages served over HTTPS may only play streams served over HTTPS.
 *
 * @param port        the port, or -1 for none (0 picks a free one: tests)
 * @param certificate PEM file with the certificate chain, and the private key too unless {@code key} is given
 *                    (Icecast's {@code <ssl-certificate>}, which holds both)
 * @param key         PEM file with the private key (PKCS#8, as {@code openssl} writes it), or null when it is in
 *                    {@code certificate}
 */
public record TlsSettings(int port, Path certificate, Path key) {

    public static final TlsSettings NONE = new TlsSettings(-1, null, null);

    public TlsSettings {
        if (port < -1 || port > 65535) {
            throw new IllegalArgumentException("tls-port must be between 0 and 65535, was " + port);
        }
        if (port >= 0) {
            if (certificate == null) {
                throw new IllegalArgumentException("tls-port: a TLS port needs --tls-certificate, a PEM file with the "
                        + "certificate chain (and the private key, unless --tls-key names another file)");
            }
            requireReadable(certificate, "tls-certificate");
            if (key != null) {
                requireReadable(key, "tls-key");
            }
        }
    }

    public boolean isEnabled() {
        return port >= 0;
    }

    /** The file holding the private key. */
    public Path keyFile() {
        return key != null ? key : certificate;
    }

    private static void requireReadable(Path file, String what) {
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException(what + ": " + file + " cannot be read");
        }
    }
}
