package io.relaycast.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * Asks a running server whether it answers HTTP, for a container's health check, so the image needs no curl or wget. It
 * finds the server's port as the server itself does, from the server's own command line first: in relaycast's image the
 * server is the container's main process, whose arguments ({@code docker run IMAGE --port 9000}) {@code /proc/1/cmdline}
 * shows; then {@code RELAYCAST_PORT}, {@code RELAYCAST_BIND}, {@code RELAYCAST_CONFIG}; then the config file. Exit 0 on
 * a 2xx answer, 1 on anything else, as Docker expects (it reserves 2).
 */
@Command(name = "healthcheck", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = 1,
        exitCodeOnExecutionException = 1,
        description = {"Exit 0 if the server answers GET " + HealthcheckCommand.PATH + " with 2xx, else 1 with the reason on "
                + "stderr.", "Checks the port the server's own settings give, as the server reads them: the command line of "
                + "the container's main process when that is relaycast (docker run IMAGE --port 9000), then RELAYCAST_PORT, "
                + "RELAYCAST_BIND, RELAYCAST_CONFIG, then the config file. --port, --bind and --config here take the place of "
                + "the server's; --url checks another URL."})
final class HealthcheckCommand implements Callable<Integer> {

    static final String PATH = "/status-json.xsl";
    /** The command line of the container's main process, NUL-separated: the server, in relaycast's image. */
    static final Path CONTAINER_MAIN = Path.of("/proc/1/cmdline");
    /** The server's options that say where it listens. */
    private static final List<String> WHERE = List.of("--port", "--bind", "--config");
    private static final Pattern RELAYCAST_JAR = Pattern.compile("relaycast[^/]*\\.jar");
    private static final Pattern IPV4_ANY = Pattern.compile("0+(\\.0+){0,3}");

    @Option(names = "--url", description = "Check this URL instead.")
    URI url;

    @Option(names = "--timeout", defaultValue = "5", description = "Seconds to wait for the connection, and for the answer.")
    int timeoutSeconds;

    // Strings, read only when given here: they are the server's options, checked as the server checks them.
    @Option(names = "--port", paramLabel = "PORT", description = "The server's --port, if not the one it was started with.")
    String port;

    @Option(names = "--bind", paramLabel = "ADDRESS", description = "The server's --bind.")
    String bind;

    @Option(names = "--config", paramLabel = "FILE", description = "The server's --config.")
    String config;

