package io.relaycast.listener;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ListenerLoginsTest {

    private final ListenerLogins logins = new ListenerLogins();

    @Test
    void aUserListeningOnceIsRefusedASecondConnectionUntilTheFirstLeaves() {
        assertThat(logins.tryTake("/live", "alice", true)).isTrue();
        assertThat(logins.tryTake("/live", "alice", true)).isFalse();
        assertThat(logins.tryTake("/other", "alice", true)).as("another mount").isTrue();
        assertThat(logins.tryTake("/live", "bob", true)).as("another user").isTrue();
        logins.leave("/live", "alice");
        assertThat(logins.tryTake("/live", "alice", true)).isTrue();
        assertThat(logins.tryTake("/live", null, true)).as("no login, nothing counted").isTrue();
    }

    @Test
    void ofLoginsThatTakeOverOnlyTheLastIsNewestWhateverOrderTheyStartListeningIn() {
        long older = logins.takeOver("/live", "alice");
        long newer = logins.takeOver("/live", "alice");
        assertThat(newer).isGreaterThan(older);
        assertThat(logins.isNewest("/live", "alice", newer)).isTrue();
        assertThat(logins.isNewest("/live", "alice", older)).isFalse();
        assertThat(logins.isNewest("/other", "alice", older)).as("another mount").isTrue();
        logins.leave("/live", "alice");
        assertThat(logins.isNewest("/live", "alice", older)).as("one left: the newer one is still there").isFalse();
        logins.leave("/live", "alice");
        assertThat(logins.tryTake("/live", "alice", true)).as("both gave their login back").isTrue();
    }
}
