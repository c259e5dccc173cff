package io.relaycast.admin;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.relaycast.http.Credentials;
import io.relaycast.http.ClientAddress;
import io.relaycast.http.CrossSite;
import io.relaycast.http.RequestPath;
import io.relaycast.http.Responses;
import io.relaycast.icy.IcyMetadata;
import io.relaycast.icy.SourceText;
import io.relaycast.mount.Mount;
import io.relaycast.server.HttpEndpoint;
import io.relaycast.server.ServerContext;
import io.relaycast.source.ShoutcastPassword;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /admin/metadata?mode=updinfo&mount=/live&song=Artist%20-%20Title} (or {@code artist=} and {@code title=}), the
 * out-of-band title update every Icecast source client sends. Source credentials of the mount, or those its live
 * source was let in with by a web backend, or admin credentials.
 *
 * <p>{@code /admin.cgi?mode=updinfo&pass=PASSWORD&song=...} is the same for SHOUTcast v1 sources: the password as a
 * parameter (the mount's source user; also as {@code password:#1} or {@code user:password}, see {@link ShoutcastPassword}),
 * the mount {@code --shoutcast-mount} unless a {@code mount=} is given, and Icecast's HTML answer.
 *
 * <p>Charset: as given by {@code charset=} (but a value in valid UTF-8 beyond ASCII is UTF-8 whatever it says, as
 * liquidsoap sends what it cannot convert); without it UTF-8, falling back to the mount's {@code charset} (ISO-8859-1,
 * Icecast's default for MP3, unless set; read as windows-1252, see {@link SourceText}) when the bytes are not valid UTF-8.
 */
public final class MetadataEndpoint implements HttpEndpoint {

    private static final Logger log = LoggerFactory.getLogger(MetadataEndpoint.class);
    private static final String SHOUTCAST_PATH = "/admin.cgi";
    /** What Icecast answers a SHOUTcast title update with. */
    static final String SHOUTCAST_SUCCESS = "<html><head><title>Admin request successful</title></head>"
            + "<body><p>Metadata update successful</p></body></html>";

    private final ServerContext context;

    public MetadataEndpoint(ServerContext context) {
        this.context = context;
    }

    @Override
    public boolean matches(HttpMethod method, String path) {
        return method.equals(HttpMethod.GET)
                && (path.equals("/admin/metadata") || path.equals("/admin/metadata.xsl") || path.equals(SHOUTCAST_PATH));
    }

    @Override
    public void handle(ChannelHandlerContext ctx, FullHttpRequest request, RequestPath requested) {
        if (CrossSite.isCrossSite(request)) {
            reply(ctx, request, IceResponse.failure(HttpResponseStatus.FORBIDDEN,
                    "Metadata updates are refused when another site sends them"));
            return;
        }
        boolean shoutcast = requested.path().equals(SHOUTCAST_PATH);
        String uri = target(request, shoutcast);
        RequestPath path = shoutcast ? Optional.ofNullable(RequestPath.parse(uri)).orElse(requested) : requested;
        String mountPath = path.param("mount");
        if ((mountPath == null || mountPath.isEmpty()) && shoutcast) {
            mountPath = context.config().shoutcastMount();
        }
        if (mountPath == null || mountPath.isEmpty()) {
            reply(ctx, request, IceResponse.failure(HttpResponseStatus.BAD_REQUEST, "Missing parameter: mount"));
            return;
        }
        Optional<Credentials> credentials = Credentials.of(request);
        if (shoutcast && credentials.isEmpty() && path.param("pass") != null) {
            credentials = Optional.of(passCredentials(path.param("pass"), mountPath));
        }
        if (!SourceCredentials.mayControl(context, credentials, mountPath)) {
            context.requests().rejected(401);
            Responses.send(ctx, request, Responses.unauthorized("relaycast", "Authentication required"));
            return;
        }
        if (!"updinfo".equals(path.param("mode"))) {
            reply(ctx, request, IceResponse.failure(HttpResponseStatus.BAD_REQUEST, "Unsupported mode; use mode=updinfo"));
            return;
        }
        RequestPath decoded = decodeWithCharset(uri, path, context.config().sourceCharset(mountPath));
        IcyMetadata metadata = IcyMetadata.of(title(decoded), Optional.ofNullable(decoded.param("url")).orElse(""));
        // An encoder reconnecting at once sends its title while its new connection waits for the mount.
        boolean forWaitingSource = context.mounts().keepTitleForWaitingSource(mountPath, metadata,
                ClientAddress.of(ctx.channel()));
        Mount mount = context.mounts().find(mountPath);
        boolean live = mount != null && mount.liveSource() != null;
        // As in Icecast, only a live source's title can be set: the next source to come starts without one anyway.
        if (!live && !forWaitingSource) {
            reply(ctx, request, IceResponse.failure(HttpResponseStatus.NOT_FOUND, "Source does not exist"));
            return;
        }
        if (live) {
            mount.updateMetadata(metadata);
        }
        log.info("metadata on {}: {}", mountPath, metadata.title());
        reply(ctx, request, shoutcast ? Responses.full(HttpResponseStatus.OK, SHOUTCAST_SUCCESS, "text/html; charset=utf-8")
                : IceResponse.success("Metadata update successful"));
    }

    /**
     * The request's target; on {@code /admin.cgi} a {@code #} is part of it, not the start of a fragment (which no HTTP
     * client sends): SHOUTcast tools write their request line themselves with the password unescaped, and butt's
     * SHOUTcast 2 password ends in {@code :#1}.
     */
    private static String target(FullHttpRequest request, boolean shoutcast) {
        return shoutcast ? request.uri().replace("#", "%23") : request.uri();
    }

    /** A SHOUTcast source's {@code pass=}, in whichever of its forms lets it control {@code mountPath}. */
    private Credentials passCredentials(String pass, String mountPath) {
        return ShoutcastPassword.credentials(pass, context.auth().sourceUser(mountPath),
                given -> SourceCredentials.mayControl(context, Optional.of(given), mountPath));
    }

    static String title(RequestPath path) {
        String song = path.param("song");
        if (song != null) {
            return song.trim();
        }
        String artist = Optional.ofNullable(path.param("artist")).orElse("").trim();
        String title = Optional.ofNullable(path.param("title")).orElse("").trim();
        if (artist.isEmpty() || title.isEmpty()) {
            return artist + title;
        }
        return artist + " - " + title;
    }

    /** The parameters of {@code uri} (read as UTF-8 in {@code utf8}) in the charset they were sent in. */
    static RequestPath decodeWithCharset(String uri, RequestPath utf8, Charset mountCharset) {
        Charset charset = charset(utf8.param("charset"));
        if (charset == null) {
            boolean validUtf8 = utf8.query().values().stream()
                    .flatMap(values -> values.stream())
                    .noneMatch(value -> value.indexOf('\uFFFD') >= 0);
            charset = validUtf8 ? StandardCharsets.UTF_8 : mountCharset;
        }
        if (charset.equals(StandardCharsets.UTF_8)) {
            return utf8;
        }
        // The bytes of each value (ISO-8859-1 maps bytes to chars one to one), read in the named charset one by one.
        Map<String, List<String>> bytes = RequestPath.decoder(uri, StandardCharsets.ISO_8859_1).parameters();
        Map<String, List<String>> decoded = new LinkedHashMap<>();
        Charset named = charset;
        bytes.forEach((name, values) -> decoded.put(name, values.stream().map(value -> decode(value, named)).toList()));
        return new RequestPath(utf8.path(), decoded);
    }

    /**
     * A value in {@code charset}, unless it is UTF-8 beyond ASCII: liquidsoap names the charset it was told to use but
     * sends each value it cannot convert to it (a curly apostrophe, 東京) in UTF-8. Text in a single-byte charset is
     * almost never valid UTF-8 unless it is ASCII.
     */
    private static String decode(String bytesAsLatin1, Charset charset) {
        byte[] bytes = bytesAsLatin1.getBytes(StandardCharsets.ISO_8859_1);
        boolean ascii = bytesAsLatin1.chars().allMatch(c -> c < 0x80);
        return ascii ? new String(bytes, charset) : SourceText.utf8Or(bytes, 0, bytes.length, charset);
    }

    private static Charset charset(String name) {
        if (name == null || name.isBlank()) {
            return null;
        }
        try {
            return Charset.forName(name.trim());
        } catch (IllegalCharsetNameException | UnsupportedCharsetException unknown) {
            return null;
        }
    }

    private void reply(ChannelHandlerContext ctx, FullHttpRequest request, FullHttpResponse response) {
        if (response.status().code() >= 400) {
            context.requests().rejected(response.status().code());
        }
        Responses.send(ctx, request, response);
    }
}
