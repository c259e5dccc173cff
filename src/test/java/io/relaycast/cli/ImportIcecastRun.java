package io.relaycast.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.relaycast.config.ServerConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.stream.Stream;
import picocli.CommandLine;

/** {@code relaycast import-icecast} run as the command line runs it, and its result read as {@code --config} reads it. */
final class ImportIcecastRun {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** The standard output and error of the last {@link #run(String...)}. */
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    /** The exit status of {@code import-icecast args}, its standard output and error in {@link #out} and {@link #err}. */
    int run(String... args) {
        return run(out, err, args);
    }

    /** The exit status of {@code import-icecast args}, its standard output and error in {@code out} and {@code err}. */
    static int run(StringWriter out, StringWriter err, String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        CommandLine line = Main.commandLine();
        line.setOut(new PrintWriter(out, true));
        line.setErr(new PrintWriter(err, true));
        return line.execute(Stream.concat(Stream.of("import-icecast"), Stream.of(args)).toArray(String[]::new));
    }

    /** The config {@code relaycast --config file} would run on. */
    static ServerConfig loaded(Path file) {
        CommandLine line = Main.commandLine();
        line.parseArgs("--config", file.toString());
        return ((ServeCommand) line.getCommand()).withConfigFile().config();
    }

    /** The YAML {@code file}, as a tree. */
    static JsonNode yaml(Path file) throws IOException {
        return YAML.readTree(file.toFile());
    }
}
