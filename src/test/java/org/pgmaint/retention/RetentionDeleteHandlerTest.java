package org.pgmaint.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.pgmaint.execute.Deadline;
import org.pgmaint.execute.Outcome;
import org.pgmaint.model.Action;
import org.pgmaint.plan.PlannedAction;
import org.pgmaint.testing.TestDatabase;

/** On a real server: exactly the expired rows go, in batches, within the budget. */
class RetentionDeleteHandlerTest {
    /** The fixed "now" of these tests: every boundary row sits exactly at NOW - age. */
    private static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");
    private static final Cutoff FIXED = Cutoff.fixed(Clock.fixed(NOW, ZoneOffset.UTC));
    private static final String ODD_SCHEMA = "Weird Schema";
    private static final String ODD_TABLE = "Odd \"Name\" Table";
    private static final String HOSTILE = "drop table x; --";

    /** Batches here always finish in under half an hour: each batch is twice the size of the one before. */
    private static final String POLICIES = """
            retention:
              batch_size: 7
              max_batch_duration: 1h
            retention_policies:
              - name: cache_invalidation_events
                table: cache_invalidation_events
                timestamp_column: created_at
                older_than: 7d
                condition: processed_at IS NOT NULL
              - name: sessions
                table: sessions
                timestamp_column: expires_at
                older_than: 1d
              - name: odd
                schema: 'Weird Schema'
                table: 'Odd "Name" Table'
                timestamp_column: 'Created "At"'
                older_than: 12h
                batch_size: 3
              - name: hostile
                table: 'drop table x; --'
                timestamp_column: at
                older_than: 30min
            """;

    /**
     * Each table: ids 1..60, one row per minute/hour/day going back from the boundary, with rows just before,
     * exactly at and just after the boundary. Returns nothing; expectations are computed from the same formulas.
     */
    private static void fixture(TestDatabase db) {
        String now = "timestamptz '2026-11-20 12:00:00+00'";
        db.exec("create table cache_invalidation_events(id int primary key, created_at timestamptz not null, processed_at timestamptz)",
                // ids 1..40: created from now-5d to now-9d in 6h steps... plus the exact boundary rows below
                "insert into cache_invalidation_events select g, " + now + " - interval '5 days' - g * interval '3 hours',"
                        + " case when g % 3 = 0 then null else " + now + " end from generate_series(1, 40) g",
                "insert into cache_invalidation_events values"
                        + " (101, " + now + " - interval '7 days', " + now + "),"                     // exactly at the boundary: kept
                        + " (102, " + now + " - interval '7 days' - interval '1 microsecond', " + now + ")," // just older: deleted
                        + " (103, " + now + " - interval '7 days' + interval '1 microsecond', " + now + ")," // just younger: kept
                        + " (104, " + now + " - interval '30 days', null)",                                  // old but unprocessed: kept
                "create index on cache_invalidation_events(created_at)",
                "create table sessions(id int primary key, expires_at timestamp)",
                "create index on sessions(expires_at)",
                "set timezone = 'UTC'",
                "insert into sessions select g, timestamp '2026-11-20 12:00:00' - g * interval '1 hour' from generate_series(1, 50) g",
                "insert into sessions values (101, timestamp '2026-11-19 12:00:00'), (102, null)",
                "create schema \"Weird Schema\"",
                "create table \"Weird Schema\".\"Odd \"\"Name\"\" Table\"(\"Id\" int primary key, \"Created \"\"At\"\"\" timestamptz)",
                "insert into \"Weird Schema\".\"Odd \"\"Name\"\" Table\" select g, " + now + " - g * interval '1 hour' from generate_series(1, 30) g",
                "create index on \"Weird Schema\".\"Odd \"\"Name\"\" Table\"(\"Created \"\"At\"\"\")",
                "create table \"drop table x; --\"(id int, at timestamptz)",
                "insert into \"drop table x; --\" select g, " + now + " - g * interval '1 minute' from generate_series(1, 60) g",
                "create table untouched(id int, created_at timestamptz)",
                "insert into untouched select g, " + now + " - interval '1000 days' from generate_series(1, 10) g");
    }

