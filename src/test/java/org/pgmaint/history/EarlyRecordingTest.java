package org.pgmaint.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pgmaint.execute.RunResult;
import org.pgmaint.model.Finding;
import org.pgmaint.model.Mode;
import org.pgmaint.plan.Plan;

/** A plan's recording begun before the plan finished: committed with the plan's end, or rolled back when it fails. */
class EarlyRecordingTest {
    private static final TargetKey KEY = new TargetKey("host:5432", "app");
    private static final Instant STARTED = Instant.parse("2026-12-01T03:00:00Z");

    @TempDir
    Path dir;

    private HistorySettings settings() {
        return new HistorySettings(true, "sqlite:" + dir.resolve("h.db"), dir, 400, false, Clock.systemUTC());
    }

    private static RunResult provisional() {
        Plan plan = new Plan("app", "15.20", 15, Mode.STANDARD, List.of(),
                List.of(Finding.warning("table_bloat", "s", "t", "bloated")), List.of(), List.of());
        return new RunResult(plan, true, STARTED, STARTED.plusSeconds(5), List.of(), List.of());
    }

    @Test
    void aFinishedPlanIsCommittedWithItsEndNotTheTimeItsRecordingBegan() {
        HistoryRecorder.Recording recording = new HistoryRecorder(settings()).begin(provisional(), KEY, "plan", 1, "test");
        HistoryRecorder.Recorded recorded = recording.finish(STARTED.plusSeconds(8));
        assertEquals(java.util.Optional.empty(), recorded.failure());
        assertEquals(List.of(), recorded.changes().orElseThrow().added(), "the first run: nothing is new");
        try (HistoryStore store = HistoryStore.open(settings())) {
            List<HistoryStore.RunSummary> runs = store.latestRuns(KEY, 5);
            assertEquals(1, runs.size(), runs::toString);
            assertEquals(STARTED.plusSeconds(8), runs.get(0).finished());
            assertEquals(1, runs.get(0).exitCode());
            assertEquals(List.of("table_bloat\u001fs\u001ft\u001f"),
                    List.copyOf(store.before(KEY, STARTED.plusSeconds(60)).findings().keySet()));
        }
    }

    @Test
    void aPlanThatFailsAfterItsRecordingBeganLeavesNothing() {
        HistoryRecorder recorder = new HistoryRecorder(settings());
        recorder.begin(provisional(), KEY, "plan", 1, "test").abandon();
        try (HistoryStore store = HistoryStore.open(settings())) {
            assertTrue(store.latestRuns(KEY, 5).isEmpty());
        }
        // and the store is free for the next run
        assertEquals(java.util.Optional.empty(), recorder.begin(provisional(), KEY, "plan", 0, "test")
                .finish(STARTED.plusSeconds(6)).failure());
    }
}
