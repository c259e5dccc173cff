package io.relaycast.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The forms of PEM private key the HTTPS port cannot read as they are: a SEC 1 EC key ({@code BEGIN EC PRIVATE KEY},
 * whose curve Java cannot take from it) and an encrypted key (there is no passphrase to give). Kept in one place so
 * that the server, which refuses them, and {@code import-icecast}, which warns of them, name the same forms and the same
 * {@code openssl} command.
 */
public final class TlsKeyForms {

    private static final String BEGIN = "-----BEGIN ";
    private static final String PKCS1_RSA = "RSA PRIVATE KEY";
    /** The header OpenSSL's traditional encryption puts inside a {@code BEGIN RSA PRIVATE KEY} block. */
    private static final String ENCRYPTED_HEADER = "Proc-Type: 4,ENCRYPTED";
    private static final List<String> REFUSED = List.of("EC PRIVATE KEY", "ENCRYPTED PRIVATE KEY");

    private TlsKeyForms() {
    }

    /** The refused form of key the PEM text holds ("an EC PRIVATE KEY"); empty when it holds a usable key or none. */
    public static Optional<String> refused(String pem) {
        if (pem.contains(BEGIN + "PRIVATE KEY-----")) {
            return Optional.empty();
        }
        if (pem.contains(BEGIN + PKCS1_RSA + "-----")) {
            return pem.contains(ENCRYPTED_HEADER) ? Optional.of("an encrypted " + PKCS1_RSA) : Optional.empty();
        }
        return REFUSED.stream().filter(label -> pem.contains(BEGIN + label + "-----")).findFirst().map(label -> "an " + label);
    }

    /** As {@link #refused(String)}, of the PEM file's text; empty too for a file that cannot be read here. */
    public static Optional<String> refusedIn(Path file) {
        try {
            return refused(Files.readString(file, StandardCharsets.ISO_8859_1));
        } catch (IOException unreadable) {
            // Not on this machine, say: the server's own check tells when it reads the file.
            return Optional.empty();
        }
    }

    /** The command that writes the key in {@code file} as an unencrypted PKCS#8 key, which the HTTPS port reads. */
    public static String conversion(Path file) {
        return "openssl pkcs8 -topk8 -nocrypt -in " + file + " -out key-pkcs8.pem";
    }
}