    private static Set<Integer> ids(TestDatabase db, String table) {
        Set<Integer> ids = new TreeSet<>();
        for (List<Object> row : db.query("select * from " + table)) {
            ids.add(((Number) row.get(0)).intValue());
        }
        return ids;
    }

    private static Set<Integer> range(int from, int to) {
        Set<Integer> ids = new TreeSet<>();
        for (int i = from; i <= to; i++) {
            ids.add(i);
        }
        return ids;
    }

    private static PlannedAction action(String policy, String schema, String table) {
        Action action = Action.retentionDelete(schema, table, "test").withDetail("policy", policy);
        return new PlannedAction("1", action, true, "", PlannedAction.PLANNED, null, null);
    }

    private static Outcome run(TestDatabase db, RetentionSettings settings, PlannedAction action, Deadline deadline)
            throws SQLException {
        try (Connection c = db.newConnection(); Statement s = c.createStatement()) {
            s.execute("set lock_timeout = '1s'");
            s.execute("set statement_timeout = '30s'");
            return new RetentionDeleteHandler(settings, FIXED).execute(c, action, deadline);
        }
    }

    @Test
    void deletesExactlyTheExpiredRowsAndKeepsBoundaryRows() throws SQLException {
        try (TestDatabase db = TestDatabase.create()) {
            fixture(db);
            RetentionSettings settings = RetentionConfigs.settings(POLICIES);
            Deadline plenty = Deadline.after(Duration.ofMinutes(5));

            Outcome events = run(db, settings, action("cache_invalidation_events", "public", "cache_invalidation_events"), plenty);
            assertEquals(PlannedAction.DONE, events.status(), events::toString);
            // created = now - 5d - 3h*g: older than 7d strictly when 3g > 48, i.e. g >= 17; processed unless g % 3 == 0
            Set<Integer> expected = new TreeSet<>(range(1, 40));
            expected.removeIf(g -> g >= 17 && g % 3 != 0);
            expected.addAll(Set.of(101, 103, 104));
            assertEquals(expected, ids(db, "cache_invalidation_events"));
            long deleted = 40 - expected.stream().filter(g -> g <= 40).count() + 1;
            assertEquals(deleted, events.figures().get("rows_deleted"));
            assertEquals(0L, events.figures().get("rows_remaining"));
            // 26 index entries are older than the cutoff (g >= 17, 102 and 104): ranges of 7, 14, then the last 5
            // (the condition is tested within a range, so a range deletes fewer rows than it holds)
            assertEquals(3L, events.figures().get("batches"), events::toString);
            assertEquals(28, events.figures().get("largest_batch_size"), events::toString);
            assertNotNull(events.figures().get("longest_batch_ms"));
            assertNotNull(events.figures().get("duration_ms"));

            // timestamp without time zone, session time zone UTC on the server default: now - 1d exactly is kept
            Outcome sessions = run(db, settings, action("sessions", "public", "sessions"), plenty);
            assertEquals(PlannedAction.DONE, sessions.status(), sessions::toString);
            Set<Integer> keptSessions = new TreeSet<>(range(1, 24));
            keptSessions.addAll(Set.of(101, 102));
            assertEquals(keptSessions, ids(db, "sessions"));

            Outcome odd = run(db, settings, action("odd", ODD_SCHEMA, ODD_TABLE), plenty);
            assertEquals(PlannedAction.DONE, odd.status(), odd::toString);
            assertEquals(range(1, 12), ids(db, "\"Weird Schema\".\"Odd \"\"Name\"\" Table\""));
            assertEquals(18L, odd.figures().get("rows_deleted"));
            assertEquals(3L, odd.figures().get("batches"), "18 rows in index ranges of 3, 6, then the last 9 rows");
            assertEquals(12, odd.figures().get("largest_batch_size"), odd::toString);

            Outcome hostile = run(db, settings, action("hostile", "public", HOSTILE), plenty);
            assertEquals(PlannedAction.DONE, hostile.status(), hostile::toString);
            assertEquals(range(1, 30), ids(db, "\"drop table x; --\""));

            assertEquals(range(1, 10), ids(db, "untouched"));
        }
    }

