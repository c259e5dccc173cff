package io.relaycast.config;

import io.netty.util.NetUtil;
import java.util.Arrays;

/**
 * One IP network as a config names it: an IPv4 or IPv6 address ({@code 192.0.2.7}, a network of one) or a network in
 * CIDR notation ({@code 192.0.2.0/24}, {@code 2001:db8::/32}). An IPv4 address seen through an IPv6 socket
 * ({@code ::ffff:a.b.c.d}) is the IPv4 address, on either side. Only literal addresses: a name is never looked up.
 */
public final class IpNetwork {

    private final byte[] address;
    private final int prefixBits;

    private IpNetwork(byte[] address, int prefixBits) {
        this.address = address;
        this.prefixBits = prefixBits;
    }

    /** {@code entry} as a network, or null if it is not one (a host name, a bad prefix). */
    public static IpNetwork parse(String entry) {
        int slash = entry.indexOf('/');
        String literal = slash >= 0 ? entry.substring(0, slash) : entry;
        byte[] written = NetUtil.createByteArrayFromIpAddressString(literal);
        if (written == null) {
            return null;
        }
        byte[] address = unmapped(written);
        // An IPv4 network written in IPv6 (::ffff:a.b.c.d/n) counts its prefix from the IPv6 address's 128 bits.
        int mappedBits = (written.length - address.length) * 8;
        int bits = address.length * 8;
        if (slash < 0) {
            return new IpNetwork(address, bits);
        }
        try {
            int prefix = Integer.parseInt(entry.substring(slash + 1)) - mappedBits;
            return prefix >= 0 && prefix <= bits ? new IpNetwork(address, prefix) : null;
        } catch (NumberFormatException notANumber) {
            return null;
        }
    }

    /** Whether {@code candidate} (4 or 16 bytes; an IPv4-mapped IPv6 address counts as IPv4) is in this network. */
    public boolean contains(byte[] candidate) {
        byte[] normal = unmapped(candidate);
        if (normal.length != address.length) {
            return false;
        }
        int whole = prefixBits / 8;
        for (int i = 0; i < whole; i++) {
            if (normal[i] != address[i]) {
                return false;
            }
        }
        int rest = prefixBits % 8;
        if (rest == 0) {
            return true;
        }
        int mask = 0xff << (8 - rest) & 0xff;
        return (normal[whole] & mask) == (address[whole] & mask);
    }

    /** {@code ::ffff:a.b.c.d} as the four bytes of {@code a.b.c.d}; anything else as it is. */
    public static byte[] unmapped(byte[] address) {
        if (address.length != 16) {
            return address;
        }
        for (int i = 0; i < 10; i++) {
            if (address[i] != 0) {
                return address;
            }
        }
        if (address[10] != (byte) 0xff || address[11] != (byte) 0xff) {
            return address;
        }
        return Arrays.copyOfRange(address, 12, 16);
    }
}
