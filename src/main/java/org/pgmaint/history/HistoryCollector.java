package org.pgmaint.history;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.pgmaint.catalog.Catalog;
import org.pgmaint.catalog.Check;
import org.pgmaint.collect.BuiltInCollector;
import org.pgmaint.collect.CheckNotRun;
import org.pgmaint.collect.CheckResult;
import org.pgmaint.collect.CollectedFacts;
import org.pgmaint.db.Connections;
import org.pgmaint.db.DatabaseUnavailableException;
import org.pgmaint.db.ReadOnlyTransaction;
import org.pgmaint.db.SystemSchemas;
import org.pgmaint.model.Mode;
import org.pgmaint.rules.Thresholds;

/**
 * The built-in collector of {@code collector: history} checks: the figures now (one read-only query each) joined with
 * the target's earlier runs in the history store. A store that cannot be read fails the checks' history part only:
 * the rows come without their history figures (the rules then judge as without history), and the failure is listed
 * like a failed check, so the run goes on and the alert says the history was not read.
 */
public final class HistoryCollector implements BuiltInCollector {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(HistoryCollector.class);
    public static final String NAME = "history";
    static final String INDEX_USAGE = "IndexUsageWindow";
    static final String DATABASE_TREND = "DatabaseTrend";
    static final String TABLESPACE_TREND = "TablespaceTrend";
    static final String TABLE_GROWTH = "TableGrowth";
    static final String INDEX_GROWTH = "IndexGrowth";
    private static final List<String> TYPES = List.of(INDEX_USAGE, DATABASE_TREND, TABLESPACE_TREND, TABLE_GROWTH,
            INDEX_GROWTH);

    private static final String INDEXES = """
            with fk as (
                select c.conrelid, (select array_agg(k order by k) from pg_catalog.unnest(c.conkey) as u(k)) as sorted_key,
                       pg_catalog.cardinality(c.conkey) as n
                from pg_catalog.pg_constraint c where c.contype = 'f'
            )
            select /* pgmaint:index_usage_window */ s.schemaname::text, s.relname::text, s.indexrelname::text,
                   ic.relpages::bigint * pg_catalog.current_setting('block_size')::bigint, s.idx_scan,
                   i.indisvalid and not (i.indisunique or i.indisprimary or i.indisexclusion or i.indisreplident)
                   and not ic.relispartition
                   and not exists (select 1 from fk
                                   where fk.conrelid = i.indrelid and fk.n <= i.indnkeyatts
                                     and fk.sorted_key = (select array_agg(k order by k) from pg_catalog.unnest(
                                           (pg_catalog.string_to_array(i.indkey::text, ' ')::int2[])[1 : fk.n]) as u(k)))
            from pg_catalog.pg_stat_user_indexes s
            join pg_catalog.pg_index i on i.indexrelid = s.indexrelid
            join pg_catalog.pg_class ic on ic.oid = s.indexrelid
            where s.schemaname !~ ?""";
    // pg_database_size (a stat of every file: ~120 ms at 10,000 tables) is database_trend's, not needed here
    private static final String STATISTICS_START = """
            select /* pgmaint:index_usage_window */ d.stats_reset,
                   coalesce(d.stats_reset, pg_catalog.pg_postmaster_start_time())
            from pg_catalog.pg_stat_database d where d.datname = pg_catalog.current_database()""";
    private static final String DATABASE = """
            select /* pgmaint:database_trend */ d.stats_reset, coalesce(d.stats_reset, pg_catalog.pg_postmaster_start_time()),
                   pg_catalog.pg_database_size(d.datname),
                   pg_catalog.pg_snapshot_xmax(pg_catalog.pg_current_snapshot())::text::bigint,
                   pg_catalog.age(db.datfrozenxid)::bigint, pg_catalog.mxid_age(db.datminmxid)::bigint,
                   pg_catalog.current_setting('autovacuum_freeze_max_age')::bigint,
                   pg_catalog.current_setting('autovacuum_multixact_freeze_max_age')::bigint
            from pg_catalog.pg_stat_database d join pg_catalog.pg_database db on db.datname = d.datname
            where d.datname = pg_catalog.current_database()""";

