/**
 * The MPEG audio frame layer: the only gate between sources and listeners.
 *
 * <p>Sources send arbitrary bytes (tags, junk, cut frames, format changes); {@link io.relaycast.mp3.FrameSync}
 * turns them into whole, valid {@link io.relaycast.mp3.Mp3Frame}s so that every listener can join or resume at a
 * frame boundary and every decoder sees a clean stream.
 */
package io.relaycast.mp3;
