package io.relaycast.cli;

import io.relaycast.server.PortUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/** Entry point: {@code java -jar relaycast.jar [options]} serves; subcommands do the rest. */
public final class Main {

    private static final Logger log = LoggerFactory.getLogger(Main.class);

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, shared with tests. */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new ServeCommand());
        commandLine.setDefaultValueProvider(new EnvironmentDefaults(System.getenv()));
        commandLine.setExecutionExceptionHandler((failure, line, parsed) -> {
            if (failure instanceof PortUnavailableException) {
                log.error("relaycast cannot start: {}", failure.getMessage());
            } else {
                log.error("relaycast failed: {}", failure.toString(), failure);
            }
            line.getErr().println("relaycast: " + failure.getMessage());
            return 1;
        });
        return commandLine;
    }
}
