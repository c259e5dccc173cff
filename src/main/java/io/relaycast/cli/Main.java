package io.relaycast.cli;

import io.relaycast.server.PortUnavailableException;
import java.io.PrintWriter;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/** Entry point: {@code java -jar relaycast.jar [options]} serves; subcommands do the rest. */
public final class Main {

    private static final Logger log = LoggerFactory.getLogger(Main.class);
    private static final String HEALTHCHECK = "healthcheck";

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, shared with tests. */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new ServeCommand());
        commandLine.setDefaultValueProvider(new EnvironmentDefaults(System.getenv()));
        commandLine.setParameterExceptionHandler(Main::refuse);
        commandLine.setExecutionStrategy(Main::run);
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

    /**
     * Runs the command the arguments name, once the environment's log level is in force: for every command, as the
     * server's own settings come later and the other commands have none.
     */
    private static int run(ParseResult parsed) {
        if (parsed.commandSpec().commandLine().getDefaultValueProvider() instanceof EnvironmentDefaults environment) {
            EnvironmentLogLevel.apply(environment.value(EnvironmentLogLevel.VARIABLE));
        }
        return new CommandLine.RunLast().execute(parsed);
    }

    /**
     * A mistake on the command line or in the config file: the reason (and a suggestion for a misspelt option), then a
     * pointer to {@code --help}, as GNU tools do. The full option list after it would push the one line that matters
     * off the screen, or out of the last lines of {@code journalctl} or {@code docker logs}.
     */
    private static int refuse(ParameterException invalid, String[] args) {
        CommandLine line = invalid.getCommandLine();
        CommandLine running = running(line);
        String reason = EnvironmentDefaults.reason(invalid);
        if (running.getCommand() instanceof HealthcheckCommand check) {
            // The check's own arguments are read, and it reads the server's settings itself, the server's command line
            // over the environment (a server given --port has no use for RELAYCAST_PORT): it judges them. What is wrong
            // with its own is said in one line, which Docker shows, and exit code 1: Docker reserves 2.
            return running == line ? HealthcheckCommand.unhealthy(running.getErr(), reason) : check.call();
        }
        if (running.getParent() == null && List.of(args).contains(HEALTHCHECK)) {
            // A server option before the subcommand (relaycast --port abc healthcheck) failed before the parsing reached
            // the subcommand: still the check's mistake, said as the check says it.
            return HealthcheckCommand.unhealthy(line.getErr(), reason);
        }
        PrintWriter err = line.getErr();
        err.println(line.getColorScheme().errorText(reason));
        UnmatchedArgumentException.printSuggestions(invalid, err);
        err.println("Try '" + line.getCommandSpec().qualifiedName() + " --help' for more information.");
        err.flush();
        return running.getCommandSpec().exitCodeOnInvalidInput();
    }

    /**
     * The command the arguments run, whose exit codes apply: the last subcommand they name, when the parsing got that far
     * (the server's settings are checked once the arguments are all read, a subcommand's too).
     */
    private static CommandLine running(CommandLine line) {
        ParseResult parsed = line.getParseResult();
        while (parsed != null && parsed.hasSubcommand()) {
            parsed = parsed.subcommand();
        }
        return parsed == null ? line : parsed.commandSpec().commandLine();
    }
}