    // pg_global (the shared catalogs, beside pg_default's files) is left out; a size this role may not measure is
    // null rather than an error; inet_server_addr() is null over a Unix-domain socket
    private static final String TABLESPACES = """
            select /* pgmaint:tablespace_trend */ t.spcname::text,
                   case when t.oid = d.dattablespace or pg_catalog.has_tablespace_privilege(t.oid, 'CREATE')
                             or pg_catalog.pg_has_role('pg_read_all_stats', 'MEMBER')
                        then pg_catalog.pg_tablespace_size(t.oid) end,
                   case when t.spcname = 'pg_default'
                        then (select s.setting from pg_catalog.pg_settings s where s.name = 'data_directory')
                        else pg_catalog.pg_tablespace_location(t.oid) end,
                   coalesce(pg_catalog.inet_server_addr() <<= inet '127.0.0.0/8'
                            or pg_catalog.inet_server_addr() = inet '::1', true)
            from pg_catalog.pg_tablespace t
            cross join (select dattablespace from pg_catalog.pg_database where datname = pg_catalog.current_database()) d
            where t.spcname <> 'pg_global'
            order by 1""";

    // relpages * block_size, as table_activity and index_usage_window record it: catalog only, no lock
    private static final String TABLE_SIZES = """
            select /* pgmaint:table_growth */ n.nspname::text, c.relname::text, null::text,
                   c.relpages::bigint * pg_catalog.current_setting('block_size')::bigint
            from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
            where c.relkind in ('r', 'm') and c.relpersistence <> 't' and n.nspname !~ ?""";
    private static final String INDEX_SIZES = """
            select /* pgmaint:index_growth */ n.nspname::text, t.relname::text, c.relname::text,
                   c.relpages::bigint * pg_catalog.current_setting('block_size')::bigint
            from pg_catalog.pg_index i
            join pg_catalog.pg_class c on c.oid = i.indexrelid
            join pg_catalog.pg_class t on t.oid = i.indrelid
            join pg_catalog.pg_namespace n on n.oid = c.relnamespace
            where c.relpersistence <> 't' and n.nspname !~ ?""";

    private final Connection connection;
    private final HistoryReader reader;
    private final TargetKey key;
    private final Thresholds thresholds;
    private final Clock clock;
    private final Duration defaultTimeout;
    private final Map<String, Long> capacities;

    public HistoryCollector(Connection connection, HistoryReader reader, TargetKey key, Thresholds thresholds,
                            Clock clock, Duration defaultTimeout) {
        this(connection, reader, key, thresholds, clock, defaultTimeout, Map.of());
    }

    /** @param capacities the configured {@code capacity.<tablespace>} values in bytes */
    public HistoryCollector(Connection connection, HistoryReader reader, TargetKey key, Thresholds thresholds,
                            Clock clock, Duration defaultTimeout, Map<String, Long> capacities) {
        this.capacities = Map.copyOf(capacities);
        this.connection = connection;
        this.reader = reader;
        this.key = key;
        this.thresholds = thresholds;
        this.clock = clock;
        this.defaultTimeout = defaultTimeout;
    }

    @Override
    public CollectedFacts addTo(CollectedFacts collected, Catalog catalog, Mode mode) {
        try {
            return collect(collected, catalog, mode);
        } finally {
            reader.close();
        }
    }

    private CollectedFacts collect(CollectedFacts collected, Catalog catalog, Mode mode) {
        List<CheckResult> results = new ArrayList<>(collected.results());
        List<CheckNotRun> failed = new ArrayList<>(collected.failed());
        Instant now = clock.instant();
        // the index series is the longest read: it goes on beside the checks before it and its own catalog query
        List<Check> checks = catalog.checks().stream().filter(c -> NAME.equals(c.collector()) && c.runsIn(mode)).toList();
        Future<Optional<PastUsage>> pastUsage = checks.stream().anyMatch(c -> INDEX_USAGE.equals(c.fact().type()))
                ? reader.readAhead(store -> PastUsage.read(store, key, now, thresholds)) : null;
        for (Check check : checks) {
            long start = System.nanoTime();
            if (!TYPES.contains(check.fact().type())) {
                failed.add(new CheckNotRun(check.id(), "the history collector makes no fact " + check.fact().type()
                        + " (it makes " + String.join(", ", TYPES) + ")"));
                continue;
            }
            try {
                List<Map<String, Object>> rows = switch (check.fact().type()) {
                    case INDEX_USAGE -> indexUsage(check, failed, now, pastUsage);
                    case DATABASE_TREND -> databaseTrend(check, failed, now);
                    case TABLESPACE_TREND -> tablespaceTrend(check, failed, now);
                    default -> growth(check, failed, now, check.fact().type().equals(INDEX_GROWTH));
                };
                results.add(new CheckResult(check, rows, (System.nanoTime() - start) / 1_000_000));
                log.debug("check {} (history): {} rows in {} ms", check.id(), rows.size(), (System.nanoTime() - start) / 1_000_000);
            } catch (SQLException e) {
                if (Connections.isConnectionLost(e)) {
                    throw new DatabaseUnavailableException("lost the connection during check " + check.id() + ": "
                            + Connections.firstLine(e), e);
                }
                failed.add(new CheckNotRun(check.id(), Connections.firstLine(e)));
            }
        }
        return new CollectedFacts(collected.serverMajor(), collected.serverVersion(), collected.database(), results,
                collected.skipped(), failed);
    }

