package io.relaycast.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.util.NetUtil;
import io.relaycast.config.AccessLists;
import io.relaycast.testing.RawClient;
import io.relaycast.testing.TestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Icecast's deny-ip and allow-ip files: real connections from 127.0.0.1 refused or let in as the files say, edits
 * applied without a restart, and the address formats (networks, IPv6, IPv4 inside IPv6, comments, names never looked up).
 */
class AddressFilterTest {

    @TempDir
    Path dir;

    @Test
    void aDeniedAddressIsClosedAtOnceUntilTheListNoLongerNamesIt() throws Exception {
        Path deny = write("deny.txt", "# abusers\n203.0.113.7\n127.0.0.1   # this very machine\n");
        try (TestServer server = TestServer.start(TestServer.config().withAccess(new AccessLists(deny, null)))) {
            assertThat(answered(server)).as("denied").isFalse();
            assertThat(server.context().requests().rejectedCount(0)).isPositive();
            assertThat(server.context().listeners().count()).isZero();

            rewrite(deny, "203.0.113.7\n");
            await().atMost(Duration.ofSeconds(10)).until(() -> answered(server));
        }
    }

    /**
     * A deny list saved by an editor in Latin-1, with an accented comment: still read, the listed address still refused
     * (before, the one byte that is not UTF-8 made the whole file unreadable, and nobody was refused).
     */
    @Test
    void aDenyListWithALatin1CommentStillRefusesTheListedAddress() throws Exception {
        Path deny = Files.write(dir.resolve("deny.txt"),
                "# r\u00e9seau abusif\n127.0.0.1\n".getBytes(StandardCharsets.ISO_8859_1));
        try (TestServer server = TestServer.start(TestServer.config().withAccess(new AccessLists(deny, null)))) {
            assertThat(answered(server)).isFalse();
        }
    }

    @Test
    void anAllowListLetsInOnlyItsNetworks() throws Exception {
        Path allow = write("allow.txt", "10.0.0.0/8\n2001:db8::/32\n");
        try (TestServer server = TestServer.start(TestServer.config().withAccess(new AccessLists(null, allow)))) {
            assertThat(answered(server)).as("not on the allow list").isFalse();
            rewrite(allow, "10.0.0.0/8\n127.0.0.0/8\n");
            await().atMost(Duration.ofSeconds(10)).until(() -> answered(server));
        }
    }

    @Test
    void anUnreadableAllowListLocksNobodyOut() {
        Path missing = dir.resolve("no-such-allow.txt");
        try (TestServer server = TestServer.start(TestServer.config().withAccess(new AccessLists(null, missing)))) {
            assertThat(answered(server)).isTrue();
        }
    }

    @Test
    void addressesNetworksAndWhatIsNotAnAddress() {
        AddressList list = AddressList.parse(List.of("192.0.2.0/24", "  198.51.100.9 # one host", "2001:db8::/32",
                "# a comment", "", "radio.example.org", "192.0.2.0/33", "10.1.2.3/x", "::ffff:203.0.113.0/120"), "test");
        assertThat(list.size()).as("the names and bad prefixes skipped").isEqualTo(4);
        assertThat(list.contains(ip("192.0.2.200"))).isTrue();
        assertThat(list.contains(ip("192.0.3.1"))).isFalse();
        assertThat(list.contains(ip("198.51.100.9"))).isTrue();
        assertThat(list.contains(ip("198.51.100.10"))).isFalse();
        assertThat(list.contains(ip("2001:db8:1::5"))).isTrue();
        assertThat(list.contains(ip("2001:db9::5"))).isFalse();
        assertThat(list.contains(ip("::ffff:192.0.2.1"))).as("IPv4 seen through an IPv6 socket").isTrue();
        assertThat(list.contains(ip("203.0.113.77"))).as("a mapped network is an IPv4 network").isTrue();
        assertThat(list.contains(ip("10.1.2.3"))).isFalse();
        assertThat(AddressList.parse(List.of("0.0.0.0/0"), "test").contains(ip("8.8.8.8"))).isTrue();
    }

    /** Whether the server answers a status request from this machine (a denied connection is closed unanswered). */
    private static boolean answered(TestServer server) {
        try (RawClient client = RawClient.connect(server.port())) {
            client.send("GET /status-json.xsl HTTP/1.0\r\n\r\n");
            String reply = new String(client.readToEnd(), StandardCharsets.ISO_8859_1);
            return reply.startsWith("HTTP/1.0 200") || reply.startsWith("HTTP/1.1 200");
        } catch (UncheckedIOException | IllegalStateException refused) {
            return false;
        }
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    /** New content with a modification time clearly after the last one, as an editor saving later would leave it. */
    private static void rewrite(Path file, String content) throws IOException {
        FileTime before = Files.getLastModifiedTime(file);
        Files.writeString(file, content);
        Files.setLastModifiedTime(file, FileTime.from(before.toInstant().plusSeconds(2)));
    }

    private static byte[] ip(String literal) {
        return NetUtil.createByteArrayFromIpAddressString(literal);
    }
}
