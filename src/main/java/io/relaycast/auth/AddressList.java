package io.relaycast.auth;

import io.netty.util.NetUtil;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Addresses, one per line, as in Icecast's {@code <deny-ip>} and {@code <allow-ip>} files: an IPv4 or IPv6 address,
 * or a network in CIDR notation ({@code 192.0.2.0/24}, {@code 2001:db8::/32}); {@code #} starts a comment. Only
 * literal addresses: a host name is skipped with a warning, never looked up.
 */
final class AddressList {

    private static final Logger log = LoggerFactory.getLogger(AddressList.class);

    static final AddressList EMPTY = new AddressList(List.of());

    /** One network: its address bytes and how many leading bits must match. */
    private record Network(byte[] address, int prefixBits) {

        boolean contains(byte[] candidate) {
            if (candidate.length != address.length) {
                return false;
            }
            int whole = prefixBits / 8;
            for (int i = 0; i < whole; i++) {
                if (candidate[i] != address[i]) {
                    return false;
                }
            }
            int rest = prefixBits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = 0xff << (8 - rest) & 0xff;
            return (candidate[whole] & mask) == (address[whole] & mask);
        }
    }

    private final List<Network> networks;

    private AddressList(List<Network> networks) {
        this.networks = List.copyOf(networks);
    }

    /** The list in {@code lines}; {@code source} names the file in warnings about lines that are not addresses. */
    static AddressList parse(List<String> lines, String source) {
        List<Network> networks = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int hash = line.indexOf('#');
            String entry = (hash >= 0 ? line.substring(0, hash) : line).strip();
            if (entry.isEmpty()) {
                continue;
            }
            Network network = network(entry);
            if (network == null) {
                log.warn("{}, line {}: '{}' is not an IP address or network (a.b.c.d, a.b.c.d/n, IPv6 likewise); skipped",
                        source, i + 1, entry);
            } else {
                networks.add(network);
            }
        }
        return new AddressList(networks);
    }

    int size() {
        return networks.size();
    }

    boolean isEmpty() {
        return networks.isEmpty();
    }

    /** Whether {@code address} (4 or 16 bytes; an IPv4-mapped IPv6 address counts as IPv4) is on the list. */
    boolean contains(byte[] address) {
        byte[] normal = unmapped(address);
        for (Network network : networks) {
            if (network.contains(normal)) {
                return true;
            }
        }
        return false;
    }

    private static Network network(String entry) {
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
            return new Network(address, bits);
        }
        try {
            int prefix = Integer.parseInt(entry.substring(slash + 1)) - mappedBits;
            return prefix >= 0 && prefix <= bits ? new Network(address, prefix) : null;
        } catch (NumberFormatException notANumber) {
            return null;
        }
    }

    /** {@code ::ffff:a.b.c.d} as the four bytes of {@code a.b.c.d}; anything else as it is. */
    static byte[] unmapped(byte[] address) {
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
        return new byte[] {address[12], address[13], address[14], address[15]};
    }
}