    /** The history, or empty with the failure listed once per check. */
    private <T> Optional<T> fromHistory(Check check, List<CheckNotRun> failed, HistoryReader.Read<T> read) {
        return fromHistory(check, failed, () -> reader.read(read));
    }

    private <T> Optional<T> fromHistory(Check check, List<CheckNotRun> failed, java.util.function.Supplier<Optional<T>> read) {
        try {
            return read.get();
        } catch (HistoryException e) {
            failed.add(new CheckNotRun(check.id(), "history not read: " + e.getMessage()));
            return Optional.empty();
        }
    }

    /**
     * The index counters of the target's runs over twice the longest window, each index's points by
     * {@link HistoryStore#objectKey}, and when the target's first run was. The points kept are those the window of every
     * {@code unused_index_window_days} the configuration sets tells from all of them (its value and the table
     * overrides'), so the read need not wait for the catalog's indexes.
     */
    private record PastUsage(Map<String, List<UsageWindow.Point>> points, Optional<Instant> firstRun) {
        static PastUsage read(HistoryStore store, TargetKey key, Instant now, Thresholds thresholds) {
            Set<Instant> windowStarts = new TreeSet<>();
            double longest = 0;
            for (double days : thresholds.values("unused_index_window_days")) {
                windowStarts.add(now.minus(days(days)));
                longest = Math.max(longest, days);
            }
            Map<String, List<UsageWindow.Point>> byIndex = new LinkedHashMap<>();
            for (HistoryStore.IndexPoint p : store.indexChanges(key, now.minus(days(2 * longest)), windowStarts)) {
                byIndex.computeIfAbsent(HistoryStore.objectKey(p.schema(), p.index()), k -> new ArrayList<>())
                        .add(new UsageWindow.Point(p.at(), p.scans(), p.statsReset()));
            }
            return new PastUsage(byIndex, store.firstRun(key));
        }
    }

    private static Duration days(double days) {
        return Duration.ofMinutes((long) (days * 24 * 60));
    }

    /** What a read ahead gave: its HistoryException is the history's failure, as for a read in line. */
    private static <T> Optional<T> awaited(Future<Optional<T>> read) {
        try {
            return read.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof HistoryException history) {
                throw history;
            }
            throw new HistoryException("the history could not be read: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HistoryException("the history read was interrupted", e);
        }
    }

