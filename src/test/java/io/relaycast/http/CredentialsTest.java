package io.relaycast.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class CredentialsTest {

    @Test
    void readsBasicCredentialsWithColonsInThePassword() {
        String header = "Basic " + Base64.getEncoder().encodeToString("source:pa:ss".getBytes(StandardCharsets.UTF_8));
        assertThat(Credentials.parse(header)).contains(new Credentials("source", "pa:ss"));
    }

    @Test
    void acceptsTheSchemeInAnyCase() {
        assertThat(Credentials.parse("basic c291cmNlOmhhY2ttZQ==")).contains(new Credentials("source", "hackme"));
    }

    @Test
    void rejectsMissingOtherSchemesBadBase64AndMissingColon() {
        assertThat(Credentials.parse(null)).isEmpty();
        assertThat(Credentials.parse("Bearer abc")).isEmpty();
        assertThat(Credentials.parse("Basic !!!not-base64!!!")).isEmpty();
        assertThat(Credentials.parse("Basic " + Base64.getEncoder().encodeToString("nocolon".getBytes(StandardCharsets.UTF_8))))
                .isEmpty();
        assertThat(Credentials.parse("Basic " + Base64.getEncoder().encodeToString(
                "dj\r\n2026-12-05 INFO forged:pw".getBytes(StandardCharsets.UTF_8)))).as("a user with a line break").isEmpty();
    }

    @Test
    void matchesOnlyTheExactUserAndPassword() {
        Credentials credentials = new Credentials("source", "hackme");
        assertThat(credentials.matches("source", "hackme")).isTrue();
        assertThat(credentials.matches("source", "hackm")).isFalse();
        assertThat(credentials.matches("admin", "hackme")).isFalse();
    }

    @Test
    void aUrlsUserInfoBecomesTheBasicHeaderThatParsesBack() {
        String userInfo = java.net.URI.create("http://relay:p%40ss:w%C3%B6rd@origin.example:8000").getUserInfo();
        assertThat(Credentials.parse(Credentials.basicAuthorization(userInfo)))
                .contains(new Credentials("relay", "p@ss:w\u00f6rd"));
    }
}