    @Test
    void neverDeletesFromATableNoPolicyNames() throws SQLException {
        try (TestDatabase db = TestDatabase.create()) {
            fixture(db);
            RetentionSettings settings = RetentionConfigs.settings(POLICIES);
            Deadline plenty = Deadline.after(Duration.ofMinutes(5));
            // a plan naming an unknown policy, or a known policy with another table (an edited saved plan)
            Outcome unknown = run(db, settings, action("untouched", "public", "untouched"), plenty);
            Outcome otherTable = run(db, settings, action("sessions", "public", "untouched"), plenty);
            assertEquals(PlannedAction.FAILED, unknown.status());
            assertTrue(unknown.detail().contains("no retention policy 'untouched'"), unknown.detail());
            assertEquals(PlannedAction.FAILED, otherTable.status());
            assertEquals(range(1, 10), ids(db, "untouched"));
        }
    }

    @Test
    void anInvalidPolicyAnywhereMeansNothingIsDeletedAnywhere() throws SQLException {
        try (TestDatabase db = TestDatabase.create()) {
            fixture(db);
            RetentionSettings settings = RetentionConfigs.settings(POLICIES + """
                      - name: broken
                        table: sessions_archive
                        timestamp_column: expires_at
                        older_than: 1d
                    """);
            Outcome outcome = run(db, settings, action("sessions", "public", "sessions"), Deadline.after(Duration.ofMinutes(5)));
            assertEquals(PlannedAction.FAILED, outcome.status());
            assertTrue(outcome.detail().contains("retention_policies[broken].table: table public.sessions_archive does not exist"),
                    outcome.detail());
            assertEquals(52, ids(db, "sessions").size());
        }
    }

    @Test
    void safety08_aTableLockedAtValidationSkipsOnlyItsOwnPurge() throws SQLException {
        try (TestDatabase db = TestDatabase.create()) {
            fixture(db);
            RetentionSettings settings = RetentionConfigs.settings(POLICIES);
            RetentionDeleteHandler handler = new RetentionDeleteHandler(settings, FIXED);
            Deadline plenty = Deadline.after(Duration.ofMinutes(5));
            try (Connection holder = db.newConnection(); Statement lock = holder.createStatement();
                 Connection c = db.newConnection(); Statement s = c.createStatement()) {
                holder.setAutoCommit(false);
                lock.execute("lock table cache_invalidation_events in access exclusive mode");
                int pid = ((Number) db.value("select pid from pg_stat_activity where query like 'lock table%'"
                        + " and state = 'idle in transaction'")).intValue();
                s.execute("set lock_timeout = '1s'");
                // another policy's locked table does not stop this purge
                Outcome sessions = handler.execute(c, action("sessions", "public", "sessions"), plenty);
                assertEquals(PlannedAction.DONE, sessions.status(), sessions::toString);
                assertEquals(26, ids(db, "sessions").size());
                // the locked table's own purge is skipped, naming the holder, and deletes nothing
                Outcome events = handler.execute(c, action("cache_invalidation_events", "public", "cache_invalidation_events"), plenty);
                assertEquals(PlannedAction.SKIPPED, events.status(), events::toString);
                assertTrue(events.detail().startsWith("table public.cache_invalidation_events locked by pid " + pid), events::toString);
                holder.rollback();
                // released: validated again, then purged
                events = handler.execute(c, action("cache_invalidation_events", "public", "cache_invalidation_events"), plenty);
                assertEquals(PlannedAction.DONE, events.status(), events::toString);
            }
        }
    }

