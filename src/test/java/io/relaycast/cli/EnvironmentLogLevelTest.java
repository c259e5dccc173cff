package io.relaycast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * {@code RELAYCAST_LOG_LEVEL} holds for every command, in each of the words the server takes for it, from the start:
 * logback.xml makes DEBUG of a name it does not know (Icecast's 1 to 4, {@code warning}), which these tests start from.
 */
class EnvironmentLogLevelTest {

    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final StringWriter err = new StringWriter();
    private Level before;

    @TempDir
    Path dir;

    @BeforeEach
    void startAsLogbackDoesWithANameItDoesNotKnow() {
        before = root.getLevel();
        root.setLevel(Level.DEBUG);
    }

    @AfterEach
    void restore() {
        root.setLevel(before);
    }

    /** Runs {@code import-icecast} on a file that is not there: a subcommand that starts no server, over at once. */
    private int importIcecast(String level) {
        CommandLine commandLine = Main.commandLine();
        commandLine.setDefaultValueProvider(new EnvironmentDefaults(Map.of("RELAYCAST_LOG_LEVEL", level)));
        commandLine.setOut(new PrintWriter(new StringWriter()));
        commandLine.setErr(new PrintWriter(err));
        return commandLine.execute("import-icecast", dir.resolve("missing.xml").toString());
    }

    @Test
    void icecastsWordWarningHoldsForASubcommand() {
        assertThat(importIcecast("warning")).isEqualTo(1);
        assertThat(root.getLevel()).isEqualTo(Level.WARN);
    }

    @Test
    void icecastsNumberOneMeansErrorForASubcommand() {
        assertThat(importIcecast("1")).isEqualTo(1);
        assertThat(root.getLevel()).isEqualTo(Level.ERROR);
    }

    @Test
    void aLevelNotUnderstoodLogsAtInfoNotDebug() {
        assertThat(importIcecast("verbose")).isEqualTo(1);
        assertThat(root.getLevel()).isEqualTo(Level.INFO);
    }
}
