package io.relaycast.testing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Collectors;

/** mpg123 as a second, independent decoder: reports every complaint it prints about a file. */
public final class Mpg123 {

    private Mpg123() {
    }

    /** Decodes {@code file} in test mode; returns its error, illegal-header and skipped-bytes lines (empty when clean). */
    public static String decodeProblems(Path file) {
        Programs.Result result = Programs.run(Duration.ofSeconds(60), "mpg123", "-t", file.toString());
        String problems = result.stderrText().lines()
                .filter(line -> line.contains("error") || line.contains("Illegal") || line.contains("Skipped")
                        || line.contains("Warning") || line.contains("junk"))
                .collect(Collectors.joining("\n"));
        return result.exitCode() == 0 ? problems : "exit " + result.exitCode() + "\n" + problems;
    }
}
