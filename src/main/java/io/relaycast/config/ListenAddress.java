package io.relaycast.config;

/**
 * A further port to listen on ({@code --extra-port}), as Icecast's further {@code <listen-socket>}s: a port, on the
 * server's bind address, or on an address of its own ({@code 127.0.0.1:8001}: a port for this machine only, as a
 * {@code <listen-socket>} with its own {@code <bind-address>}).
 *
 * @param bindAddress the address to listen on, or null for the server's {@code --bind}
 * @param port        the port; 0 picks a free one (tests)
 */
public record ListenAddress(String bindAddress, int port) {

    public ListenAddress {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("extra port must be between 0 and 65535, was " + port);
        }
        if (bindAddress != null && bindAddress.isBlank()) {
            throw new IllegalArgumentException("extra port " + port + ": an empty address");
        }
    }

    /** {@code port} on the server's bind address. */
    public static ListenAddress onPort(int port) {
        return new ListenAddress(null, port);
    }

    /**
     * Reads {@code 8001}, {@code 127.0.0.1:8001} or {@code [::1]:8001}; anything else is an
     * {@link IllegalArgumentException} that shows the forms.
     */
    public static ListenAddress parse(String text) {
        String value = text.trim();
        int colon = value.lastIndexOf(':');
        try {
            if (colon < 0) {
                return onPort(Integer.parseInt(value));
            }
            String host = value.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            } else if (host.indexOf(':') >= 0) {
                throw new NumberFormatException("an IPv6 address needs brackets");
            }
            return new ListenAddress(host, Integer.parseInt(value.substring(colon + 1)));
        } catch (IllegalArgumentException notAnAddress) {
            throw new IllegalArgumentException("extra port must be PORT, ADDRESS:PORT or [IPv6]:PORT (8001, "
                    + "127.0.0.1:8001, [::1]:8001), was '" + text + "'", notAnAddress);
        }
    }

    /** As it is written: {@code 8001}, {@code 127.0.0.1:8001}, {@code [::1]:8001}. */
    @Override
    public String toString() {
        if (bindAddress == null) {
            return Integer.toString(port);
        }
        return (bindAddress.indexOf(':') >= 0 ? "[" + bindAddress + "]" : bindAddress) + ":" + port;
    }
}