    @Test
    void aSpentBudgetStopsAfterTheCurrentBatchAndReportsWhatRemains() throws SQLException {
        try (TestDatabase db = TestDatabase.create()) {
            db.exec("create table sessions(id int primary key, expires_at timestamptz not null)",
                    "insert into sessions select g, timestamptz '2026-11-01 00:00:00+00' from generate_series(1, 1000) g");
            RetentionSettings settings = RetentionConfigs.settings("""
                    retention:
                      batch_size: 10
                      batch_pause: 100ms
                      max_batch_duration: 1h
                    retention_policies:
                      - {name: sessions, table: sessions, timestamp_column: expires_at, older_than: 1d}
                    """);
            // a budget of 250 ms with 100 ms pauses: a few batches (10, 20, 40, ... rows), then a stop between batches
            Outcome outcome = run(db, settings, action("sessions", "public", "sessions"), Deadline.after(Duration.ofMillis(250)));
            assertEquals(PlannedAction.DONE, outcome.status(), outcome::toString);
            long deleted = (Long) outcome.figures().get("rows_deleted");
            long batches = (Long) outcome.figures().get("batches");
            long remaining = (Long) outcome.figures().get("rows_remaining");
            assertTrue(batches >= 1 && batches <= 5, "stopped early: " + outcome);
            assertTrue(deleted > 0 && deleted < 1000, "stopped between batches: " + outcome);
            assertEquals(1000 - deleted, remaining);
            assertEquals(remaining, ((Number) db.value("select count(*) from sessions")).longValue());
            assertTrue(outcome.detail().contains(remaining + " expired rows remain"), outcome.detail());

            Outcome spent = run(db, settings, action("sessions", "public", "sessions"), Deadline.after(Duration.ZERO));
            assertEquals(PlannedAction.SKIPPED, spent.status());
            assertEquals(remaining, ((Number) db.value("select count(*) from sessions")).longValue());
        }
    }

    @Test
    void batchesWalkingTheTimestampIndexHandleTiesAcrossBatchBorders() throws SQLException {
        try (TestDatabase db = TestDatabase.create()) {
            // 3 timestamps, 10 rows each, batches of 4: every batch border falls inside a group of ties
            db.exec("create table sessions(id int primary key, expires_at date not null)",
                    "create index on sessions(expires_at)",
                    "insert into sessions select g, date '2026-11-01' + (g % 3) from generate_series(1, 30) g",
                    "insert into sessions values (31, date '2026-11-19'), (32, date '2026-11-20')");
            RetentionSettings settings = RetentionConfigs.settings("""
                    retention:
                      batch_size: 4
                      max_batch_duration: 0
                    retention_policies:
                      - {name: sessions, table: sessions, timestamp_column: expires_at, older_than: 1d}
                    """);
            Outcome outcome = run(db, settings, action("sessions", "public", "sessions"), Deadline.after(Duration.ofMinutes(1)));
            assertEquals(PlannedAction.DONE, outcome.status(), outcome::toString);
            assertEquals(31L, outcome.figures().get("rows_deleted"));
            assertEquals(4, outcome.figures().get("largest_batch_size"), "max_batch_duration 0: fixed batches");
            long batches = (Long) outcome.figures().get("batches");
            assertTrue(batches >= 8 && batches <= 12, "ranges of ties fall back to limited batches: " + outcome);
            // 2026-11-19 00:00 is before the cutoff 2026-11-19 12:00 (dates compare as midnight in the session time zone)
            assertEquals(Set.of(32), ids(db, "sessions"));
        }
    }