    /** Where the server's command line is read; a file of the tests'. */
    Path serverCommandLine = CONTAINER_MAIN;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        try {
            return check(url != null ? url : serverUrl());
        } catch (ParameterException invalid) {
            return unhealthy(spec.commandLine().getErr(), EnvironmentDefaults.reason(invalid));
        }
    }

    /** Says why in one line, which is what {@code docker inspect} shows of a health check, and gives its exit code. */
    static int unhealthy(PrintWriter err, String reason) {
        err.println("relaycast healthcheck: " + reason);
        err.flush();
        return 1;
    }

    private int check(URI target) {
        PrintWriter err = spec.commandLine().getErr();
        Duration timeout = Duration.ofSeconds(timeoutSeconds);
        try {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
            HttpResponse<Void> response = client.send(HttpRequest.newBuilder(target).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() / 100 != 2) {
                return unhealthy(err, target + " answered " + response.statusCode());
            }
            spec.commandLine().getOut().println(target + " answered " + response.statusCode());
            return 0;
        } catch (IOException | IllegalArgumentException failed) {
            return unhealthy(err, "no answer from " + target + ": " + reason(failed));
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return unhealthy(err, "interrupted");
        }
    }

    /**
     * The status page on the server's plain HTTP port, on this host unless the server binds one address only. Its settings
     * are read as the server reads them, its command line over the environment over the config file; its command line is
     * the main process's, with the options given to {@code relaycast [OPTIONS] healthcheck [OPTIONS]} in place of its own.
     */
    private URI serverUrl() {
        Map<String, Given> given = new LinkedHashMap<>();
        serverOptions(serverCommandLine).forEach((option, value) ->
                given.put(option, new Given(value, "the server's command line (" + serverCommandLine + ")")));
        for (ParseResult options : List.of(spec.parent().commandLine().getParseResult(), spec.commandLine().getParseResult())) {
            matched(options).forEach((option, value) -> given.put(option, new Given(value, "the command line")));
        }
        List<String> args = new ArrayList<>();
        given.forEach((option, value) -> args.add(option + "=" + value.value()));
        CommandLine line = Main.commandLine();
        line.setDefaultValueProvider(spec.commandLine().getDefaultValueProvider());
        line.parseArgs(args.toArray(String[]::new));
        ServeCommand settings = line.getCommand();
        if (settings.configFile != null) {
            settings = settings.withConfigFile();
        }
        if (settings.port < 1 || settings.port > 65535) {
            String from = given.containsKey("--port") ? given.get("--port").from()
                    : line.getDefaultValueProvider() instanceof EnvironmentDefaults environment
                    && environment.sets(line.getCommandSpec().findOption("--port"))
                    ? "environment variable RELAYCAST_PORT" : "config file " + settings.configFile;
            throw new ParameterException(line, from + ": the server's port must be between 1 and 65535 to be checked, was "
                    + settings.port);
        }
        return URI.create("http://" + host(settings.bind) + ":" + settings.port + PATH);
    }

    /** A value of the server's options, and where it was given. */
    private record Given(String value, String from) {
    }

    /** The options of {@link #WHERE} that {@code parsed} matched, with their values as given. */
    private static Map<String, String> matched(ParseResult parsed) {
        Map<String, String> matched = new LinkedHashMap<>();
        for (String option : WHERE) {
            if (parsed != null && parsed.hasMatchedOption(option)) {
                List<String> values = parsed.matchedOption(option).originalStringValues();
                matched.put(option, values.get(values.size() - 1));
            }
        }
        return matched;
    }

    /**
     * The options of {@link #WHERE} on the command line in {@code cmdline} (NUL-separated arguments, as
     * {@code /proc/PID/cmdline} gives them) if it runs relaycast's server, none otherwise: outside a container the main
     * process is an init system, and the environment alone says where the server is, as before.
     */
    static Map<String, String> serverOptions(Path cmdline) {
        List<String> args = relaycastArguments(cmdline);
        if (args == null) {
            return Map.of();
        }
        // Only the server's own options are wanted here, without the environment's (the settings are read again below).
        CommandLine line = Main.commandLine();
        line.setDefaultValueProvider(new EnvironmentDefaults(Map.of()));
        ParseResult parsed;
        try {
            parsed = line.parseArgs(args.toArray(String[]::new));
        } catch (ParameterException invalid) {
            throw new ParameterException(invalid.getCommandLine(), "the server's command line (" + cmdline + "): "
                    + invalid.getMessage(), invalid);
        }
        if (parsed.hasSubcommand() || parsed.isUsageHelpRequested() || parsed.isVersionHelpRequested()) {
            return Map.of();
        }
        Map<String, String> options = matched(parsed);
        options.computeIfPresent("--config", (option, file) -> serversFile(cmdline, file));
        return options;
    }

    /**
     * The server's {@code file} as the server opens it: relative to the server's working directory, which
     * {@code /proc/PID/cwd} beside its command line leads to ({@code docker run -w DIR} differs from the check's).
     */
    private static String serversFile(Path cmdline, String file) {
        Path workingDirectory = cmdline.resolveSibling("cwd");
        return Path.of(file).isAbsolute() || !Files.isDirectory(workingDirectory) ? file
                : workingDirectory.resolve(file).toString();
    }

    /**
     * relaycast's arguments in {@code cmdline}, after {@code -jar relaycast.jar} (any relaycast*.jar) or the main class;
     * null if the file cannot be read (not Linux) or runs something else. Init programs such as
     * {@code docker run --init}'s pass the command on whole, and are looked through.
     */
    private static List<String> relaycastArguments(Path cmdline) {
        List<String> words;
        try {
            String content = new String(Files.readAllBytes(cmdline), StandardCharsets.UTF_8);
            words = Arrays.asList(content.split("\0"));
        } catch (IOException | SecurityException unreadable) {
            return null;
        }
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i);
            if (word.equals("-jar") && i + 1 < words.size()) {
                Path jar = Path.of(words.get(i + 1)).getFileName();
                return jar != null && RELAYCAST_JAR.matcher(jar.toString()).matches() ? words.subList(i + 2, words.size())
                        : null;
            }
            if (word.equals(Main.class.getName())) {
                return words.subList(i + 1, words.size());
            }
        }
        return null;
    }

    /**
     * Where to reach a server that binds {@code bind}: on loopback if it binds every address (0.0.0.0 or ::, however
     * spelt; a server bound to :: takes IPv4 connections too).
     */
    static String host(String bind) {
        String address = bind.strip();
        if (address.startsWith("[") && address.endsWith("]")) {
            address = address.substring(1, address.length() - 1);
        }
        if (address.isEmpty() || IPV4_ANY.matcher(address).matches() || address.contains(":") && isAnyIpv6(address)) {
            return "127.0.0.1";
        }
        return address.contains(":") ? "[" + address + "]" : address;
    }

    private static boolean isAnyIpv6(String literal) {
        try {
            // In brackets, only an IPv6 literal is accepted: nothing is looked up.
            return InetAddress.getByName("[" + literal + "]").isAnyLocalAddress();
        } catch (UnknownHostException notAnAddress) {
            return false;
        }
    }

    private static String reason(Exception failure) {
        if (failure instanceof ConnectException) {
            // The HTTP client's own says no more than its name, nor do its causes.
            return "connection refused (nothing listening there?)";
        }
        return failure.getMessage() == null ? failure.toString() : failure.getMessage();
    }
}
