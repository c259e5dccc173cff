package io.relaycast.status;

import io.relaycast.mount.LiveSource;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * Who feeds a mount live, as Icecast's admin stats show it ({@code source_ip}, {@code user_agent}).
 *
 * @param ip        the source's IP address, as text
 * @param userAgent the program it says it is, or null
 */
public record SourceClient(String ip, String userAgent) {

    /** The live source's address and program; null without a live source. */
    public static SourceClient of(LiveSource source) {
        if (source == null) {
            return null;
        }
        return new SourceClient(ip(source.remote()), source.userAgent() == null || source.userAgent().isBlank()
                ? null : source.userAgent());
    }

    private static String ip(SocketAddress remote) {
        if (remote instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return inet.getAddress().getHostAddress();
        }
        return String.valueOf(remote);
    }
}
