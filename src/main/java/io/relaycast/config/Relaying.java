package io.relaycast.config;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How this server takes part in a network of servers, as Icecast's master and slave settings: an origin ("master") lists
 * its mounts at {@code /admin/streamlist.txt} for its relays, and a relay ("slave") reads that list and pulls every
 * mount on it.
 *
 * @param master         an origin whose every listed mount this server relays ({@code http://relay:password@host:port},
 *                       or {@code https://}; Icecast's {@code master-server}, {@code -port}, {@code -username},
 *                       {@code -password}, {@code master-ssl-port}); or null
 * @param masterInterval how often the origin's list is read again (Icecast's {@code master-update-interval})
 * @param relayUser      the user relays of this server log in as to read its list (Icecast's {@code relay-user})
 * @param relayPassword  that user's password, or null: then only the admin may read the list
 * @param trustedCertificates PEM file of the certificates trusted for {@code https://} origins (the master's and each
 *                       relay's), instead of the JVM's own: for an origin whose certificate no public authority signed;
 *                       or null
 * @param relaysOnDemand pull each of the master's mounts only while it has listeners here (Icecast's
 *                       {@code relays-on-demand}); its mount stays open to listeners while the master lists it
 */
public record Relaying(URI master, Duration masterInterval, String relayUser, String relayPassword,
                       Path trustedCertificates, boolean relaysOnDemand) {

    /** Icecast's defaults: the list read every two minutes, relays log in as "relay". */
    public static final Duration DEFAULT_MASTER_INTERVAL = Duration.ofSeconds(120);
    public static final String DEFAULT_RELAY_USER = "relay";

    public static final Relaying NONE = new Relaying(null, DEFAULT_MASTER_INTERVAL, DEFAULT_RELAY_USER, null);

    public Relaying {
        if (master != null && !isOriginUrl(master)) {
            throw new IllegalArgumentException("master must be an http:// or https:// URL with a host, such as "
                    + "http://relay:password@origin.example.org:8000: " + master);
        }
        if (trustedCertificates != null && !Files.isReadable(trustedCertificates)) {
            throw new IllegalArgumentException("relay-ca: the certificates to trust for https:// origins, " + trustedCertificates
                    + ", cannot be read");
        }
        masterInterval = masterInterval == null ? DEFAULT_MASTER_INTERVAL : masterInterval;
        if (masterInterval.isNegative() || masterInterval.isZero()) {
            throw new IllegalArgumentException("master-update-interval must be positive");
        }
        relayUser = Objects.requireNonNullElse(relayUser, DEFAULT_RELAY_USER);
        relayPassword = relayPassword == null || relayPassword.isEmpty() ? null : relayPassword;
    }

    /** Pulling the master's mounts all the time, trusting the JVM's certificate authorities. */
    public Relaying(URI master, Duration masterInterval, String relayUser, String relayPassword) {
        this(master, masterInterval, relayUser, relayPassword, null, false);
    }

    public boolean hasMaster() {
        return master != null;
    }

    /** Whether {@code url} can name an origin: http or https, with a host. */
    public static boolean isOriginUrl(URI url) {
        String scheme = url.getScheme();
        return ("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme)) && url.getHost() != null;
    }
}
