package io.relaycast.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;

/** A user and password from an HTTP Basic {@code Authorization} header. */
public record Credentials(String user, String password) {

    /** The credentials of {@code request}; empty when absent, not Basic, or not valid Base64 of "user:password". */
    public static Optional<Credentials> of(HttpRequest request) {
        return parse(request.headers().get(HttpHeaderNames.AUTHORIZATION));
    }

    public static Optional<Credentials> parse(String header) {
        if (header == null) {
            return Optional.empty();
        }
        String value = header.trim();
        if (value.length() < 6 || !value.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Optional.empty();
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(value.substring(6).trim());
        } catch (IllegalArgumentException badBase64) {
            return Optional.empty();
        }
        String pair = new String(decoded, StandardCharsets.UTF_8);
        int colon = pair.indexOf(':');
        if (colon < 0 || pair.substring(0, colon).chars().anyMatch(Character::isISOControl)) {
            // No user is named with a line break or other control character; logged, it would forge a line.
            return Optional.empty();
        }
        return Optional.of(new Credentials(pair.substring(0, colon), pair.substring(colon + 1)));
    }

    /**
     * The {@code Authorization} header value that logs in with a URL's user info ({@code user:password}, as
     * {@link java.net.URI#getUserInfo()} gives it, percent-escapes decoded).
     */
    public static String basicAuthorization(String userInfo) {
        return "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code url} as logs, reports and the status page may show it: a password in it becomes {@code ***}. */
    public static String withoutPassword(URI url) {
        String userInfo = url.getRawUserInfo();
        if (userInfo == null) {
            return url.toString();
        }
        int colon = userInfo.indexOf(':');
        String shown = colon < 0 ? userInfo : userInfo.substring(0, colon) + ":***";
        return url.toString().replace(userInfo + "@", shown + "@");
    }

    /** Constant-time comparison, so response timing tells nothing about the password. */
    public boolean matches(String expectedUser, String expectedPassword) {
        boolean userOk = MessageDigest.isEqual(user.getBytes(StandardCharsets.UTF_8),
                expectedUser.getBytes(StandardCharsets.UTF_8));
        boolean passwordOk = MessageDigest.isEqual(password.getBytes(StandardCharsets.UTF_8),
                expectedPassword.getBytes(StandardCharsets.UTF_8));
        return userOk & passwordOk;
    }

    @Override
    public String toString() {
        return "Credentials[" + user + "]";
    }
}
