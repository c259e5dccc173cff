package io.relaycast.server;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.relaycast.metrics.RelaycastMeter;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * The clients that fail on the HTTPS port: scanners, encoders with TLS unticked, browsers refusing a self-signed
 * certificate. They come all day, so each is a DEBUG line and a count, and the log gets a summary at most once a minute.
 */
final class TlsHandshakeFailures implements MeterBinder {

    private final AtomicLong notTls = new AtomicLong();
    private final AtomicLong handshake = new AtomicLong();
    private final PeriodicWarning summary = new PeriodicWarning(Duration.ofMinutes(1));

    /** Counts one and logs it to {@code log}; {@code notTls}: the client spoke no TLS at all. */
    void failed(Logger log, SocketAddress client, boolean notTls, String why) {
        (notTls ? this.notTls : handshake).incrementAndGet();
        log.debug("{}: closed: not a TLS client on the HTTPS port, or its handshake failed ({})", client, why);
        long since = summary.occurred();
        if (since > 0) {
            // Counted since the previous summary, which may be longer ago than a minute.
            log.info("{} connection(s) to the HTTPS port closed before TLS was up since the previous such line (or the start), "
                    + "the latest from {}: {} (plain HTTP, scanners, or clients refusing the certificate; "
                    + "see relaycast_tls_handshake_failures_total)", since, client, why);
        }
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        register(registry, "not_tls", notTls);
        register(registry, "handshake", handshake);
    }

    private static void register(MeterRegistry registry, String reason, AtomicLong count) {
        FunctionCounter.builder(RelaycastMeter.TLS_HANDSHAKE_FAILURES.meterName(), count, AtomicLong::get)
                .description(RelaycastMeter.TLS_HANDSHAKE_FAILURES.description())
                .tag(RelaycastMeter.REASON, reason)
                .register(registry);
    }
}