    private List<Map<String, Object>> indexUsage(Check check, List<CheckNotRun> failed, Instant now,
                                                 Future<Optional<PastUsage>> pastUsage) throws SQLException {
        List<Object[]> current = new ArrayList<>();
        Instant[] stats = new Instant[2];     // stats_reset, and when the statistics began
        inReadOnlyTransaction(check, () -> {
            try (PreparedStatement statement = connection.prepareStatement(INDEXES)) {
                statement.setString(1, SystemSchemas.REGEX);
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        current.add(new Object[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                                rs.getLong(5), rs.getBoolean(6)});
                    }
                }
            }
            try (Statement statement = connection.createStatement();
                 ResultSet rs = statement.executeQuery(STATISTICS_START)) {
                if (rs.next()) {
                    stats[0] = rs.getTimestamp(1) == null ? null : rs.getTimestamp(1).toInstant();
                    stats[1] = rs.getTimestamp(2).toInstant();
                }
            }
            return null;
        });
        Optional<PastUsage> past = fromHistory(check, failed, () -> awaited(pastUsage));
        Instant statsReset = stats[0];
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Object[] index : current) {
            String schema = (String) index[0];
            String table = (String) index[1];
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("schema_name", schema);
            row.put("table_name", table);
            row.put("index_name", index[2]);
            row.put("index_bytes", index[3]);
            row.put("idx_scan", index[4]);
            row.put("droppable", index[5]);
            double windowDays = thresholds.get("unused_index_window_days", schema, table);
            row.put("window_days", windowDays);
            List<UsageWindow.Point> history = past.map(p -> p.points().get(HistoryStore.objectKey(schema, (String) index[2]))).orElse(null);
            UsageWindow window = history == null ? null : UsageWindow.of(history,
                    new UsageWindow.Point(now, (Long) index[4], statsReset), days(windowDays),
                    stats[1], past.get().firstRun().orElse(null));
            row.put("scans_in_window", window == null ? null : window.scans());
            row.put("covered_days", window == null ? null : window.coveredDays());
            row.put("history_since", window == null ? null : offset(window.since()));
            row.put("reset_at", window == null ? null : offset(window.resetAt()));
            rows.add(row);
        }
        return rows;
    }

    private List<Map<String, Object>> databaseTrend(Check check, List<CheckNotRun> failed, Instant now) throws SQLException {
        Object[][] figures = new Object[1][];
        inReadOnlyTransaction(check, () -> {
            try (Statement statement = connection.createStatement();
                 ResultSet rs = statement.executeQuery(DATABASE)) {
                rs.next();
                java.sql.Timestamp reset = rs.getTimestamp(1);
                figures[0] = new Object[] {reset == null ? null : reset.toInstant(), rs.getLong(3), rs.getLong(4),
                        rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getLong(8)};
            }
            return null;
        });
        Object[] f = figures[0];
        DatabaseTrends.Now current = new DatabaseTrends.Now((Instant) f[0], (Long) f[1], (Long) f[2], (Long) f[3],
                (Long) f[4], (Long) f[5], (Long) f[6]);
        List<HistoryStore.RunPoint> runs = fromHistory(check, failed, store -> store.runs(key, now.minus(Duration.ofDays(31))))
                .orElse(List.of());
        return List.of(DatabaseTrends.row(current, runs, now));
    }

    private List<Map<String, Object>> tablespaceTrend(Check check, List<CheckNotRun> failed, Instant now) throws SQLException {
        List<TablespaceTrends.Now> current = new ArrayList<>();
        inReadOnlyTransaction(check, () -> {
            try (Statement statement = connection.createStatement();
                 ResultSet rs = statement.executeQuery(TABLESPACES)) {
                while (rs.next()) {
                    long bytes = rs.getLong(2);
                    current.add(new TablespaceTrends.Now(rs.getString(1), rs.wasNull() ? null : bytes, rs.getString(3),
                            rs.getBoolean(4)));
                }
            }
            return null;
        });
        Map<String, List<HistoryStore.TablespacePoint>> past = new LinkedHashMap<>();
        fromHistory(check, failed, store -> store.tablespacePoints(key, now.minus(Duration.ofDays(31)))).orElse(List.of())
                .forEach(p -> past.computeIfAbsent(p.name(), k -> new ArrayList<>()).add(p));
        List<Map<String, Object>> rows = new ArrayList<>();
        for (TablespaceTrends.Now tablespace : current) {
            rows.add(TablespaceTrends.row(tablespace, TablespaceTrends.capacity(tablespace, capacities),
                    past.getOrDefault(tablespace.name(), List.of()), now));
        }
        return rows;
    }

    private List<Map<String, Object>> growth(Check check, List<CheckNotRun> failed, Instant now, boolean indexes)
            throws SQLException {
        List<Growth.Now> current = new ArrayList<>();
        inReadOnlyTransaction(check, () -> {
            try (PreparedStatement statement = connection.prepareStatement(indexes ? INDEX_SIZES : TABLE_SIZES)) {
                statement.setString(1, SystemSchemas.REGEX);
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        current.add(new Growth.Now(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4)));
                    }
                }
            }
            return null;
        });
        // an object smaller than a row's least growth over the shortest span never has one: its history is not read
        current.removeIf(object -> !Growth.canHaveGrown(object));
        if (current.isEmpty()) {
            return List.of();
        }
        List<HistoryStore.SizeAgo> past = fromHistory(check, failed, store -> store.sizesAgo(key, now, indexes))
                .orElse(List.of());
        return Growth.rows(current, past, now);
    }

    static OffsetDateTime offset(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private void inReadOnlyTransaction(Check check, ReadOnlyTransaction.Work<?> work) throws SQLException {
        ReadOnlyTransaction.run(connection, check.statementTimeout() != null ? check.statementTimeout() : defaultTimeout, work);
    }
}
