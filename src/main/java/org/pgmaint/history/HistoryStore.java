package org.pgmaint.history;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.flywaydb.core.Flyway;
import org.pgmaint.config.Config;
import org.pgmaint.db.ConnectionSettings;
import org.pgmaint.db.Connections;

/**
 * The history store: the embedded SQLite file or a central PostgreSQL database, its schema kept by Flyway
 * ({@code db/history/V*.sql}, the same statements for both). A run is written in one transaction under its own
 * UUID, so any number of writers may record at once and a failed write leaves nothing behind.
 */
public final class HistoryStore implements AutoCloseable {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(HistoryStore.class);
    /** Flyway's own table, named so it never meets an application's Flyway history in a shared database. */
    static final String MIGRATIONS_TABLE = "pgmaint_history_migrations";
    private final Connection connection;
    private final boolean alertEveryRun;

    private HistoryStore(Connection connection, boolean alertEveryRun) {
        this.connection = connection;
        this.alertEveryRun = alertEveryRun;
    }

    /** Opens the store (creating the embedded file and its folder when missing) and brings its schema up to date. */
    public static HistoryStore open(HistorySettings settings) {
        DriverDataSource source = settings.central() ? central(settings.url()) : embedded(settings.file());
        try {
            if (!CURRENT_SCHEMAS.contains(source.url())) {
                long start = System.nanoTime();
                migrateIfPending(source);
                CURRENT_SCHEMAS.add(source.url());
                log.debug("history: schema of {} checked in {} ms", settings.describe(), (System.nanoTime() - start) / 1_000_000);
            }
            Connection connection = source.getConnection();
            connection.setAutoCommit(false);
            return new HistoryStore(connection, settings.alertEveryRun());
        } catch (SQLException | RuntimeException e) {
            throw new HistoryException("the history store " + settings.describe() + " cannot be opened: "
                    + firstLine(e), e);
        }
    }

    /**
     * The stores whose schema this process found or made current: a command opens its store more than once (each
     * history check reads, then the recording writes), and Flyway's class-path scan and check of its table need not be repeated.
     */
    private static final java.util.Set<String> CURRENT_SCHEMAS = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** The highest version in db/history (HistoryStoreTest checks it against the files). */
    static final int LATEST_MIGRATION = 4;

    /**
     * Migrates only when a migration is pending: migrate() on a current schema still takes Flyway's lock and
     * validates, and even asking Flyway what is pending scans the class path (~250 ms a run); a store whose Flyway
     * table records {@link #LATEST_MIGRATION} applied is current without asking.
     */
    private static void migrateIfPending(DriverDataSource source) {
        if (appliedVersion(source) == LATEST_MIGRATION) {
            return;
        }
        Flyway flyway = Flyway.configure().dataSource(source).locations("classpath:db/history").table(MIGRATIONS_TABLE)
                .connectRetries(0).load();
        if (flyway.info().pending().length > 0) {
            flyway.migrate();
        }
    }

    /** The highest version Flyway's table records as applied, or -1 (no table yet, or unreadable: Flyway decides). */
    private static int appliedVersion(DriverDataSource source) {
        try (Connection connection = source.getConnection(); java.sql.Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("select version from " + MIGRATIONS_TABLE
                     + " where success and version is not null")) {
            int highest = -1;
            while (rs.next()) {
                highest = Math.max(highest, Integer.parseInt(rs.getString(1)));
            }
            return highest;
        } catch (SQLException | NumberFormatException e) {
            return -1;
        }
    }

    /** Forgets which schemas were found current, so the next open checks again (a test that ages a store). */
    static void forgetCurrentSchemas() {
        CURRENT_SCHEMAS.clear();
    }

    private static DriverDataSource embedded(Path file) {
        try {
            Path folder = file.toAbsolutePath().getParent();
            if (folder != null) {
                Files.createDirectories(folder);
            }
        } catch (IOException e) {
            throw new HistoryException("the history file " + file + " cannot be created: " + e.getMessage(), e);
        }
        org.sqlite.SQLiteConfig config = new org.sqlite.SQLiteConfig();
        config.setJournalMode(org.sqlite.SQLiteConfig.JournalMode.WAL);   // readers never wait for a writer
        config.setBusyTimeout(30_000);                                     // another process writing: wait, then fail
        // with WAL, NORMAL syncs at checkpoints only: a power cut may lose the last runs, never corrupt the file
        config.setSynchronous(org.sqlite.SQLiteConfig.SynchronousMode.NORMAL);
        config.enforceForeignKeys(true);
        return new DriverDataSource("jdbc:sqlite:" + file.toAbsolutePath(), config.toProperties());
    }

