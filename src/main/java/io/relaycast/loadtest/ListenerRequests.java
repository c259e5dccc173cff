package io.relaycast.loadtest;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.relaycast.http.Credentials;
import java.nio.charset.StandardCharsets;

/**
 * The requests the simulated players send, built once per run: a plain {@code GET}, and the same with
 * {@code Icy-MetaData: 1} as VLC, mpv, ffplay and Winamp send it, for the share of listeners {@code --icy-share} names.
 * Those get a metadata block every {@code icy-metaint} bytes, which costs the server another write path; the probes
 * skip the blocks. A URL with a login ({@code http://user:password@host/mount}) sends it as HTTP Basic, as players
 * do, rather than being answered 401 by a server that wants one. Every probe writes a retained duplicate of one of the
 * two; {@link #release} once at the end.
 *
 * @param plain           the request without metadata
 * @param withMetadata    the request asking for ICY metadata
 * @param icySharePercent the share of listeners, 0 to 100, that send {@code withMetadata}
 */
record ListenerRequests(ByteBuf plain, ByteBuf withMetadata, int icySharePercent) {

    static ListenerRequests of(LoadTestSettings settings) {
        return new ListenerRequests(head(settings, ""), head(settings, "Icy-MetaData: 1\r\n"), settings.icySharePercent());
    }

    /** The request of the run's listener number {@code listener}, counted from 0. */
    ByteBuf of(int listener) {
        return asksForMetadata(listener) ? withMetadata : plain;
    }

    /** Whether listener {@code listener} asks for metadata: spread evenly, so every prefix of the ramp has the share. */
    boolean asksForMetadata(int listener) {
        return (listener + 1L) * icySharePercent / 100 > (long) listener * icySharePercent / 100;
    }

    void release() {
        plain.release();
        withMetadata.release();
    }

    private static ByteBuf head(LoadTestSettings settings, String extra) {
        String host = settings.url().getHost() + (settings.url().getPort() < 0 ? "" : ":" + settings.url().getPort());
        String userInfo = settings.url().getUserInfo();
        String login = userInfo == null ? "" : "Authorization: " + Credentials.basicAuthorization(userInfo) + "\r\n";
        byte[] head = ("GET " + settings.target() + " HTTP/1.0\r\nHost: " + host + "\r\nUser-Agent: relaycast-loadtest\r\n"
                + "Accept: */*\r\n" + login + extra + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
        return Unpooled.directBuffer(head.length).writeBytes(head);
    }
}