    @Test
    void aLockTimeoutFailsTheActionWithTheRowsDeletedSoFar() throws Exception {
        try (TestDatabase db = TestDatabase.create()) {
            db.exec("create table sessions(id int primary key, expires_at timestamptz not null)",
                    "insert into sessions select g, timestamptz '2026-11-01 00:00:00+00' from generate_series(1, 20) g");
            RetentionSettings settings = RetentionConfigs.settings("""
                    retention_policies:
                      - {name: sessions, table: sessions, timestamp_column: expires_at, older_than: 1d}
                    """);
            try (Connection blocker = db.newConnection(); Statement s = blocker.createStatement()) {
                blocker.setAutoCommit(false);
                s.execute("lock table sessions in access exclusive mode");
                Outcome outcome = run(db, settings, action("sessions", "public", "sessions"), Deadline.after(Duration.ofMinutes(1)));
                blocker.rollback();
                assertEquals(PlannedAction.FAILED, outcome.status(), outcome::toString);
                assertTrue(outcome.detail().startsWith("lock timeout"), outcome.detail());
            }
            assertEquals(20L, ((Number) db.value("select count(*) from sessions")).longValue());
        }
    }

    @Test
    void fastBatchesGrowUpToTwentyTimesTheBatchSize() throws SQLException {
        try (TestDatabase db = TestDatabase.create()) {
            db.exec("create table sessions(id int primary key, expires_at timestamptz not null)",
                    "create index on sessions(expires_at)",
                    "insert into sessions select g, timestamptz '2026-11-01 00:00:00+00' + g * interval '1 second'"
                            + " from generate_series(1, 300) g",
                    "insert into sessions select g, timestamptz '2026-11-20 00:00:00+00' from generate_series(301, 310) g");
            RetentionSettings settings = RetentionConfigs.settings("""
                    retention:
                      batch_size: 3
                      max_batch_duration: 1h
                    retention_policies:
                      - {name: sessions, table: sessions, timestamp_column: expires_at, older_than: 1d}
                    """);
            Outcome outcome = run(db, settings, action("sessions", "public", "sessions"), Deadline.after(Duration.ofMinutes(1)));
            assertEquals(PlannedAction.DONE, outcome.status(), outcome::toString);
            assertEquals(300L, outcome.figures().get("rows_deleted"));
            // 3, 6, 12, 24, 48, then the cap of 60 (20 x 3): 93 rows, then 60, 60, 60 and the last 27
            assertEquals(9L, outcome.figures().get("batches"), outcome::toString);
            assertEquals(60, outcome.figures().get("largest_batch_size"), outcome::toString);
            assertEquals(range(301, 310), ids(db, "sessions"));
        }
    }

    @Test
    void aBatchOverTheTargetDurationMakesTheNextOnesSmaller() throws SQLException {
        try (TestDatabase db = TestDatabase.create()) {
            db.exec("create table sessions(id int primary key, expires_at timestamptz not null)",
                    "create index on sessions(expires_at)",
                    "insert into sessions select g, timestamptz '2026-11-01 00:00:00+00' + g * interval '1 second'"
                            + " from generate_series(1, 100) g");
            // the condition sleeps 5 ms per row it tests: 40 rows take at least 200 ms, over the 100 ms target, so
            // the next batches hold at most 40 x 50 / 200 = 10 rows; those take at least 50 ms, never under a third
            // of the target, so they never grow again
            RetentionSettings settings = RetentionConfigs.settings("""
                    retention:
                      batch_size: 40
                      max_batch_duration: 100ms
                    retention_policies:
                      - {name: sessions, table: sessions, timestamp_column: expires_at, older_than: 1d,
                         condition: pg_sleep(0.005) is not null}
                    """);
            Outcome outcome = run(db, settings, action("sessions", "public", "sessions"), Deadline.after(Duration.ofMinutes(1)));
            assertEquals(PlannedAction.DONE, outcome.status(), outcome::toString);
            assertEquals(100L, outcome.figures().get("rows_deleted"));
            assertEquals(40, outcome.figures().get("largest_batch_size"), outcome::toString);
            assertTrue((Long) outcome.figures().get("batches") >= 7, "40 rows, then batches of at most 10: " + outcome);
            assertEquals(Set.of(), ids(db, "sessions"));
        }
    }

