package io.relaycast.cli;

import io.relaycast.config.IcecastConfigImport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code relaycast import-icecast /etc/icecast2/icecast.xml -o relaycast.yaml}: a station's Icecast config as relaycast's
 * config file, then checked as {@code relaycast --config} would check it.
 */
@Command(name = "import-icecast", mixinStandardHelpOptions = true,
        description = {"Converts an Icecast 2.4 icecast.xml into a relaycast config file (YAML): passwords, limits, port, "
                + "directories, headers, master, relays and every mount with its settings and authentication. What "
                + "relaycast has no setting for is listed at the top of the file and counted on standard error.",
            "Exit status: 0 converted; 1 the file cannot be read or converted, or relaycast would refuse the result "
                + "(it is written all the same, to be fixed by hand)."})
public final class ImportIcecastCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "ICECAST_XML", description = "The Icecast config, e.g. /etc/icecast2/icecast.xml.")
    Path icecastXml;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Write the config to FILE (not over an existing one; only its owner may read it: it holds the "
                    + "passwords) instead of standard output.")
    Path output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        IcecastConfigImport.Result result;
        try {
            result = IcecastConfigImport.read(icecastXml);
        } catch (IOException | IllegalArgumentException unreadable) {
            err.println("relaycast import-icecast: " + unreadable.getMessage());
            return 1;
        }
        String yaml = result.yaml(icecastXml.toString());
        Path written;
        try {
            if (output != null) {
                written = writeOwnerOnly(output, yaml);
            } else {
                spec.commandLine().getOut().print(yaml);
                spec.commandLine().getOut().flush();
                written = Files.writeString(Files.createTempFile("relaycast-import", ".yaml"), yaml);
            }
        } catch (IOException cannotWrite) {
            err.println("relaycast import-icecast: cannot write " + output + ": " + cannotWrite);
            return 1;
        }
        try {
            String refusal = refusal(written);
            if (refusal != null && output == null) {
                // The file the check read is deleted below: the config is the one on standard output.
                refusal = refusal.replace(written.toString(), "(standard output)");
            }
            err.println(result.notes().size() + " Icecast settings not carried over" + (result.notes().isEmpty() ? ""
                    : ", listed at the top of the file") + (output == null ? "" : "; written to " + output));
            if (refusal != null) {
                err.println("relaycast would refuse this config: " + refusal);
                return 1;
            }
            return 0;
        } finally {
            if (output == null) {
                try {
                    Files.deleteIfExists(written);
                } catch (IOException ignored) {
                    // A temp file left behind costs nothing.
                }
            }
        }
    }

    /**
     * Writes {@code yaml} to a new {@code file} only its owner may read (where the file system has POSIX permissions, as
     * Debian's icecast.xml is 0640): it holds the source, admin, relay and master passwords and the backends' logins.
     */
    private static Path writeOwnerOnly(Path file, String yaml) throws IOException {
        FileAttribute<?>[] ownerOnly = file.getFileSystem().supportedFileAttributeViews().contains("posix")
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                : new FileAttribute<?>[0];
        // Made first, empty, with its permissions: never over an existing file, never readable by others while written.
        return Files.writeString(Files.createFile(file, ownerOnly), yaml);
    }

    /** What {@code relaycast --config file} would say is wrong with {@code file}, or null if it would start. */
    private static String refusal(Path file) {
        CommandLine line = Main.commandLine();
        try {
            line.parseArgs("--config", file.toString());
            ((ServeCommand) line.getCommand()).withConfigFile().config();
            return null;
        } catch (CommandLine.ParameterException | IllegalArgumentException invalid) {
            return invalid.getMessage();
        }
    }
}
