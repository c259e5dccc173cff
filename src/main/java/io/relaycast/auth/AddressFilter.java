package io.relaycast.auth;

import io.relaycast.config.AccessLists;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.file.Path;

/**
 * Which client addresses may connect at all, as Icecast's {@code <deny-ip>} and {@code <allow-ip>} files decide: an
 * address on the deny list is refused; with an allow list, only its addresses are let in. Both files are read again
 * when they change. A file that cannot be read is taken as not there (as Icecast does), with a warning: an unreadable
 * allow list does not lock the station out.
 */
public final class AddressFilter {

    /** Lets everyone in. */
    public static final AddressFilter NONE = new AddressFilter(AccessLists.NONE);

    private final WatchedFile<AddressList> deny;
    private final WatchedFile<AddressList> allow;

    public AddressFilter(AccessLists lists) {
        this.deny = watched(lists.denyFile(), "deny-ip list", "nobody is refused for it");
        this.allow = watched(lists.allowFile(), "allow-ip list", "every address is let in until it can");
    }

    private static WatchedFile<AddressList> watched(Path file, String what, String unreadableMeans) {
        if (file == null) {
            return null;
        }
        return new WatchedFile<>(file, what, lines -> AddressList.parse(lines, what + " " + file),
                list -> list.size() + " addresses or networks", AddressList.EMPTY, unreadableMeans);
    }

    /** Whether a client at {@code remote} may connect; anything but an IP address (a test's local channel) may. */
    public boolean admits(SocketAddress remote) {
        if (deny == null && allow == null) {
            return true;
        }
        if (!(remote instanceof InetSocketAddress inet) || inet.getAddress() == null) {
            return true;
        }
        byte[] address = inet.getAddress().getAddress();
        if (deny != null && deny.current().contains(address)) {
            return false;
        }
        if (allow != null) {
            // EMPTY stands for an allow list that cannot be read; a readable empty file lets nobody in.
            AddressList allowed = allow.current();
            return allowed == AddressList.EMPTY || allowed.contains(address);
        }
        return true;
    }
}
