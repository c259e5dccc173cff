package io.relaycast.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * What a config reload makes of a config read again, as Icecast's reload does: the settings that can change while the
 * server runs are taken from the new config, and those the server was built on at startup (ports and the address
 * bound, the audio kept per mount, relaying from a master, directories, TLS, address lists) keep their running value
 * until a restart. Settings are named as in the config file.
 *
 * @param applied      the config to run on from now: the new one, with the running value of every startup setting
 * @param needsRestart the startup settings the new config changes, which keep their running value
 */
public record ConfigChange(ServerConfig applied, List<String> needsRestart) {

    private record Setting<C>(String name, Function<C, Object> value) {

        boolean differs(C running, C reread) {
            return !Objects.equals(value.apply(running), value.apply(reread));
        }
    }

    private static final List<Setting<ServerConfig>> SERVER_STARTUP_SETTINGS = List.of(
            new Setting<>("bind", ServerConfig::bindAddress),
            new Setting<>("port", ServerConfig::port),
            new Setting<>("source-port", ServerConfig::sourcePort),
            new Setting<>("extra-port", ServerConfig::extraPorts),
            new Setting<>("shoutcast-mount", ServerConfig::shoutcastMount),
            new Setting<>("queue-size", ServerConfig::queueSize),
            new Setting<>("chunk-duration", ServerConfig::chunkDuration),
            new Setting<>("master", c -> c.relaying().master()),
            new Setting<>("master-update-interval", c -> c.relaying().masterInterval()),
            new Setting<>("relays-on-demand", c -> c.relaying().relaysOnDemand()),
            new Setting<>("relay-ca", c -> c.relaying().trustedCertificates()),
            new Setting<>("yp-url", c -> c.yp().urls()),
            new Setting<>("yp-url-timeout", c -> c.yp().timeout()),
            new Setting<>("yp-touch-interval", c -> c.yp().touchInterval()),
            new Setting<>("hostname", c -> c.yp().hostname()),
            new Setting<>("tls-port", c -> c.tls().port()),
            new Setting<>("tls-certificate", c -> c.tls().certificate()),
            new Setting<>("tls-key", c -> c.tls().key()),
            new Setting<>("deny-ip", c -> c.access().denyFile()),
            new Setting<>("allow-ip", c -> c.access().allowFile()),
            new Setting<>("trusted-proxy", c -> c.access().trustedProxies()),
            new Setting<>("trusted-proxy-header", c -> c.access().proxyHeader()));

    /** What a mount was set up with when it was created: its inputs and its recording. */
    private static final List<Setting<MountConfig>> MOUNT_STARTUP_SETTINGS = List.of(
            new Setting<>("playlist", MountConfig::playlist),
            new Setting<>("shuffle", MountConfig::shuffle),
            new Setting<>("resume", MountConfig::resume),
            new Setting<>("rescan", MountConfig::rescan),
            new Setting<>("relay", MountConfig::relay),
            new Setting<>("relay-on-demand", MountConfig::relayOnDemand),
            new Setting<>("dump-file", m -> m.sourceActions().dumpFile()));

    public ConfigChange {
        needsRestart = List.copyOf(needsRestart);
    }

    /**
     * The change from {@code running} to {@code reread}; an {@link IllegalArgumentException} if the live settings of
     * {@code reread} do not go with the startup settings kept (a burst larger than the queue kept).
     */
    public static ConfigChange between(ServerConfig running, ServerConfig reread) {
        List<String> needsRestart = new ArrayList<>();
        SERVER_STARTUP_SETTINGS.stream().filter(s -> s.differs(running, reread)).forEach(s -> needsRestart.add(s.name()));
        Relaying relaying = new Relaying(running.relaying().master(), running.relaying().masterInterval(),
                reread.relaying().relayUser(), reread.relaying().relayPassword(), running.relaying().trustedCertificates(),
                running.relaying().relaysOnDemand());
        ServerConfig.Builder applied = reread.toBuilder().bindAddress(running.bindAddress()).port(running.port())
                .sourcePort(running.sourcePort()).queueSize(running.queueSize()).chunkDuration(running.chunkDuration())
                .shoutcastMount(running.shoutcastMount()).relaying(relaying).yp(running.yp()).tls(running.tls())
                .access(running.access()).extraPorts(running.extraPorts());
        return new ConfigChange(withQueueKept(applied, running, reread), needsRestart);
    }

    /**
     * The applied config, built on the running queue size: a burst that only the new queue-size holds is rejected,
     * saying that queue-size is what waits for a restart (the file's own pair of values goes together).
     */
    private static ServerConfig withQueueKept(ServerConfig.Builder applied, ServerConfig running, ServerConfig reread) {
        try {
            return applied.build();
        } catch (IllegalArgumentException tooSmall) {
            if (running.queueSize() == reread.queueSize()) {
                throw tooSmall;
            }
            throw new IllegalArgumentException("queue-size " + reread.queueSize() + " needs a restart; until then the running "
                    + running.queueSize() + " must hold the burst: " + tooSmall.getMessage(), tooSmall);
        }
    }

    /**
     * The startup settings of a mount that {@code wanted} changes against what the mount was set up with
     * ({@code installed}), as {@code mounts./live.playlist}.
     */
    public static List<String> mountStartupChanges(MountConfig installed, MountConfig wanted) {
        return MOUNT_STARTUP_SETTINGS.stream()
                .filter(s -> s.differs(installed, wanted))
                .map(s -> "mounts." + wanted.path() + "." + s.name())
                .toList();
    }
}
