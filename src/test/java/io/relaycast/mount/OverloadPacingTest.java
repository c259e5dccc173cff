package io.relaycast.mount;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The overload pacing of a feed, driven on a made-up clock: 400 listeners written at their turns, the feed's fan-outs
 * taking as much of each second as the case says.
 */
class OverloadPacingTest {

    private static final long MS = 1_000_000L;
    private static final long SECOND = 1000 * MS;
    private static final int LISTENERS = 400;

    private long now = 1000 * SECOND;
    private final OverloadPacing pacing = new OverloadPacing("/test", () -> now);
    private final List<OverloadPacing.Turns> turns = new ArrayList<>();
    private final List<Long> nextWrite = new ArrayList<>();

    OverloadPacingTest() {
        for (int id = 0; id < LISTENERS; id++) {
            turns.add(new OverloadPacing.Turns(id));
            nextWrite.add(now);
        }
    }

    @Test
    void aBusyLoopWhoseWritesComeInTimeIsNotOverloaded() {
        run(10 * SECOND, 180 * MS, 0.95);
        assertThat(pacing.overloaded()).isFalse();
        assertThat(turns.get(7).quickAcksLeft()).as("16 short gaps end quick-ACK mode").isZero();
    }

    @Test
    void lateWritesFromAnIdleLoopAreTheSourcesDoingNotAnOverload() {
        // A source (or an origin) that sends its audio in 250 ms bursts: every gap is long, the loop has time to spare.
        run(10 * SECOND, 250 * MS, 0.2);
        assertThat(pacing.overloaded()).isFalse();
    }

    @Test
    void aBusyLoopWithLateWritesIsOverloadedAndLetsGroupsBackAsItGetsRoom() {
        int skipped = run(OverloadPacing.PERSISTENCE * SECOND - 100 * MS, 250 * MS, 0.95);
        assertThat(pacing.overloaded()).as("not before %d s in a row", OverloadPacing.PERSISTENCE).isFalse();
        assertThat(skipped).isZero();
        skipped = run(2 * SECOND, 250 * MS, 0.95);
        assertThat(pacing.overloaded()).isTrue();
        assertThat(pacing.episodes()).isEqualTo(1);
        assertThat(skipped).as("listeners in quick-ACK mode let turns pass").isGreaterThan(0);

        // Writes come in time again, but the loop has no room: nobody is let back, every gap we make stays long.
        run(5 * SECOND, 180 * MS, 0.9);
        assertThat(groupsBack()).isZero();
        assertThat(countQuick()).isEqualTo(LISTENERS);

        // With room, one group a second writes at every turn again, and 16 short gaps later it is out of quick-ACK mode.
        run(1500 * MS, 180 * MS, 0.5);
        assertThat(groupsBack()).isEqualTo(1);
        run(3500 * MS, 180 * MS, 0.9);
        assertThat(groupsBack()).as("no room, no more groups").isEqualTo(1);
        for (int id = 0; id < LISTENERS; id++) {
            assertThat(turns.get(id).quickAcksLeft()).as("listener %d", id).isEqualTo(pacing.isBack(id) ? 0 : 16);
        }

        run((OverloadPacing.GROUPS + 5) * SECOND, 180 * MS, 0.5);
        assertThat(groupsBack()).isEqualTo(OverloadPacing.GROUPS);
        assertThat(countQuick()).as("every group healed").isZero();
        assertThat(pacing.overloaded()).as("and the feed is back to normal").isFalse();
    }

    @Test
    void aStallOfASecondIsAnOverloadUntilEveryGroupIsBackOutOfQuickAckMode() {
        run(3 * SECOND, 250 * MS, 0.95);
        assertThat(pacing.overloaded()).as("declared after %d s", OverloadPacing.PERSISTENCE).isTrue();
        run((OverloadPacing.GROUPS + 5) * SECOND, 180 * MS, 0.7);
        assertThat(pacing.overloaded()).isFalse();
        assertThat(pacing.episodes()).isEqualTo(1);
        assertThat(countQuick()).isZero();
    }

    @Test
    void aFeedThatStopsFanningOutWhileOverloadedIsNotReportedOverloadedForever() {
        run(3 * SECOND, 250 * MS, 0.95);
        assertThat(pacing.overloaded()).isTrue();

        // Its input went off (an origin down, a source gone): no chunk reaches the feed, so no second is judged.
        now += 2 * OverloadPacing.WINDOW_NANOS + MS;

        assertThat(pacing.overloaded()).isFalse();
        assertThat(pacing.episodes()).isEqualTo(1);
    }

