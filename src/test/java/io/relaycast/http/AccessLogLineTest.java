package io.relaycast.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

/** What an access log line shows of a request: never a password a client put in its query string. */
class AccessLogLineTest {

    @Test
    void passwordsInTheQueryStringAreMaskedAndTheRestOfTheRequestIsKept() {
        String shoutcast = line("GET /admin.cgi?mode=updinfo&pass=SOURCEPW&song=Artist%20-%20Title HTTP/1.0");
        String manageauth = line("GET /admin/manageauth?mount=/vip&action=add&username=bob&password=s3cret HTTP/1.1");
        String first = line("GET /admin/buildm3u?password=m3upw&username=bob&mount=/vip HTTP/1.1");

        assertThat(shoutcast).contains("\"GET /admin.cgi?mode=updinfo&pass=***&song=Artist%20-%20Title HTTP/1.0\"")
                .doesNotContain("SOURCEPW");
        assertThat(manageauth).contains("&username=bob&password=*** HTTP/1.1\"").doesNotContain("s3cret");
        assertThat(first).contains("/admin/buildm3u?password=***&username=bob&mount=/vip").doesNotContain("m3upw");
    }

    /** SHOUTcast tools write the password unescaped, and /admin.cgi takes a '#' in it as part of it, not a fragment. */
    @Test
    void aPasswordHoldingAHashIsMaskedWhole() {
        String shoutcast = line("GET /admin.cgi?pass=r4d#io&mode=updinfo&song=X HTTP/1.0");

        assertThat(shoutcast).contains("/admin.cgi?pass=***&mode=updinfo&song=X HTTP/1.0").doesNotContain("#io");
    }

    @Test
    void parametersThatOnlyEndInPassAreKept() {
        assertThat(line("GET /live?bypass=1&passage=2 HTTP/1.1")).contains("/live?bypass=1&passage=2 HTTP/1.1");
    }

    private static String line(String requestLine) {
        return AccessLog.line(new AccessLog.Entry(new InetSocketAddress("127.0.0.1", 5000), "admin", ZonedDateTime.now(),
                requestLine, 200, 10, null, "butt", 0));
    }
}
