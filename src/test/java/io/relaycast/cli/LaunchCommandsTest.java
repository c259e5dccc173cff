package io.relaycast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.relaycast.testing.Programs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands that start relaycast outside the tests: the images' ENTRYPOINT and HEALTHCHECK (both Dockerfiles) and the
 * systemd unit's ExecStart. The Docker image tests need Docker; these run their JVM options on this host's java.
 */
class LaunchCommandsTest {

    private static final List<Path> DOCKERFILES = List.of(Path.of("Dockerfile"), Path.of("Dockerfile.build"));
    private static final Path UNIT = Path.of("scripts/relaycast.service");
    private static final String JAR = "/opt/relaycast/relaycast.jar";

    @TempDir
    Path dir;

    /**
     * JDK_JAVA_OPTIONS, JAVA_TOOL_OPTIONS and _JAVA_OPTIONS are set for the server; a -Xms512m in any of them would keep
     * the health check's 32 MiB JVM from starting, and the container would never be healthy.
     */
    @Test
    void theHealthCheckStartsWhateverHeapTheServersJavaOptionsAskFor() throws IOException {
        Map<String, String> serverOptions = Map.of("JDK_JAVA_OPTIONS", "-Xms512m", "JAVA_TOOL_OPTIONS", "-Xms512m",
                "_JAVA_OPTIONS", "-Xms512m");
        for (Path dockerfile : DOCKERFILES) {
            List<String> check = words(instruction(dockerfile, "HEALTHCHECK"));
            List<String> jvm = new ArrayList<>(check.subList(0, check.indexOf("-jar")));
            jvm.add("-version");
            Programs.run(dir, Duration.ofSeconds(60), serverOptions, jvm).assertSuccess();
        }
    }

    /**
     * A server that ran out of memory would go on half-dead, which neither Docker's restart policy nor systemd's
     * Restart=on-failure notices: it must exit. Run here on a program that catches the error and would carry on.
     */
    @Test
    void aServerOutOfMemoryExitsSoThatDockerOrSystemdStartsItAgain() throws IOException {
        Path program = Files.writeString(dir.resolve("CarriesOnAfterOutOfMemory.java"), """
                public class CarriesOnAfterOutOfMemory {
                    public static void main(String[] args) {
                        java.util.List<long[]> kept = new java.util.ArrayList<>();
                        try {
                            while (true) {
                                kept.add(new long[1 << 20]);
                            }
                        } catch (OutOfMemoryError e) {
                            kept.clear();
                            System.out.println("carried on");
                        }
                    }
                }
                """);
        Programs.run(dir, Duration.ofSeconds(60), Map.of(), List.of("javac", "-d", dir.toString(), program.toString()))
                .assertSuccess();
        List<List<String>> launches = new ArrayList<>();
        for (Path dockerfile : DOCKERFILES) {
            launches.add(words(instruction(dockerfile, "ENTRYPOINT")));
        }
        launches.add(List.of(execStart().split(" ")));
        for (List<String> launch : launches) {
            List<String> jvm = new ArrayList<>(launch.subList(1, launch.indexOf("-jar")));
            jvm.add(0, "java");
            jvm.addAll(List.of("-Xmx64m", "-cp", dir.toString(), "CarriesOnAfterOutOfMemory"));
            Programs.Result run = Programs.run(dir, Duration.ofSeconds(60), Map.of(), jvm);
            assertThat(run.stdoutText()).doesNotContain("carried on");
            assertThat(run.exitCode()).isEqualTo(3);
        }
    }

    /**
     * A checkout made under a strict umask (027, 077) holds the jar as 0640 or 0600, and COPY keeps that mode: the
     * server's own user then cannot read it ("Unable to access jarfile"). The classic builder, which the image tests use,
     * knows no COPY --chmod; so a chmod as root, before the image switches to that user.
     */
    @Test
    void theServersUserCanReadTheJarWhateverTheUmaskOfTheCheckout() throws IOException {
        for (Path dockerfile : DOCKERFILES) {
            List<String> lines = instructions(dockerfile);
            int copy = indexOf(lines, "COPY ", JAR);
            int chmod = indexOf(lines, "RUN chmod 0644 ", JAR);
            int user = indexOf(lines, "USER relaycast", "");
            assertThat(List.of(copy, chmod, user)).doesNotContain(-1).isSorted();
            assertThat(lines).noneMatch(line -> line.contains("--chmod"));
        }
    }

    /**
     * Without access-log the access log goes to the journal, one line per listener: journald's default limit (10,000
     * lines in 30 s a unit) would drop lines, and whole minutes of them, when a crowd comes and goes after a show.
     */
    @Test
    void theJournalTakesTheLinesOfACrowdLeavingButStillLimitsAFlood() throws IOException {
        assertThat(directive("LogRateLimitIntervalSec")).contains("30s");
        assertThat(directive("LogRateLimitBurst").map(Integer::parseInt).orElseThrow()).isBetween(24_000, 1_000_000);
    }

    private static int indexOf(List<String> lines, String start, String containing) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(start) && lines.get(i).contains(containing)) {
                return i;
            }
        }
        return -1;
    }

    /** The Dockerfile's instructions, one a line: continuation lines joined, comments left out. */
    private static List<String> instructions(Path dockerfile) throws IOException {
        return Files.readString(dockerfile).replace("\\\n", "").lines().filter(line -> !line.startsWith("#")).toList();
    }

    /** The last instruction named {@code name}: the one in force in the image. */
    private static String instruction(Path dockerfile, String name) throws IOException {
        List<String> found = instructions(dockerfile).stream().filter(line -> line.startsWith(name + " ")).toList();
        assertThat(found).isNotEmpty();
        return found.get(found.size() - 1);
    }

    /** The words of an instruction's JSON array. */
    private static List<String> words(String instruction) {
        List<String> words = new ArrayList<>();
        Matcher word = Pattern.compile("\"([^\"]*)\"").matcher(instruction);
        while (word.find()) {
            words.add(word.group(1));
        }
        return words;
    }

    private static String execStart() throws IOException {
        return directive("ExecStart").orElseThrow();
    }

    private static Optional<String> directive(String name) throws IOException {
        return Files.readString(UNIT).lines().filter(line -> line.startsWith(name + "="))
                .map(line -> line.substring(name.length() + 1)).findFirst();
    }
}
