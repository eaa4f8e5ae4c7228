package org.pgmaint.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pgmaint.testing.Cli;
import org.pgmaint.testing.TestDatabase;

/** The commands record their runs; a store that cannot be written never stops maintenance. */
class HistoryRecordingTest {
    @TempDir
    Path dir;

    private static final String TABLE = "\"Odd \"\"Name\"\" Table\"";

    private HistoryStore store(Path file) {
        return HistoryStore.open(new HistorySettings(true, "sqlite:" + file, dir, 400, false, Clock.systemUTC()));
    }

    @Test
    void planAndRunRecordEachRunWithItsTablesIndexesAndFindings() {
        Path file = dir.resolve("h.db");
        try (TestDatabase db = TestDatabase.create()) {
            db.execFlushed("create schema app", "create table app." + TABLE + "(id int primary key, v int)",
                    "create index never_used on app." + TABLE + " (v)",
                    "insert into app." + TABLE + " select g, g from generate_series(1, 500) g", "analyze app." + TABLE);
            Cli.Result plan = Cli.run("plan", db, "--set", "history.enabled=true", "--set", "history.url=sqlite:" + file);
            assertEquals(0, plan.exitCode(), plan::toString);
            Cli.Result run = Cli.run("run", db, "--set", "history.enabled=true", "--set", "history.url=sqlite:" + file, "--set", "report.dir=" + dir.resolve("r"));
            assertEquals(0, run.exitCode(), run::toString);

            TargetKey key = TargetKey.of(db.settings());
            try (HistoryStore store = store(file)) {
                List<HistoryStore.RunPoint> runs = store.runs(key, Instant.EPOCH);
                assertEquals(List.of("plan", "run"), runs.stream().map(HistoryStore.RunPoint::command).toList());
                HistoryStore.RunPoint last = runs.get(1);
                assertTrue(last.databaseBytes() > 0 && last.nextXid() > 0 && last.xidAge() >= 0, last::toString);
                List<HistoryStore.TablePoint> points = store.tablePoints(key, "app", "Odd \"Name\" Table", Instant.EPOCH);
                assertEquals(2, points.size(), points::toString);
                assertEquals(500L, points.get(1).liveTuples());
                assertTrue(points.get(1).xidAge() != null && points.get(1).bytes() > 0, points::toString);
                assertEquals(2, store.indexPoints(key, "app", "never_used", Instant.EPOCH).size());
                assertTrue(store.before(key, Instant.now()).findings().values().stream()
                        .anyMatch(f -> f.kind().equals("unused_index") && f.object().equals("app.Odd \"Name\" Table (never_used)")));
            }
        }
    }

    @Test
    void anUnreachableStoreLetsTheRunFinishWithExitOneAndAnAlertSayingHistoryWasNotRecorded() throws Exception {
        Path reports = dir.resolve("reports");
        try (TestDatabase db = TestDatabase.create()) {
            db.execFlushed("create table t(id int primary key)", "insert into t select generate_series(1, 100)");
            // nothing listens on this port of the roster's range
            String url = "history.url=postgresql://postgres@127.0.0.1:55429/hist_nowhere?connect_timeout=2";
            Cli.Result run = Cli.run("run", db, "--set", "history.enabled=true", "--set", url, "--set", "report.dir=" + reports);
            assertEquals(1, run.exitCode(), run::toString);
            assertTrue(run.out().contains("history not recorded"), run::toString);
            String alert;
            try (Stream<Path> files = Files.list(reports)) {
                Path alertFile = files.filter(f -> f.getFileName().toString().startsWith("alert")).findFirst().orElseThrow();
                alert = Files.readString(alertFile);
            }
            assertTrue(alert.contains("history_not_recorded") && alert.contains(
                    "history not recorded: the history store postgresql://postgres@127.0.0.1:55429/hist_nowhere"), alert);
            Cli.Result plan = Cli.run("plan", db, "--set", "history.enabled=true", "--set", url, "--format", "json");
            assertEquals(1, plan.exitCode(), plan::toString);
            assertTrue(plan.out().contains("history not recorded"), plan::toString);
        }
    }
}
