package io.relaycast.mount;

/**
 * What an encoder's claim on a mount came to ({@link MountRegistry#claimLive}): the mount, now its own; or nothing,
 * because another source holds the mount, or because as many sources as the server allows are live already.
 *
 * @param mount the mount the source is now the live input of, or null
 * @param tooManySources whether it was refused for the server's limit on live sources
 */
public record SourceClaim(Mount mount, boolean tooManySources) {

    static final SourceClaim BUSY = new SourceClaim(null, false);
    static final SourceClaim TOO_MANY_SOURCES = new SourceClaim(null, true);

    static SourceClaim onAir(Mount mount) {
        return new SourceClaim(mount, false);
    }

    /** Whether the source is the mount's live input now. */
    public boolean onAir() {
        return mount != null;
    }

    /** Whether another source holds the mount (the claimant may wait for it to leave). */
    public boolean busy() {
        return mount == null && !tooManySources;
    }
}
