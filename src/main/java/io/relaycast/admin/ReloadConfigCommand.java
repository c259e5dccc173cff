package io.relaycast.admin;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.relaycast.server.ReloadOutcome;
import java.util.function.Supplier;

/**
 * {@code /admin/reloadconfig}: reads the config file again and puts it into force, as Icecast's command of the same
 * name and SIGHUP do; no source or listener is dropped. A file that is not valid is rejected with {@code return 0} and
 * the reason, and the server keeps its config. Answered off the event loops: it waits for the reload, which runs on the
 * server's reload thread (SIGHUP's too) and may wait there for another one.
 */
final class ReloadConfigCommand implements AdminCommand {

    private final Supplier<ReloadOutcome> reloadConfig;

    ReloadConfigCommand(Supplier<ReloadOutcome> reloadConfig) {
        this.reloadConfig = reloadConfig;
    }

    @Override
    public String name() {
        return "reloadconfig";
    }

    @Override
    public boolean mountScoped() {
        return false;
    }

    @Override
    public boolean answersOffLoop() {
        return true;
    }

    @Override
    public AdminReply run(AdminRequest request) {
        ReloadOutcome outcome = reloadConfig.get();
        return outcome.reloaded() ? AdminReply.success(outcome.message())
                : AdminReply.failure(HttpResponseStatus.INTERNAL_SERVER_ERROR, outcome.message());
    }
}
