package io.relaycast.server;

import io.relaycast.config.TlsKeyForms;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The HTTPS port's certificate chain and private key, read from PEM and checked before any client sees them. Netty reads
 * a key that is not the certificate's, and a chain whose last certificate is cut short, without a word, and every
 * handshake then fails: what a reload between certbot's copy of {@code fullchain.pem} and of {@code privkey.pem} gives.
 *
 * @param key   the private key
 * @param chain the certificates, the server's own first
 */
record TlsIdentity(PrivateKey key, List<X509Certificate> chain) {

    private static final String BEGIN_CERTIFICATE = "-----BEGIN CERTIFICATE-----";
    private static final Pattern CERTIFICATE = block("CERTIFICATE");
    private static final Pattern PKCS8_KEY = block("PRIVATE KEY");
    /** Icecast's older RSA keys (PKCS#1), unencrypted: an encrypted one has headers this does not match. */
    private static final Pattern PKCS1_RSA_KEY = block("RSA PRIVATE KEY");
    private static final List<String> KEY_ALGORITHMS = List.of("RSA", "EC", "EdDSA", "DSA");
    private static final Map<String, String> SIGNATURES = Map.of("RSA", "SHA256withRSA", "EC", "SHA256withECDSA",
            "EdDSA", "EdDSA", "Ed25519", "Ed25519", "Ed448", "Ed448", "DSA", "SHA256withDSA");

    /** Reads both files; anything that cannot be used is an {@link IllegalArgumentException} saying what and where. */
    static TlsIdentity read(Path certificateFile, Path keyFile) {
        List<X509Certificate> chain = certificates(certificateFile);
        PrivateKey key = privateKey(keyFile);
        if (!belongTogether(key, chain.get(0))) {
            throw new IllegalArgumentException("the key in " + keyFile + " does not belong to the certificate in "
                    + certificateFile + " (the first one; is one of the two files not renewed yet?)");
        }
        return new TlsIdentity(key, chain);
    }

    private static List<X509Certificate> certificates(Path file) {
        String text = readText(file);
        List<X509Certificate> chain = new ArrayList<>();
        try {
            CertificateFactory x509 = CertificateFactory.getInstance("X.509");
            for (byte[] der : blocks(CERTIFICATE, text)) {
                chain.add((X509Certificate) x509.generateCertificate(new ByteArrayInputStream(der)));
            }
        } catch (CertificateException | IllegalArgumentException broken) {
            throw new IllegalArgumentException("a certificate in " + file + " is damaged: " + broken.getMessage(), broken);
        }
        int begun = text.split(Pattern.quote(BEGIN_CERTIFICATE), -1).length - 1;
        if (chain.isEmpty() || chain.size() != begun) {
            throw new IllegalArgumentException(file + " begins " + begun + " certificates and holds " + chain.size()
                    + " whole ones (a file cut short, or not PEM?)");
        }
        return chain;
    }

    private static PrivateKey privateKey(Path file) {
        String text = readText(file);
        List<byte[]> keys = blocks(PKCS8_KEY, text);
        if (keys.isEmpty()) {
            keys = blocks(PKCS1_RSA_KEY, text).stream().map(Pkcs1RsaKey::asPkcs8).toList();
        }
        if (keys.isEmpty()) {
            String other = TlsKeyForms.refused(text).map(form -> " holds " + form + ", which cannot be read as it is: convert "
                    + "it with " + TlsKeyForms.conversion(file))
                    .orElse(" holds no private key (BEGIN PRIVATE KEY, or BEGIN RSA PRIVATE KEY)");
            throw new IllegalArgumentException(file + other);
        }
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(keys.get(0));
        for (String algorithm : KEY_ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException notThisOne) {
                // The next algorithm, then.
            }
        }
        throw new IllegalArgumentException("the private key in " + file + " is damaged or of a kind not known ("
                + String.join(", ", KEY_ALGORITHMS) + " are)");
    }

    /** Whether {@code key} signs what the certificate's public key verifies; true for a kind of key this cannot tell. */
    private static boolean belongTogether(PrivateKey key, X509Certificate leaf) {
        String algorithm = SIGNATURES.get(key.getAlgorithm());
        if (algorithm == null) {
            return true;
        }
        byte[] nonce = new byte[32];
        new SecureRandom().nextBytes(nonce);
        try {
            Signature signing = Signature.getInstance(algorithm);
            signing.initSign(key);
            signing.update(nonce);
            byte[] signature = signing.sign();
            Signature verifying = Signature.getInstance(algorithm);
            verifying.initVerify(leaf.getPublicKey());
            verifying.update(nonce);
            return verifying.verify(signature);
        } catch (GeneralSecurityException mismatch) {
            // An EC key against an RSA certificate, say.
            return false;
        }
    }

    private static String readText(Path file) {
        try {
            return Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (IOException unreadable) {
            throw new IllegalArgumentException(file + " cannot be read: " + unreadable.getMessage(), unreadable);
        }
    }

    private static List<byte[]> blocks(Pattern pattern, String text) {
        List<byte[]> found = new ArrayList<>();
        Matcher matcher = pattern.matcher(text);
        while (matcher.find()) {
            found.add(Base64.getMimeDecoder().decode(matcher.group(1)));
        }
        return found;
    }

    private static Pattern block(String label) {
        return Pattern.compile("-----BEGIN " + label + "-----([A-Za-z0-9+/=\\s]*)-----END " + label + "-----");
    }
}
