package io.relaycast.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A self-signed certificate made by {@code openssl}, as a station would make one for a test setup.
 *
 * @param certificate the certificate alone (PEM): what a client is told to trust
 * @param key         its private key alone (PEM, PKCS#8)
 * @param combined    certificate and key in one file, as Icecast's {@code <ssl-certificate>} holds them
 */
public record SelfSignedCertificate(Path certificate, Path key, Path combined) {

    /** A certificate for {@code host} (also its common name), naming {@code altNames} ("DNS:localhost,IP:127.0.0.1"). */
    public static SelfSignedCertificate make(Path dir, String host, String altNames) throws Exception {
        Path certificate = dir.resolve(host + ".pem");
        Path key = dir.resolve(host + ".key.pem");
        Programs.run(Duration.ofSeconds(60), "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                "-subj", "/CN=" + host, "-addext", "subjectAltName=" + altNames,
                "-keyout", key.toString(), "-out", certificate.toString()).assertSuccess();
        Path combined = Files.writeString(dir.resolve(host + ".combined.pem"),
                Files.readString(certificate) + Files.readString(key));
        return new SelfSignedCertificate(certificate, key, combined);
    }

    /** For localhost, by name and by address. */
    public static SelfSignedCertificate localhost(Path dir) throws Exception {
        return make(dir, "localhost", "DNS:localhost,IP:127.0.0.1");
    }
}
