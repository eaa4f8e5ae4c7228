package org.pgmaint.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pgmaint.testing.JsonRead;
import org.pgmaint.testing.PgmaintProcess;
import org.pgmaint.testing.SlowMaintenance;
import org.pgmaint.testing.TestDatabase;

/**
 * pgmaint as a real process, signalled in the middle of a VACUUM or a REINDEX CONCURRENTLY that takes many
 * seconds on the server. Measures the time from the signal to the exit, pgmaint statements still running on the
 * server 2 s after the exit, the run lock's holders, and the report and alert written.
 */
class SignalFaultTest {

    @Test
    void safety04_sigtermMidVacuumCancelsItWritesReportAndAlertAndExits143() throws Exception {
        interruptMidVacuum("TERM", ExitCodes.INTERRUPTED_SIGTERM);
    }

    @Test
    void safety04_sigintMidVacuumCancelsItWritesReportAndAlertAndExits130() throws Exception {
        interruptMidVacuum("INT", ExitCodes.INTERRUPTED_SIGINT);
    }

    private void interruptMidVacuum(String signal, int expectedExit) throws Exception {
        Path dir = SlowMaintenance.workDir("sig" + signal);
        try (TestDatabase db = TestDatabase.create()) {
            SlowMaintenance.tables(db, 2, 100_000);
            PgmaintProcess run = PgmaintProcess.start(dir, "run", db, "--format", "json");
            assumeFalse(signal.equals("INT") && run.ignoresSigint(), "this JVM was started with SIGINT ignored");
            int backend = SlowMaintenance.awaitRunning(db, run);
            Thread.sleep(1000); // well inside a VACUUM that takes half a minute
            long sent = System.nanoTime();
            run.signal(signal);
            int exit = run.waitFor(60);
            double seconds = (System.nanoTime() - sent) / 1e9;
            Thread.sleep(2000);
            long stillRunning = SlowMaintenance.activeStatements(db);
            long holders = SlowMaintenance.lockHolders(db);
            List<Path> reports = run.files("report_*.json");
            List<Path> alerts = run.files("alert_*.txt");
            String alert = alerts.isEmpty() ? "" : Files.readString(alerts.get(0));
            System.out.printf("SIG%s mid-VACUUM (backend %d): exit %d after %.2f s; pgmaint statements running 2 s later: %d;"
                            + " lock holders: %d; reports: %d, alerts: %d%n",
                    signal, backend, exit, seconds, stillRunning, holders, reports.size(), alerts.size());

            assertEquals(expectedExit, exit, run::toString);
            assertTrue(seconds < 5, "exited " + seconds + " s after SIG" + signal);
            assertEquals(0, stillRunning, "the VACUUM was cancelled on the server");
            assertEquals(0, holders, "the run lock is released");
            assertEquals(1, reports.size(), run::toString);
            assertEquals(1, alerts.size(), run::toString);
            assertTrue(alert.contains("interrupted by SIG" + signal) && alert.contains("public.slow1"), alert);
            assertTrue(run.err().contains("SIG" + signal + " received"), run.err());
            Map<String, Object> report = JsonRead.object(Files.readString(reports.get(0)));
            List<Map<String, Object>> actions = JsonRead.list(report, "actions");
            Map<String, Object> first = actions.get(0);
            assertEquals("slow1", first.get("table"), actions::toString);
            assertEquals("failed", first.get("status"), actions::toString);
            assertTrue(String.valueOf(first.get("detail")).startsWith("interrupted by SIG" + signal), actions::toString);
            assertEquals("skipped", actions.get(1).get("status"), actions::toString);
            assertEquals("not started: interrupted by SIG" + signal, actions.get(1).get("detail"), actions::toString);
            assertEquals(report, JsonRead.object(run.out()), "the report is also on stdout");
        }
    }

