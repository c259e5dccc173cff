package io.relaycast.server;

import java.io.ByteArrayOutputStream;

/**
 * Wraps an RSA key in PKCS#1 ({@code BEGIN RSA PRIVATE KEY}, what {@code openssl genrsa -traditional} writes and many
 * Icecast setups' PEM files hold) as the PKCS#8 PrivateKeyInfo Java's {@code KeyFactory} reads, so that such a file is
 * served as it is rather than refused.
 */
final class Pkcs1RsaKey {

    /** {@code SEQUENCE { OID 1.2.840.113549.1.1.1 (rsaEncryption), NULL }}. */
    private static final byte[] RSA_ALGORITHM = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86,
        (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};
    /** {@code INTEGER 0}: PrivateKeyInfo's version. */
    private static final byte[] VERSION = {0x02, 0x01, 0x00};
    private static final int SEQUENCE = 0x30;
    private static final int OCTET_STRING = 0x04;

    private Pkcs1RsaKey() {
    }

    /** {@code SEQUENCE { version, algorithm, OCTET STRING { pkcs1 } }}: the PKCS#8 DER of the PKCS#1 DER given. */
    static byte[] asPkcs8(byte[] pkcs1) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(VERSION);
        body.writeBytes(RSA_ALGORITHM);
        body.writeBytes(tagged(OCTET_STRING, pkcs1));
        return tagged(SEQUENCE, body.toByteArray());
    }

    private static byte[] tagged(int tag, byte[] content) {
        ByteArrayOutputStream der = new ByteArrayOutputStream();
        der.write(tag);
        der.writeBytes(length(content.length));
        der.writeBytes(content);
        return der.toByteArray();
    }

    /** DER's length: one byte below 128; else 0x80 plus the count of the big-endian bytes that follow. */
    static byte[] length(int length) {
        if (length < 0x80) {
            return new byte[] {(byte) length};
        }
        int bytes = (Integer.SIZE - Integer.numberOfLeadingZeros(length) + 7) / 8;
        byte[] encoded = new byte[bytes + 1];
        encoded[0] = (byte) (0x80 | bytes);
        for (int i = bytes; i > 0; i--) {
            encoded[i] = (byte) length;
            length >>>= 8;
        }
        return encoded;
    }
}
