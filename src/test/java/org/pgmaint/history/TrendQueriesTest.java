package org.pgmaint.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pgmaint.testing.TestDatabase;

/** The store's queries for the trend charts and index.html, on runs at fake instants (SQLite and PostgreSQL). */
class TrendQueriesTest {
    static final Instant NOW = Instant.parse("2026-12-01T03:00:00Z");
    static final String ODD = "Odd \"Name\" Table";

    @TempDir
    Path dir;

    static HistorySettings settings(Path dir) {
        return new HistorySettings(true, "sqlite:" + dir.resolve("history.db"), dir, 400, false,
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    /** One run of {@code key} at {@code at} with {@code tables} tables t0..; table i is (i + 1) MB, grown by day. */
    static void write(HistoryStore store, TargetKey key, Instant at, int tables, int day, long databaseBytes) {
        List<RunRecord.TableSample> samples = new ArrayList<>();
        for (int i = 0; i < tables; i++) {
            String name = i == 2 ? ODD : "t" + i;
            samples.add(new RunRecord.TableSample("app", name, 1000L, (long) (i * 100 + day), 0L,
                    (i + 1) * 1_048_576L + day * 8192L, null, null, 100L, 10L));
        }
        store.write(new RunRecord(new RunRecord.RunInfo(UUID.randomUUID().toString(), key, "run", "standard", at,
                at.plusSeconds(60), day % 3 == 0 ? 1 : 0, "test"),
                new RunRecord.DatabaseSample("15", null, databaseBytes, 1000L + day, 10L, 5_000_000L + day * 1000L,
                        200_000_000L, 400_000_000L),
                samples, List.of(), List.of(), List.of()));
    }

    @Test
    void theLargestTablesOfTheLatestRunWithTheirPoints() {
        largestTablesAndLatestRuns(settings(dir));
    }

    /** The same statements on a central PostgreSQL store. */
    @Test
    void theSameOnACentralStore() {
        try (TestDatabase db = TestDatabase.create()) {
            org.pgmaint.db.ConnectionSettings s = db.settings();
            largestTablesAndLatestRuns(new HistorySettings(true, "postgresql://" + s.user() + "@" + s.host() + ":"
                    + s.port() + "/" + db.name(), dir, 400, false, Clock.fixed(NOW, ZoneOffset.UTC)));
        }
    }

    private static void largestTablesAndLatestRuns(HistorySettings settings) {
        TargetKey key = new TargetKey("db1:5432", "app");
        TargetKey other = new TargetKey("db2:5432", "app");
        try (HistoryStore store = HistoryStore.open(settings)) {
            for (int day = 40; day >= 0; day--) {
                write(store, key, NOW.minus(Duration.ofDays(day)), 8, 40 - day, 1L << 30);
            }
            // another target's bigger tables are not this one's
            write(store, other, NOW, 20, 0, 1L);
            // a run after the window's end is not its latest
            write(store, key, NOW.plusSeconds(3600), 30, 99, 1L);
            List<HistoryStore.TableSize> points = store.largestTablesSince(key, NOW.minus(Duration.ofDays(30)), NOW, 5);
            assertEquals(5 * 31, points.size());
            List<String> tables = points.stream().map(p -> p.table()).distinct().toList();
            assertEquals(List.of("t7", "t6", "t5", "t4", "t3"), tables);
            List<HistoryStore.TableSize> t7 = points.stream().filter(p -> p.table().equals("t7")).toList();
            assertEquals(NOW.minus(Duration.ofDays(30)), t7.get(0).at());
            assertEquals(NOW, t7.get(30).at());
            assertEquals(8 * 1_048_576L + 40 * 8192L, t7.get(30).bytes());
            assertEquals(740L, t7.get(30).deadTuples());

            List<HistoryStore.RunSummary> latest = store.latestRuns(null, 3);
            assertEquals(List.of(NOW.plusSeconds(3600), NOW, NOW), latest.stream().map(HistoryStore.RunSummary::started).toList());
            assertEquals(List.of(key, key, other), latest.stream().map(HistoryStore.RunSummary::key).toList());
            assertEquals(42, store.latestRuns(key, 100).size());
            assertEquals(1, store.latestRuns(other, 100).size());
            assertEquals(43, store.runsSince(null, NOW.minus(Duration.ofDays(40))).size());
            assertEquals(32, store.runsSince(key, NOW.minus(Duration.ofDays(30))).size());
        }
    }

    @Test
    void aHostileNameIsABoundValue() {
        TargetKey key = new TargetKey("x", "y");
        try (HistoryStore store = HistoryStore.open(settings(dir))) {
            write(store, key, NOW.minus(Duration.ofDays(1)), 3, 0, 1L);
            write(store, key, NOW, 3, 1, 1L);
            List<HistoryStore.TableSize> points = store.largestTablesSince(key, NOW.minus(Duration.ofDays(30)), NOW, 1);
            assertEquals(2, points.size());
            assertEquals(ODD, points.get(0).table());
            assertTrue(store.largestTablesSince(new TargetKey("x", "none"), NOW.minus(Duration.ofDays(30)), NOW, 5).isEmpty());
        }
    }
}
