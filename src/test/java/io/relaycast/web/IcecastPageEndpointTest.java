package io.relaycast.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.relaycast.config.MountConfig;
import io.relaycast.http.RequestPath;
import io.relaycast.icy.IcyMetadata;
import io.relaycast.mount.Mount;
import io.relaycast.mount.StreamInfo;
import io.relaycast.server.ServerContext;
import io.relaycast.status.StatusReport;
import io.relaycast.testing.Mounts;
import io.relaycast.testing.TestServer;
import io.relaycast.testing.WebClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Icecast's {@code status.xsl} as "now playing" scripts read it: regular expressions on the labels of Icecast 2.4.4's
 * page (rows on one line, no space between the cells), values decoded as PHP's {@code html_entity_decode} does.
 */
class IcecastPageEndpointTest {

    private TestServer server = TestServer.start();

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void statusXslHasIcecastsRowsThatScriptsMatchWithTheValuesEscaped() {
        StreamInfo info = new StreamInfo("Jazz <FM> & Co", "Smooth \"cool\" jazz, ça va", "Jazz",
                "https://radio.example/?a=1&b=2", true, "", "bitrate=128;channels=2;samplerate=44100", StreamInfo.MPEG);
        Mount live = Mounts.live(server, "/live", info, new AtomicInteger());
        live.updateMetadata(IcyMetadata.of("Guns N' Roses - Don't <Cry> & more", ""));

        HttpResponse<String> response = WebClient.get(server.url("/status.xsl"));
        String page = response.body();

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(all(page, "<h3 class=\"mount\">Mount Point (.+?)</h3>")).containsExactly("/live");
        assertThat(cell(page, "<td>Stream Name:</td><td>(.*?)</td>")).isEqualTo("Jazz <FM> & Co");
        assertThat(cell(page, "<td>Stream Description:</td><td>(.*?)</td>")).isEqualTo("Smooth \"cool\" jazz, ça va");
        assertThat(cell(page, "<td>Content Type:</td><td>(.*?)</td>")).isEqualTo("audio/mpeg");
        assertThat(cell(page, "Stream started:</td><td class=\"streamstats\">(.*?)</td>"))
                .matches("[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} [+-]\\d{4}");
        assertThat(cell(page, "Bitrate:</td><td class=\"streamstats\">(.*?)</td>")).isEqualTo("128");
        assertThat(cell(page, "Listeners \\(current\\):</td><td class=\"streamstats\">(\\d+)</td>")).isEqualTo("0");
        assertThat(cell(page, "Listeners \\(peak\\):</td><td class=\"streamstats\">(\\d+)</td>")).isEqualTo("0");
        assertThat(cell(page, "Genre:</td><td class=\"streamstats\">(.*?)</td>")).isEqualTo("Jazz");
        assertThat(cell(page, "Stream URL:</td><td class=\"streamstats\"><a href=\"(.*?)\">"))
                .isEqualTo("https://radio.example/?a=1&b=2");
        assertThat(cell(page, "Currently playing:</td><td class=\"streamstats\">(.*?)</td>"))
                .as("the whole title, as Icecast shows an MP3 stream's").isEqualTo("Guns N' Roses - Don't <Cry> & more");
        assertThat(page).as("apostrophes stay literal, as libxslt leaves them").contains("Don't &lt;Cry&gt; &amp; more")
                .doesNotContain("&apos;");
        assertThat(page).contains("<a class=\"play\" href=\"/live.m3u\">M3U</a>",
                "<a class=\"play\" href=\"/live.xspf\">XSPF</a>");
        assertThat(page).startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html PUBLIC").endsWith("</html>\n");
    }

    @Test
    void rowsWithoutAValueAreLeftOutButCurrentlyPlayingIsAlwaysThere() {
        Mounts.live(server, "/bare", new StreamInfo("", "", "", "", false, "", "", StreamInfo.MPEG), new AtomicInteger());

        String page = WebClient.get(server.url("/status.xsl")).body();

        assertThat(page).doesNotContain("Stream Name:", "Stream Description:", "Genre:", "Stream URL:", "Bitrate:");
        assertThat(page).contains("<tr><td>Currently playing:</td><td class=\"streamstats\"></td></tr>");
    }

    /** A source's ice-url is the source's to choose: only a web address is linked, so no script runs on this origin. */
    @Test
    void aStreamUrlThatIsNoWebAddressIsShownAsTextNotLinked() {
        Mounts.live(server, "/evil", new StreamInfo("", "", "", "javascript:alert(document.cookie)", false, "", "",
                StreamInfo.MPEG), new AtomicInteger());
        Mounts.live(server, "/plain", new StreamInfo("", "", "", "HTTP://radio.example/", false, "", "", StreamInfo.MPEG),
                new AtomicInteger());

        String page = WebClient.get(server.url("/status.xsl")).body();

        assertThat(page).doesNotContain("href=\"javascript:")
                .contains("Stream URL:</td><td class=\"streamstats\">javascript:alert(document.cookie)</td>")
                .contains("Stream URL:</td><td class=\"streamstats\"><a href=\"HTTP://radio.example/\">");
    }

