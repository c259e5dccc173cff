package io.relaycast.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.relaycast.mp3.SampleFormat;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.time.Duration;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFileTest {

    @TempDir
    Path dir;

    @Test
    void readsSettingsLimitsAndMounts() throws Exception {
        Path file = Files.writeString(dir.resolve("relaycast.yaml"), """
                port: 8100
                source-password: s3cret
                limits:
                  max-listeners: 50
                  burst-size: 4s
                mounts:
                  /live:
                    password: dj
                    playlist: music
                    shuffle: true
                    resume: next-track
                    rescan: 2.5
                    stream-name: Night Owl Radio
                    stream-description: Jazz until dawn
                    genre: Jazz
                    stream-url: https://owl.example
                    public: true
                    max-listeners: 300
                    burst-size: 2s
                    max-listener-duration: 3600
                    listener-users: members.htpasswd
                  /relay:
                    fallback-mount: /live
                    burst-size: 32k
                    hidden: true
                  /pulled:
                    relay: http://origin.example:8000/live
                """);
        ConfigFile config = ConfigFile.load(file);

        assertThat(config.options()).containsEntry("port", "8100").containsEntry("source-password", "s3cret")
                .containsEntry("max-listeners", "50").containsEntry("burst-size", "4s");
        assertThat(config.mounts()).containsExactly(
                MountConfig.builder("/live").password("dj").playlist(dir.resolve("music")).shuffle(true)
                        .resume(MountConfig.Resume.NEXT_TRACK).rescan(Duration.ofMillis(2500))
                        .station(new StationInfo("Night Owl Radio", "Jazz until dawn", "Jazz", "https://owl.example", true))
                        .listeners(ListenerRules.builder().maxListeners(300).burst(BurstSize.ofDuration(Duration.ofSeconds(2)))
                                .maxDuration(Duration.ofHours(1))
                                .auth(ListenerAuth.usersFile(dir.resolve("members.htpasswd"))).build())
                        .build(),
                MountConfig.builder("/relay").resume(MountConfig.Resume.CONTINUE).fallbackMount("/live")
                        .rescan(MountConfig.DEFAULT_RESCAN).station(StationInfo.NONE)
                        .listeners(ListenerRules.builder().burst(BurstSize.ofBytes(32 * 1024)).build())
                        .hidden(true).build(),
                MountConfig.builder("/pulled").relay(URI.create("http://origin.example:8000/live")).build());
    }

    @Test
    void theReadmesMountExampleIsValid() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        int section = readme.indexOf("## Mounts: Icecast's per-mount settings");
        int start = readme.indexOf("```yaml\n", section) + "```yaml\n".length();
        Path file = Files.writeString(dir.resolve("readme.yaml"), readme.substring(start, readme.indexOf("```", start)));
        assertThat(ConfigFile.load(file).mounts()).extracting(MountConfig::path)
                .containsExactly("/live", "/members", "/premium", "/studio");
        int next = readme.indexOf("```yaml\n", start) + "```yaml\n".length();
        Path defaults = Files.writeString(dir.resolve("defaults.yaml"), readme.substring(next, readme.indexOf("```", next)));
        assertThat(ConfigFile.load(defaults).mountDefaults()).extracting(MountDefaults::pattern)
                .containsExactly("/dj-*", "/**");
    }

    @Test
    void theExampleFileAtTheRepositoryRootIsValid() {
        ConfigFile example = ConfigFile.load(Path.of("relaycast.example.yaml"));
        assertThat(example.mounts()).extracting(MountConfig::path).containsExactly("/live", "/night", "/relay");
        assertThat(example.mountDefaults()).extracting(MountDefaults::pattern).containsExactly("/dj-*");
    }

    @Test
    void mountDefaultsFillInWhatAMountLeavesOutFromTheFirstPatternMatchingIt() throws Exception {
        Path file = Files.writeString(dir.resolve("defaults.yaml"), """
                mount-defaults:
                  "/dj-*":
                    password: dj-pw
                    stream-name: Guest DJ
                    fallback-mount: /dj-backup
                    fallback-when-full: true
                  "/**":
                    genre: Various
                    max-listeners: 10
                mounts:
                  /dj-resident:
                    stream-name: Resident
                  /dj-backup:
                  /live:
                    max-listeners: 500
                """);
        ConfigFile config = ConfigFile.load(file);
        MountConfig resident = config.mounts().get(0);
        assertThat(resident.password()).isEqualTo("dj-pw");
        assertThat(resident.station().name()).as("its own").isEqualTo("Resident");
        assertThat(resident.station().genre()).as("only the first match").isNull();
        assertThat(resident.fallbackMount()).isEqualTo("/dj-backup");
        assertThat(resident.listeners().overflowMount()).isEqualTo("/dj-backup");
        MountConfig backup = config.mounts().get(1);
        assertThat(backup.fallbackMount()).as("never its own fallback").isNull();
        assertThat(backup.listeners().overflowMount()).isNull();
        assertThat(backup.password()).isEqualTo("dj-pw");
        MountConfig live = config.mounts().get(2);
        assertThat(live.listeners().maxListeners()).isEqualTo(500);
        assertThat(live.station().genre()).isEqualTo("Various");
        assertThat(config.mountDefaults()).extracting(MountDefaults::pattern).containsExactly("/dj-*", "/**");
        MountConfig anna = MountDefaults.settingsFor(config.mountDefaults(), "/dj-anna");
        assertThat(anna.path()).isEqualTo("/dj-anna");
        assertThat(anna.station().name()).isEqualTo("Guest DJ");
        assertThat(MountDefaults.settingsFor(config.mountDefaults(), "/dj-backup").fallbackMount()).isNull();
        assertThat(MountDefaults.settingsFor(config.mountDefaults(), "/news").listeners().maxListeners()).isEqualTo(10);
    }

    @Test
    void mountDefaultsRefuseWhatOnlyOneMountCanHaveAndPatternsNoPathMatches() throws Exception {
        Path dump = Files.writeString(dir.resolve("dump.yaml"), "mount-defaults:\n  /dj-*:\n    dump-file: dj.mp3\n");
        assertThatThrownBy(() -> ConfigFile.load(dump)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mount-defaults./dj-*: dump-file is set per mount, under mounts:");
        Path playlist = Files.writeString(dir.resolve("playlist.yaml"), "mount-defaults:\n  /**:\n    playlist: music\n");
        assertThatThrownBy(() -> ConfigFile.load(playlist)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("playlist is set per mount");
        Path relative = Files.writeString(dir.resolve("relative.yaml"), "mount-defaults:\n  dj-*:\n    password: x\n");
        assertThatThrownBy(() -> ConfigFile.load(relative)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mount-defaults.dj-*: a pattern must start with /");
        Path unknown = Files.writeString(dir.resolve("unknown.yaml"), "mount-defaults:\n  /**:\n    pasword: x\n");
        assertThatThrownBy(() -> ConfigFile.load(unknown)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown setting mount-defaults./**.pasword");
    }

    @Test
    void mountDefaultPatternsMatchAsIcecastsFnmatchDoes() {
        assertThat(matches("/dj-*", "/dj-anna")).isTrue();
        assertThat(matches("/dj-*", "/dj-anna/hq")).as("* stops at /").isFalse();
        assertThat(matches("/dj-*", "/djanna")).isFalse();
        assertThat(matches("/**", "/a/b/c")).isTrue();
        assertThat(matches("/live?", "/live2")).isTrue();
        assertThat(matches("/live?", "/live")).isFalse();
        assertThat(matches("/[ab]*", "/bravo")).isTrue();
        assertThat(matches("/[!ab]*", "/bravo")).isFalse();
        assertThat(matches("/[!ab]*", "/charlie")).isTrue();
        assertThat(matches("/show.mp3", "/showXmp3")).as(". is a dot").isFalse();
    }

    private static boolean matches(String pattern, String path) {
        return new MountDefaults(pattern, MountConfig.of(pattern)).matches(path);
    }

    @Test
    void aMountsListenerLimitMustBeAWholeNumberFromMinusOne() throws Exception {
        Path words = Files.writeString(dir.resolve("words.yaml"), "mounts:\n  /live:\n    max-listeners: many\n");
        Path negative = Files.writeString(dir.resolve("negative.yaml"), "mounts:\n  /live:\n    max-listeners: -2\n");
        assertThatThrownBy(() -> ConfigFile.load(words)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mounts./live").hasMessageContaining("max-listeners must be a whole number: many");
        assertThatThrownBy(() -> ConfigFile.load(negative)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mounts./live: max-listeners must be 0 or more (or -1 for no limit): -2");
        Path none = Files.writeString(dir.resolve("none.yaml"), "mounts:\n  /live:\n    max-listeners: -1\n");
        assertThat(ConfigFile.load(none).mounts().get(0).listeners().maxListeners()).isEqualTo(MountConfig.NO_LIMIT);
    }

    @Test
    void aMountsBurstAndListeningTimeSayWhatTheyTakeWhenWrong() throws Exception {
        Path burst = Files.writeString(dir.resolve("burst.yaml"), "mounts:\n  /live:\n    burst-size: lots\n");
        Path time = Files.writeString(dir.resolve("time.yaml"), "mounts:\n  /live:\n    max-listener-duration: 1h\n");
        assertThatThrownBy(() -> ConfigFile.load(burst)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mounts./live: burst-size must be bytes (65536, 64k) or audio time (4s, 2500ms): lots");
        assertThatThrownBy(() -> ConfigFile.load(time)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mounts./live: max-listener-duration must be a number of seconds (30, 1.5s): 1h");
        Path unlimited = Files.writeString(dir.resolve("zero.yaml"), "mounts:\n  /live:\n    max-listener-duration: 0\n");
        assertThat(ConfigFile.load(unlimited).mounts().get(0).listeners().maxDuration())
                .as("0 is unlimited, as in Icecast").isNull();
    }

    @Test
    void fallbackWhenFullSendsTheListenersOfAFullMountToItsFallbackMount() throws Exception {
        Path file = Files.writeString(dir.resolve("full.yaml"), """
                mounts:
                  /live:
                    max-listeners: 100
                    fallback-mount: /overflow
                    fallback-when-full: true
                  /overflow:
                    max-listeners: 50
                """);
        List<MountConfig> mounts = ConfigFile.load(file).mounts();
        assertThat(mounts.get(0).listeners().overflowMount()).isEqualTo("/overflow");
        assertThat(mounts.get(1).listeners().overflowMount()).isNull();
        Path nowhere = Files.writeString(dir.resolve("nowhere.yaml"), "mounts:\n  /live:\n    fallback-when-full: true\n");
        assertThatThrownBy(() -> ConfigFile.load(nowhere)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mounts./live: fallback-when-full sends the listeners of a full /live to its "
                        + "fallback-mount, which is not set");
    }

    @Test
    void aMountsAuthenticationBackendIsAnHttpUrl() throws Exception {
        Path file = Files.writeString(dir.resolve("auth.yaml"), """
                mounts:
                  /premium:
                    listener-add-url: https://backend.example/icecast/add
                    listener-remove-url: http://station:s3cret@backend.example/icecast/remove
                """);
        assertThat(ConfigFile.load(file).mounts().get(0).listeners().auth()).isEqualTo(new ListenerAuth(null,
                URI.create("https://backend.example/icecast/add"),
                URI.create("http://station:s3cret@backend.example/icecast/remove")));
        Path relative = Files.writeString(dir.resolve("bad.yaml"), "mounts:\n  /premium:\n    listener-add-url: add.php\n");
        assertThatThrownBy(() -> ConfigFile.load(relative)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mounts./premium: listener-add-url must be an http:// or https:// URL with a host");
    }

    @Test
    void droppingTheExistingListenerTakesEachUserOnOneConnectionOnly() throws Exception {
        Path file = Files.writeString(dir.resolve("drop.yaml"), """
                mounts:
                  /members:
                    listener-users: users.htpasswd
                    allow-duplicate-users: false
                    drop-existing-listener: true
                """);
        assertThat(ConfigFile.load(file).mounts().get(0).listeners().auth())
                .isEqualTo(new ListenerAuth(dir.resolve("users.htpasswd"), null, null, false, true));
        Path alone = Files.writeString(dir.resolve("alone.yaml"), """
                mounts:
                  /members:
                    listener-users: users.htpasswd
                    drop-existing-listener: true
                """);
        assertThatThrownBy(() -> ConfigFile.load(alone)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mounts./members: drop-existing-listener needs allow-duplicate-users: false");
    }

    @Test
    void aMountsSourceAuthenticationBackendIsAnHttpUrl() throws Exception {
        Path file = Files.writeString(dir.resolve("source-auth.yaml"), """
                mounts:
                  /live:
                    source-auth-url: https://station:s3cret@backend.example/icecast/stream-auth
                    mount-add-url: https://backend.example/icecast/mount-add
                    mount-remove-url: https://backend.example/icecast/mount-remove
                  /other: {}
                """);
        List<MountConfig> mounts = ConfigFile.load(file).mounts();
        assertThat(mounts).extracting(MountConfig::sourceAuthUrl)
                .containsExactly(URI.create("https://station:s3cret@backend.example/icecast/stream-auth"), null);
        assertThat(mounts.get(0).sourceActions()).isEqualTo(new SourceActions(null, null, null,
                URI.create("https://backend.example/icecast/mount-add"),
                URI.create("https://backend.example/icecast/mount-remove")));
        Path relative = Files.writeString(dir.resolve("bad-source-auth.yaml"),
                "mounts:\n  /live:\n    source-auth-url: auth.php\n");
        assertThatThrownBy(() -> ConfigFile.load(relative)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mounts./live: source-auth-url of /live must be an http:// or https:// URL with a host");
    }

    @Test
    void aMountsCharsetIsAnyNameJavaKnowsAndAnUnknownOneIsRefused() throws Exception {
        Path file = Files.writeString(dir.resolve("charset.yaml"), """
                mount-defaults:
                  "/ru-*":
                    charset: CP1251
                mounts:
                  /live:
                    charset: ISO8859-1
                  /ru-one: {}
                  /other: {}
                """);
        ConfigFile config = ConfigFile.load(file);
        assertThat(config.mounts()).extracting(MountConfig::charset).containsExactly(StandardCharsets.ISO_8859_1,
                Charset.forName("windows-1251"), null);
        assertThat(MountDefaults.settingsFor(config.mountDefaults(), "/ru-two").charset())
                .isEqualTo(Charset.forName("windows-1251"));
        Path unknown = Files.writeString(dir.resolve("bad-charset.yaml"), "mounts:\n  /live:\n    charset: klingon-8\n");
        assertThatThrownBy(() -> ConfigFile.load(unknown)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mounts./live: charset: no such charset: klingon-8");
    }

    @Test
    void unknownMountSettingsAreRefusedSayingWhere() throws Exception {
        Path file = Files.writeString(dir.resolve("bad.yaml"), "mounts:\n  /live:\n    playlst: x\n");
        assertThatThrownBy(() -> ConfigFile.load(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mounts./live.playlst");
    }

    @Test
    void aMountOrSettingGivenTwiceIsRefusedWithItsLine() throws Exception {
        Path mounts = Files.writeString(dir.resolve("mounts.yaml"), """
                mounts:
                  /live:
                    password: first
                  /live:
                    password: second
                """);
        assertThatThrownBy(() -> ConfigFile.load(mounts)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mounts.yaml, line 4, column").hasMessageContaining("Duplicate field '/live'");
        Path settings = Files.writeString(dir.resolve("settings.yaml"), "port: 8000\nport: 8001\n");
        assertThatThrownBy(() -> ConfigFile.load(settings)).hasMessageContaining("Duplicate field 'port'");
    }

    @Test
    void anEmptyMountPasswordIsRefusedSayingWhere() throws Exception {
        Path file = Files.writeString(dir.resolve("empty.yaml"), """
                mounts:
                  /live:
                    password: ""
                """);
        assertThatThrownBy(() -> ConfigFile.load(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mounts./live").hasMessageContaining("password of /live must not be empty");
    }

    @Test
    void aMountsSourceUserIsReadAndOneThatBasicAuthCannotCarryIsRefused() throws Exception {
        Path file = Files.writeString(dir.resolve("users.yaml"), """
                mounts:
                  /studio:
                    username: dj
                    password: dj-secret
                  /live: {}
                """);
        List<MountConfig> mounts = ConfigFile.load(file).mounts();
        assertThat(mounts).extracting(MountConfig::username).containsExactly("dj", null);
        Path colon = Files.writeString(dir.resolve("colon.yaml"), """
                mounts:
                  /studio:
                    username: "dj:one"
                """);
        assertThatThrownBy(() -> ConfigFile.load(colon)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mounts./studio")
                .hasMessageContaining("username of /studio must not be empty or hold a ':' (leave it out for user source)");
    }

    @Test
    void aYesOrNoSettingThatIsNeitherIsRefusedNotReadAsNo() throws Exception {
        Path typo = Files.writeString(dir.resolve("typo.yaml"), """
                mounts:
                  /studio:
                    hidden: ture
                """);
        assertThatThrownBy(() -> ConfigFile.load(typo)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mounts./studio").hasMessageContaining("hidden must be true or false: ture");
        Path quoted = Files.writeString(dir.resolve("quoted.yaml"), """
                mounts:
                  /live:
                    shuffle: "maybe"
                """);
        assertThatThrownBy(() -> ConfigFile.load(quoted)).hasMessageContaining("shuffle must be true or false: maybe");
        Path yaml = Files.writeString(dir.resolve("yaml.yaml"), """
                mounts:
                  /studio:
                    hidden: yes
                    public: off
                """);
        MountConfig studio = ConfigFile.load(yaml).mounts().get(0);
        assertThat(studio.hidden()).as("YAML's own words for true and false still read").isTrue();
        assertThat(studio.station().isPublic()).isFalse();
    }

    @Test
    void conformIsAMountsOwnSettingAndOffUnlessGiven() throws Exception {
        Path file = Files.writeString(dir.resolve("conform.yaml"), """
                mounts:
                  /live:
                    playlist: music
                    conform: true
                  /other:
                    playlist: music
                """);
        List<MountConfig> mounts = ConfigFile.load(file).mounts();
        assertThat(mounts.get(0).conform()).isTrue();
        assertThat(mounts.get(1).conform()).isFalse();
        Path typo = Files.writeString(dir.resolve("typo.yaml"), "mounts:\n  /live:\n    conform: ffmpeg\n");
        assertThatThrownBy(() -> ConfigFile.load(typo)).hasMessageContaining("mounts./live")
                .hasMessageContaining("conform must be true or false: ffmpeg");
    }

    @Test
    void aMountMayDeclareItsStreamsSampleRateAndChannels() throws Exception {
        Path file = Files.writeString(dir.resolve("format.yaml"), """
                mounts:
                  /hd:
                    sample-rate: 48000
                    channels: stereo
                  /talk:
                    channels: 1
                  /rate:
                    sample-rate: 22050
                  /plain:
                    playlist: music
                """);
        assertThat(ConfigFile.load(file).mounts()).extracting(MountConfig::format).containsExactly(
                new SampleFormat(48_000, 2), new SampleFormat(44_100, 1), new SampleFormat(22_050, 2), null);
        Path rate = Files.writeString(dir.resolve("rate.yaml"), "mounts:\n  /live:\n    sample-rate: 96000\n");
        assertThatThrownBy(() -> ConfigFile.load(rate)).hasMessageContaining("mounts./live")
                .hasMessageContaining("sample-rate must be an MP3 sample rate").hasMessageEndingWith(": 96000");
        Path channels = Files.writeString(dir.resolve("channels.yaml"), "mounts:\n  /live:\n    channels: 5.1\n");
        assertThatThrownBy(() -> ConfigFile.load(channels)).hasMessageContaining("mounts./live")
                .hasMessageEndingWith("channels must be 1 (mono) or 2 (stereo): 5.1");
    }

    @Test
    void malformedYamlIsOneLineWithWhereItIs() throws Exception {
        Path file = Files.writeString(dir.resolve("bad.yaml"), """
                port: 8000
                mounts:
                  /live
                    password: x
                """);
        assertThatThrownBy(() -> ConfigFile.load(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("config file " + file + ", line 4, column 13: mapping values are not allowed here");
    }

    /** Mounts relaying each other would each wait for the other's frames, both silent: a config saying so is refused. */
    @Test
    void mountsFallingBackOnEachOtherAreRefused() {
        List<MountConfig> cycle = List.of(MountConfig.builder("/a").fallbackMount("/b").build(),
                MountConfig.builder("/b").fallbackMount("/c").build(), MountConfig.builder("/c").fallbackMount("/a").build());

        assertThatThrownBy(() -> ServerConfig.defaults().withMounts(cycle)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("fallback mounts go round in a circle: /a -> /b -> /c -> /a");
        assertThat(ServerConfig.defaults().withMounts(cycle.subList(0, 2)).mounts()).hasSize(2);
    }

    /**
     * A circle may pass through mounts that take their fallback from mount-defaults: /live falls back on /dj-auto, a
     * source-made mount that /dj-* sends back to /live. Both would be silent once their sources left; the file is refused.
     */
    @Test
    void fallbackMountsGoingRoundInACircleThroughMountDefaultsAreRefused() throws Exception {
        Path circle = Files.writeString(dir.resolve("circle.yaml"), """
                mount-defaults:
                  "/dj-*":
                    fallback-mount: /live
                mounts:
                  /live:
                    fallback-mount: /dj-auto
                """);
        assertThatThrownBy(() -> serverConfig(circle)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("fallback mounts go round in a circle: /live -> /dj-auto -> /live");
        Path patterns = Files.writeString(dir.resolve("patterns.yaml"), """
                mount-defaults:
                  "/a-*":
                    fallback-mount: /b-1
                  "/b-*":
                    fallback-mount: /a-1
                """);
        assertThatThrownBy(() -> serverConfig(patterns)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("fallback mounts go round in a circle: /b-1 -> /a-1 -> /b-1");
        Path chain = Files.writeString(dir.resolve("chain.yaml"), """
                mount-defaults:
                  "/dj-*":
                    fallback-mount: /live
                mounts:
                  /live:
                    fallback-mount: /auto
                  /auto:
                """);
        assertThat(serverConfig(chain).mounts()).hasSize(2);
    }

    /** `admin-password: ~` (or `null`) is YAML's null: read as the word "null" it would be a guessable password. */
    @Test
    void aSettingLeftWithoutAValueIsRefusedNotReadAsTheWordNull() throws Exception {
        for (String empty : List.of("admin-password: ~\n", "admin-password: null\n", "limits:\n  admin-password: ~\n")) {
            Path file = Files.writeString(dir.resolve("empty.yaml"), "port: 8000\n" + empty);
            assertThatThrownBy(() -> ConfigFile.load(file)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("admin-password' has no value");
        }
        Path alias = Files.writeString(dir.resolve("alias.yaml"), "aliases:\n  /old: ~\n");
        assertThatThrownBy(() -> ConfigFile.load(alias)).hasMessageContaining("'aliases./old' has no value");
    }

    /** Under systemd the working directory is /var/lib/relaycast, not the folder of /etc/relaycast/relaycast.yaml. */
    @Test
    void everyFileOrFolderSettingIsRelativeToTheConfigFilesFolderNotTheWorkingDirectory() throws Exception {
        Path file = Files.writeString(dir.resolve("relaycast.yaml"), """
                deny-ip: banned.txt
                allow-ip: allowed.txt
                tls-certificate: tls/fullchain.pem
                tls-key: /etc/ssl/privkey.pem
                relay-ca: origin.pem
                playlist: music
                web-root: www
                access-log: "-"
                limits:
                  error-log: logs/error.log
                """);
        assertThat(ConfigFile.load(file).options()).containsEntry("deny-ip", dir.resolve("banned.txt").toString())
                .containsEntry("allow-ip", dir.resolve("allowed.txt").toString())
                .containsEntry("tls-certificate", dir.resolve("tls/fullchain.pem").toString())
                .containsEntry("tls-key", "/etc/ssl/privkey.pem")
                .containsEntry("relay-ca", dir.resolve("origin.pem").toString())
                .containsEntry("playlist", dir.resolve("music").toString())
                .containsEntry("web-root", dir.resolve("www").toString())
                .containsEntry("access-log", "-")
                .containsEntry("error-log", dir.resolve("logs/error.log").toString());
    }

    @Test
    void aMountOrLimitsGivenAPlainValueInsteadOfSettingsIsRefused() throws Exception {
        refused("mounts:\n  /live: /srv/music\n").hasMessageContaining("mounts./live: must be a mapping of mount settings");
        refused("mount-defaults:\n  /**:\n    max-listeners: 10\nmounts:\n  /live: secret\n")
                .hasMessageContaining("mounts./live: must be a mapping of mount settings");
        refused("limits: 1000\n").hasMessageContaining("'limits' must be a mapping of settings");
        Path nothing = Files.writeString(dir.resolve("nothing.yaml"), "limits:\nmounts:\n  /live: ~\n  /jazz:\n");
        assertThat(ConfigFile.load(nothing).mounts()).extracting(MountConfig::path).containsExactly("/live", "/jazz");
    }

    /** What loading a config file holding {@code yaml} is refused with. */
    private AbstractThrowableAssert<?, ? extends Throwable> refused(String yaml) throws Exception {
        Path file = Files.writeString(dir.resolve("refused.yaml"), yaml);
        return assertThatThrownBy(() -> ConfigFile.load(file)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aSettingGivenBothAtTheTopLevelAndUnderLimitsIsRefusedWithItsLine() throws Exception {
        Path file = Files.writeString(dir.resolve("twice.yaml"), """
                port: 8000
                max-listeners: 100
                limits:
                  max-listeners: 50
                """);
        assertThatThrownBy(() -> ConfigFile.load(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("twice.yaml, line 2: 'limits.max-listeners' gives max-listeners again");
    }

    /** The server's config with the file's mounts and mount-defaults, as `serve --config` makes it. */
    private static ServerConfig serverConfig(Path file) throws Exception {
        ConfigFile config = ConfigFile.load(file);
        return ServerConfig.defaults().withMountDefaults(config.mountDefaults()).withMounts(config.mounts());
    }
}