    @Test
    void safety04_sigtermMidReindexConcurrentlyDropsTheCcnewIndexItLeft() throws Exception {
        Path dir = SlowMaintenance.workDir("sigreindex");
        try (TestDatabase db = TestDatabase.create()) {
            // the index expression sleeps 10 ms a row, but only in sessions with pgmaint_test.slow = on (pgmaint's)
            db.execFlushed("create function slow_key(int) returns int language plpgsql immutable as $$ begin"
                            + " if current_setting('pgmaint_test.slow', true) = 'on' then perform pg_sleep(0.01); end if;"
                            + " return $1; end $$",
                    "create table orders(id int) with (autovacuum_enabled = false)",
                    "insert into orders select generate_series(1, 3000)",
                    "analyze orders",
                    "create index orders_key_idx on orders (slow_key(id))",
                    "alter database " + db.name() + " set pgmaint_test.slow = 'on'");
            PgmaintProcess run = PgmaintProcess.start(dir, "run", db, "--full", "--format", "json",
                    "--set", "reindex.important_tables=public.orders");
            SlowMaintenance.awaitRunning(db, run);
            TestDatabase.await("the _ccnew index being built", () -> ((Number) db.value(
                    "select count(*) from pg_class where relname like 'orders_key_idx_ccnew%'")).intValue() == 1);
            Thread.sleep(1000);
            long sent = System.nanoTime();
            run.signal("TERM");
            int exit = run.waitFor(60);
            double seconds = (System.nanoTime() - sent) / 1e9;
            Thread.sleep(2000);
            long stillRunning = SlowMaintenance.activeStatements(db);
            long leftovers = ((Number) db.value("select count(*) from pg_class where relname like '%\\_cc%'")).longValue();
            List<Path> alerts = run.files("alert_*.txt");
            System.out.printf("SIGTERM mid-REINDEX CONCURRENTLY: exit %d after %.2f s; statements running 2 s later: %d;"
                    + " _ccnew/_ccold left: %d%n", exit, seconds, stillRunning, leftovers);

            assertEquals(ExitCodes.INTERRUPTED_SIGTERM, exit, run::toString);
            assertTrue(seconds < 5, "exited " + seconds + " s after SIGTERM");
            assertEquals(0, stillRunning);
            assertEquals(0, leftovers, "the interrupted reindex's _ccnew index is dropped");
            assertEquals(1, ((Number) db.value("select count(*) from pg_index i join pg_class c on c.oid = i.indexrelid"
                    + " where c.relname = 'orders_key_idx' and i.indisvalid")).intValue(), "the original index is intact");
            Map<String, Object> reindex = JsonRead.list(JsonRead.object(run.out()), "actions").stream()
                    .filter(a -> "reindex".equals(a.get("kind"))).findFirst().orElseThrow();
            assertEquals("failed", reindex.get("status"), reindex::toString);
            String detail = String.valueOf(reindex.get("detail"));
            assertTrue(detail.startsWith("interrupted by SIGTERM") && detail.contains("dropped leftover invalid index orders_key_idx_ccnew"),
                    detail);
            assertEquals(1, alerts.size(), run::toString);
            assertTrue(Files.readString(alerts.get(0)).contains("interrupted by SIGTERM"));
        }
    }

