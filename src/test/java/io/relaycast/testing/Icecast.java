package io.relaycast.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Debian's Icecast 2, the reference server, started on a free port from a config written to {@code dir}: source
 * password {@link #SOURCE_PASSWORD}, admin {@code admin}/{@link #ADMIN_PASSWORD}. Icecast refuses to run as root, so as
 * root it is started as {@code nobody} (the directory is opened up for it).
 */
public final class Icecast implements AutoCloseable {

    public static final String SOURCE_PASSWORD = "ice-source-pw";
    public static final String ADMIN_PASSWORD = "ice-admin-pw";
    /** What this Icecast's slaves log in with, as user {@code relay}, to read its stream list. */
    public static final String RELAY_PASSWORD = "ice-relay-pw";

    private final Programs.Running process;
    private final int port;

    private Icecast(Programs.Running process, int port) {
        this.process = process;
        this.port = port;
    }

    public static Icecast start(Path dir) {
        return start(dir, "");
    }

    /** With {@code settings} added to the top level of the config, e.g. a {@code <master-server>} to relay from. */
    public static Icecast start(Path dir, String settings) {
        Programs.require("/usr/bin/icecast2");
        // A port picked free can be taken before Icecast binds it (an outgoing connection's ephemeral port): Icecast
        // then exits at once, and is started again on another port.
        for (int attempt = 1; ; attempt++) {
            Icecast icecast = startOn(FreePorts.pick(), dir, settings);
            await().atMost(Duration.ofSeconds(10)).until(() -> icecast.accepts() || !icecast.process.process().isAlive());
            if (icecast.accepts()) {
                return icecast;
            }
            icecast.close();
            if (attempt == 3) {
                throw new IllegalStateException("icecast2 exited at start three times; see " + icecast.process.stderr());
            }
        }
    }

    private static Icecast startOn(int port, Path dir, String settings) {
        try {
            Path home = Files.createDirectories(dir.resolve("icecast"));
            Files.createDirectories(home.resolve("log"));
            for (Path open : List.of(dir, home, home.resolve("log"))) {
                Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
            }
            Path config = Files.writeString(home.resolve("icecast.xml"), """
                    <icecast>
                      <limits><clients>100</clients><sources>4</sources><source-timeout>10</source-timeout>
                        <burst-size>65536</burst-size></limits>
                      <authentication><source-password>%s</source-password><admin-user>admin</admin-user>
                        <admin-password>%s</admin-password><relay-password>%s</relay-password></authentication>
                      <hostname>127.0.0.1</hostname>
                      <listen-socket><port>%d</port><bind-address>127.0.0.1</bind-address></listen-socket>
                      <paths><basedir>/usr/share/icecast2</basedir><logdir>%s</logdir>
                        <webroot>/usr/share/icecast2/web</webroot><adminroot>/usr/share/icecast2/admin</adminroot></paths>
                      <logging><accesslog>access.log</accesslog><errorlog>error.log</errorlog><loglevel>3</loglevel></logging>
                      <security><chroot>0</chroot></security>
                      %s
                    </icecast>
                    """.formatted(SOURCE_PASSWORD, ADMIN_PASSWORD, RELAY_PASSWORD, port, home.resolve("log"), settings));
            Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-r--r--"));
            List<String> command = new ArrayList<>(Programs.unprivileged());
            command.addAll(List.of("/usr/bin/icecast2", "-c", config.toString()));
            return new Icecast(Programs.start(home, command), port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return port;
    }

    /** {@code http://127.0.0.1:port/path}. */
    public String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    /** The URL ffmpeg streams to. */
    public String icecastUrl(String mount) {
        return "icecast://source:" + SOURCE_PASSWORD + "@127.0.0.1:" + port + mount;
    }

    private boolean accepts() {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    @Override
    public void close() {
        process.close();
    }
}
