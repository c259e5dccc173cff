package io.relaycast.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Listing the public mounts in stream directories ("YP", yellow pages), as Icecast's {@code <directory>} does: each
 * public mount that plays something is added to every directory, touched with its listener count and current song, and
 * removed when it stops.
 *
 * @param urls          the directories' YP addresses, such as {@code http://dir.xiph.org/cgi-bin/yp-cgi} (Icecast's
 *                      {@code yp-url}); empty for none
 * @param timeout       how long a directory may take to answer (Icecast's {@code yp-url-timeout})
 * @param touchInterval how often a listed mount is touched, unless the directory asks for another interval
 * @param hostname      the public name (or {@code name:port}) of this server that listeners reach it at, which the
 *                      listings give as each mount's address (Icecast's {@code hostname}); null without directories
 */
public record YpSettings(List<URI> urls, Duration timeout, Duration touchInterval, String hostname) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(15);
    public static final Duration DEFAULT_TOUCH_INTERVAL = Duration.ofSeconds(600);
    /** Icecast never touches more often than this, whatever it is told. */
    public static final Duration MIN_TOUCH_INTERVAL = Duration.ofSeconds(30);

    /** A host name, IPv4 address or bracketed IPv6 address (group 1), and an optional port (group 2). */
    private static final Pattern HOST = Pattern.compile("(\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9.-]+)(:[0-9]{1,5})?");

    public static final YpSettings NONE = new YpSettings(List.of(), DEFAULT_TIMEOUT, DEFAULT_TOUCH_INTERVAL, null);

    public YpSettings {
        urls = urls == null ? List.of() : List.copyOf(urls);
        for (URI url : urls) {
            String scheme = url.getScheme();
            if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                    || url.getHost() == null) {
                throw new IllegalArgumentException("yp-url must be an http:// or https:// URL, such as "
                        + "http://dir.xiph.org/cgi-bin/yp-cgi: " + url);
            }
        }
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
        touchInterval = touchInterval == null ? DEFAULT_TOUCH_INTERVAL : touchInterval;
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("yp-url-timeout must be positive");
        }
        if (touchInterval.compareTo(MIN_TOUCH_INTERVAL) < 0) {
            throw new IllegalArgumentException("yp-touch-interval must be at least " + MIN_TOUCH_INTERVAL.toSeconds()
                    + " s, as Icecast's");
        }
        hostname = hostname == null || hostname.isBlank() ? null : hostname.strip();
        if (hostname != null && !HOST.matcher(hostname).matches()) {
            throw new IllegalArgumentException("hostname must be a DNS name or an address, with :port if listeners use "
                    + "another port than the server's (IPv6 addresses in brackets): " + hostname);
        }
        if (!urls.isEmpty() && hostname == null) {
            throw new IllegalArgumentException("yp-url: listing mounts in a YP directory needs --hostname, the public name "
                    + "listeners reach this server at (the listings give http://HOSTNAME:PORT/mount)");
        }
    }

    public boolean isEnabled() {
        return !urls.isEmpty();
    }

    /**
     * How directories are told to reach this server: the hostname as given when it names a port, else with {@code port}
     * (the server's listening port).
     */
    public String authority(int port) {
        Matcher host = HOST.matcher(hostname);
        return host.matches() && host.group(2) != null ? hostname : hostname + ":" + port;
    }

    /** Whether the hostname only works on this machine, which makes a listing useless to anyone else. */
    public boolean isLocalHostname() {
        if (hostname == null) {
            return false;
        }
        String name = hostname.replaceFirst(":[0-9]+$", "");
        return name.equalsIgnoreCase("localhost") || name.startsWith("127.") || name.equals("[::1]");
    }
}
