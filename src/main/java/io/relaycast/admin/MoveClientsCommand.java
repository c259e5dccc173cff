package io.relaycast.admin;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.relaycast.listener.ListenerHandler;
import io.relaycast.mount.Mount;
import io.relaycast.mp3.FrameHeader;
import io.relaycast.mp3.SampleFormat;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /admin/moveclients?mount=&destination=}: moves every listener of the mount to another, at its live edge and
 * without reconnecting, with Icecast's checks and messages. A move to a mount whose stream has another sample rate or
 * channel count is done as Icecast does it, with a warning in the log: the moved players hear the format change mid-stream,
 * and some (VLC, after a mono stream turns stereo) lose the audio.
 */
final class MoveClientsCommand implements AdminCommand {

    private static final Logger log = LoggerFactory.getLogger(MoveClientsCommand.class);

    @Override
    public String name() {
        return "moveclients";
    }

    @Override
    public boolean mountScoped() {
        return true;
    }

    @Override
    public AdminReply run(AdminRequest request) {
        Mount mount = request.mount();
        String destinationPath = request.require("destination");
        Mount destination = request.context().mounts().find(destinationPath);
        if (destination == null) {
            return AdminReply.failure(HttpResponseStatus.BAD_REQUEST, "No such destination");
        }
        if (destination == mount) {
            return AdminReply.failure(HttpResponseStatus.BAD_REQUEST, "supplied mountpoints are identical");
        }
        if (!destination.isListenable()) {
            return AdminReply.failure(HttpResponseStatus.BAD_REQUEST, "Destination not running");
        }
        List<ListenerHandler> moved = request.context().listeners().onMount(mount.path());
        for (ListenerHandler listener : moved) {
            listener.moveTo(destination);
        }
        warnOfFormatChange(mount, destination, moved.size());
        return AdminReply.success("Clients moved from " + mount.path() + " to " + destination.path());
    }

    private static void warnOfFormatChange(Mount from, Mount to, int moved) {
        FrameHeader heard = from.streamFormat().current();
        FrameHeader next = to.streamFormat().current();
        if (moved == 0 || heard == null || next == null) {
            return;
        }
        SampleFormat before = SampleFormat.of(heard);
        SampleFormat after = SampleFormat.of(next);
        if (!before.equals(after)) {
            log.warn("moved {} listener(s) from {} ({}) to {} ({}): their players hear the stream change format, which some "
                    + "(VLC) cannot follow", moved, from.path(), before, to.path(), after);
        }
    }
}
