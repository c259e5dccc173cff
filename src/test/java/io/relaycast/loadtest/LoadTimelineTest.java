package io.relaycast.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LoadTimelineTest {

    private static final long START = 5_000_000_000L;
    private static final long TICK = LoadTimeline.TICK_NANOS;
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private final AtomicLong cpu = new AtomicLong(1_000_000_000L);
    private final LoadTimeline timeline = new LoadTimeline(START, cpu::get);

    @Test
    void aLoopOnTimeIsNeverBehindAndEachSecondCountsItsReadsAndCpu() {
        for (int tick = 1; tick <= 100; tick++) {
            timeline.read(2_900);
            if (tick == 100) {
                cpu.addAndGet(TimeUnit.MILLISECONDS.toNanos(250));
            }
            timeline.tick(START + tick * TICK, 42);
        }

        assertThat(timeline.seconds()).containsExactly(new LoadSecond(1, 42, 100, 290_000, 0.0, 250.0));
        assertThat(timeline.maxLagMillis()).isZero();
        assertThat(timeline.secondsLaggingOver(LoadTest.BEHIND_MILLIS)).isZero();
    }

    @Test
    void aStalledLoopShowsItsLagInTheSecondItCameBackAndOnlyThere() {
        timeline.tick(START + TICK, 1);
        // The loop is stuck for 300 ms: the next tick, due at 20 ms, runs at 320 ms, and the next is due 10 ms later.
        long back = START + TimeUnit.MILLISECONDS.toNanos(320);
        timeline.tick(back, 1);
        for (long due = back + TICK; due <= START + 2 * SECOND; due += TICK) {
            timeline.tick(due, 1);
        }

        assertThat(timeline.seconds()).extracting(LoadSecond::maxLagMillis).containsExactly(300.0, 0.0);
        assertThat(timeline.maxLagMillis()).isEqualTo(300.0);
        assertThat(timeline.secondsLaggingOver(LoadTest.BEHIND_MILLIS)).isEqualTo(1);
    }

    @Test
    void aLoopWhoseEveryTurnTakesLongerThanATickIsBehindByOneTurnNotByADebtThatGrows() {
        // Each turn of the loop takes 25 ms, and the task runs once per turn: 15 ms late each time, never more.
        long turn = TimeUnit.MILLISECONDS.toNanos(25);
        for (long at = START + turn; at <= START + 2 * SECOND; at += turn) {
            timeline.tick(at, 1);
        }

        assertThat(timeline.maxLagMillis()).isEqualTo(15.0);
        assertThat(timeline.seconds()).extracting(LoadSecond::maxLagMillis).containsExactly(15.0, 15.0);
    }

    @Test
    void aLoopStuckForLongerThanASecondStillAccountsForEverySecond() {
        timeline.tick(START + 3 * SECOND + TICK, 7);

        assertThat(timeline.seconds()).extracting(LoadSecond::second).containsExactly(1, 2, 3);
        assertThat(timeline.seconds().get(0).maxLagMillis()).isEqualTo(3000.0);
    }

    @Test
    void theTimelinesOfSeveralLoopsAddUpPerSecondWithTheLoopFurthestBehindAndOnlySecondsEveryLoopCompleted() {
        List<LoadSecond> first = List.of(new LoadSecond(1, 500, 100, 290_000, 2.5, 250.0),
                new LoadSecond(2, 1000, 200, 580_000, 40.0, 300.0), new LoadSecond(3, 1000, 210, 600_000, 1.0, 310.0));
        List<LoadSecond> second = List.of(new LoadSecond(1, 500, 90, 280_000, 7.5, 0.0),
                new LoadSecond(2, 1000, 180, 570_000, 3.0, 0.0));

        assertThat(LoadTimeline.merge(List.of(first, second))).containsExactly(
                new LoadSecond(1, 1000, 190, 570_000, 7.5, 250.0), new LoadSecond(2, 2000, 380, 1_150_000, 40.0, 300.0));
        assertThat(LoadTimeline.merge(List.of(first))).isEqualTo(first);
    }
}
