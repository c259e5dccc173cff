package io.relaycast.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.relaycast.testing.TestServer;
import io.relaycast.testing.WebClient;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WebPageEndpointTest {

    private final TestServer server = TestServer.start();

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void rootIsTheStatusPageWithItsScriptAndStyle() {
        HttpResponse<String> page = WebClient.get(server.url("/"));

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(page.body()).contains("<html lang=\"en\">", "name=\"viewport\"", "<main", "/web/status.js",
                "/web/relaycast.css");
        assertThat(page.body().indexOf("/web/dom.js")).as("shared helpers load first").isPositive()
                .isLessThan(page.body().indexOf("/web/status.js"));
        assertThat(WebClient.get(server.url("/web/dom.js")).body()).contains("const relaycastDom");
        assertThat(WebClient.get(server.url("/web/status.js")).body()).contains("/status.json");
        assertThat(WebClient.get(server.url("/web/relaycast.css")).headers().firstValue("Content-Type"))
                .hasValue("text/css; charset=utf-8");
    }

    @Test
    void adminPageNeedsTheAdminLogin() {
        HttpResponse<String> anonymous = WebClient.get(server.url("/admin/"));
        HttpResponse<String> asSource = WebClient.get(server.url("/admin/"), "Authorization", WebClient.source());
        HttpResponse<String> asAdmin = WebClient.get(server.url("/admin/"), "Authorization", WebClient.admin());

        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate").orElseThrow()).startsWith("Basic");
        assertThat(asSource.statusCode()).isEqualTo(401);
        assertThat(asAdmin.statusCode()).isEqualTo(200);
        assertThat(asAdmin.body()).contains("/web/dom.js", "/web/admin.js");
        assertThat(asAdmin.headers().firstValue("X-Frame-Options")).hasValue("DENY");
    }

    @Test
    void adminWithoutSlashRedirects() {
        HttpResponse<String> response = WebClient.get(server.url("/admin"));

        assertThat(response.statusCode()).isEqualTo(301);
        assertThat(response.headers().firstValue("Location")).hasValue("/admin/");
    }

    @Test
    void unknownWebFileIsNotFound() {
        assertThat(WebClient.get(server.url("/web/nothing.js")).statusCode()).isEqualTo(404);
    }
}
