package io.relaycast.auth;

import io.relaycast.config.MountConfig;
import io.relaycast.config.ServerConfig;
import io.relaycast.http.Credentials;
import java.net.http.HttpClient;
import java.util.Map;
import java.util.Optional;

/**
 * Who may do what. Sources log in as user "source" with the source password (or a mount's own user and password, as
 * Icecast's {@code <username>} and {@code <password>}), as every Icecast client does; the admin may do anything,
 * including feeding a mount.
 */
public final class Authenticator {

    public static final String SOURCE_USER = "source";

    private final String sourcePassword;
    private final String adminUser;
    private final String adminPassword;
    private final PerMount<String> mountPasswords;
    private final PerMount<String> mountUsers;
    private final String relayUser;
    private final String relayPassword;
    private final PerMount<ListenerUsers> listenerUsers;
    private final PerMount<ListenerAuthUrl> listenerBackends;
    private final PerMount<SourceAuthUrl> sourceBackends;

    /**
     * @param mountPasswords per-mount source passwords; a mount listed here accepts only its own password (and the admin)
     */
    public Authenticator(String sourcePassword, String adminUser, String adminPassword, Map<String, String> mountPasswords) {
        this(sourcePassword, adminUser, adminPassword, mountPasswords, Map.of(), null, null, Map.of(), Map.of(), Map.of());
    }

    /**
     * @param mountUsers    per-mount source users (Icecast's {@code <username>}), for the mounts whose sources do not log in
     *                      as {@value #SOURCE_USER}
     * @param relayUser     the user this server's relays log in as to read its stream list
     * @param relayPassword that user's password, or null for no such user (the admin may still read the list)
     * @param listenerUsers the mounts that let in only the users of a file, by path
     * @param listenerBackends the mounts that ask a web backend about each listener, by path
     * @param sourceBackends the mounts that ask a web backend about each source instead of checking passwords, by path
     */
    public Authenticator(String sourcePassword, String adminUser, String adminPassword, Map<String, String> mountPasswords,
                         Map<String, String> mountUsers, String relayUser, String relayPassword,
                         Map<String, ListenerUsers> listenerUsers, Map<String, ListenerAuthUrl> listenerBackends,
                         Map<String, SourceAuthUrl> sourceBackends) {
        this(sourcePassword, adminUser, adminPassword, PerMount.of(mountPasswords), PerMount.of(mountUsers), relayUser,
                relayPassword, PerMount.of(listenerUsers), PerMount.of(listenerBackends), PerMount.of(sourceBackends));
    }

    private Authenticator(String sourcePassword, String adminUser, String adminPassword, PerMount<String> mountPasswords,
                          PerMount<String> mountUsers, String relayUser, String relayPassword,
                          PerMount<ListenerUsers> listenerUsers, PerMount<ListenerAuthUrl> listenerBackends,
                          PerMount<SourceAuthUrl> sourceBackends) {
        this.sourcePassword = sourcePassword;
        this.adminUser = adminUser;
        this.adminPassword = adminPassword;
        this.mountPasswords = mountPasswords;
        this.mountUsers = mountUsers;
        this.relayUser = relayUser;
        this.relayPassword = relayPassword;
        this.listenerUsers = listenerUsers;
        this.listenerBackends = listenerBackends;
        this.sourceBackends = sourceBackends;
    }

    /**
     * The passwords, users files and authentication backends of {@code config}, for its mounts and for the mounts its
     * {@code mount-defaults} match: built at startup and again on each config reload. {@code http} is the client every
     * backend asks through, {@code lines} the server's lines to them.
     */
    public static Authenticator of(ServerConfig config, HttpClient http, BackendLines lines) {
        return new Authenticator(config.sourcePassword(), config.adminUser(), config.adminPassword(),
                PerMount.of(config, MountConfig::password), PerMount.of(config, MountConfig::username),
                config.relaying().relayUser(), config.relaying().relayPassword(),
                PerMount.of(config, mount -> mount.listeners().auth().usersFile() == null ? null
                        : new ListenerUsers(mount.listeners().auth().usersFile())),
                PerMount.of(config, mount -> mount.listeners().auth().addUrl() == null
                        && mount.listeners().auth().removeUrl() == null ? null
                        : new ListenerAuthUrl(mount.listeners().auth().addUrl(), mount.listeners().auth().removeUrl(), http,
                                lines)),
                PerMount.of(config, mount -> mount.sourceAuthUrl() == null ? null
                        : new SourceAuthUrl(mount.sourceAuthUrl(), http, lines)));
    }

    /** The users file of {@code mount}, if it lets in only the users of one. */
    public Optional<ListenerUsers> listenerUsers(String mount) {
        return Optional.ofNullable(listenerUsers.get(mount));
    }

    /**
     * The web backend to ask about a listener of {@code mount} ({@link ListenerAuthUrl}), or null: none, or the admin,
     * who needs nobody's leave.
     */
    public ListenerAuthUrl listenerBackend(Optional<Credentials> credentials, String mount) {
        ListenerAuthUrl backend = listenerBackends.get(mount);
        return backend == null || isAdmin(credentials) ? null : backend;
    }

    /**
     * Whether {@code credentials} may listen to {@code mount}: anybody may, unless the mount has a users file; then its
     * users and the admin may.
     */
    public boolean mayListen(Optional<Credentials> credentials, String mount) {
        ListenerUsers users = listenerUsers.get(mount);
        return users == null || users.accepts(credentials) || isAdmin(credentials);
    }

    public boolean isAdmin(Optional<Credentials> credentials) {
        return credentials.map(c -> c.matches(adminUser, adminPassword)).orElse(false);
    }

    /** Whether {@code credentials} may read the list of mounts relays pull ({@code /admin/streamlist.txt}). */
    public boolean mayListStreams(Optional<Credentials> credentials) {
        return isAdmin(credentials)
                || relayPassword != null && credentials.map(c -> c.matches(relayUser, relayPassword)).orElse(false);
    }

    /**
     * The web backend to ask about a source of {@code mount} ({@link SourceAuthUrl}), or null: none (the passwords
     * decide), or the admin, who needs nobody's leave.
     */
    public SourceAuthUrl sourceBackend(Optional<Credentials> credentials, String mount) {
        SourceAuthUrl backend = sourceBackends.get(mount);
        return backend == null || isAdmin(credentials) ? null : backend;
    }

    /**
     * Whether {@code credentials} may stream to, or update the metadata of, {@code mount} by password: the admin may,
     * and the mount's source user with its password, unless a web backend decides about the mount's sources
     * ({@link #sourceBackend}).
     */
    public boolean maySource(Optional<Credentials> credentials, String mount) {
        if (credentials.isEmpty()) {
            return false;
        }
        Credentials given = credentials.get();
        if (given.matches(adminUser, adminPassword)) {
            return true;
        }
        return sourceBackends.get(mount) == null
                && given.matches(sourceUser(mount), mountPasswords.getOrDefault(mount, sourcePassword));
    }

    /** The user the sources of {@code mount} log in as: {@value #SOURCE_USER}, or the mount's own. */
    public String sourceUser(String mount) {
        return mountUsers.getOrDefault(mount, SOURCE_USER);
    }
}