    @Test
    void rowsLockedByTheApplicationAreSkippedNotWaitedFor() throws Exception {
        try (TestDatabase db = TestDatabase.create()) {
            db.exec("create table sessions(id int primary key, expires_at timestamptz not null)",
                    "create index on sessions(expires_at)",
                    "insert into sessions select g, timestamptz '2026-11-01 00:00:00+00' from generate_series(1, 20) g");
            RetentionSettings settings = RetentionConfigs.settings("""
                    retention:
                      batch_size: 4
                    retention_policies:
                      - {name: sessions, table: sessions, timestamp_column: expires_at, older_than: 1d}
                    """);
            try (Connection app = db.newConnection(); Statement s = app.createStatement()) {
                app.setAutoCommit(false);
                s.execute("update sessions set expires_at = expires_at where id in (3, 17)");
                Outcome outcome = run(db, settings, action("sessions", "public", "sessions"), Deadline.after(Duration.ofMinutes(1)));
                app.commit();
                assertEquals(PlannedAction.DONE, outcome.status(), outcome::toString);
                assertEquals(18L, outcome.figures().get("rows_deleted"));
                assertEquals(2L, outcome.figures().get("rows_remaining"));
            }
            assertEquals(Set.of(3, 17), ids(db, "sessions"));
        }
    }

    /** Expired rows scattered over the heap (shuffled), with the policy's condition, in a hostile-named table. */
    private static long scattered(TestDatabase db) {
        db.exec("create schema \"Weird Schema\"",
                "create table \"Weird Schema\".\"drop table x; --\"(id int primary key, \"Created \"\"At\"\"\" timestamptz not null,"
                        + " processed boolean not null, pad text)",
                "create index on \"Weird Schema\".\"drop table x; --\"(\"Created \"\"At\"\"\")",
                // created from 30 days before NOW to 30 days after, one row a minute-ish, in random physical order
                "insert into \"Weird Schema\".\"drop table x; --\" select g, timestamptz '2026-11-20 12:00:00+00'"
                        + " + (g - 2500) * interval '17 minutes', g % 7 <> 0, repeat('x', 100)"
                        + " from generate_series(1, 5000) g order by md5(g::text)",
                "analyze \"Weird Schema\".\"drop table x; --\"");
        return ((Number) db.value("select count(*) from \"Weird Schema\".\"drop table x; --\""
                + " where \"Created \"\"At\"\"\" < timestamptz '2026-11-20 12:00:00+00' - interval '7 days' and processed")).longValue();
    }

    private static final String SCATTERED_POLICY = """
            retention:
              batch_size: 100
              max_batch_duration: 0
            retention_policies:
              - name: scattered
                schema: 'Weird Schema'
                table: 'drop table x; --'
                timestamp_column: 'Created "At"'
                older_than: 7d
                condition: processed
            """;

    @Test
    void pageRangesDeleteExactlyTheExpiredRowsScatteredOverTheTable() throws SQLException {
        try (TestDatabase db = TestDatabase.create()) {
            long expired = scattered(db);
            Set<Integer> survivors = new TreeSet<>();
            for (List<Object> row : db.query("select id from \"Weird Schema\".\"drop table x; --\""
                    + " where not (\"Created \"\"At\"\"\" < timestamptz '2026-11-20 12:00:00+00' - interval '7 days' and processed)")) {
                survivors.add(((Number) row.get(0)).intValue());
            }
            // the plan's count makes the expired share (about 40%) large enough to walk the heap (PostgreSQL 14+)
            PlannedAction action = new PlannedAction("1", Action.retentionDelete(ODD_SCHEMA, HOSTILE, "test")
                    .withDetail("policy", "scattered").withDetail("expired_rows", expired), true, "", PlannedAction.PLANNED, null, null);
            Outcome outcome = run(db, RetentionConfigs.settings(SCATTERED_POLICY), action, Deadline.after(Duration.ofMinutes(1)));
            assertEquals(PlannedAction.DONE, outcome.status(), outcome::toString);
            assertEquals(expired, outcome.figures().get("rows_deleted"));
            assertEquals(0L, outcome.figures().get("rows_remaining"));
            assertTrue((Long) outcome.figures().get("batches") >= 10, "batches of about 100 rows: " + outcome);
            boolean tidRangeScans = ((Number) db.value("select current_setting('server_version_num')::int")).intValue() >= 140000;
            assertEquals(tidRangeScans ? "page ranges" : "timestamp ranges", outcome.figures().get("method"));
            assertEquals(survivors, ids(db, "\"Weird Schema\".\"drop table x; --\""));
        }
    }

