package org.pgmaint.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.pgmaint.testing.Cli;
import org.pgmaint.testing.JsonRead;
import org.pgmaint.testing.TestDatabase;

/**
 * `pgmaint run` with an open repeatable-read transaction older than a table's dead tuples: the vacuum is
 * skipped ("blocked: held by ..."), the horizon's alert comes first, and once the transaction ends the next run
 * vacuums the table.
 */
class HorizonAcceptanceTest {
    private static final String TABLE = "Odd \"Name\" Table";

    @Test
    void heldVacuumIsSkippedWhileTheHolderLivesAndRunsOnceItIsGone() throws Exception {
        try (TestDatabase db = TestDatabase.create(); Connection holder = db.newClientConnection("nightly export")) {
            db.execFlushed("create schema app",
                    "create table app.\"" + TABLE.replace("\"", "\"\"") + "\"(id int) with (autovacuum_enabled = false)",
                    "insert into app.\"Odd \"\"Name\"\" Table\" select generate_series(1, 10000)",
                    "analyze app.\"Odd \"\"Name\"\" Table\"");
            holder.setAutoCommit(false);
            try (Statement s = holder.createStatement()) {
                s.execute("set transaction isolation level repeatable read");
                s.execute("select count(*) from app.\"Odd \"\"Name\"\" Table\"");   // the snapshot: held from here on
            }
            // dead tuples newer than the holder; the vacuum autovacuum would have run since leaves them all
            db.execFlushed("delete from app.\"Odd \"\"Name\"\" Table\" where id <= 6000");
            db.execFlushed("vacuum app.\"Odd \"\"Name\"\" Table\"");
            db.awaitDeadTuples("app", TABLE, 6000);
            Path dir = Files.createTempDirectory("pgmaint-horizon");

            Cli.Result held = Cli.run("run", db, "--format", "json", "--set", "report.dir=" + dir,
                    "--set", "thresholds.vacuum_horizon_minutes=0");

            assertEquals(1, held.exitCode(), "the held horizon alerts: " + held);
            Map<String, Object> report = JsonRead.object(held.out());
            Map<String, Object> vacuum = vacuumOf(report);
            assertEquals("skipped", vacuum.get("status"), vacuum::toString);
            assertEquals(false, vacuum.get("approved"), vacuum::toString);
            String detail = String.valueOf(vacuum.get("detail"));
            assertTrue(detail.startsWith("blocked: held by pid ") && detail.contains("application 'nightly export'")
                    && detail.contains(" since "), detail);
            assertEquals(6000L, deadTuples(db), "nothing was vacuumed");
            List<Map<String, Object>> horizon = JsonRead.list(report, "findings").stream()
                    .filter(f -> "vacuum_horizon_held".equals(f.get("kind"))).toList();
            assertEquals(1, horizon.size(), horizon::toString);
            assertTrue(horizon.get(0).get("message").toString().contains("about 6000 dead tuples in 1 tables"), horizon::toString);
            String alert = Files.readString(onlyFile(dir, "alert_"));
            // the pid is the holder's now, not when a script would run: the alert names the call, for a human to make
            assertTrue(alert.contains("What to do first: Investigate database ") && alert.contains(": SELECT pg_terminate_backend(")
                    && alert.contains("run it by hand"), alert);
            assertTrue(alert.indexOf("vacuum_horizon_held") < alert.indexOf("2. ") || !alert.contains("2. "), alert);
            assertTrue(Files.readString(onlyFile(dir, "report_", ".txt")).contains("detail: blocked: held by pid "));

            holder.rollback();
            Cli.Result free = Cli.run("run", db, "--format", "json", "--set", "report.dir=" + Files.createTempDirectory("pgmaint-horizon"),
                    "--set", "thresholds.vacuum_horizon_minutes=0");

            assertEquals(0, free.exitCode(), free::toString);
            Map<String, Object> done = vacuumOf(JsonRead.object(free.out()));
            assertEquals("done", done.get("status"), done::toString);
            db.flushStats();
            assertEquals(0L, deadTuples(db), "the vacuum removed them once the holder was gone");
        }
    }

    private static Map<String, Object> vacuumOf(Map<String, Object> report) {
        List<Map<String, Object>> vacuums = JsonRead.list(report, "actions").stream()
                .filter(a -> "vacuum".equals(a.get("kind")) && TABLE.equals(a.get("table"))).toList();
        assertEquals(1, vacuums.size(), report::toString);
        return vacuums.get(0);
    }

    private static long deadTuples(TestDatabase db) {
        return ((Number) db.value("select n_dead_tup from pg_stat_user_tables where relname = 'Odd \"Name\" Table'")).longValue();
    }

    private static Path onlyFile(Path dir, String prefix, String... suffix) throws java.io.IOException {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> found = files.filter(f -> f.getFileName().toString().startsWith(prefix)
                    && (suffix.length == 0 || f.getFileName().toString().endsWith(suffix[0]))).toList();
            assertEquals(1, found.size(), found::toString);
            return found.get(0);
        }
    }
}
