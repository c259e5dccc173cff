package io.relaycast.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestPathTest {

    @Test
    void decodesPathAndQuery() {
        RequestPath path = RequestPath.parse("/admin/metadata?mode=updinfo&mount=%2Flive&song=A%20-%20B");
        assertThat(path.path()).isEqualTo("/admin/metadata");
        assertThat(path.param("mount")).isEqualTo("/live");
        assertThat(path.param("song")).isEqualTo("A - B");
        assertThat(path.param("missing")).isNull();
    }

    @Test
    void aSemicolonIsPartOfAValueAsInIcecastNotASeparator() {
        RequestPath path = RequestPath.parse("/admin/metadata?mount=%2Flive&song=Earth;%20Wind%20-%20x%3D'y';z&mode=updinfo");
        assertThat(path.param("song")).isEqualTo("Earth; Wind - x='y';z");
        assertThat(path.param("mode")).isEqualTo("updinfo");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/../etc/passwd", "/a/../b", "/%2e%2e/secret", "/./live", "/live%00", "live", "", "/a\\b",
        "/%2E%2E", "/%ZZ", "/live%", "/li%4", "/%ZZ?song=x", "/live%0D%0A2026-12-05 INFO forged", "/a%09b", "/a%7Fb"})
    void rejectsPathsThatCouldEscapeOrConfuse(String uri) {
        assertThat(RequestPath.parse(uri)).isNull();
    }

    @Test
    void rawBytesBeyondAsciiAreReadAsTheirPercentEscapes() {
        // Netty reads the request line's bytes as the chars of their values: raw UTF-8 "ö" arrives as "\u00C3\u00B6".
        String rawUtf8 = new String("/str\u00f6m?song=S\u00f6ng%20-%20\u6771".getBytes(StandardCharsets.UTF_8),
                StandardCharsets.ISO_8859_1);
        RequestPath path = RequestPath.parse(rawUtf8);
        assertThat(path.path()).isEqualTo("/str\u00f6m");
        assertThat(path.param("song")).isEqualTo("S\u00f6ng - \u6771");
        assertThat(RequestPath.escapeRawBytes("/a?b=\u00e9")).isEqualTo("/a?b=%E9");
        assertThat(RequestPath.escapeRawBytes("/plain?x=1")).isEqualTo("/plain?x=1");
    }

    @Test
    void acceptsOrdinaryMountNames() {
        assertThat(RequestPath.parse("/stream.mp3").path()).isEqualTo("/stream.mp3");
        assertThat(RequestPath.parse("/radio/hi-fi_128").path()).isEqualTo("/radio/hi-fi_128");
    }

    @Test
    void readsATargetInAbsoluteFormAsItsPathAndQuery() {
        RequestPath path = RequestPath.parse("http://radio.example:8000/live?nocache=1");
        assertThat(path.path()).isEqualTo("/live");
        assertThat(path.param("nocache")).isEqualTo("1");
        assertThat(RequestPath.parse("HTTPS://radio.example").path()).isEqualTo("/");
        assertThat(RequestPath.parse("http://radio.example?x=1").param("x")).isEqualTo("1");
        assertThat(RequestPath.parse("http://radio.example/../etc/passwd")).isNull();
        assertThat(RequestPath.parse("ftp://radio.example/live")).isNull();
    }
}
