package org.pgmaint.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pgmaint.config.Config;
import org.pgmaint.db.ConnectionSettings;
import org.pgmaint.db.Connections;
import org.pgmaint.db.DatabaseUnavailableException;
import org.pgmaint.engine.Engine;
import org.pgmaint.execute.RunResult;
import org.pgmaint.model.Mode;
import org.pgmaint.plan.Plan;
import org.pgmaint.plan.PlannedAction;
import org.pgmaint.testing.JsonRead;
import org.pgmaint.testing.TestDatabase;
import org.slf4j.LoggerFactory;

/** A run against a real database leaves its files (names, permissions, content), keeps 30 days, alerts when needed. */
class RunFilesTest {
    private static final String HOSTILE = "drop table x; --";
    private static final ZoneId ZONE = ZoneId.systemDefault();

    private static ReportSettings settings(Path dir) {
        return new ReportSettings(dir.resolve("logs/maintenance"), Path.of("templates"), 30, 10,
                dir.resolve("metrics/pgmaint.prom"), ZONE);
    }

    private static Engine.Planned plan(TestDatabase db) {
        db.execFlushed("create schema app",
                "create table app.events(id int primary key, v text) with (autovacuum_enabled = false)",
                "insert into app.events select g, 'x' from generate_series(1, 10000) g",
                "analyze app.events",
                "delete from app.events where id % 10 < 4",
                "create table app.\"drop table x; --\"(id int) with (autovacuum_enabled = false)",
                "insert into app.\"drop table x; --\" select generate_series(1, 10000)",
                "analyze app.\"drop table x; --\"",
                "delete from app.\"drop table x; --\" where id <= 6000");
        db.awaitDeadTuples("app", "events", 4000);
        db.awaitDeadTuples("app", HOSTILE, 6000);
        Engine engine = Engine.load(Config.defaults(), Path.of("").toAbsolutePath());
        try (Connection c = db.newConnection()) {
            return engine.evaluate(c, Mode.STANDARD, (org.pgmaint.db.ConnectionSettings) null);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String perms(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void aRunWritesItsFilesPrivatelyAndRemovesOnlyOldOnes(@TempDir Path tmp) throws IOException {
        ReportSettings settings = settings(tmp);
        Path dir = settings.dir();
        Files.createDirectories(tmp.resolve("metrics"));
        Instant started = Instant.now();
        String stamp = RunStamp.of(started, ZONE);
        // files of earlier runs: 31 days old goes, 29 days old stays; other names are never touched
        PrivateFiles.directory(dir);
        String old = RunStamp.of(started.minus(Duration.ofDays(31)), ZONE);
        String recent = RunStamp.of(started.minus(Duration.ofDays(29)), ZONE);
        List<Path> oldFiles = List.of(dir.resolve("report_" + old + ".txt"), dir.resolve("maintenance_" + old + ".log"),
                dir.resolve("alert_" + old + ".txt"), dir.resolve("report_" + old + ".html"), dir.resolve("report_" + old + ".json"));
        List<Path> kept = List.of(dir.resolve("report_" + recent + ".txt"), dir.resolve("alert_" + recent + ".txt"),
                dir.resolve("notes_" + old + ".txt"), dir.resolve("report_" + old + ".txt.bak"), dir.resolve("README"));
        for (Path p : Stream.concat(oldFiles.stream(), kept.stream()).toList()) {
            Files.writeString(p, "x");
        }

        List<Path> written;
        try (TestDatabase db = TestDatabase.create()) {
            Engine.Planned planned;
            try (RunLog log = RunFiles.startLog(settings, started)) {
                LoggerFactory.getLogger("org.pgmaint.test").info("run started for {}", db.name());
                LoggerFactory.getLogger("org.pgmaint.test").debug("not in the file: debug");
                planned = plan(db);
                Plan plan = planned.plan();
                assertTrue(plan.actions().size() >= 2, plan.actions().toString());
                // the executor's outcome: the first action done, the rest left planned
                List<PlannedAction> actions = new ArrayList<>(plan.actions());
                actions.set(0, actions.get(0).withOutcome(PlannedAction.DONE, null, 42L));
                Plan executed = new Plan(plan.database(), plan.serverVersion(), plan.serverMajor(), plan.mode(), actions,
                        plan.findings(), plan.skippedChecks(), plan.failedChecks());
                RunResult result = new RunResult(executed, false, started, Instant.now(), List.of(), planned.collection().results());
                written = RunFiles.write(result, settings);
            }
            assertEquals(List.of(dir.resolve("maintenance_" + stamp + ".log"), dir.resolve("report_" + stamp + ".json"),
                    dir.resolve("report_" + stamp + ".txt"), dir.resolve("report_" + stamp + ".html"),
                    dir.resolve("script_" + stamp + ".sql"), dir.resolve("revert_" + stamp + ".sql"),
                    settings.metricsFile().toAbsolutePath()), written, "no alert: nothing failed, no critical finding");
            assertFalse(Files.exists(dir.resolve("alert_" + stamp + ".txt")));
            for (Path file : written.subList(0, 6)) {
                assertEquals("rw-r-----", perms(file), file.toString());
            }
            assertEquals("rwxr-x---", perms(tmp.resolve("logs/maintenance")));
            assertEquals("rw-r--r--", perms(settings.metricsFile()), "the exporter runs as another user");

            String log = Files.readString(dir.resolve("maintenance_" + stamp + ".log"));
            assertTrue(log.contains("INFO  test: run started for " + db.name()), log);
            assertFalse(log.contains("not in the file"), log);
            assertTrue(log.contains("wrote " + dir.resolve("report_" + stamp + ".html")), log);

            Map<String, Object> json = JsonRead.object(Files.readString(dir.resolve("report_" + stamp + ".json")));
            assertEquals(db.name(), json.get("database"));
            assertEquals("done", JsonRead.list(json, "actions").get(0).get("status"));
            String text = Files.readString(dir.resolve("report_" + stamp + ".txt"));
            assertTrue(text.contains("database " + db.name()), text);
            assertTrue(text.contains("DONE (1):"), text);
            assertTrue(text.contains("          6000            4000           60.0%  app.drop table x; --"), text);
            assertTrue(text.contains("          4000            6000           40.0%  app.events"), text);
            String html = Files.readString(dir.resolve("report_" + stamp + ".html"));
            assertTrue(html.contains("<rect class=\"bar most_dead_tuples\""), html);

            String metrics = Files.readString(settings.metricsFile());
            assertTrue(metrics.contains("pgmaint_table_dead_tuple_ratio_before_run{database=\"" + db.name()
                    + "\",schema=\"app\",table=\"drop table x; --\"} 0.6000"), metrics);
            assertTrue(metrics.contains("pgmaint_run_outcome{database=\"" + db.name() + "\",mode=\"standard\",outcome=\"ok\"} 1"), metrics);
            try (Stream<Path> siblings = Files.list(tmp.resolve("metrics"))) {
                assertEquals(List.of(settings.metricsFile()), siblings.toList(), "no temporary file left behind");
            }
        }
        oldFiles.forEach(p -> assertFalse(Files.exists(p), p + " is 31 days old and should be removed"));
        kept.forEach(p -> assertTrue(Files.exists(p), p + " should be kept"));
    }

    @Test
    void aFailedActionWritesAnAlert(@TempDir Path tmp) throws IOException {
        ReportSettings settings = settings(tmp).withMetricsFile(null);
        try (TestDatabase db = TestDatabase.create()) {
            Engine.Planned planned = plan(db);
            Plan plan = planned.plan();
            List<PlannedAction> actions = new ArrayList<>(plan.actions());
            actions.set(0, actions.get(0).withOutcome(PlannedAction.FAILED, "canceling statement due to lock timeout", 5000L));
            Plan executed = new Plan(plan.database(), plan.serverVersion(), plan.serverMajor(), plan.mode(), actions,
                    plan.findings(), plan.skippedChecks(), plan.failedChecks());
            Instant started = Instant.now();
            List<Path> written = RunFiles.write(new RunResult(executed, false, started, Instant.now(), List.of(), planned.collection().results()), settings);
            Path alert = settings.dir().resolve("alert_" + RunStamp.of(started, ZONE) + ".txt");
            assertEquals(alert, written.get(written.size() - 1));
            assertEquals("rw-r-----", perms(alert));
            String text = Files.readString(alert);
            assertTrue(text.contains("1. Action 1 failed: " + actions.get(0).sql()), text);
            assertTrue(text.contains("canceling statement due to lock timeout"), text);
        }
    }

    @Test
    void anUnreachableDatabaseStillLeavesAnAlert(@TempDir Path tmp) throws IOException {
        ReportSettings settings = settings(tmp);
        Instant started = Instant.now();
        String stamp = RunStamp.of(started, ZONE);
        List<Path> written;
        try (RunLog log = RunFiles.startLog(settings, started)) {
            DatabaseUnavailableException e = assertThrows(DatabaseUnavailableException.class, () -> Connections.open(
                    new ConnectionSettings("127.0.0.1", 1, "postgres", "postgres", "", Duration.ofSeconds(2), "disable")));
            written = RunFiles.writeFailure(settings, "postgres", Mode.FULL, e.getMessage(), started);
        }
        Path alert = settings.dir().resolve("alert_" + stamp + ".txt");
        assertEquals(List.of(settings.dir().resolve("maintenance_" + stamp + ".log"), alert,
                settings.metricsFile().toAbsolutePath()), written);
        String text = Files.readString(alert);
        assertTrue(text.contains("THE DATABASE COULD NOT BE REACHED"), text);
        assertTrue(text.contains("127.0.0.1"), text);
        assertEquals("rw-r-----", perms(alert));
        assertTrue(Files.readString(settings.dir().resolve("maintenance_" + stamp + ".log"))
                .contains("ERROR RunFiles: the database could not be reached"));
        String metrics = Files.readString(settings.metricsFile());
        assertTrue(metrics.contains("pgmaint_run_outcome{database=\"postgres\",mode=\"full\",outcome=\"unreachable\"} 1"),
                metrics);
    }

    @Test
    void retentionGoesByTheNameNotTheFileTime(@TempDir Path dir) throws IOException {
        Instant now = Instant.parse("2026-11-24T03:00:00Z");
        ZoneId utc = ZoneId.of("UTC");
        Path old = Files.writeString(dir.resolve("maintenance_20261024_025959.log"), "x");
        Path edge = Files.writeString(dir.resolve("report_20261025_030001.json"), "x");
        List<Path> removed = RunFileCleanup.clean(dir, 30, now, utc);
        assertEquals(List.of(old), removed);
        assertTrue(Files.exists(edge));
    }
}
