package io.relaycast.admin;

import io.relaycast.playlist.Jukebox;
import io.relaycast.playlist.Track;

/** {@code /admin/skip?mount=}: ends the playlist's current track; the next starts at once. */
final class SkipCommand implements AdminCommand {

    @Override
    public String name() {
        return "skip";
    }

    @Override
    public boolean mountScoped() {
        return true;
    }

    @Override
    public AdminReply run(AdminRequest request) {
        Jukebox jukebox = request.jukebox();
        String skipped = jukebox.current().map(Track::title).orElse(null);
        jukebox.skip();
        return AdminReply.success(skipped == null ? "Track skipped" : "Skipped " + skipped);
    }
}
