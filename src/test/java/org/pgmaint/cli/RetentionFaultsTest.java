package org.pgmaint.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pgmaint.testing.Cli;
import org.pgmaint.testing.Files2;
import org.pgmaint.testing.JsonRead;
import org.pgmaint.testing.TestDatabase;

/** A purge meets the faults of a production server: a locked table, a terminated backend, lagging statistics. */
class RetentionFaultsTest {
    @TempDir
    Path dir;

    private Path config(String yaml) {
        return Files2.write(dir.resolve("pgmaint.yaml"), "report:\n  dir: " + dir.resolve("logs") + "\n" + yaml);
    }

    private static long count(TestDatabase db, String sql) {
        return ((Number) db.value(sql)).longValue();
    }

    private static Map<String, Object> action(Map<String, Object> report, String kind, String table) {
        return JsonRead.list(report, "actions").stream()
                .filter(a -> kind.equals(a.get("kind")) && table.equals(a.get("table"))).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " of " + table + " in " + report));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> details(Map<String, Object> action) {
        return (Map<String, Object>) action.get("details");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted");
        }
    }

    @Test
    void safety08_aLockedTableSkipsItsPolicyAndTheOthersArePurged() throws Exception {
        try (TestDatabase db = TestDatabase.create()) {
            for (String table : List.of("locked_events", "locked_sessions", "free_events")) {
                db.execFlushed("create table " + table + "(id int primary key, created_at timestamptz, processed_at timestamptz)",
                        "insert into " + table + " select g, now() - interval '10 days', now() from generate_series(1, 300) g",
                        "insert into " + table + " select g, now(), now() from generate_series(301, 400) g",
                        "analyze " + table);
            }
            Path config = config("""
                    retention_policies:
                      - {name: locked_events, table: locked_events, timestamp_column: created_at, older_than: 7d,
                         condition: processed_at IS NOT NULL}
                      - {name: locked_sessions, table: locked_sessions, timestamp_column: created_at, older_than: 7d}
                      - {name: free_events, table: free_events, timestamp_column: created_at, older_than: 7d,
                         condition: processed_at IS NOT NULL}
                    """);
            try (Connection holder = db.newConnection()) {
                holder.setAutoCommit(false);
                try (Statement s = holder.createStatement()) {
                    s.execute("lock table locked_events, locked_sessions in access exclusive mode");
                }
                long pid = ((Number) db.value("select pid from pg_stat_activity where datname = current_database()"
                        + " and state = 'idle in transaction' and query like 'lock table%'")).longValue();
                Cli.Result result = Cli.run("run", db, "--config", config.toString(), "--format", "json");
                holder.rollback();
                assertEquals(ExitCodes.ALERTS, result.exitCode(), result::toString);
                Map<String, Object> report = JsonRead.object(result.out());
                String errors = String.valueOf(report.get("errors"));
                assertTrue(errors.contains("policy locked_events skipped: table public.locked_events locked by pid " + pid), errors);
                assertTrue(errors.contains("policy locked_sessions skipped: table public.locked_sessions locked by pid " + pid), errors);
                assertTrue(JsonRead.list(report, "actions").stream().noneMatch(a -> "retention_delete".equals(a.get("kind"))
                        && String.valueOf(a.get("table")).startsWith("locked_")), report.toString());
                assertEquals("done", action(report, "retention_delete", "free_events").get("status"));
                try (Stream<Path> files = Files.list(dir.resolve("logs"))) {
                    Path alert = files.filter(p -> p.getFileName().toString().startsWith("alert_")).findFirst()
                            .orElseThrow(() -> new AssertionError("no alert file"));
                    assertTrue(Files.readString(alert).contains("locked by pid " + pid), Files.readString(alert));
                }
            }
            assertEquals(100, count(db, "select count(*) from free_events"));
            assertEquals(400, count(db, "select count(*) from locked_events"));
            assertEquals(400, count(db, "select count(*) from locked_sessions"));
        }
    }

    @Test
    void safety16_anInterruptedPurgeReportsTheRowsOfItsCommittedBatches() throws Exception {
        try (TestDatabase db = TestDatabase.create()) {
            db.execFlushed("create table events(id int primary key, created_at timestamptz)",
                    "insert into events select g, now() - interval '10 days' from generate_series(1, 20000) g",
                    "analyze events");
            Path config = config("""
                    retention:
                      batch_size: 500
                      max_batch_duration: 0
                      batch_pause: 200ms
                      vacuum_after_rows: 0
                    retention_policies:
                      - {name: events, table: events, timestamp_column: created_at, older_than: 7d}
                    """);
            // once some batches are committed, terminate the purging backend between two batches
            CompletableFuture<Long> terminated = CompletableFuture.supplyAsync(() -> {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (count(db, "select count(*) from events") > 18_500) {
                    if (System.nanoTime() > deadline) {
                        throw new AssertionError("the purge did not start within 60 s");
                    }
                    sleep(20);
                }
                Object pid = db.value("select pid from pg_stat_activity where datname = current_database()"
                        + " and pid <> pg_backend_pid() and query like '%pgmaint:retention_delete%'");
                db.value("select pg_terminate_backend(" + pid + ")");
                return ((Number) pid).longValue();
            });
            Cli.Result result = Cli.run("run", db, "--config", config.toString(), "--format", "json");
            terminated.get(30, TimeUnit.SECONDS);
            assertTrue(result.exitCode() == ExitCodes.ALERTS || result.exitCode() == ExitCodes.DATABASE_UNAVAILABLE,
                    result::toString);
            Map<String, Object> purge = action(JsonRead.object(result.out()), "retention_delete", "events");
            assertEquals("failed", purge.get("status"), purge.toString());
            long gone = 20_000 - count(db, "select count(*) from events");
            assertTrue(gone > 0 && gone < 20_000, "rows gone: " + gone);
            Object reported = details(purge).get("rows_deleted");
            assertTrue(reported instanceof Number, purge.toString());
            assertEquals(gone, ((Number) reported).longValue(), purge.toString());
            assertTrue(String.valueOf(purge.get("detail")).contains(gone + " rows deleted"), purge.toString());
        }
    }

    @Test
    void safety22_afterAPurgeAndItsVacuumTheStatisticsCountTheRowsLeft() throws Exception {
        try (TestDatabase db = TestDatabase.create()) {
            db.execFlushed("create table events(id int primary key, created_at timestamptz)",
                    "insert into events select g, now() - interval '10 days' from generate_series(1, 13430) g",
                    "insert into events select g, now() from generate_series(13431, 20000) g",
                    "analyze events");
            Path config = config("""
                    retention:
                      vacuum_after_rows: 1000
                    retention_policies:
                      - {name: events, table: events, timestamp_column: created_at, older_than: 7d}
                    """);
            Cli.Result result = Cli.run("run", db, "--config", config.toString(), "--format", "json");
            assertEquals(ExitCodes.OK, result.exitCode(), result::toString);
            Map<String, Object> report = JsonRead.object(result.out());
            assertEquals(13430L, ((Number) details(action(report, "retention_delete", "events")).get("rows_deleted")).longValue());
            assertEquals("done", action(report, "vacuum", "events").get("status"), report.toString());
            assertEquals(6570, count(db, "select count(*) from events"));
            // what any later reader sees, once every backend's counters have arrived
            db.flushStats();
            db.exec("select pg_sleep(1)");
            List<Object> stats = db.query("select n_live_tup, n_dead_tup from pg_stat_user_tables where relname = 'events'").get(0);
            long live = ((Number) stats.get(0)).longValue();
            long dead = ((Number) stats.get(1)).longValue();
            assertTrue(Math.abs(live - 6570) <= 657, "n_live_tup " + live + " for 6570 rows left (n_dead_tup " + dead + ")");
            assertTrue(dead <= 657, "n_dead_tup " + dead + " after the vacuum");
            Cli.Result next = Cli.run("plan", db, "--config", config.toString(), "--format", "json");
            Map<String, Object> plan = JsonRead.object(next.out());
            assertFalse(JsonRead.list(plan, "actions").stream().anyMatch(a -> "events".equals(a.get("table"))),
                    "the next plan acts on events again: " + next.out());
            assertFalse(JsonRead.list(plan, "findings").stream().anyMatch(f -> "events".equals(f.get("table"))
                    && "table_bloat".equals(f.get("kind"))), "findings: " + plan.get("findings"));
        }
    }
}
