package org.pgmaint.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.pgmaint.execute.Deadline;
import org.pgmaint.execute.Outcome;
import org.pgmaint.model.Action;
import org.pgmaint.plan.PlannedAction;
import org.pgmaint.testing.TestDatabase;

/**
 * The retention benchmark (not part of the default suite: run bench/retention.sh). Two identical tables of 2 million
 * rows, 1 million expired: one single DELETE of the expired rows against the batched purge, each while another
 * session inserts into the same table, measuring the purge's wall time, its longest transaction (batch) and the
 * inserting session's worst insert latency.
 */
@EnabledIfSystemProperty(named = "pgmaint.bench", matches = "true")
class RetentionBenchmark {
    private static final int ROWS = Integer.getInteger("pgmaint.bench.rows", 2_000_000);
    private static final int BATCH = Integer.getInteger("pgmaint.bench.batch", 5000);
    private static final String MAX_BATCH_DURATION = System.getProperty("pgmaint.bench.maxBatchDuration", "250ms");
    /** false: the action carries no expired count, so the purge walks the timestamp index (timestamp ranges). */
    private static final boolean PLANNED_COUNT = Boolean.parseBoolean(System.getProperty("pgmaint.bench.plannedCount", "true"));

    @Test
    void purgeAgainstOneDelete() throws Exception {
        try (TestDatabase db = TestDatabase.create()) {
            List<String> report = new ArrayList<>();
            report.add("server: " + db.value("select version()"));
            report.add("rows: " + ROWS + ", expired: " + ROWS / 2 + " (older half by id, index on created_at)");
            for (String table : List.of("events_delete", "events_purge")) {
                long start = System.nanoTime();
                db.exec("create table " + table + "(id bigserial primary key, created_at timestamptz not null,"
                                + " processed_at timestamptz, payload text not null) with (autovacuum_enabled = false)",
                        "insert into " + table + "(created_at, processed_at, payload) select case when g <= " + ROWS / 2
                                + " then now() - interval '30 days' else now() - interval '1 day' end + g * interval '1 millisecond',"
                                + " now(), repeat(md5(g::text), 2) from generate_series(1, " + ROWS + ") g",
                        "create index on " + table + "(created_at)",
                        "vacuum analyze " + table);
                report.add("built " + table + " in " + ms(start) + " ms");
            }
            // the older half (by id) is about 30 days old, the newer half 1 day: older_than 20d expires exactly half
            long expired = ((Number) db.value("select count(*) from events_purge where created_at < now() - interval '20 days'")).longValue();
            report.add("expired rows per table: " + expired);
            db.exec("checkpoint");

            Inserter deleteInserter = new Inserter(db, "events_delete");
            long start = System.nanoTime();
            db.exec("delete from events_delete where created_at < now() - interval '20 days' and (processed_at is not null)");
            long deleteMs = ms(start);
            deleteInserter.stop();
            report.add(String.format("single DELETE: %d ms (one transaction); concurrent inserts: %d, worst %d ms",
                    deleteMs, deleteInserter.count, deleteInserter.worstMs()));
            db.exec("checkpoint");

            RetentionSettings settings = RetentionConfigs.settings("retention:\n  batch_size: " + BATCH
                    + "\n  max_batch_duration: " + MAX_BATCH_DURATION + "\n" + """
                    retention_policies:
                      - name: events
                        table: events_purge
                        timestamp_column: created_at
                        older_than: 20d
                        condition: processed_at is not null
                    """);
            Action purge = Action.retentionDelete("public", "events_purge", "bench").withDetail("policy", "events");
            PlannedAction action = new PlannedAction("1", PLANNED_COUNT ? purge.withDetail("expired_rows", expired) : purge,
                    true, "", PlannedAction.PLANNED, null, null);
            Inserter purgeInserter = new Inserter(db, "events_purge");
            Outcome outcome;
            long purgeMs;
            try (Connection c = db.newConnection(); Statement s = c.createStatement()) {
                s.execute("set lock_timeout = '5s'");
                RetentionDeleteHandler handler = new RetentionDeleteHandler(settings, Cutoff.databaseClock());
                start = System.nanoTime();
                PolicyValidator.validate(c, settings);
                report.add("policy validation: " + ms(start) + " ms (the handler validates again before its first batch)");
                start = System.nanoTime();
                outcome = handler.execute(c, action, Deadline.after(Duration.ofHours(1)));
                purgeMs = ms(start);
            }
            purgeInserter.stop();
            Map<String, Object> f = outcome.figures();
            report.add(String.format("batched purge (%s): %d ms wall incl. policy validation (handler duration_ms %s), %s rows in %s batches"
                            + " (from %d rows, max_batch_duration %s, largest %s rows), longest batch (transaction) %s ms;"
                            + " concurrent inserts: %d, worst %d ms",
                    f.get("method"), purgeMs, f.get("duration_ms"), f.get("rows_deleted"), f.get("batches"), BATCH, MAX_BATCH_DURATION,
                    f.get("largest_batch_size"), f.get("longest_batch_ms"), purgeInserter.count, purgeInserter.worstMs()));
            report.add(String.format("ratio purge / single DELETE: %.2f (goal <= 1.5)", (double) purgeMs / deleteMs));
            report.add(String.format("longest transaction: %s ms (goal < 1000); worst insert wait during purge: %d ms (goal < 1000)",
                    f.get("longest_batch_ms"), purgeInserter.worstMs()));

            assertEquals(PlannedAction.DONE, outcome.status(), outcome::toString);
            assertEquals(expired, ((Number) f.get("rows_deleted")).longValue());
            assertEquals(0L, f.get("rows_remaining"));
            // both tables now hold exactly the same (unexpired) ids
            assertEquals(0L, ((Number) db.value("select count(*) from ((select id from events_delete where id <= " + ROWS
                    + " except select id from events_purge) union all (select id from events_purge where id <= " + ROWS
                    + " except select id from events_delete)) d")).longValue());
            assertEquals((long) ROWS - expired, ((Number) db.value("select count(*) from events_purge where id <= " + ROWS)).longValue());

            report.forEach(System.out::println);
            Path out = Path.of("target/bench/retention.txt");
            Files.createDirectories(out.getParent());
            Files.write(out, report);
        }
    }

    private static long ms(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    /** Another session inserting one row at a time (autocommit, a 2 ms pause between rows), timing each. */
    private static final class Inserter {
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;
        private volatile long worstNanos;
        private volatile long count;
        private volatile Exception failure;

        Inserter(TestDatabase db, String table) {
            thread = new Thread(() -> {
                try (Connection c = db.newConnection();
                     PreparedStatement insert = c.prepareStatement("insert into " + table
                             + "(created_at, processed_at, payload) values (now(), null, 'concurrent')")) {
                    while (running.get()) {
                        long start = System.nanoTime();
                        insert.executeUpdate();
                        worstNanos = Math.max(worstNanos, System.nanoTime() - start);
                        count++;
                        Thread.sleep(2);
                    }
                } catch (SQLException | InterruptedException e) {
                    failure = e;
                }
            });
            thread.start();
        }

        void stop() throws InterruptedException, IOException {
            running.set(false);
            thread.join();
            if (failure != null) {
                throw new IllegalStateException("the inserting session failed", failure);
            }
        }

        long worstMs() {
            return worstNanos / 1_000_000;
        }
    }
}
