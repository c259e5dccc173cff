package io.relaycast.cli;

import io.relaycast.server.RelaycastServer;
import java.nio.file.Path;
import picocli.CommandLine;

/** A server started as {@code relaycast --config FILE} starts it, that reloads from that file. */
final class FileConfiguredServer {

    private FileConfiguredServer() {
    }

    static RelaycastServer start(Path file) throws InterruptedException {
        CommandLine line = Main.commandLine();
        line.parseArgs("--config", file.toString());
        ServeCommand command = ((ServeCommand) line.getCommand()).withConfigFile();
        return new RelaycastServer(command.config(), 2).reloadFrom(command::reread).start();
    }
}
