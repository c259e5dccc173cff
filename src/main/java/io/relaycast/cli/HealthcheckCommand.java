package io.relaycast.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * Asks a running server whether it answers HTTP, for a container's health check, so the image needs no curl or wget. It
 * finds the server from the settings the server itself reads ({@code RELAYCAST_PORT}, {@code RELAYCAST_BIND}, a
 * {@code --config} file): the check follows the configuration. Exit 0 on a 2xx answer, 1 on anything else, as Docker
 * expects.
 */
@Command(name = "healthcheck", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = 1,
        exitCodeOnExecutionException = 1,
        description = "Exit 0 if the server answers GET " + HealthcheckCommand.PATH + " with 2xx, else 1 with the reason on "
                + "stderr. Checks the port of the server's own settings (RELAYCAST_PORT, RELAYCAST_BIND, --config), or --url.")
final class HealthcheckCommand implements Callable<Integer> {

    static final String PATH = "/status-json.xsl";

    @ParentCommand
    ServeCommand server;

    @Option(names = "--url", description = "Check this URL instead.")
    URI url;

    @Option(names = "--timeout", defaultValue = "5", description = "Seconds to wait for the connection, and for the answer.")
    int timeoutSeconds;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        try {
            return check(url != null ? url : serverUrl());
        } catch (ParameterException invalid) {
            spec.commandLine().getErr().println("relaycast healthcheck: " + invalid.getMessage());
            return 1;
        }
    }

    private int check(URI target) {
        PrintWriter err = spec.commandLine().getErr();
        Duration timeout = Duration.ofSeconds(timeoutSeconds);
        try {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
            HttpResponse<Void> response = client.send(HttpRequest.newBuilder(target).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() / 100 != 2) {
                err.println("relaycast healthcheck: " + target + " answered " + response.statusCode());
                return 1;
            }
            spec.commandLine().getOut().println(target + " answered " + response.statusCode());
            return 0;
        } catch (IOException | IllegalArgumentException failed) {
            err.println("relaycast healthcheck: no answer from " + target + ": " + reason(failed));
            return 1;
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            err.println("relaycast healthcheck: interrupted");
            return 1;
        }
    }

    /** The status page on the server's plain HTTP port, on this host unless the server binds one address only. */
    private URI serverUrl() {
        ServeCommand settings = server.configFile == null ? server : server.withConfigFile();
        return URI.create("http://" + host(settings.bind) + ":" + settings.port + PATH);
    }

    static String host(String bind) {
        if (bind == null || bind.isBlank() || bind.equals("0.0.0.0") || bind.equals("::")) {
            return "127.0.0.1";
        }
        return bind.contains(":") ? "[" + bind + "]" : bind;
    }

    private static String reason(Exception failure) {
        if (failure instanceof ConnectException) {
            // The HTTP client's own says no more than its name, nor do its causes.
            return "connection refused (nothing listening there?)";
        }
        return failure.getMessage() == null ? failure.toString() : failure.getMessage();
    }
}