    /** A postgresql:// URI resolved as psql would (service file, PGPASSWORD, ~/.pgpass) through the db package. */
    private static DriverDataSource central(String uri) {
        ConnectionSettings settings = ConnectionSettings.from(Config.defaults()).withUri(uri, "history.url");
        Properties properties = Connections.properties(settings);
        properties.setProperty("ApplicationName", "pgmaint history");
        return new DriverDataSource(Connections.url(settings), properties);
    }

    /**
     * Writes one run with its rows; the findings' first_seen carries over from the target's previous run, whose
     * findings are returned (empty for the first run).
     */
    public Before write(RunRecord record) {
        return write(record, null, null);
    }

    /** When the run a write was begun for finished; it throws when the run did not finish. */
    @FunctionalInterface
    public interface Finish {
        Instant await();
    }

    /**
     * As {@link #write(RunRecord)}, with what was read of the store before ({@link #before}, null: nothing), used
     * when the run's neighbours are still the ones it was read with (another run of the target recorded since: read
     * again); and, begun before the run finished, with {@code finish} (null: the record's own time): the transaction
     * waits before its commit for the run's finish, recorded as its time; a run that does not finish is rolled back,
     * leaving nothing.
     */
    public Before write(RunRecord record, Before readEarlier, Finish finish) {
        RunRecord.RunInfo run = record.run();
        try {
            long start = System.nanoTime();
            Before before = readEarlier != null && readEarlier.previous().equals(neighbourRun(run.key(), run.started(), true))
                    && readEarlier.next().equals(neighbourRun(run.key(), run.started(), false))
                    ? readEarlier : before(run.key(), run.started());
            Map<String, PreviousFinding> previous = before.findings();
            Map<String, IndexState> indexesBefore = before.indexesBefore();
            // a run written after a later one of its target (it ran longer): that one's changes are against this one now
            String next = before.next().map(Neighbour::runId).orElse(null);
            Map<String, IndexState> indexesAfter = before.indexesAfter();
            long read = System.nanoTime();
            insertRun(record);
            try (PreparedStatement tables = connection.prepareStatement("insert into history_table (run_id, schema_name,"
                    + " table_name, live_tuples, dead_tuples, mod_since_analyze, table_bytes, last_vacuum_ms,"
                    + " last_analyze_ms, xid_age, mxid_age) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (RunRecord.TableSample t : record.tables()) {
                    bind(tables, run.runId(), t.schema(), t.table(), t.liveTuples(), t.deadTuples(), t.modSinceAnalyze(),
                            t.bytes(), millis(t.lastVacuum()), millis(t.lastAnalyze()), t.xidAge(), t.mxidAge());
                    tables.addBatch();
                }
                tables.executeBatch();
            }
            try (PreparedStatement indexes = connection.prepareStatement("insert into history_index (run_id, schema_name,"
                    + " index_name, table_name, idx_scan, index_bytes) values (?, ?, ?, ?, ?, ?)")) {
                for (RunRecord.IndexSample i : record.indexes()) {
                    bind(indexes, run.runId(), i.schema(), i.index(), i.table(), i.scans(), i.bytes());
                    indexes.addBatch();
                }
                indexes.executeBatch();
            }
            Map<String, IndexState> indexesNow = new LinkedHashMap<>();
            record.indexes().forEach(i -> indexesNow.put(objectKey(i.schema(), i.index()),
                    new IndexState(i.schema(), i.index(), i.scans())));
            insertIndexChanges(run.runId(), indexesNow, indexesBefore);
            if (next != null) {
                try (PreparedStatement delete = connection.prepareStatement(
                        "delete from history_index_change where run_id = ?")) {
                    bind(delete, next);
                    delete.executeUpdate();
                }
                insertIndexChanges(next, indexesAfter, indexesNow);
            }
            try (PreparedStatement findings = connection.prepareStatement("insert into history_finding (run_id, position,"
                    + " finding_key, kind, object, severity, needs_human, first_seen_ms, alerted_severity) values"
                    + " (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                int position = 0;
                for (RunRecord.FindingSample f : record.findings()) {
                    PreviousFinding was = previous.get(f.key());
                    bind(findings, run.runId(), position++, f.key(), f.kind(), f.object(), f.severity(),
                            f.needsHuman() ? 1 : 0,
                            was == null ? run.started().toEpochMilli() : was.firstSeen().toEpochMilli(),
                            AlertMemory.alertedAfter(f, was, run.command(), alertEveryRun));
                    findings.addBatch();
                }
                findings.executeBatch();
            }
            try (PreparedStatement actions = connection.prepareStatement("insert into history_action (run_id, position,"
                    + " kind, object, status, duration_ms) values (?, ?, ?, ?, ?, ?)")) {
                int position = 0;
                for (RunRecord.ActionSample a : record.actions()) {
                    bind(actions, run.runId(), position++, a.kind(), a.object(), a.status(), a.durationMillis());
                    actions.addBatch();
                }
                actions.executeBatch();
            }
            insertTablespaces(record);
            long inserted = System.nanoTime();
            long awaited = inserted;
            if (finish != null) {
                Instant finished = finish.await();
                awaited = System.nanoTime();
                try (PreparedStatement update = connection.prepareStatement(
                        "update history_run set finished_ms = ? where run_id = ?")) {
                    bind(update, finished.toEpochMilli(), run.runId());
                    update.executeUpdate();
                }
            }
            connection.commit();
            log.debug("history: the run before read in {} ms, {} tables, {} indexes, {} findings written in {} ms,"
                    + " the run's end awaited {} ms, committed in {} ms", (read - start) / 1_000_000,
                    record.tables().size(), record.indexes().size(), record.findings().size(), (inserted - read) / 1_000_000,
                    (awaited - inserted) / 1_000_000, (System.nanoTime() - awaited) / 1_000_000);
            return before;
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly();
            throw new HistoryException("the run was not written to the history: " + firstLine(e), e);
        }
    }

    /** An index's counter as a run recorded it (null: not recorded, or no counter). */
    record IndexState(String schema, String index, Long scans) {
    }

    /** A run of the target next to the one being written. */
    record Neighbour(String runId, Instant started) {
    }

    /**
     * What writing a run starting at {@code started} compares it with: the target's latest run before it (its
     * findings, whose first_seen carry over, and its index counters, the changes are against) and its first run
     * after it (whose changes are recomputed against this one). Reads only: it may be taken while the run is still
     * planning ({@link HistoryRecorder#prepare}), and {@link #write(RunRecord, Before, Finish)} checks it is still current.
     */
    public record Before(Optional<Neighbour> previous, Optional<Neighbour> next, Map<String, PreviousFinding> findings,
                         Map<String, IndexState> indexesBefore, Map<String, IndexState> indexesAfter) {
        /** When the target's run before this one started; empty for the first run. */
        public Optional<Instant> lastRun() {
            return previous.map(Neighbour::started);
        }
    }

    /** Reads what a run starting at {@code started} is written against ({@link Before}). */
    public Before before(TargetKey key, Instant started) {
        Optional<Neighbour> previous = neighbourRun(key, started, true);
        Optional<Neighbour> next = neighbourRun(key, started, false);
        return new Before(previous, next, previous.map(run -> findingsOf(run.runId())).orElse(Map.of()),
                indexStates(previous), indexStates(next));
    }

    /**
     * An object's key in a map of a schema's objects: with a NUL, which no name holds (with a dot, schema "a.b"
     * index "c" and schema "a" index "b.c" would be one).
     */
    static String objectKey(String schema, String name) {
        return schema + "\u0000" + name;
    }

    /** The target's latest run that started before {@code at} (or its first after it). */
    private Optional<Neighbour> neighbourRun(TargetKey key, Instant at, boolean before) {
        List<Neighbour> found = new ArrayList<>();
        query("select run_id, started_ms from history_run where target = ? and database_name = ? and started_ms "
                        + (before ? "< ? order by started_ms desc" : "> ? order by started_ms") + " limit 1",
                rs -> found.add(new Neighbour(rs.getString(1), Instant.ofEpochMilli(rs.getLong(2)))),
                key.target(), key.database(), at.toEpochMilli());
        return found.stream().findFirst();
    }

    /** A run's index rows by {@link #objectKey}; empty for none. */
    private Map<String, IndexState> indexStates(Optional<Neighbour> run) {
        return run.map(r -> indexStates(r.runId())).orElse(Map.of());
    }

    private Map<String, IndexState> indexStates(String runId) {
        Map<String, IndexState> states = new LinkedHashMap<>();
        if (runId != null) {
            query("select schema_name, index_name, idx_scan from history_index where run_id = ?",
                    rs -> states.put(objectKey(rs.getString(1), rs.getString(2)),
                            new IndexState(rs.getString(1), rs.getString(2), longOrNull(rs, 3))),
                    runId);
        }
        return states;
    }

    /**
     * A run's rows of history_index_change (V4): each index whose counter differs from the run before (one that
     * appears, or whose counter went null), and a null row for each index the run before counted and it did not.
     */
    private void insertIndexChanges(String runId, Map<String, IndexState> now, Map<String, IndexState> before)
            throws SQLException {
        try (PreparedStatement changes = connection.prepareStatement("insert into history_index_change (run_id,"
                + " schema_name, index_name, idx_scan) values (?, ?, ?, ?)")) {
            for (Map.Entry<String, IndexState> entry : now.entrySet()) {
                IndexState was = before.get(entry.getKey());
                IndexState is = entry.getValue();
                if (!java.util.Objects.equals(was == null ? null : was.scans(), is.scans())) {
                    bind(changes, runId, is.schema(), is.index(), is.scans());
                    changes.addBatch();
                }
            }
            for (Map.Entry<String, IndexState> entry : before.entrySet()) {
                IndexState was = entry.getValue();
                if (was.scans() != null && !now.containsKey(entry.getKey())) {
                    bind(changes, runId, was.schema(), was.index(), null);
                    changes.addBatch();
                }
            }
            changes.executeBatch();
        }
    }

    private void insertRun(RunRecord record) throws SQLException {
        RunRecord.RunInfo run = record.run();
        RunRecord.DatabaseSample db = record.database();
        try (PreparedStatement insert = connection.prepareStatement("insert into history_run (run_id, target,"
                + " database_name, command, mode, started_ms, finished_ms, exit_code, pgmaint_version, server_version,"
                + " stats_reset_ms, database_bytes, xid_age, mxid_age, next_xid, freeze_max_age,"
                + " multixact_freeze_max_age) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            bind(insert, run.runId(), run.key().target(), run.key().database(), run.command(), run.mode(),
                    run.started().toEpochMilli(), run.finished().toEpochMilli(), run.exitCode(), run.pgmaintVersion(),
                    db.serverVersion(), millis(db.statsReset()), db.bytes(), db.xidAge(), db.mxidAge(), db.nextXid(),
                    db.freezeMaxAge(), db.multixactFreezeMaxAge());
            insert.executeUpdate();
        }
    }

    private void insertTablespaces(RunRecord record) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("insert into history_tablespace (run_id,"
                + " tablespace_name, tablespace_bytes) values (?, ?, ?)")) {
            for (RunRecord.TablespaceSample t : record.tablespaces()) {
                bind(insert, record.run().runId(), t.name(), t.bytes());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** A finding of the target's latest run before {@code before}. */
    public record PreviousFinding(String key, String kind, String object, String severity, boolean needsHuman,
                                  Instant firstSeen, String alertedSeverity) {
    }

    private Map<String, PreviousFinding> findingsOf(String runId) {
        Map<String, PreviousFinding> findings = new LinkedHashMap<>();
        query("select finding_key, kind, object, severity, needs_human, first_seen_ms, alerted_severity"
                        + " from history_finding where run_id = ? order by position",
                rs -> findings.put(rs.getString(1), new PreviousFinding(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getInt(5) != 0, Instant.ofEpochMilli(rs.getLong(6)), rs.getString(7))),
                runId);
        return findings;
    }

    /** One recorded run of a target, with its database figures. */
    public record RunPoint(String runId, Instant started, String command, int exitCode, Instant statsReset,
                           Long databaseBytes, Long xidAge, Long mxidAge, Long nextXid, Long freezeMaxAge,
                           Long multixactFreezeMaxAge) {
    }

    /** The target's runs that started at or after {@code since}, oldest first. */
    public List<RunPoint> runs(TargetKey key, Instant since) {
        List<RunPoint> runs = new ArrayList<>();
        query("select run_id, started_ms, command, exit_code, stats_reset_ms, database_bytes, xid_age, mxid_age,"
                        + " next_xid, freeze_max_age, multixact_freeze_max_age from history_run"
                        + " where target = ? and database_name = ? and started_ms >= ? order by started_ms",
                rs -> runs.add(new RunPoint(rs.getString(1), Instant.ofEpochMilli(rs.getLong(2)), rs.getString(3),
                        rs.getInt(4), instant(rs, 5), longOrNull(rs, 6), longOrNull(rs, 7), longOrNull(rs, 8),
                        longOrNull(rs, 9), longOrNull(rs, 10), longOrNull(rs, 11))),
                key.target(), key.database(), since.toEpochMilli());
        return runs;
    }

    /** A tablespace's size as one run of the target measured it. */
    public record TablespacePoint(String name, Instant at, long bytes) {
    }

    /** The tablespace sizes the target's runs since {@code since} measured, per tablespace oldest first. */
    public List<TablespacePoint> tablespacePoints(TargetKey key, Instant since) {
        List<TablespacePoint> points = new ArrayList<>();
        query("select t.tablespace_name, r.started_ms, t.tablespace_bytes"
                        + " from history_tablespace t join history_run r on r.run_id = t.run_id"
                        + " where r.target = ? and r.database_name = ? and r.started_ms >= ?"
                        + " order by t.tablespace_name, r.started_ms",
                rs -> points.add(new TablespacePoint(rs.getString(1), Instant.ofEpochMilli(rs.getLong(2)), rs.getLong(3))),
                key.target(), key.database(), since.toEpochMilli());
        return points;
    }

    /** A table's (index's) size at the run nearest {@code span} days before the instant asked about. */
    public record SizeAgo(int span, Instant at, String schema, String name, long bytes) {
    }

    /**
     * Every table's (or index's) size at the target's run nearest 7 and nearest 30 days before {@code at}, each
     * within a day: one query, at most two rows per object, however long the history.
     */
    public List<SizeAgo> sizesAgo(TargetKey key, Instant at, boolean indexes) {
        String nearest = "select run_id, started_ms from history_run where target = ? and database_name = ?"
                + " and started_ms between ? and ? order by abs(started_ms - ?) limit 1";
        // two fixed choices, never input
        String table = indexes ? "history_index" : "history_table";
        String columns = indexes ? "o.schema_name, o.index_name, o.index_bytes" : "o.schema_name, o.table_name, o.table_bytes";
        List<SizeAgo> sizes = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        for (int span : new int[] {7, 30}) {
            long target = at.minus(java.time.Duration.ofDays(span)).toEpochMilli();
            values.addAll(List.of(key.target(), key.database(), target - 86_400_000L, target + 86_400_000L, target));
        }
        query("select p.span, p.started_ms, " + columns + " from (select w.run_id, w.started_ms, 7 as span from ("
                        + nearest + ") w union all select m.run_id, m.started_ms, 30 as span from (" + nearest + ") m) p"
                        + " join " + table + " o on o.run_id = p.run_id where " + columns.substring(columns.lastIndexOf(' ') + 1)
                        + " is not null",
                rs -> sizes.add(new SizeAgo(rs.getInt(1), Instant.ofEpochMilli(rs.getLong(2)), rs.getString(3),
                        rs.getString(4), rs.getLong(5))),
                values.toArray());
        return sizes;
    }

    /** When the target's first recorded run started, if it has any. */
    public java.util.Optional<Instant> firstRun(TargetKey key) {
        List<Instant> first = new ArrayList<>();
        query("select min(started_ms) from history_run where target = ? and database_name = ?", rs -> {
            long value = rs.getLong(1);
            if (!rs.wasNull()) {
                first.add(Instant.ofEpochMilli(value));
            }
        }, key.target(), key.database());
        return first.stream().findFirst();
    }

    /** An index's scan counter as one run saw it, with the database's stats_reset then. */
    public record IndexPoint(String schema, String index, Instant at, long scans, Instant statsReset) {
    }

    /**
     * The points of every index since {@code since} that a {@link UsageWindow} ending after them tells from all of
     * them, oldest first per index: each index's first and last point, every point whose counter or stats_reset
     * differs from the index's point before, and its latest point at or before each of {@code windowStarts} (the
     * baseline). A point left out repeats the one before, so no reset, baseline or count changes. The points are
     * rebuilt from the first run's rows and the later runs' changes (history_index_change): at 37,000 mostly unused
     * indexes and 60 nightly runs, reading all 2.2 million rows took 6.8 s of a 10 s plan.
     */
    public List<IndexPoint> indexChanges(TargetKey key, Instant since, Collection<Instant> windowStarts) {
        record Run(String id, Instant at, Instant statsReset) {
        }
        List<Run> runs = new ArrayList<>();
        query("select run_id, started_ms, stats_reset_ms from history_run where target = ? and database_name = ?"
                        + " and started_ms >= ? order by started_ms",
                rs -> runs.add(new Run(rs.getString(1), Instant.ofEpochMilli(rs.getLong(2)), instant(rs, 3))),
                key.target(), key.database(), since.toEpochMilli());
        if (runs.isEmpty()) {
            return List.of();
        }
        // every point of the span, rebuilt: the first run's rows, then each later run's changes (V4)
        Map<String, Tracked> indexes = new LinkedHashMap<>();
        query("select schema_name, index_name, idx_scan from history_index where run_id = ?",
                rs -> track(indexes, rs.getString(1), rs.getString(2), longOrNull(rs, 3)), runs.get(0).id());
        Map<String, List<IndexState>> changes = new HashMap<>();
        query("select c.run_id, c.schema_name, c.index_name, c.idx_scan from history_run r"
                        + " join history_index_change c on c.run_id = r.run_id"
                        + " where r.target = ? and r.database_name = ? and r.started_ms > ?",
                rs -> changes.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                        .add(new IndexState(rs.getString(2), rs.getString(3), longOrNull(rs, 4))),
                key.target(), key.database(), runs.get(0).at().toEpochMilli());
        for (int n = 0; n < runs.size(); n++) {
            Run run = runs.get(n);
            if (n > 0) {
                changes.getOrDefault(run.id(), List.of()).forEach(c -> track(indexes, c.schema(), c.index(), c.scans()));
            }
            for (Tracked index : indexes.values()) {
                if (index.scans != null) {
                    index.series.add(new IndexPoint(index.schema, index.index, run.at(), index.scans, run.statsReset()),
                            windowStarts);
                }
            }
        }
        List<IndexPoint> points = new ArrayList<>();
        for (Tracked index : indexes.values()) {
            points.addAll(index.series.finish());
        }
        return points;
    }

    /** One index while its points are rebuilt run by run: its counter now (null: no point) and its kept points. */
    private static final class Tracked {
        final String schema;
        final String index;
        final IndexSeries series = new IndexSeries();
        Long scans;

        Tracked(String schema, String index) {
            this.schema = schema;
            this.index = index;
        }
    }

    private static void track(Map<String, Tracked> indexes, String schema, String index, Long scans) {
        indexes.computeIfAbsent(objectKey(schema, index), k -> new Tracked(schema, index)).scans = scans;
    }

    /** One index's points as they come, oldest first, keeping those {@link #indexChanges} names. */
    private static final class IndexSeries {
        private final List<IndexPoint> kept = new ArrayList<>();
        private IndexPoint previous;
        private boolean previousKept;

        void add(IndexPoint point, Collection<Instant> windowStarts) {
            if (previous != null && !previousKept && baseline(previous, point.at(), windowStarts)) {
                kept.add(previous);
            }
            boolean changed = previous == null || previous.scans() != point.scans()
                    || !java.util.Objects.equals(previous.statsReset(), point.statsReset());
            if (changed) {
                kept.add(point);
            }
            previous = point;
            previousKept = changed;
        }

        List<IndexPoint> finish() {
            if (previous != null && !previousKept) {
                kept.add(previous);
            }
            return kept;
        }

        /** True when {@code point} is the latest at or before a window start, the next point being after it. */
        private static boolean baseline(IndexPoint point, Instant next, Collection<Instant> windowStarts) {
            for (Instant start : windowStarts) {
                if (!point.at().isAfter(start) && next.isAfter(start)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** One table as one run saw it. */
    public record TablePoint(Instant at, Long liveTuples, Long deadTuples, Long modSinceAnalyze, Long bytes,
                             Instant lastVacuum, Instant lastAnalyze, Long xidAge, Long mxidAge) {
    }

    /** The table's points since {@code since}, oldest first. */
    public List<TablePoint> tablePoints(TargetKey key, String schema, String table, Instant since) {
        List<TablePoint> points = new ArrayList<>();
        query("select r.started_ms, t.live_tuples, t.dead_tuples, t.mod_since_analyze, t.table_bytes,"
                        + " t.last_vacuum_ms, t.last_analyze_ms, t.xid_age, t.mxid_age"
                        + " from history_table t join history_run r on r.run_id = t.run_id"
                        + " where r.target = ? and r.database_name = ? and r.started_ms >= ?"
                        + " and t.schema_name = ? and t.table_name = ? order by r.started_ms",
                rs -> points.add(new TablePoint(Instant.ofEpochMilli(rs.getLong(1)), longOrNull(rs, 2), longOrNull(rs, 3),
                        longOrNull(rs, 4), longOrNull(rs, 5), instant(rs, 6), instant(rs, 7), longOrNull(rs, 8),
                        longOrNull(rs, 9))),
                key.target(), key.database(), since.toEpochMilli(), schema, table);
        return points;
    }

    /** A table's dead tuples and size as one run saw it. */
    public record TableSize(String schema, String table, Instant at, Long deadTuples, Long bytes) {
    }

    /**
     * The points from {@code since} to {@code until} of the {@code limit} tables largest in the target's latest run
     * of that span, per table (largest first) oldest first: the trend charts' tables, chosen in SQL so that 10,000
     * tables x 60 runs are never read into memory.
     */
    public List<TableSize> largestTablesSince(TargetKey key, Instant since, Instant until, int limit) {
        List<TableSize> points = new ArrayList<>();
        query("with latest as (select run_id from history_run where target = ? and database_name = ?"
                        + " and started_ms >= ? and started_ms <= ? order by started_ms desc limit 1),"
                        // materialized: else SQLite runs the 10,000-row sort once per run of the window (30x slower)
                        + " top as materialized (select t.schema_name, t.table_name, t.table_bytes as now_bytes from history_table t"
                        + " where t.run_id = (select run_id from latest) and t.table_bytes is not null"
                        + " order by t.table_bytes desc, t.schema_name, t.table_name limit ?)"
                        + " select t.schema_name, t.table_name, r.started_ms, t.dead_tuples, t.table_bytes"
                        + " from top join history_run r on r.target = ? and r.database_name = ?"
                        + " and r.started_ms >= ? and r.started_ms <= ?"
                        + " join history_table t on t.run_id = r.run_id and t.schema_name = top.schema_name"
                        + " and t.table_name = top.table_name"
                        + " order by top.now_bytes desc, top.schema_name, top.table_name, r.started_ms",
                rs -> points.add(new TableSize(rs.getString(1), rs.getString(2), Instant.ofEpochMilli(rs.getLong(3)),
                        longOrNull(rs, 4), longOrNull(rs, 5))),
                key.target(), key.database(), since.toEpochMilli(), until.toEpochMilli(), limit,
                key.target(), key.database(), since.toEpochMilli(), until.toEpochMilli());
        return points;
    }

    /** A recorded run as index.html lists it. */
    public record RunSummary(TargetKey key, String command, String mode, Instant started, Instant finished,
                             int exitCode, Long databaseBytes) {
    }

    /** The latest {@code limit} runs, newest first: of {@code key}, or of every target when it is null. */
    public List<RunSummary> latestRuns(TargetKey key, int limit) {
        List<RunSummary> runs = new ArrayList<>();
        String where = key == null ? "" : " where target = ? and database_name = ?";
        Object[] values = key == null ? new Object[] {limit} : new Object[] {key.target(), key.database(), limit};
        query("select target, database_name, command, mode, started_ms, finished_ms, exit_code, database_bytes"
                        + " from history_run" + where + " order by started_ms desc, target, database_name limit ?",
                rs -> runs.add(summary(rs)), values);
        return runs;
    }

    /** Every run from {@code since} on, oldest first: of {@code key}, or of every target when it is null. */
    public List<RunSummary> runsSince(TargetKey key, Instant since) {
        List<RunSummary> runs = new ArrayList<>();
        String where = key == null ? "" : " and target = ? and database_name = ?";
        Object[] values = key == null ? new Object[] {since.toEpochMilli()}
                : new Object[] {since.toEpochMilli(), key.target(), key.database()};
        query("select target, database_name, command, mode, started_ms, finished_ms, exit_code, database_bytes"
                + " from history_run where started_ms >= ?" + where + " order by started_ms", rs -> runs.add(summary(rs)),
                values);
        return runs;
    }

    private static RunSummary summary(ResultSet rs) throws SQLException {
        return new RunSummary(new TargetKey(rs.getString(1), rs.getString(2)), rs.getString(3), rs.getString(4),
                Instant.ofEpochMilli(rs.getLong(5)), Instant.ofEpochMilli(rs.getLong(6)), rs.getInt(7), longOrNull(rs, 8));
    }

    /** The index's points since {@code since}, oldest first. */
    public List<IndexPoint> indexPoints(TargetKey key, String schema, String index, Instant since) {
        List<IndexPoint> points = new ArrayList<>();
        query("select i.schema_name, i.index_name, r.started_ms, i.idx_scan, r.stats_reset_ms"
                        + " from history_run r join history_index i on i.run_id = r.run_id"
                        + " where r.target = ? and r.database_name = ? and r.started_ms >= ? and i.idx_scan is not null"
                        + " and i.schema_name = ? and i.index_name = ? order by r.started_ms",
                rs -> points.add(new IndexPoint(rs.getString(1), rs.getString(2), Instant.ofEpochMilli(rs.getLong(3)),
                        rs.getLong(4), instant(rs, 5))),
                key.target(), key.database(), since.toEpochMilli(), schema, index);
        return points;
    }

    /** Deletes the runs (of every target) that started before {@code cutoff}, with their rows; returns how many. */
    public int prune(Instant cutoff) {
        try {
            int deleted = 0;
            for (String table : List.of("history_table", "history_index", "history_index_change", "history_finding",
                    "history_action", "history_tablespace")) {
                try (PreparedStatement delete = connection.prepareStatement("delete from " + table
                        + " where run_id in (select run_id from history_run where started_ms < ?)")) {
                    delete.setLong(1, cutoff.toEpochMilli());
                    delete.executeUpdate();
                }
            }
            try (PreparedStatement delete = connection.prepareStatement("delete from history_run where started_ms < ?")) {
                delete.setLong(1, cutoff.toEpochMilli());
                deleted = delete.executeUpdate();
            }
            connection.commit();
            return deleted;
        } catch (SQLException e) {
            rollbackQuietly();
            throw new HistoryException("the history was not pruned: " + firstLine(e), e);
        }
    }

    private interface RowReader {
        void read(ResultSet rs) throws SQLException;
    }

    private void query(String sql, RowReader reader, Object... values) {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, values);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    reader.read(rs);
                }
            }
            connection.commit();
        } catch (SQLException e) {
            rollbackQuietly();
            throw new HistoryException("the history cannot be read: " + firstLine(e), e);
        }
    }

    private static void bind(PreparedStatement statement, Object... values) throws SQLException {
        for (int i = 0; i < values.length; i++) {
            Object value = values[i];
            if (value == null) {
                statement.setNull(i + 1, Types.NULL);
            } else if (value instanceof Long number) {
                statement.setLong(i + 1, number);
            } else if (value instanceof Integer number) {
                statement.setInt(i + 1, number);
            } else {
                statement.setString(i + 1, value.toString());
            }
        }
    }

    private static Long millis(Instant instant) {
        return instant == null ? null : instant.toEpochMilli();
    }

    private static Long longOrNull(ResultSet rs, int column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        Long millis = longOrNull(rs, column);
        return millis == null ? null : Instant.ofEpochMilli(millis);
    }

    private void rollbackQuietly() {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // the connection is gone: nothing was committed
        }
    }

    private static String firstLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    @Override
    public void close() {
        Connections.closeQuietly(connection);
    }
}
