package io.relaycast.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Debian's Icecast 2, the reference server, started on a free port from a config written to {@code dir}: source
 * password {@link #SOURCE_PASSWORD}, admin {@code admin}/{@link #ADMIN_PASSWORD}; with {@link #startWithTls}, also HTTPS
 * on a second port. Icecast refuses to run as root, so as root it is started as {@code nobody} (the directory is opened
 * up for it).
 */
public final class Icecast implements AutoCloseable {

    public static final String SOURCE_PASSWORD = "ice-source-pw";
    public static final String ADMIN_PASSWORD = "ice-admin-pw";
    /** What this Icecast's slaves log in with, as user {@code relay}, to read its stream list. */
    public static final String RELAY_PASSWORD = "ice-relay-pw";

    /** No HTTPS listen socket. */
    private static final int NO_PORT = -1;

    private final Programs.Running process;
    private final int port;
    private final int tlsPort;

    private Icecast(Programs.Running process, int port, int tlsPort) {
        this.process = process;
        this.port = port;
        this.tlsPort = tlsPort;
    }

    public static Icecast start(Path dir) {
        return start(dir, "");
    }

    /** With {@code settings} added to the top level of the config, e.g. a {@code <master-server>} to relay from. */
    public static Icecast start(Path dir, String settings) {
        return start(dir, settings, null);
    }

    /**
     * Also serving HTTPS on {@link #tlsPort()} ({@code <ssl>1</ssl>} on a second {@code <listen-socket>}), with
     * {@code certificateAndKey} as its {@code <ssl-certificate>}: one PEM file holding both.
     */
    public static Icecast startWithTls(Path dir, Path certificateAndKey) {
        return start(dir, "", certificateAndKey);
    }

    private static Icecast start(Path dir, String settings, Path certificateAndKey) {
        Programs.require("/usr/bin/icecast2");
        // A port picked free can be taken before Icecast binds it (an outgoing connection's ephemeral port): Icecast
        // then exits at once. Icecast 2.4.4 also dies now and then (SIGSEGV) on the first connection it gets while
        // starting. Either way it is started again on other ports.
        for (int attempt = 1; ; attempt++) {
            int tlsPort = certificateAndKey == null ? NO_PORT : FreePorts.pick();
            Icecast icecast = startOn(FreePorts.pick(), tlsPort, certificateAndKey, dir, settings);
            await().atMost(Duration.ofSeconds(10)).until(() -> icecast.answers() || !icecast.process.process().isAlive());
            if (icecast.process.process().isAlive()) {
                return icecast;
            }
            icecast.close();
            if (attempt == 3) {
                throw new IllegalStateException("icecast2 exited at start three times; see " + icecast.process.stderr());
            }
        }
    }

    private static Icecast startOn(int port, int tlsPort, Path certificateAndKey, Path dir, String settings) {
        try {
            Path home = Files.createDirectories(dir.resolve("icecast"));
            Files.createDirectories(home.resolve("log"));
            for (Path open : List.of(dir, home, home.resolve("log"))) {
                Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
            }
            String tlsSocket = "";
            String tlsPath = "";
            if (tlsPort != NO_PORT) {
                // A copy Icecast can read when it runs as nobody (openssl writes keys for their owner only).
                Path pem = Files.copy(certificateAndKey, home.resolve("ssl.pem"), StandardCopyOption.REPLACE_EXISTING);
                Files.setPosixFilePermissions(pem, PosixFilePermissions.fromString("rw-r--r--"));
                tlsSocket = "<listen-socket><port>%d</port><bind-address>127.0.0.1</bind-address><ssl>1</ssl></listen-socket>"
                        .formatted(tlsPort);
                tlsPath = "<ssl-certificate>" + pem + "</ssl-certificate>";
            }
            Path config = Files.writeString(home.resolve("icecast.xml"), """
                    <icecast>
                      <limits><clients>100</clients><sources>4</sources><source-timeout>10</source-timeout>
                        <burst-size>65536</burst-size></limits>
                      <authentication><source-password>%s</source-password><admin-user>admin</admin-user>
                        <admin-password>%s</admin-password><relay-password>%s</relay-password></authentication>
                      <hostname>127.0.0.1</hostname>
                      <listen-socket><port>%d</port><bind-address>127.0.0.1</bind-address></listen-socket>
                      %s
                      <paths><basedir>/usr/share/icecast2</basedir><logdir>%s</logdir>
                        <webroot>/usr/share/icecast2/web</webroot><adminroot>/usr/share/icecast2/admin</adminroot>%s</paths>
                      <logging><accesslog>access.log</accesslog><errorlog>error.log</errorlog><loglevel>3</loglevel></logging>
                      <security><chroot>0</chroot></security>
                      %s
                    </icecast>
                    """.formatted(SOURCE_PASSWORD, ADMIN_PASSWORD, RELAY_PASSWORD, port, tlsSocket, home.resolve("log"), tlsPath,
                    settings));
            Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-r--r--"));
            List<String> command = new ArrayList<>(Programs.unprivileged());
            command.addAll(List.of("/usr/bin/icecast2", "-c", config.toString()));
            return new Icecast(Programs.start(home, command), port, tlsPort);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return port;
    }

    /** The HTTPS port, when started {@link #startWithTls with TLS}. */
    public int tlsPort() {
        if (tlsPort == NO_PORT) {
            throw new IllegalStateException("this Icecast serves no HTTPS");
        }
        return tlsPort;
    }

    /** {@code https://127.0.0.1:tlsPort/path}. */
    public String httpsUrl(String path) {
        return "https://127.0.0.1:" + tlsPort() + path;
    }

    /** {@code http://127.0.0.1:port/path}. */
    public String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    /** The URL ffmpeg streams to. */
    public String icecastUrl(String mount) {
        return "icecast://source:" + SOURCE_PASSWORD + "@127.0.0.1:" + port + mount;
    }

    /**
     * Past its start: it has answered a request on its port, not merely accepted the connection (the connection it
     * crashes on is then this one), and its HTTPS socket listens.
     */
    private boolean answers() {
        try (RawClient client = RawClient.connect(port)) {
            client.send("GET /status-json.xsl HTTP/1.0\r\n\r\n").readHead();
        } catch (UncheckedIOException notYet) {
            return false;
        }
        return tlsPort == NO_PORT || FreePorts.listening(tlsPort);
    }

    @Override
    public void close() {
        process.close();
    }
}