    @Test
    void pageRangesPassOverRowsTheApplicationHolds() throws Exception {
        try (TestDatabase db = TestDatabase.create()) {
            long expired = scattered(db);
            List<Object> held = db.query("select min(id), max(id) from \"Weird Schema\".\"drop table x; --\""
                    + " where \"Created \"\"At\"\"\" < timestamptz '2026-11-20 12:00:00+00' - interval '7 days' and processed").get(0);
            PlannedAction action = new PlannedAction("1", Action.retentionDelete(ODD_SCHEMA, HOSTILE, "test")
                    .withDetail("policy", "scattered").withDetail("expired_rows", expired), true, "", PlannedAction.PLANNED, null, null);
            try (Connection app = db.newConnection(); Statement s = app.createStatement()) {
                app.setAutoCommit(false);
                s.execute("update \"Weird Schema\".\"drop table x; --\" set pad = 'held' where id in (" + held.get(0) + ", " + held.get(1) + ")");
                Outcome outcome = run(db, RetentionConfigs.settings(SCATTERED_POLICY), action, Deadline.after(Duration.ofMinutes(1)));
                app.commit();
                assertEquals(PlannedAction.DONE, outcome.status(), outcome::toString);
                assertEquals(expired - 2, outcome.figures().get("rows_deleted"));
                assertEquals(2L, outcome.figures().get("rows_remaining"));
                assertTrue(String.valueOf(outcome.figures().get("method")).endsWith("ranges"), outcome::toString);
            }
            assertEquals(2L, ((Number) db.value("select count(*) from \"Weird Schema\".\"drop table x; --\""
                    + " where \"Created \"\"At\"\"\" < timestamptz '2026-11-20 12:00:00+00' - interval '7 days' and processed")).longValue());
        }
    }
    /** The three purge methods: page ranges (or timestamp ranges on 13), timestamp ranges, ctid batches. */
    private enum Shape { HEAP_WALK, INDEX_WALK, CTID }

    /**
     * 3000 rows relative to NOW: ids 1-1000 ten days old, 1001-2000 an hour old, 2001-3000 with a NULL timestamp;
     * kind cycles a, b, young. CTID: a partitioned table without an index on the timestamp.
     */
    private static void ageFixture(TestDatabase db, Shape shape) {
        String rows = "insert into ev select g, (array['a', 'b', 'young'])[g % 3 + 1], case when g <= 1000 then"
                + " timestamptz '2026-11-10 12:00:00+00' when g <= 2000 then timestamptz '2026-11-20 11:00:00+00' end"
                + " from generate_series(1, 3000) g";
        if (shape == Shape.CTID) {
            db.exec("create table ev(id int, kind text, created_at timestamptz) partition by range (id)",
                    "create table ev_1 partition of ev for values from (1) to (1500)",
                    "create table ev_2 partition of ev for values from (1500) to (maxvalue)", rows, "analyze ev");
        } else {
            db.exec("create table ev(id int primary key, kind text, created_at timestamptz)",
                    "create index on ev(created_at)", rows, "analyze ev");
        }
    }

