package io.relaycast.auth;

import io.relaycast.config.IpNetwork;
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

    private final List<IpNetwork> networks;

    private AddressList(List<IpNetwork> networks) {
        this.networks = List.copyOf(networks);
    }

    /** The list in {@code lines}; {@code source} names the file in warnings about lines that are not addresses. */
    static AddressList parse(List<String> lines, String source) {
        List<IpNetwork> networks = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int hash = line.indexOf('#');
            String entry = (hash >= 0 ? line.substring(0, hash) : line).strip();
            if (entry.isEmpty()) {
                continue;
            }
            IpNetwork network = IpNetwork.parse(entry);
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
        byte[] normal = IpNetwork.unmapped(address);
        for (IpNetwork network : networks) {
            if (network.contains(normal)) {
                return true;
            }
        }
        return false;
    }
}
