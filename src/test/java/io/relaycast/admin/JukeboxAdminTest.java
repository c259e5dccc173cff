package io.relaycast.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.relaycast.playlist.Jukebox;
import io.relaycast.testing.FakeJukebox;
import io.relaycast.testing.TestServer;
import io.relaycast.testing.WebClient;
import io.relaycast.testing.XmlDocs;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

class JukeboxAdminTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final TestServer server = TestServer.start();
    private final FakeJukebox jukebox = new FakeJukebox("/radio", "One - First", "Two - Second", "Three & Co - <Third>");

    @BeforeEach
    void playlistMount() {
        server.context().mounts().createPersistent("/radio");
        server.context().jukeboxes().register(jukebox);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void playlistShowsCurrentUpcomingAndAllTracksAsXml() {
        HttpResponse<String> response = get("/admin/playlist?mount=/radio", WebClient.admin());
        Document xml = XmlDocs.parse(response.body());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(XmlDocs.text(xml, "/playlist/@mount")).isEqualTo("/radio");
        assertThat(XmlDocs.text(xml, "/playlist/current/@id")).isEqualTo("t1.mp3");
        assertThat(XmlDocs.text(xml, "/playlist/current/title")).isEqualTo("One - First");
        assertThat(XmlDocs.count(xml, "/playlist/upcoming/track")).isEqualTo(2);
        assertThat(XmlDocs.text(xml, "/playlist/upcoming/track[1]/@id")).isEqualTo("t2.mp3");
        assertThat(XmlDocs.text(xml, "/playlist/tracks/@count")).isEqualTo("3");
        assertThat(XmlDocs.text(xml, "/playlist/tracks/track[3]/title")).isEqualTo("Three & Co - <Third>");
    }

    /**
     * The admin page polls every few seconds: listing every track of a big folder each time froze its tab. With
     * {@code tracks=0} only the count is sent; the page asks for the tracks on load and after a rescan.
     */
    @Test
    void playlistWithTracksZeroSendsTheCountButNotEveryTrack() throws Exception {
        JsonNode json = JSON.readTree(get("/admin/playlist.json?mount=/radio&tracks=0", WebClient.admin()).body());
        Document xml = XmlDocs.parse(get("/admin/playlist?mount=/radio&tracks=0", WebClient.admin()).body());

        assertThat(json.get("current").get("id").asText()).isEqualTo("t1.mp3");
        assertThat(json.get("upcoming")).hasSize(2);
        assertThat(json.has("tracks")).isFalse();
        assertThat(json.get("track_count").asInt()).isEqualTo(3);
        assertThat(XmlDocs.count(xml, "/playlist/tracks/track")).isZero();
        assertThat(XmlDocs.text(xml, "/playlist/tracks/@count")).isEqualTo("3");
    }

    @Test
    void playlistAsJsonLimitsUpcoming() throws Exception {
        JsonNode json = JSON.readTree(get("/admin/playlist.json?mount=/radio&upcoming=1", WebClient.admin()).body());

        assertThat(json.get("current").get("title").asText()).isEqualTo("One - First");
        assertThat(json.get("upcoming")).hasSize(1);
        assertThat(json.get("tracks")).hasSize(3);
        assertThat(json.get("tracks").get(1).get("id").asText()).isEqualTo("t2.mp3");
    }

    @Test
    void queueThenSkipPlaysTheQueuedTrackNext() throws Exception {
        HttpResponse<String> queued = get("/admin/queue?mount=/radio&track=t3.mp3", WebClient.source());
        assertThat(XmlDocs.text(XmlDocs.parse(queued.body()), "/iceresponse/return")).isEqualTo("1");
        JsonNode afterQueue = JSON.readTree(get("/admin/playlist.json?mount=/radio", WebClient.admin()).body());
        assertThat(afterQueue.get("upcoming").get(0).get("id").asText()).isEqualTo("t3.mp3");

        HttpResponse<String> skipped = get("/admin/skip.json?mount=/radio", WebClient.admin());

        assertThat(JSON.readTree(skipped.body()).get("message").asText()).isEqualTo("Skipped One - First");
        assertThat(jukebox.current().orElseThrow().id()).isEqualTo("t3.mp3");
    }

    @Test
    void queueingAnUnknownOrNoTrackFails() {
        HttpResponse<String> unknown = get("/admin/queue?mount=/radio&track=nope.mp3", WebClient.admin());
        HttpResponse<String> missing = get("/admin/queue?mount=/radio", WebClient.admin());

        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(XmlDocs.text(XmlDocs.parse(unknown.body()), "/iceresponse/message")).isEqualTo("No such track: nope.mp3");
        assertThat(missing.statusCode()).isEqualTo(400);
    }

    @Test
    void queueingIntoAFullQueueIsAConflict() {
        for (int i = 0; i < Jukebox.MAX_QUEUED; i++) {
            assertThat(get("/admin/queue?mount=/radio&track=t3.mp3", WebClient.admin()).statusCode()).isEqualTo(200);
        }

        HttpResponse<String> full = get("/admin/queue?mount=/radio&track=t3.mp3", WebClient.admin());

        assertThat(full.statusCode()).isEqualTo(409);
        assertThat(XmlDocs.text(XmlDocs.parse(full.body()), "/iceresponse/message")).isEqualTo("Queue full");
    }

    @Test
    void rescanRunsOnTheJukebox() {
        HttpResponse<String> reply = get("/admin/rescan?mount=/radio", WebClient.admin());

        assertThat(reply.statusCode()).isEqualTo(200);
        await().until(() -> jukebox.rescans() == 1);
    }

    @Test
    void aMountWithoutPlaylistSaysSo() {
        server.context().mounts().createPersistent("/plain");

        HttpResponse<String> reply = get("/admin/skip?mount=/plain", WebClient.admin());

        assertThat(reply.statusCode()).isEqualTo(404);
        assertThat(XmlDocs.text(XmlDocs.parse(reply.body()), "/iceresponse/message")).isEqualTo("No playlist on /plain");
    }

    @Test
    void anotherMountsSourcePasswordIsNotEnough() {
        assertThat(get("/admin/skip?mount=/radio", WebClient.basic("source", "wrong")).statusCode()).isEqualTo(401);
    }

    private HttpResponse<String> get(String path, String authorization) {
        return WebClient.get(server.url(path), "Authorization", authorization);
    }
}
