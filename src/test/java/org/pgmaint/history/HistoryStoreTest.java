package org.pgmaint.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pgmaint.testing.TestDatabase;

/** Opening the store (its schema checked once per process, migrated only when behind) and reading index series. */
class HistoryStoreTest {
    private static final TargetKey KEY = new TargetKey("host:5432", "app");
    private static final Instant T0 = Instant.parse("2026-11-01T03:00:00Z");

    @TempDir
    Path dir;

    private HistorySettings settings(String name) {
        return new HistorySettings(true, "sqlite:" + dir.resolve(name), dir, 400, false, Clock.systemUTC());
    }

    private static void write(HistoryStore store, Instant at, List<RunRecord.IndexSample> indexes) {
        store.write(new RunRecord(new RunRecord.RunInfo(UUID.randomUUID().toString(), KEY, "plan", "standard", at,
                at.plusSeconds(10), 0, "test"), new RunRecord.DatabaseSample("15", null, 1L, 1L, 1L, 1L, 1L, 1L),
                List.of(), indexes, List.of(), List.of()));
    }

    private static List<String> tables(Path file) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select name from sqlite_master where type = 'table' and name like 'history%'"
                     + " order by name")) {
            List<String> names = new java.util.ArrayList<>();
            while (rs.next()) {
                names.add(rs.getString(1));
            }
            return names;
        }
    }

    @Test
    void aStoreWhoseSchemaIsBehindGetsItsPendingMigrationWhenOpened() throws Exception {
        Path file = dir.resolve("old.db");
        HistoryStore.open(settings("old.db")).close();
        List<String> current = tables(file);
        // age the store back to before V1: every table of its migrations gone and Flyway's record of them with them
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            // history_run last: the others reference it
            for (String table : current.stream().sorted(java.util.Comparator.comparing("history_run"::equals)).toList()) {
                s.execute("drop table " + table);
            }
            s.execute("delete from " + HistoryStore.MIGRATIONS_TABLE + " where version is not null");
        }
        assertEquals(List.of(), tables(file));
        HistoryStore.forgetCurrentSchemas();
        try (HistoryStore store = HistoryStore.open(settings("old.db"))) {
            write(store, T0, List.of(new RunRecord.IndexSample("s", "i", "t", 1L, 8192L)));
            assertEquals(1, store.runs(KEY, Instant.EPOCH).size());
        }
        assertEquals(current, tables(file));
    }

    @Test
    void theLatestMigrationTheStoreTrustsWithoutFlywayIsTheHighestFile() throws Exception {
        int highest;
        try (var files = java.nio.file.Files.list(Path.of("src/main/resources/db/history"))) {
            highest = files.map(f -> f.getFileName().toString()).filter(n -> n.matches("V\\d+__.*\\.sql"))
                    .mapToInt(n -> Integer.parseInt(n.substring(1, n.indexOf("__")))).max().orElseThrow();
        }
        assertEquals(highest, HistoryStore.LATEST_MIGRATION);
    }

    @Test
    void aSecondStoreOpenedInTheSameProcessIsStillMigrated() throws Exception {
        HistoryStore.open(settings("first.db")).close();
        try (HistoryStore store = HistoryStore.open(settings("second.db"))) {
            write(store, T0, List.of());
            assertEquals(1, store.runs(KEY, Instant.EPOCH).size());
        }
        assertEquals(tables(dir.resolve("first.db")), tables(dir.resolve("second.db")));
    }

    @Test
    void indexPointsComeOldestFirstPerIndexWhateverOrderTheRunsWereWrittenIn() {
        try (HistoryStore store = HistoryStore.open(settings("h.db"))) {
            // written out of order: the day-2 run first
            write(store, T0.plusSeconds(2 * 86_400), List.of(new RunRecord.IndexSample("s", "b", "t", 20L, 1L),
                    new RunRecord.IndexSample("s", "a", "t", 2L, 1L)));
            write(store, T0, List.of(new RunRecord.IndexSample("s", "a", "t", 0L, 1L),
                    new RunRecord.IndexSample("s", "b", "t", 10L, 1L), new RunRecord.IndexSample("s", "c", "t", null, 1L)));
            write(store, T0.plusSeconds(86_400), List.of(new RunRecord.IndexSample("s", "a", "t", 1L, 1L)));
            List<HistoryStore.IndexPoint> all = store.indexChanges(KEY, Instant.EPOCH, List.of());
            assertEquals(List.of(0L, 1L, 2L), all.stream().filter(p -> p.index().equals("a")).map(HistoryStore.IndexPoint::scans).toList());
            assertEquals(List.of(10L, 20L), all.stream().filter(p -> p.index().equals("b")).map(HistoryStore.IndexPoint::scans).toList());
            assertEquals(5, all.size(), all::toString);   // c's counter was not known: no point
            List<HistoryStore.IndexPoint> a = store.indexPoints(KEY, "s", "a", T0.plusSeconds(1));
            assertEquals(List.of(1L, 2L), a.stream().map(HistoryStore.IndexPoint::scans).toList());
            assertEquals(List.of(), store.indexPoints(KEY, "other", "a", Instant.EPOCH));
        }
    }

    @Test
    void theChangesGiveEveryIndexTheUsageWindowAllItsPointsGive() {
        sameWindowsFromChangesAsFromAllPoints(settings("changes.db"));
    }

    @Test
    void theChangesGiveTheSameWindowsOnACentralStore() {
        try (TestDatabase db = TestDatabase.create()) {
            org.pgmaint.db.ConnectionSettings s = db.settings();
            sameWindowsFromChangesAsFromAllPoints(new HistorySettings(true, "postgresql://" + s.user() + "@" + s.host()
                    + ":" + s.port() + "/" + db.name(), dir, 400, false, Clock.systemUTC()));
        }
    }

    /**
     * 60 nightly runs (some nights skipped, some late) of 40 indexes whose counters mostly stand still, sometimes
     * move and sometimes drop, with the database's stats_reset moving twice and an index missing from some runs:
     * for windows of 7, 30 and 45 days every index's window from the changes equals the one from all its points.
     */
    private static void sameWindowsFromChangesAsFromAllPoints(HistorySettings settings) {
        java.util.Random random = new java.util.Random(20261203);
        long[] counters = new long[40];
        Instant at = T0;
        Instant statsReset = T0.minusSeconds(86_400 * 90);
        try (HistoryStore store = HistoryStore.open(settings)) {
            for (int night = 0; night < 60; night++) {
                at = at.plusSeconds(86_400 * (random.nextInt(10) == 0 ? 2 : 1) + random.nextInt(3_600));
                if (night == 20 || night == 45) {
                    statsReset = at.minusSeconds(600);
                    java.util.Arrays.fill(counters, 0);
                }
                List<RunRecord.IndexSample> indexes = new java.util.ArrayList<>();
                for (int i = 0; i < counters.length; i++) {
                    int dice = random.nextInt(100);
                    counters[i] = dice < 5 ? 0 : dice < 25 ? counters[i] + 1 + random.nextInt(50) : counters[i];
                    if (i % 7 != 3 || random.nextInt(4) != 0) {
                        indexes.add(new RunRecord.IndexSample("s", "i" + i, "t", counters[i], 8192L));
                    }
                }
                writeAt(store, at, statsReset, indexes);
            }
            Instant now = at.plusSeconds(86_400);
            List<Duration> windows = List.of(Duration.ofDays(7), Duration.ofDays(30), Duration.ofDays(45));
            Instant since = now.minus(Duration.ofDays(90));
            Map<String, List<UsageWindow.Point>> changes = new java.util.HashMap<>();
            for (HistoryStore.IndexPoint p : store.indexChanges(KEY, since, windows.stream().map(now::minus).toList())) {
                changes.computeIfAbsent(p.index(), k -> new java.util.ArrayList<>())
                        .add(new UsageWindow.Point(p.at(), p.scans(), p.statsReset()));
            }
            int fewer = 0;
            for (int i = 0; i < counters.length; i++) {
                List<UsageWindow.Point> all = store.indexPoints(KEY, "s", "i" + i, since).stream()
                        .map(p -> new UsageWindow.Point(p.at(), p.scans(), p.statsReset())).toList();
                fewer += all.size() - changes.get("i" + i).size();
                UsageWindow.Point current = new UsageWindow.Point(now, counters[i] + i % 2, statsReset);
                for (Duration window : windows) {
                    assertEquals(UsageWindow.of(all, current, window, statsReset, T0),
                            UsageWindow.of(changes.get("i" + i), current, window, statsReset, T0), "i" + i + " " + window);
                }
            }
            assertTrue(fewer > 40 * 20, "the changes read " + fewer + " points fewer than all");
        }
    }

    /**
     * A store written before V4 (no history_index_change) gets from the migration the change rows the writer makes:
     * the same points come back, for nights with counters that move, drop, go unknown and indexes that come and go.
     */
    @Test
    void theMigrationDerivesFromEarlierRunsTheChangesTheWriterRecords() throws Exception {
        Path file = dir.resolve("v3.db");
        java.util.Random random = new java.util.Random(4);
        List<Instant> starts = List.of(T0.plusSeconds(86_400 * 5), T0.plusSeconds(86_400 * 12));
        List<HistoryStore.IndexPoint> written;
        try (HistoryStore store = HistoryStore.open(settings("v3.db"))) {
            long[] counters = new long[12];
            for (int night = 0; night < 20; night++) {
                List<RunRecord.IndexSample> indexes = new java.util.ArrayList<>();
                for (int i = 0; i < counters.length; i++) {
                    int dice = random.nextInt(10);
                    counters[i] = dice == 0 ? 0 : dice < 4 ? counters[i] + 1 : counters[i];
                    if (random.nextInt(5) != 0) {
                        indexes.add(new RunRecord.IndexSample("s", "i" + i, "t", dice == 9 ? null : counters[i], 1L));
                    }
                }
                write(store, T0.plusSeconds(86_400L * night), indexes);
            }
            written = store.indexChanges(KEY, Instant.EPOCH, starts);
            assertTrue(written.size() > 12, written::toString);
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute("drop table history_index_change");
            s.execute("create index history_finding_by_key on history_finding (finding_key)");
            s.execute("delete from " + HistoryStore.MIGRATIONS_TABLE + " where version = '4'");
        }
        HistoryStore.forgetCurrentSchemas();
        try (HistoryStore store = HistoryStore.open(settings("v3.db"))) {
            assertEquals(written, store.indexChanges(KEY, Instant.EPOCH, starts));
        }
    }

    private static void writeAt(HistoryStore store, Instant at, Instant statsReset, List<RunRecord.IndexSample> indexes) {
        store.write(new RunRecord(new RunRecord.RunInfo(UUID.randomUUID().toString(), KEY, "plan", "standard", at,
                at.plusSeconds(10), 0, "test"), new RunRecord.DatabaseSample("15", statsReset, 1L, 1L, 1L, 1L, 1L, 1L),
                List.of(), indexes, List.of(), List.of()));
    }

    @Test
    void theHistoryChecksOfOneRunShareOneOpenedStoreUntilTheReaderIsClosed() {
        HistorySettings settings = settings("shared.db");
        HistoryStore.open(settings).close();
        try (HistoryReader reader = new HistoryReader(settings)) {
            HistoryStore first = reader.read(store -> store).orElseThrow();
            assertSame(first, reader.read(store -> store).orElseThrow());
            reader.close();
            HistoryStore again = reader.read(store -> store).orElseThrow();
            assertEquals(0, again.runs(KEY, Instant.EPOCH).size());
            assertEquals(false, first == again);
        }
    }

    private static RunRecord run(Instant at, long scans, List<RunRecord.FindingSample> findings) {
        return new RunRecord(new RunRecord.RunInfo(UUID.randomUUID().toString(), KEY, "plan", "standard", at,
                at.plusSeconds(10), 0, "test"), new RunRecord.DatabaseSample("15", null, 1L, 1L, 1L, 1L, 1L, 1L),
                List.of(), List.of(new RunRecord.IndexSample("s", "a", "t", scans, 8192L)), findings, List.of());
    }

    @Test
    void whatWasReadAheadIsWrittenAgainstOnlyWhileNoOtherRunOfTheTargetWasRecordedMeanwhile() throws Exception {
        Path file = dir.resolve("ahead.db");
        RunRecord.FindingSample bloat = new RunRecord.FindingSample("bloat\u001fs\u001ft\u001f", "bloat", "s.t",
                "warning", false);
        try (HistoryStore store = HistoryStore.open(settings("ahead.db"))) {
            store.write(run(T0, 1L, List.of()));
            HistoryStore.Before ahead = store.before(KEY, T0.plusSeconds(2 * 86_400));
            assertSame(ahead, store.write(run(T0.plusSeconds(2 * 86_400), 1L, List.of()), ahead, null));

            HistoryStore.Before stale = store.before(KEY, T0.plusSeconds(4 * 86_400));
            store.write(run(T0.plusSeconds(3 * 86_400), 5L, List.of(bloat)));   // recorded while the next one planned
            Instant last = T0.plusSeconds(4 * 86_400);
            HistoryStore.Before used = store.write(run(last, 5L, List.of(bloat)), stale, null);
            assertEquals(java.util.Optional.of(T0.plusSeconds(3 * 86_400)), used.lastRun());
            assertEquals(List.of("bloat\u001fs\u001ft\u001f"), List.copyOf(used.findings().keySet()));
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select count(*) from history_index_change x join history_run r"
                     + " on r.run_id = x.run_id where r.started_ms = " + T0.plusSeconds(4 * 86_400).toEpochMilli())) {
            assertTrue(rs.next());
            assertEquals(0, rs.getInt(1), "the last run's counter is the one of the run recorded meanwhile: no change");
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select f.first_seen_ms from history_finding f join history_run r"
                     + " on r.run_id = f.run_id where r.started_ms = " + T0.plusSeconds(4 * 86_400).toEpochMilli())) {
            assertTrue(rs.next());
            assertEquals(T0.plusSeconds(3 * 86_400).toEpochMilli(), rs.getLong(1), "first seen in the run recorded meanwhile");
        }
    }
}
