package io.relaycast.admin;

import io.relaycast.playlist.Jukebox;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /admin/rescan?mount=}: re-reads the playlist's folder or list. Reading a large library takes time, so it runs
 * off the event loop and the reply says it started; {@code /admin/playlist} shows the result.
 */
final class RescanCommand implements AdminCommand {

    private static final Logger log = LoggerFactory.getLogger(RescanCommand.class);

    @Override
    public String name() {
        return "rescan";
    }

    @Override
    public boolean mountScoped() {
        return true;
    }

    @Override
    public AdminReply run(AdminRequest request) {
        Jukebox jukebox = request.jukebox();
        CompletableFuture.runAsync(jukebox::rescan).whenComplete((done, failure) -> {
            if (failure != null) {
                log.warn("rescan of the playlist of {} failed: {}", jukebox.mount(), failure.toString());
            }
        });
        return AdminReply.success("Rescan started");
    }
}