    @Test
    void theTotalsAddUpEveryJudgedSecond() {
        run(SECOND - 100 * MS, 250 * MS, 0.5);
        assertThat(pacing.turnWrites()).as("nothing before the first second is judged").isZero();
        assertThat(pacing.fanOutNanos()).isZero();

        run(2 * SECOND + 100 * MS, 250 * MS, 0.5);
        long writes = pacing.turnWrites();
        // 400 listeners for two seconds, a write every ten fan-outs (260 ms), less each listener's first, which ends no gap.
        assertThat(writes).isBetween(2600L, 3100L);
        assertThat(pacing.lateWrites()).as("every 250 ms gap is late").isEqualTo(writes);
        assertThat(pacing.fanOutNanos()).as("half of two seconds").isBetween(950 * MS, 1050 * MS);

        run(2 * SECOND, 180 * MS, 0.25);
        long late = pacing.lateWrites();
        writes = pacing.turnWrites();
        long fanOut = pacing.fanOutNanos();
        run(3 * SECOND, 180 * MS, 0.25);
        assertThat(pacing.lateWrites()).as("no late write at 180 ms").isEqualTo(late);
        assertThat(pacing.turnWrites() - writes).as("a write every seven fan-outs (182 ms)").isBetween(6000L, 7200L);
        assertThat(pacing.fanOutNanos() - fanOut).as("a quarter of three seconds").isBetween(700 * MS, 800 * MS);
    }

    @Test
    void aListenerHeldBackStillGetsNinetyPercentOfEveryFiveSecondsOfAudio() {
        run(3 * SECOND, 250 * MS, 0.95);
        assertThat(pacing.overloaded()).isTrue();
        // One listener of a group that is not back, fed 26.12 ms frames and written at its 180 ms turns of audio (less
        // the turns it lets pass), each write taking everything up to the live edge; the feed stays overloaded.
        OverloadPacing.Turns held = new OverloadPacing.Turns(OverloadPacing.GROUPS - 1);
        long frame = 26_122_449L;
        long turn = 180 * MS;
        long nextTurn = 0;
        // Each write is at a frame boundary of the audio clock and takes everything up to it.
        List<Long> writes = new ArrayList<>();
        for (long audio = frame; audio <= 60 * SECOND; audio += frame) {
            if (audio >= nextTurn) {
                int letPass = held.wrote(pacing, now + audio);
                writes.add(audio);
                nextTurn = (audio / turn + 1 + letPass) * turn;
            }
        }
        assertThat(held.quickAcksLeft()).as("held back all along").isPositive();
        // The load test's rule: at least 90% of the audio's bytes in every 5 s window after the first. Its windows start
        // when the listener connects, so any phase: every window start 10 ms apart.
        long window = 5 * SECOND;
        for (long start = window; start + window <= 60 * SECOND; start += 10 * MS) {
            long before = 0;
            long last = 0;
            for (long upTo : writes) {
                if (upTo < start) {
                    before = upTo;
                } else if (upTo < start + window) {
                    last = upTo;
                }
            }
            assertThat(last - before).as("audio written in the window from %d ms", start / MS)
                    .isGreaterThanOrEqualTo(window * 9 / 10);
        }
    }

    @Test
    void aListenerOutOfQuickAckModeNeverLetsATurnPass() {
        OverloadPacing.Turns healthy = turns.get(1);
        long t = now;
        for (int i = 0; i <= OverloadPacing.QUICK_ACKS; i++) {
            healthy.wrote(pacing, t);
            t += 180 * MS;
        }
        assertThat(healthy.quickAcksLeft()).isZero();
        run((OverloadPacing.PERSISTENCE + 2) * SECOND, 250 * MS, 0.95);
        assertThat(pacing.overloaded()).isTrue();
        assertThat(pacing.overloaded()).isTrue();
        OverloadPacing.Turns fresh = new OverloadPacing.Turns(1);
        for (int i = 0; i <= OverloadPacing.QUICK_ACKS; i++) {
            fresh.wrote(pacing, now + i * 150 * MS);
        }
        assertThat(fresh.quickAcksLeft()).isZero();
        assertThat(fresh.wrote(pacing, now + 17 * 150 * MS)).as("no quick ACKs to pay for: every turn").isZero();
    }

    private int groupsBack() {
        int back = 0;
        for (int id = 0; id < OverloadPacing.GROUPS; id++) {
            if (pacing.isBack(id)) {
                back++;
            }
        }
        return back;
    }

    private long countQuick() {
        return turns.stream().filter(t -> t.quickAcksLeft() > 0).count();
    }

    /**
     * Runs the feed for {@code duration}: every listener writes {@code gap} after its previous write (or after the turns
     * it was told to let pass), and the fan-outs, one every 26 ms, take {@code busy} of the time. Returns how many turns
     * were let pass.
     */
    private int run(long duration, long gap, double busy) {
        long end = now + duration;
        int skipped = 0;
        long step = 26 * MS;
        while (now < end) {
            long fanOutEnd = now + (long) (step * busy);
            for (int id = 0; id < LISTENERS; id++) {
                if (nextWrite.get(id) <= now) {
                    int letPass = turns.get(id).wrote(pacing, now);
                    skipped += letPass;
                    nextWrite.set(id, now + (1 + letPass) * gap);
                }
            }
            pacing.fannedOut(now, fanOutEnd);
            now += step;
        }
        return skipped;
    }
}
