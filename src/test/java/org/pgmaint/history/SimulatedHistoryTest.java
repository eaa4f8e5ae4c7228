package org.pgmaint.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pgmaint.catalog.Catalog;
import org.pgmaint.catalog.CatalogLoader;
import org.pgmaint.collect.CheckResult;
import org.pgmaint.collect.CollectedFacts;
import org.pgmaint.config.ConfigLoader;
import org.pgmaint.rules.Evaluation;
import org.pgmaint.rules.RuleBase;
import org.pgmaint.rules.RuleEngine;
import org.pgmaint.rules.Thresholds;
import org.pgmaint.engine.Engine;
import org.pgmaint.engine.Installation;
import org.pgmaint.model.Finding;
import org.pgmaint.model.Mode;
import org.pgmaint.model.Severity;
import org.pgmaint.testing.TestDatabase;

/**
 * History written at fake timestamps, then a plan at a clock the test sets: every figure the rules get from it.
 */
class SimulatedHistoryTest {
    private static final Instant NOW = Instant.parse("2026-12-01T03:00:00Z");

    @TempDir
    Path dir;

    private HistorySettings settings() {
        return new HistorySettings(true, "sqlite:" + dir.resolve("history.db"), dir, 400, false, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    /** A scratch table with a droppable index scanned {@code scans} times (lifetime counter). */
    private static TestDatabase fixture(int scans) {
        TestDatabase db = TestDatabase.create();
        db.exec("create schema app", "create table app.orders(id int primary key, note text, code int)",
                "insert into app.orders select g, 'n' || g, g from generate_series(1, 2000) g",
                "create index \"orders code; --\" on app.orders (code)", "analyze app.orders");
        for (int i = 0; i < scans; i++) {
            db.exec("set enable_seqscan = off", "select count(*) from app.orders where code = " + i, "reset enable_seqscan");
        }
        db.flushStats();
        TestDatabase.await("index scans counted", () -> ((Number) db.value("select idx_scan from pg_stat_user_indexes"
                + " where indexrelname = 'orders code; --'")).longValue() == scans);
        return db;
    }

    /** Daily runs from {@code days} days ago to yesterday, the index's counter on each day given by {@code scans}. */
    private void seed(TestDatabase db, int days, java.util.function.IntUnaryOperator scans) {
        Object reset = db.value("select stats_reset from pg_stat_database where datname = current_database()");
        Instant statsReset = reset == null ? null : ((java.sql.Timestamp) reset).toInstant();
        TargetKey key = TargetKey.of(db.settings());
        try (HistoryStore store = HistoryStore.open(settings())) {
            for (int daysAgo = days; daysAgo >= 1; daysAgo--) {
                Instant at = NOW.minus(Duration.ofDays(daysAgo));
                store.write(new RunRecord(new RunRecord.RunInfo(UUID.randomUUID().toString(), key, "run", "standard", at,
                        at.plusSeconds(60), 0, "test"),
                        new RunRecord.DatabaseSample("15", statsReset, 1L, 1L, 1L, 1L, 1L, 1L),
                        List.of(), List.of(new RunRecord.IndexSample("app", "orders code; --", "orders",
                        (long) scans.applyAsInt(daysAgo), 8192L)), List.of(), List.of()));
            }
        }
    }

    private List<Finding> unusedFindings(TestDatabase db) {
        Engine engine = Engine.load(ConfigLoader.defaultsWith(Map.of("history.url", "sqlite:" + dir.resolve("history.db"))),
                Installation.home(), Clock.fixed(NOW, ZoneOffset.UTC));
        List<Finding> found = new ArrayList<>();
        for (Finding f : engine.evaluate(db.connection(), Mode.STANDARD, db.settings()).plan().findings()) {
            if (f.kind().equals("unused_index") && f.indexes().contains("orders code; --")) {
                found.add(f);
            }
        }
        return found;
    }

    @Test
    void anIndexScannedFortyDaysAgoWithSixtyDaysOfHistoryIsFirmlyUnused() {
        try (TestDatabase db = fixture(3)) {
            seed(db, 60, daysAgo -> daysAgo > 40 ? 0 : 3);
            List<Finding> found = unusedFindings(db);
            assertEquals(1, found.size(), found::toString);
            Finding f = found.get(0);
            assertEquals(Severity.WARNING, f.severity());
            assertEquals(false, f.details().get("weak"));
            assertTrue(f.message().contains("0 scans in the last 30 days (history since 2026-10-02, no reset)"), f.message());
            assertEquals("DROP INDEX CONCURRENTLY \"app\".\"orders code; --\";", f.suggestion());
        }
    }

    @Test
    void aTableWhoseWindowIsLongerThanTheGlobalOneIsJudgedOverItsOwnWindow() throws Exception {
        try (TestDatabase db = fixture(3)) {
            // scanned 70 days ago, never since: unused in the global 30 days, used in the orders table's 90
            seed(db, 120, daysAgo -> daysAgo > 70 ? 0 : 3);
            assertEquals(1, unusedFindings(db).size());
            Path file = dir.resolve("pgmaint.yaml");
            java.nio.file.Files.writeString(file, "history:\n  url: sqlite:" + dir.resolve("history.db") + "\n"
                    + "table_overrides:\n  - schema: app\n    table: orders\n    thresholds:\n"
                    + "      unused_index_window_days: 90\n");
            Engine engine = Engine.load(ConfigLoader.load(new ConfigLoader.Sources(file, Map.of(), Map.of(), dir)),
                    Installation.home(), Clock.fixed(NOW, ZoneOffset.UTC));
            List<Finding> unused = engine.evaluate(db.connection(), Mode.STANDARD, db.settings()).plan().findings()
                    .stream().filter(f -> f.kind().equals("unused_index")).toList();
            assertEquals(List.of(), unused, "3 scans in its 90-day window, read from 120 days of history");
        }
    }

    @Test
    void aStatisticsResetTenDaysAgoMakesItWeakAndSaysWhy() {
        try (TestDatabase db = fixture(3)) {
            // the counter was 50 until the reset 10 days ago, 3 (today's value) since: a counter that went down
            seed(db, 60, daysAgo -> daysAgo > 10 ? 50 : 3);
            List<Finding> found = unusedFindings(db);
            assertEquals(1, found.size(), found::toString);
            Finding f = found.get(0);
            assertEquals(Severity.INFO, f.severity());
            assertEquals(true, f.details().get("weak"));
            assertTrue(f.message().contains("0 scans in the 10 days the history covers (statistics reset 2026-11-21"),
                    f.message());
            assertTrue(f.message().contains("weak: less than the 30-day window"), f.message());
        }
    }

    @Test
    void anIndexWhoseSchemaAndNameJoinedWithADotLookLikeAnothersKeepsItsOwnSeries() {
        try (TestDatabase db = fixture(0)) {
            db.exec("create index \"x.y\" on app.orders (note)", "create schema \"app.x\"",
                    "create table \"app.x\".t(id int primary key, v int)", "create index y on \"app.x\".t (v)");
            Object reset = db.value("select stats_reset from pg_stat_database where datname = current_database()");
            Instant statsReset = reset == null ? null : ((java.sql.Timestamp) reset).toInstant();
            TargetKey key = TargetKey.of(db.settings());
            try (HistoryStore store = HistoryStore.open(settings())) {
                for (int daysAgo = 60; daysAgo >= 1; daysAgo--) {
                    Instant at = NOW.minus(Duration.ofDays(daysAgo));
                    // app."x.y" never scanned; "app.x".y scanned every day (its counter far above app."x.y"'s 0)
                    store.write(new RunRecord(new RunRecord.RunInfo(UUID.randomUUID().toString(), key, "run", "standard",
                            at, at.plusSeconds(60), 0, "test"),
                            new RunRecord.DatabaseSample("15", statsReset, 1L, 1L, 1L, 1L, 1L, 1L), List.of(),
                            List.of(new RunRecord.IndexSample("app", "x.y", "orders", 0L, 8192L),
                                    new RunRecord.IndexSample("app.x", "y", "t", 1000L - daysAgo, 8192L)),
                            List.of(), List.of()));
                }
            }
            Engine engine = Engine.load(ConfigLoader.defaultsWith(Map.of("history.url", "sqlite:" + dir.resolve("history.db"))),
                    Installation.home(), Clock.fixed(NOW, ZoneOffset.UTC));
            List<Finding> found = engine.evaluate(db.connection(), Mode.STANDARD, db.settings()).plan().findings().stream()
                    .filter(f -> f.kind().equals("unused_index") && f.indexes().contains("x.y")).toList();
            assertEquals(1, found.size(), found::toString);
            assertEquals(false, found.get(0).details().get("weak"), found.get(0).message());
            assertTrue(found.get(0).message().contains("0 scans in the last 30 days"), found.get(0).message());
        }
    }

    @Test
    void anIndexScannedWithinTheWindowIsNotUnused() {
        try (TestDatabase db = fixture(3)) {
            seed(db, 60, daysAgo -> daysAgo > 5 ? 1 : 3);
            assertEquals(List.of(), unusedFindings(db));
        }
    }

    @Test
    void theXidBurnForecastsTheWraparoundStopWithItsDate() {
        List<HistoryStore.RunPoint> runs = new ArrayList<>();
        long nextXidNow = 5_000_000_000L;
        for (int daysAgo = 30; daysAgo >= 1; daysAgo--) {
            runs.add(new HistoryStore.RunPoint("r" + daysAgo, NOW.minus(Duration.ofDays(daysAgo)), "run", 0, null, 1L,
                    1_800_000_000L - 50_000_000L * daysAgo, 1000L, nextXidNow - 50_000_000L * daysAgo, 200_000_000L,
                    400_000_000L));
        }
        Map<String, Object> row = DatabaseTrends.row(new DatabaseTrends.Now(null, 1, nextXidNow, 1_800_000_000L, 1000,
                200_000_000L, 400_000_000L), runs, NOW);
        assertEquals(50_000_000.0, (Double) row.get("xid_per_day"), 1);
        assertEquals(30.0, row.get("over_days"));
        // (2^31 - 1 - 3,000,000 - 1.8e9) / 50e6 = 6.89 days: 2026-12-01 03:00 + 6.9 days is early on 2026-12-08
        assertEquals(6.9, row.get("days_to_stop"));
        assertEquals("xid", row.get("stop_kind"));
        assertNotNull(row.get("stop_date"));
        assertEquals("2026-12-08", ((java.time.OffsetDateTime) row.get("stop_date")).toLocalDate().toString());

        Catalog catalog = CatalogLoader.load(List.of(Path.of("checks")));
        CollectedFacts collection = new CollectedFacts(15, "15.0", "app", List.of(new CheckResult(
                catalog.check("database_trend").orElseThrow(), List.of(row), 1)), List.of(), List.of());
        Evaluation evaluation = new RuleEngine(RuleBase.build(catalog, List.of(Path.of("rules"))))
                .evaluate(collection, Mode.STANDARD, Thresholds.resolve(catalog, ConfigLoader.defaultsWith(Map.of())));
        List<Finding> forecasts = evaluation.findings().stream().filter(f -> f.kind().equals("wraparound_forecast")).toList();
        assertEquals(1, forecasts.size(), evaluation.findings()::toString);
        assertEquals(Severity.CRITICAL, forecasts.get(0).severity());
        assertEquals("at 50M xid IDs a day (measured over 30 days), the database's xid age 1.8 billion reaches the"
                + " wraparound stop (2.14 billion: PostgreSQL refuses new transactions) in 6.9 days, about 2026-12-08:"
                + " VACUUM (FREEZE) the oldest tables now", forecasts.get(0).message());
    }

    private static final long GB = 1L << 30;

    /** Daily points of a tablespace growing {@code perDay} a day up to {@code bytesNow}, from 30 days ago to yesterday. */
    private static List<HistoryStore.TablespacePoint> growing(long bytesNow, long perDay) {
        List<HistoryStore.TablespacePoint> points = new ArrayList<>();
        for (int daysAgo = 30; daysAgo >= 1; daysAgo--) {
            points.add(new HistoryStore.TablespacePoint("pg_default", NOW.minus(Duration.ofDays(daysAgo)),
                    bytesNow - perDay * daysAgo));
        }
        return points;
    }

    private static List<Finding> capacityFindings(Map<String, Object> row) {
        Catalog catalog = CatalogLoader.load(List.of(Path.of("checks")));
        CollectedFacts collection = new CollectedFacts(15, "15.0", "app", List.of(new CheckResult(
                catalog.check("tablespace_trend").orElseThrow(), List.of(row), 1)), List.of(), List.of());
        Evaluation evaluation = new RuleEngine(RuleBase.build(catalog, List.of(Path.of("rules"))))
                .evaluate(collection, Mode.STANDARD, Thresholds.resolve(catalog, ConfigLoader.defaultsWith(Map.of())));
        return evaluation.findings().stream().filter(f -> f.kind().equals("capacity_forecast")).toList();
    }

    @Test
    void aGigabyteADayWithTenGigabytesFreeIsFullInAboutTenDays() {
        TablespaceTrends.Now now = new TablespaceTrends.Now("pg_default", 490 * GB, "/srv/pg", false);
        TablespaceTrends.Capacity capacity = TablespaceTrends.capacity(now, Map.of("pg_default", 500 * GB));
        assertEquals(new TablespaceTrends.Capacity(500 * GB, 10 * GB, "config", null), capacity);
        Map<String, Object> row = TablespaceTrends.row(now, capacity, growing(490 * GB, GB), NOW);
        assertEquals((double) GB, (Double) row.get("bytes_per_day_7d"), 1);
        assertEquals((double) GB, (Double) row.get("bytes_per_day_30d"), 1);
        assertEquals(7.0, row.get("over_days"));
        assertEquals(10.0, row.get("days_until_full"));
        assertEquals("2026-12-11", ((java.time.OffsetDateTime) row.get("full_date")).toLocalDate().toString());
        assertEquals(null, row.get("no_forecast"));

        List<Finding> found = capacityFindings(row);
        assertEquals(1, found.size(), found::toString);
        assertEquals(Severity.WARNING, found.get(0).severity());
        assertEquals("tablespace pg_default is full in about 10 days, about 2026-12-11: it grows 1.0 GB a day (measured"
                + " over 7 days) and has 10.0 GB free in the 500.0 GB of capacity.pg_default; add space (and raise"
                + " capacity.pg_default), or move or drop data", found.get(0).message());
        assertEquals("pg_default", found.get(0).details().get("tablespace"));
    }

    @Test
    void underSevenDaysOrPastTheCapacityItIsCriticalAndAtLeisureNothing() {
        TablespaceTrends.Now now = new TablespaceTrends.Now("pg_default", 495 * GB, null, false);
        Map<String, Object> soon = TablespaceTrends.row(now, TablespaceTrends.capacity(now, Map.of("pg_default", 500 * GB)),
                growing(495 * GB, GB), NOW);
        assertEquals(5.0, soon.get("days_until_full"));
        assertEquals(Severity.CRITICAL, capacityFindings(soon).get(0).severity());

        TablespaceTrends.Now over = new TablespaceTrends.Now("pg_default", 510 * GB, null, false);
        Map<String, Object> past = TablespaceTrends.row(over, TablespaceTrends.capacity(over, Map.of("pg_default", 500 * GB)),
                growing(510 * GB, GB), NOW);
        assertEquals(0.0, past.get("days_until_full"));
        List<Finding> found = capacityFindings(past);
        assertEquals(Severity.CRITICAL, found.get(0).severity());
        assertTrue(found.get(0).message().startsWith("tablespace pg_default is over its capacity: 510.0 GB in the"
                + " 500.0 GB of capacity.pg_default, and it grows 1.0 GB a day (measured over 7 days)"), found.get(0).message());

        TablespaceTrends.Now roomy = new TablespaceTrends.Now("pg_default", 100 * GB, null, false);
        Map<String, Object> later = TablespaceTrends.row(roomy, TablespaceTrends.capacity(roomy, Map.of("pg_default", 500 * GB)),
                growing(100 * GB, GB), NOW);
        assertEquals(400.0, later.get("days_until_full"));
        assertEquals(List.of(), capacityFindings(later));
    }

    @Test
    void theFasterOfTheWeekAndTheMonthIsUsedAndSaysItsSpan() {
        // 0.1 GB a day for 23 days, then 2 GB a day for the last 7: the week's rate, measured over 7 days
        List<HistoryStore.TablespacePoint> points = new ArrayList<>();
        long bytesNow = 400 * GB;
        for (int daysAgo = 30; daysAgo >= 1; daysAgo--) {
            long bytes = daysAgo <= 7 ? bytesNow - 2 * GB * daysAgo : bytesNow - 14 * GB - (GB / 10) * (daysAgo - 7);
            points.add(new HistoryStore.TablespacePoint("pg_default", NOW.minus(Duration.ofDays(daysAgo)), bytes));
        }
        TablespaceTrends.Now now = new TablespaceTrends.Now("pg_default", bytesNow, null, false);
        Map<String, Object> row = TablespaceTrends.row(now, TablespaceTrends.capacity(now, Map.of("pg_default", 420 * GB)),
                points, NOW);
        assertEquals(2.0 * GB, (Double) row.get("bytes_per_day"), 1);
        assertEquals(7.0, row.get("over_days"));
        assertEquals(10.0, row.get("days_until_full"));
        // shrinking in the last week after a month's growth: the month's rate
        List<HistoryStore.TablespacePoint> shrunk = new ArrayList<>(growing(bytesNow, GB));
        shrunk.set(23, new HistoryStore.TablespacePoint("pg_default", NOW.minus(Duration.ofDays(7)), bytesNow + GB));
        Map<String, Object> month = TablespaceTrends.row(now, TablespaceTrends.capacity(now, Map.of("pg_default", 420 * GB)),
                shrunk, NOW);
        assertEquals(30.0, month.get("over_days"));
        assertEquals(20.0, month.get("days_until_full"));
    }

    @Test
    void withoutACapacityThereIsNoForecastAndTheFactSaysWhy() {
        TablespaceTrends.Now remote = new TablespaceTrends.Now("pg_default", 490 * GB, "/srv/pg", false);
        Map<String, Object> row = TablespaceTrends.row(remote, TablespaceTrends.capacity(remote, Map.of()),
                growing(490 * GB, GB), NOW);
        assertEquals((double) GB, (Double) row.get("bytes_per_day"), 1);
        assertEquals(null, row.get("days_until_full"));
        assertEquals(null, row.get("capacity_source"));
        assertEquals("capacity unknown: set capacity.pg_default (the server is not on this host, so its filesystem's"
                + " free space cannot be read)", row.get("no_forecast"));
        assertEquals(List.of(), capacityFindings(row));

        TablespaceTrends.Now hidden = new TablespaceTrends.Now("pg_default", 490 * GB, null, true);
        assertEquals("capacity unknown: set capacity.pg_default, or connect as a role that may read data_directory"
                + " (superuser or pg_read_all_settings)", TablespaceTrends.row(hidden,
                TablespaceTrends.capacity(hidden, Map.of()), growing(490 * GB, GB), NOW).get("no_forecast"));
        // a capacity but no history yet: no rate
        Map<String, Object> first = TablespaceTrends.row(remote, TablespaceTrends.capacity(remote,
                Map.of("pg_default", 500 * GB)), List.of(), NOW);
        assertEquals(10L * GB, first.get("free_bytes"));
        assertEquals("no growth rate yet: no run recorded about 7 or 30 days ago (within a day)", first.get("no_forecast"));
    }

    @Test
    void aPlanWithAMonthOfRecordedTablespaceGrowthAndAConfiguredCapacitySaysAboutTenDays() {
        try (TestDatabase db = TestDatabase.create()) {
            long bytesNow = ((Number) db.value("select pg_tablespace_size('pg_default')")).longValue();
            TargetKey key = TargetKey.of(db.settings());
            try (HistoryStore store = HistoryStore.open(settings())) {
                for (int daysAgo = 30; daysAgo >= 1; daysAgo--) {
                    Instant at = NOW.minus(Duration.ofDays(daysAgo));
                    store.write(new RunRecord(new RunRecord.RunInfo(UUID.randomUUID().toString(), key, "run", "standard",
                            at, at.plusSeconds(60), 0, "test"),
                            new RunRecord.DatabaseSample("15", null, 1L, 1L, 1L, 1L, 1L, 1L), List.of(), List.of(),
                            List.of(), List.of(), List.of(new RunRecord.TablespaceSample("pg_default", bytesNow - GB * daysAgo))));
                }
            }
            Engine engine = Engine.load(ConfigLoader.defaultsWith(Map.of("history.url", "sqlite:" + dir.resolve("history.db"),
                    "capacity.pg_default", (bytesNow + 10 * GB) + "B")), Installation.home(), Clock.fixed(NOW, ZoneOffset.UTC));
            Engine.Planned planned = engine.evaluate(db.connection(), Mode.STANDARD, db.settings());
            Map<String, Object> row = planned.collection().results().stream()
                    .filter(r -> r.check().id().equals("tablespace_trend")).findFirst().orElseThrow().rows().stream()
                    .filter(r -> r.get("tablespace").equals("pg_default")).findFirst().orElseThrow();
            assertEquals("config", row.get("capacity_source"));
            assertEquals(10.0, row.get("days_until_full"), row::toString);
            List<Finding> found = planned.plan().findings().stream().filter(f -> f.kind().equals("capacity_forecast")).toList();
            assertEquals(1, found.size(), planned.plan().findings()::toString);
            assertTrue(found.get(0).message().startsWith("tablespace pg_default is full in about 10 days, about 2026-12-11:"
                    + " it grows 1.0 GB a day (measured over 7 days) and has 10.0 GB free in the "), found.get(0).message());
        }
    }

    /** A month of daily runs: app.big growing 2 GB a day, its index 10 MB a day, app.quiet not at all. */
    private static void seedGrowth(HistoryStore store, TargetKey key, long tableNow, long indexNow, long quietNow) {
        for (int daysAgo = 30; daysAgo >= 1; daysAgo--) {
            Instant at = NOW.minus(Duration.ofDays(daysAgo));
            store.write(new RunRecord(new RunRecord.RunInfo(UUID.randomUUID().toString(), key, "run", "standard", at,
                    at.plusSeconds(60), 0, "test"), new RunRecord.DatabaseSample("15", null, 1L, 1L, 1L, 1L, 1L, 1L),
                    List.of(new RunRecord.TableSample("app", "big", 1L, 0L, 0L, tableNow - 2 * GB * daysAgo, null, null, 1L, 1L),
                            new RunRecord.TableSample("app", "quiet", 1L, 0L, 0L, quietNow, null, null, 1L, 1L)),
                    List.of(new RunRecord.IndexSample("app", "big_pad", "big", 0L, indexNow - (10L << 20) * daysAgo)),
                    List.of(), List.of()));
        }
    }

    private static List<Map<String, Object>> rows(Engine.Planned planned, String check) {
        return planned.collection().results().stream().filter(r -> r.check().id().equals(check)).findFirst()
                .orElseThrow(() -> new AssertionError(planned.collection().failed().toString())).rows();
    }

    @Test
    void tablesAndIndexesThatGrewGetTheirRatesPerDayFromOneQueryOnSqliteAndOnACentralStore() {
        try (TestDatabase db = TestDatabase.create(); TestDatabase central = TestDatabase.create()) {
            db.execFlushed("create schema app", "create table app.big(id int primary key, pad text)",
                    "create table app.quiet(id int primary key)", "create index big_pad on app.big (pad)",
                    // big enough (~10 MB, its index too: distinct values, no deduplication) to grow a MiB a day, the least a row
                    // shows: smaller objects' history is not read
                    "insert into app.big select g, repeat(md5(g::text), 6) from generate_series(1, 40000) g",
                    "insert into app.quiet select generate_series(1, 100)", "analyze app.big", "analyze app.quiet");
            String pages = "select relpages::bigint * current_setting('block_size')::bigint from pg_class where relname = ";
            long tableNow = ((Number) db.value(pages + "'big'")).longValue();
            long indexNow = ((Number) db.value(pages + "'big_pad'")).longValue();
            long quietNow = ((Number) db.value(pages + "'quiet'")).longValue();
            org.pgmaint.db.ConnectionSettings c = central.settings();
            for (String url : List.of("sqlite:" + dir.resolve("growth.db"),
                    "postgresql://" + c.user() + "@" + c.host() + ":" + c.port() + "/" + central.name())) {
                try (HistoryStore store = HistoryStore.open(new HistorySettings(true, url, dir, 400, false,
                        Clock.fixed(NOW, ZoneOffset.UTC)))) {
                    seedGrowth(store, TargetKey.of(db.settings()), tableNow, indexNow, quietNow);
                }
                Engine engine = Engine.load(ConfigLoader.defaultsWith(Map.of("history.url", url)), Installation.home(),
                        Clock.fixed(NOW, ZoneOffset.UTC));
                Engine.Planned planned = engine.evaluate(db.connection(), Mode.STANDARD, db.settings());
                List<Map<String, Object>> tables = rows(planned, "table_growth");
                assertEquals(1, tables.size(), url + ": " + tables);     // app.quiet did not grow: no row
                Map<String, Object> big = tables.get(0);
                assertEquals("big", big.get("table_name"));
                assertEquals(tableNow, big.get("bytes"));
                assertEquals(2.0 * GB, (Double) big.get("bytes_per_day_7d"), 1);
                assertEquals(2.0 * GB, (Double) big.get("bytes_per_day_30d"), 1);
                assertEquals(7.0, big.get("over_days_7d"));
                assertEquals(30.0, big.get("over_days_30d"));
                List<Map<String, Object>> indexes = rows(planned, "index_growth");
                assertEquals(1, indexes.size(), url + ": " + indexes);
                assertEquals("big_pad", indexes.get(0).get("index_name"));
                assertEquals(10.0 * (1 << 20), (Double) indexes.get(0).get("bytes_per_day_7d"), 1);
                List<Finding> found = planned.plan().findings().stream().filter(f -> f.kind().equals("table_growth")).toList();
                assertEquals(1, found.size(), planned.plan().findings()::toString);
                assertEquals(Severity.INFO, found.get(0).severity());
                assertEquals("big", found.get(0).table());
                assertEquals("grows 2.0 GB a day (measured over 7 days), " + org.pgmaint.model.Text.bytes(tableNow) + " now",
                        found.get(0).message());
            }
        }
    }
}