    @Test
    void mountParameterNarrowsThePageAndHiddenMountsAreLeftOut() {
        server.close();
        MountConfig hidden = MountConfig.builder("/secret").hidden(true).build();
        server = TestServer.start(TestServer.config().withMounts(List.of(hidden)));
        Mounts.live(server, "/a", Mounts.info("A", "", ""), new AtomicInteger());
        Mounts.live(server, "/b", Mounts.info("B", "", ""), new AtomicInteger());
        Mounts.live(server, "/secret", Mounts.info("S", "", ""), new AtomicInteger());
        String pattern = "<h3 class=\"mount\">Mount Point (.+?)</h3>";

        assertThat(all(WebClient.get(server.url("/status.xsl")).body(), pattern)).containsExactly("/a", "/b");
        assertThat(all(WebClient.get(server.url("/status.xsl?mount=/b")).body(), pattern)).containsExactly("/b");
        assertThat(all(WebClient.get(server.url("/status.xsl?mount=/secret")).body(), pattern)).isEmpty();
    }

    @Test
    void serverVersionXslNamesTheServer() {
        String page = WebClient.get(server.url("/server_version.xsl")).body();

        assertThat(page).contains("<h1 id=\"header\">Server Information</h1>");
        assertThat(cell(page, "<td>Version</td>\\s*<td>(.*?)</td>")).startsWith("relaycast ");
        assertThat(cell(page, "<td>Host</td>\\s*<td>(.*?)</td>")).isEqualTo("127.0.0.1");
    }

    /** The version page is answered on an event loop: it must not snapshot every mount (here: no mount registry). */
    @Test
    void serverVersionXslIsBuiltWithoutLookingAtTheMounts() {
        ServerContext noMounts = new ServerContext(TestServer.config(), null, null, null, null, null);
        IcecastPageEndpoint endpoint = new IcecastPageEndpoint(new StatusReport(noMounts, Instant.now(), "relaycast 9"), null);
        HttpRequest version = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/server_version.xsl");
        version.headers().set("Host", "radio.example:8000");

        FullHttpResponse response = endpoint.answer(new EmbeddedChannel(), version, RequestPath.of(version));
        try {
            String page = response.content().toString(StandardCharsets.UTF_8);
            assertThat(cell(page, "<td>Version</td>\\s*<td>(.*?)</td>")).isEqualTo("relaycast 9");
            assertThat(cell(page, "<td>Host</td>\\s*<td>(.*?)</td>")).isEqualTo("radio.example");
        } finally {
            response.release();
        }
    }

    @Test
    void icecastAdminPagesLeadToTheAdminPageOrNameTheCommand() {
        HttpResponse<String> stats = WebClient.get(server.url("/admin/stats.xsl"), "Authorization", WebClient.admin());
        HttpResponse<String> kill = WebClient.get(server.url("/admin/killclient.xsl?mount=/live&id=1"), "Authorization",
                WebClient.admin());

        assertThat(stats.statusCode()).isEqualTo(303);
        assertThat(stats.headers().firstValue("Location")).hasValue("/admin/");
        assertThat(kill.statusCode()).isEqualTo(404);
        assertThat(kill.body()).contains("/admin/killclient", "XML");
        assertThat(WebClient.get(server.url("/")).body()).as("relaycast's own page stays at /").contains("/web/status.js");
    }

    @Test
    void theStatusPageIsComputedOffTheEventLoopsAsStatusJsonIs() {
        IcecastPageEndpoint endpoint = new IcecastPageEndpoint(null, null);
        HttpRequest status = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/status.xsl?mount=/live");
        HttpRequest version = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/server_version.xsl");

        assertThat(endpoint.answersOffLoop(status, RequestPath.of(status))).isTrue();
        assertThat(endpoint.answersOffLoop(version, RequestPath.of(version))).as("short, lists no mount").isFalse();
    }

    private static String cell(String page, String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(page);
        assertThat(matcher.find()).as("%s in %s", regex, page).isTrue();
        return decode(matcher.group(1));
    }

    private static List<String> all(String page, String regex) {
        List<String> found = new ArrayList<>();
        Matcher matcher = Pattern.compile(regex).matcher(page);
        while (matcher.find()) {
            found.add(decode(matcher.group(1)));
        }
        return found;
    }

    /** PHP's html_entity_decode with its pre-8.1 defaults: HTML 4's entities, which have no {@code &apos;}. */
    private static String decode(String html) {
        return html.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&amp;", "&");
    }
}