    @Test
    void safety01_everyPurgeMethodKeepsYoungAndNullRowsWhateverTheCondition() throws Exception {
        List<String> conditions = List.of("created_at is null or true",
                "kind = 'young' or created_at >= timestamptz '2026-11-20 00:00:00+00' or created_at is null",
                "not (created_at < timestamptz '2026-11-13 12:00:00+00') or kind <> 'a'");
        for (Shape shape : Shape.values()) {
            for (String condition : conditions) {
                try (TestDatabase db = TestDatabase.create()) {
                    ageFixture(db, shape);
                    long expired = ((Number) db.value("select count(*) from ev where created_at is not null and"
                            + " created_at < timestamptz '2026-11-13 12:00:00+00' and (" + condition + ")")).longValue();
                    RetentionSettings settings = RetentionConfigs.settings("""
                            retention:
                              batch_size: 100
                              max_batch_duration: 0
                            retention_policies:
                              - name: ev
                                table: ev
                                timestamp_column: created_at
                                older_than: 7d
                                condition: "%s"
                            """.formatted(condition));
                    // the plan's count, on the collection's path
                    try (Connection c = db.newConnection();
                         java.sql.PreparedStatement count = c.prepareStatement(
                                 org.pgmaint.retention.RetentionSql.count(settings.policies().get(0)))) {
                        count.setObject(1, FIXED.of(c, Duration.ofDays(7)));
                        try (java.sql.ResultSet rs = count.executeQuery()) {
                            rs.next();
                            assertEquals(expired, rs.getLong(1), shape + " / " + condition + ": count");
                        }
                    }
                    PlannedAction action = new PlannedAction("1", Action.retentionDelete("public", "ev", "test")
                            .withDetail("policy", "ev").withDetail("expired_rows", shape == Shape.HEAP_WALK ? expired : 1L),
                            true, "", PlannedAction.PLANNED, null, null);
                    // an old row the application holds: the purge meets a row lock and goes on with skip locked
                    try (Connection app = db.newConnection(); Statement s = app.createStatement()) {
                        app.setAutoCommit(false);
                        s.execute("update ev set kind = kind where id = 500");
                        Outcome outcome = run(db, settings, action, Deadline.after(Duration.ofMinutes(1)));
                        app.commit();
                        assertEquals(PlannedAction.DONE, outcome.status(), outcome::toString);
                        String what = shape + " / " + condition + ": " + outcome;
                        boolean held = ((Number) db.value("select count(*) from ev where id = 500 and created_at is not null and"
                                + " created_at < timestamptz '2026-11-13 12:00:00+00' and (" + condition + ")")).longValue() == 1;
                        assertEquals(expired - (held ? 1 : 0), ((Number) outcome.figures().get("rows_deleted")).longValue(), what);
                        assertEquals(List.of(List.of(3000L - expired + (held ? 1 : 0), 1000L, 1000L)), db.query("select count(*),"
                                + " count(*) filter (where created_at > timestamptz '2026-11-20 00:00:00+00'),"
                                + " count(*) filter (where created_at is null) from ev"), what);
                        String method = String.valueOf(outcome.figures().get("method"));
                        assertEquals(switch (shape) {
                            case HEAP_WALK -> db.serverMajor() >= 14 ? "page ranges" : "timestamp ranges";
                            case INDEX_WALK -> "timestamp ranges";
                            case CTID -> "ctid batches";
                        }, method, what);
                    }
                }
            }
        }
    }

    @Test
    void safety01_aPolicyCannotHoldAConditionThatEscapesItsParentheses() {
        for (String hostile : List.of("processed) or (kind = 'young'", "1=1) or (1=1", "true -- x", "x /* y */", "a = 'b",
                "true; delete from t", "data ? 'k'", "{fn now()} > ts", "b = $$", "x = '\\' or true or '\\'")) {
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> new org.pgmaint.retention.RetentionPolicy("p", "public", "t", "ts", Duration.ofDays(1), hostile, null, "test"),
                    hostile);
            assertTrue(e.getMessage().contains("condition refused"), e.getMessage());
        }
    }
}