    @Test
    void safety04_sigtermMidRetentionPurgeStopsAfterTheCommittedBatchesAndSaysHowManyRowsWentAway() throws Exception {
        Path dir = SlowMaintenance.workDir("sigpurge");
        try (TestDatabase db = TestDatabase.create()) {
            // each deleted row costs 2 ms, but only in sessions with pgmaint_test.slow = on (pgmaint's)
            db.exec("create table events(id bigint primary key, created_at timestamptz not null)",
                    "create index on events(created_at)",
                    "insert into events select g, now() - interval '30 days' + g * interval '1 second'"
                            + " from generate_series(1, 20000) g",
                    "create function slow_delete() returns trigger language plpgsql as $$ begin"
                            + " if current_setting('pgmaint_test.slow', true) = 'on' then perform pg_sleep(0.002); end if;"
                            + " return old; end $$",
                    "create trigger slow_delete before delete on events for each row execute function slow_delete()",
                    "alter database " + db.name() + " set pgmaint_test.slow = 'on'");
            Path config = Files.writeString(dir.resolve("pgmaint.yaml"), """
                    retention:
                      batch_size: 200
                      max_batch_duration: 1h
                    retention_policies:
                      - {name: events, table: events, timestamp_column: created_at, older_than: 7d}
                    """);
            PgmaintProcess run = PgmaintProcess.start(dir, "run", db, "--config", config.toString(), "--format", "json");
            RunAcceptanceTest.awaitLong("a purge batch running", () -> {
                if (!run.isAlive()) {
                    throw new AssertionError("pgmaint exited before acting\n" + run);
                }
                return ((Number) db.value("select count(*) from pg_stat_activity where application_name = 'pgmaint'"
                        + " and state = 'active' and pid <> pg_backend_pid()"
                        + " and query ilike '%delete /* pgmaint:retention_delete */%'")).intValue() > 0;
            });
            Thread.sleep(2000);
            long sent = System.nanoTime();
            run.signal("TERM");
            int exit = run.waitFor(60);
            double seconds = (System.nanoTime() - sent) / 1e9;
            Thread.sleep(2000);
            long stillRunning = SlowMaintenance.activeStatements(db);
            long left = ((Number) db.value("select count(*) from events")).longValue();
            assertFalse(run.out().isBlank(), "no report on stdout\n" + run);
            Map<String, Object> purge = JsonRead.list(JsonRead.object(run.out()), "actions").stream()
                    .filter(a -> "retention_delete".equals(a.get("kind"))).findFirst().orElseThrow();
            @SuppressWarnings("unchecked")
            Map<String, Object> details = (Map<String, Object>) purge.get("details");
            System.out.printf("SIGTERM mid-purge: exit %d after %.2f s; statements running 2 s later: %d;"
                    + " rows deleted %d of 20000 (reported %s); detail: %s%n", exit, seconds, stillRunning, 20000 - left,
                    details.get("rows_deleted"), purge.get("detail"));

            assertEquals(ExitCodes.INTERRUPTED_SIGTERM, exit, run::toString);
            assertTrue(seconds < 5, "exited " + seconds + " s after SIGTERM");
            assertEquals(0, stillRunning);
            assertTrue(left > 0 && left < 20000, "stopped mid-purge: " + left + " rows left");
            assertEquals("failed", purge.get("status"), purge::toString);
            assertTrue(String.valueOf(purge.get("detail")).startsWith("interrupted by SIGTERM"), purge::toString);
            assertEquals(20000 - left, ((Number) details.get("rows_deleted")).longValue(), "the committed batches are reported");
            assertEquals(1, run.files("alert_*.txt").size(), run::toString);
        }
    }

    @Test
    void safety04_rerunAfterSigkillDoesNotActWhileTheKilledRunsVacuumStillRuns() throws Exception {
        Path dir = SlowMaintenance.workDir("sigkill");
        Path again = SlowMaintenance.workDir("sigkill-rerun");
        try (TestDatabase db = TestDatabase.create()) {
            SlowMaintenance.tables(db, 2, 100_000);
            PgmaintProcess killed = PgmaintProcess.start(dir, "run", db, "--format", "json");
            int orphan = SlowMaintenance.awaitRunning(db, killed);
            killed.signal("KILL");
            assertEquals(137, killed.waitFor(10));
            TestDatabase.await("the killed run's lock released", () -> SlowMaintenance.lockHolders(db) == 0);
            assertEquals(List.of(orphan), SlowMaintenance.running(db), "the killed run's VACUUM goes on on the server");

            long started = System.nanoTime();
            PgmaintProcess rerun;
            int exit;
            int most;
            try (SlowMaintenance.Sampler sampler = new SlowMaintenance.Sampler(db)) {
                rerun = PgmaintProcess.start(again, "run", db, "--format", "json");
                exit = rerun.waitFor(90);
                most = sampler.most();
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            boolean orphanStillThere = SlowMaintenance.running(db).contains(orphan);
            db.value("select pg_cancel_backend(" + orphan + ")");
            System.out.printf("SIGKILL then rerun: rerun exit %d after %.1f s while the killed run's VACUUM (pid %d) ran;"
                    + " most maintenance statements at once: %d%n", exit, seconds, orphan, most);

            assertTrue(orphanStillThere, "the orphan VACUUM outlived the rerun's wait");
            assertEquals(ExitCodes.ANOTHER_RUN, exit, rerun::toString);
            assertTrue(rerun.err().contains("pid " + orphan) && rerun.err().contains("VACUUM"), rerun.err());
            assertEquals(1, most, "the rerun started no maintenance statement beside the orphan");
            assertTrue(seconds >= 9, "the rerun waited for the orphan before refusing: " + seconds + " s");
            assertFalse(rerun.out().contains("\"status\" : \"done\""), rerun.out());
        }
    }
}
