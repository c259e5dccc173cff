package io.relaycast.relay;

import io.netty.util.concurrent.DefaultThreadFactory;
import io.relaycast.config.Relaying;
import io.relaycast.http.Credentials;
import io.relaycast.mount.Mount;
import io.relaycast.mount.MountRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Relays every mount of a master server, as an Icecast slave does: reads the master's {@code /admin/streamlist.txt} at
 * start and then every update interval, starts a {@link RelayPuller} for each mount newly listed (same path here) and
 * stops the one of each mount no longer listed. A list that cannot be read (nor wholly within 10 s, nor in 1 MiB)
 * changes nothing: the relays running go on, each reconnecting by itself. Mounts configured on this server, by a
 * reload too, are left to their own settings. A master's redirect (one that moved to https, say) is followed as relays
 * follow their origins'. On demand, each mount listed is open to listeners here, and its puller
 * connects only while it has some.
 *
 * <p>Reads the list on its own thread; the pullers run on their mounts' event loops.
 */
public final class MasterRelay implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MasterRelay.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** A stream list is a line per mount: a megabyte is thousands of mounts. */
    static final int MAX_LIST_BYTES = 1024 * 1024;
    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);

    private final URI master;
    /** user:password as the URL gives it (percent-encoded), or null. */
    private final String userInfo;
    private final String shown;
    private final Duration interval;
    /** The paths of the mounts configured here now: a reload may add or remove some. */
    private final Supplier<Set<String>> configured;
    private final MountRegistry mounts;
    private final BiFunction<Mount, URI, RelayPuller> pullers;
    /** Whether the pullers connect only on demand: their mounts are then held open to listeners meanwhile. */
    private final boolean onDemand;
    private final HttpClient http;
    /** Whether https:// is spoken: to the master, or where it redirects to. */
    private final boolean secure;
    private final ScheduledExecutorService reader =
            Executors.newSingleThreadScheduledExecutor(new DefaultThreadFactory("relaycast-master", true));
    /** Mount path to its puller: changed by the reader thread only, read by {@link #holdsOpen} too. */
    private final Map<String, RelayPuller> relayed = new ConcurrentHashMap<>();
    /** Paths on the list that are not relayed (configured here, or unusable), said once while they stay on it. */
    private final Set<String> skipped = new HashSet<>();
    private volatile Set<String> lastList = Set.of();

    /**
     * @param configured the paths of the mounts configured on this server as it runs now, or fed by a relay of their
     *                   own (read at each reading of the list), never taken over by the master's list
     * @param pullers    starts a puller for a local mount from an origin URL
     * @param tls        how to speak TLS to an https:// master (null for an http:// one)
     */
    public MasterRelay(Relaying settings, Supplier<Set<String>> configured, MountRegistry mounts,
                       BiFunction<Mount, URI, RelayPuller> pullers, OriginTls tls) {
        this.master = settings.master();
        this.userInfo = userInfo(master);
        this.shown = Credentials.withoutPassword(master);
        this.interval = settings.masterInterval();
        this.configured = configured;
        this.mounts = mounts;
        this.pullers = pullers;
        this.onDemand = settings.relaysOnDemand();
        // HTTP/1.1, as Icecast's slaves ask (libcurl): the JDK's default offers every new http:// connection an upgrade
        // to HTTP/2 (Upgrade: h2c), which some masters and the proxies in front of them refuse.
        HttpClient.Builder client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT);
        if (OriginTls.isSecure(master) && tls == null) {
            throw new IllegalArgumentException("an https:// master needs TLS settings: " + shown);
        }
        // With TLS settings, an http:// master that moved to https:// is followed there.
        this.secure = tls != null;
        this.http = (secure ? tls.applyTo(client) : client).build();
    }

    /** Reads the list now, then every interval; returns at once. */
    public MasterRelay start() {
        reader.scheduleWithFixedDelay(this::update, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        log.info("relaying every mount of master {} (its list read every {} s)", shown, interval.toSeconds());
        return this;
    }

    /** The mounts on the master's list as last read. */
    public Set<String> lastList() {
        return lastList;
    }

    /**
     * Whether this relay holds the mount at {@code path} open to listeners without a source (on demand, while the master
     * lists it): a reload that takes the path out of the file must leave it open.
     */
    public boolean holdsOpen(String path) {
        return onDemand && relayed.containsKey(path);
    }

    /** One reading; nothing it meets may end the schedule (an executor drops a task that throws). */
    private void update() {
        try {
            follow();
        } catch (RuntimeException unexpected) {
            log.error("master {}: following its stream list failed; trying again at the next reading", shown, unexpected);
        }
    }

    private void follow() {
        Set<String> listed;
        try {
            listed = readList();
        } catch (IOException | RuntimeException unreadable) {
            log.warn("master {}: cannot read its stream list ({}); the relays running go on", shown, unreadable.getMessage());
            return;
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
            return;
        }
        lastList = listed;
        // A path skipped again after it left the list (or became relayable) is said again.
        skipped.retainAll(listed);
        Set<String> configuredNow = configured.get();
        relayed.entrySet().removeIf(entry -> {
            String path = entry.getKey();
            if (listed.contains(path)) {
                return false;
            }
            log.info("relay {}: no longer on master {}'s list; stopped", path, shown);
            entry.getValue().close();
            Mount mount = mounts.find(path);
            // A reload may have configured it meanwhile: then it stays open to listeners, as configured mounts are.
            if (onDemand && !configuredNow.contains(path)) {
                mount.setPersistent(false);
            }
            mount.release(this);
            return true;
        });
        for (String path : listed) {
            if (relayed.containsKey(path)) {
                continue;
            }
            if (configuredNow.contains(path)) {
                if (skipped.add(path)) {
                    log.info("relay {}: on master {}'s list, but configured here; left to its own settings", path, shown);
                }
                continue;
            }
            URI origin;
            try {
                origin = url(userInfo, path);
            } catch (IllegalArgumentException notAUrlPath) {
                if (skipped.add(path)) {
                    log.warn("relay {}: on master {}'s list, but not a path this server can ask for; skipped", path, shown);
                }
                continue;
            }
            skipped.remove(path);
            Mount mount = mounts.keep(path, this);
            if (onDemand) {
                // Listeners must be able to come before the first connection: they are what starts it.
                mount.setPersistent(true);
            }
            relayed.put(path, pullers.apply(mount, origin));
            log.info("relay {} <- {}{}", path, Credentials.withoutPassword(origin), onDemand ? " (on demand)" : "");
        }
    }

    /**
     * Follows the master's redirects by hand, as relays follow their origins': up to {@link RelayPuller#MAX_REDIRECTS} in
     * a row, the login going along only to the same server (the JDK's client would send it anywhere).
     */
    private Set<String> readList() throws IOException, InterruptedException {
        URI at = url(null, StreamListEndpoint.PATH);
        boolean login = userInfo != null;
        for (int redirects = 0; ; redirects++) {
            HttpResponse<String> response = send(request(at, login));
            Optional<String> location = response.headers().firstValue("Location");
            if (!REDIRECTS.contains(response.statusCode()) || location.isEmpty()) {
                return listed(response);
            }
            URI next = RelayPuller.resolve(at, location.get());
            if (next == null || !RelayPuller.followable(next, secure) || redirects >= RelayPuller.MAX_REDIRECTS) {
                throw new IOException("not following its redirect to " + (next == null ? "an unusable URL"
                        : Credentials.withoutPassword(next)) + " (after " + redirects + " redirects)");
            }
            login = login && RelayPuller.sameServer(next, at);
            at = next;
        }
    }

    private HttpRequest request(URI at, boolean login) {
        HttpRequest.Builder request = HttpRequest.newBuilder(at).timeout(TIMEOUT).header("User-Agent", "relaycast");
        if (login) {
            request.header("Authorization", Credentials.basicAuthorization(url(userInfo, "/").getUserInfo()));
        }
        return request.build();
    }

    private static Set<String> listed(HttpResponse<String> response) throws IOException {
        if (response.statusCode() != 200) {
            throw new IOException("it answered " + response.statusCode()
                    + (response.statusCode() == 401 ? " (check the relay user and password in the master URL)" : ""));
        }
        Set<String> listed = new LinkedHashSet<>();
        for (String line : response.body().split("\r?\n")) {
            String path = line.trim();
            if (path.startsWith("/") && path.length() > 1 && !path.contains(" ")) {
                listed.add(path);
            }
        }
        return listed;
    }

    /**
     * The whole answer within {@link #TIMEOUT}, its body capped at {@link #MAX_LIST_BYTES}: on Java 17 the request's own
     * timeout ends with the response head, and a master that then stops sending would hold every reading after it.
     */
    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        CompletableFuture<HttpResponse<String>> answer = http.sendAsync(request, CappedBody.upTo(MAX_LIST_BYTES));
        try {
            return answer.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException slow) {
            answer.cancel(true);
            throw new IOException("no whole answer within " + TIMEOUT.toSeconds() + " s", slow);
        } catch (InterruptedException stopping) {
            answer.cancel(true);
            throw stopping;
        } catch (ExecutionException failed) {
            throw failed.getCause() instanceof IOException io ? io : new IOException(failed.getCause());
        }
    }

    /** The master's URL for {@code path}, with {@code credentials} (raw user info) or none. */
    private URI url(String credentials, String path) {
        return URI.create(master.getScheme() + "://" + (credentials == null ? "" : credentials + "@") + master.getHost()
                + (master.getPort() > 0 ? ":" + master.getPort() : "") + path);
    }

    /** A URL with a password alone logs in as Icecast's default relay user. */
    private static String userInfo(URI master) {
        String raw = master.getRawUserInfo();
        if (raw == null) {
            return null;
        }
        return raw.indexOf(':') < 0 ? Relaying.DEFAULT_RELAY_USER + ":" + raw : raw;
    }

    /** Stops reading the list and every relay it started. */
    @Override
    public void close() {
        reader.shutdownNow();
        try {
            reader.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        relayed.values().forEach(RelayPuller::close);
        relayed.clear();
    }
}
