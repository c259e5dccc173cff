package io.relaycast.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DumpFileNameTest {

    @TempDir
    Path dir;

    @Test
    void strftimeSpecifiersTakeTheConnectTime() {
        ZonedDateTime time = ZonedDateTime.of(2026, 3, 7, 9, 5, 2, 0, ZoneOffset.UTC);
        assertThat(DumpFileName.expand("/srv/shows/%Y/%m/live-%Y%m%d-%H%M%S.mp3", time))
                .isEqualTo("/srv/shows/2026/03/live-20260307-090502.mp3");
        assertThat(DumpFileName.expand("/srv/100%%-live.mp3", time)).isEqualTo("/srv/100%-live.mp3");
        assertThat(DumpFileName.expand("/srv/live.mp3", time)).isEqualTo("/srv/live.mp3");
    }

    @Test
    void anUnknownSpecifierIsRefusedWhenTheConfigIsRead() throws Exception {
        assertThatThrownBy(() -> DumpFileName.check("/srv/live-%q.mp3")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("dump-file uses %q, which is not known (known: %Y %m %d %H %M %S %%): /srv/live-%q.mp3");
        assertThatThrownBy(() -> DumpFileName.check("/srv/live-%")).hasMessageContaining("lone %");
        Path file = Files.writeString(dir.resolve("r.yaml"), "mounts:\n  /live:\n    dump-file: rec-%F.mp3\n");
        assertThatThrownBy(() -> ConfigFile.load(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mounts./live: dump-file uses %F");
    }

    @Test
    void programsAndTheDumpFileResolveAgainstTheConfigFilesFolder() throws Exception {
        Path file = Files.writeString(dir.resolve("r.yaml"), """
                mounts:
                  /live:
                    on-connect: bin/start.sh
                    on-disconnect: /usr/local/bin/stop
                    dump-file: shows/live-%Y%m%d.mp3
                """);
        SourceActions actions = ConfigFile.load(file).mounts().get(0).sourceActions();
        assertThat(actions).isEqualTo(new SourceActions(dir.resolve("bin/start.sh").toString(), "/usr/local/bin/stop",
                dir.resolve("shows/live-%Y%m%d.mp3").toString()));
    }
}
