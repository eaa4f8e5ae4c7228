package org.pgmaint.collect;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pgmaint.catalog.Catalog;
import org.pgmaint.catalog.Check;
import org.pgmaint.db.Connections;
import org.pgmaint.db.DatabaseUnavailableException;
import org.pgmaint.db.Identifiers;
import org.pgmaint.db.SqlState;
import org.pgmaint.model.Mode;

/**
 * The built-in collector named by {@code collector: unique_duplicates}: for every invalid unique index the
 * invalid_index check returned (after exclusions), whether its key has duplicates, which would make a REINDEX fail
 * and leave another invalid index. Each index is looked at in its own read-only transaction; the check's
 * statement_timeout bounds all of them together and a table lock is waited on for a second at most. Names are
 * quoted by {@link Identifiers#quote}, the limit is bound.
 */
public final class UniqueDuplicatesCollector implements BuiltInCollector {
    public static final String NAME = "unique_duplicates";
    static final String INVALID_INDEX = "invalid_index";
    static final int MAX_KEYS = 1000;
    private static final Duration LOCK_WAIT = Duration.ofSeconds(1);

    private final Connection connection;
    private final Duration defaultTimeout;
    private final Exclusions exclusions;

    /** {@code exclusions}: an entry for this check spares its tables the search (a large table, say). */
    public UniqueDuplicatesCollector(Connection connection, Duration defaultTimeout, Exclusions exclusions) {
        this.connection = connection;
        this.defaultTimeout = defaultTimeout;
        this.exclusions = exclusions;
    }

    @Override
    public CollectedFacts addTo(CollectedFacts collection, Catalog catalog, Mode mode) {
        List<CheckResult> results = new ArrayList<>(collection.results());
        for (Check check : catalog.checks()) {
            if (NAME.equals(check.collector()) && check.runsIn(mode)) {
                results.add(collect(check, collection));
            }
        }
        return new CollectedFacts(collection.serverMajor(), collection.serverVersion(), collection.database(), results,
                collection.skipped(), collection.failed());
    }

    private CheckResult collect(Check check, CollectedFacts collection) {
        long start = System.nanoTime();
        Duration budget = check.statementTimeout() != null ? check.statementTimeout() : defaultTimeout;
        long deadline = start + budget.toNanos();
        List<Map<String, Object>> candidates = new ArrayList<>();
        for (CheckResult result : collection.results()) {
            if (INVALID_INDEX.equals(result.check().id())) {
                result.rows().stream().filter(invalid -> Boolean.TRUE.equals(invalid.get("unique_index"))
                        && invalid.get("reindex_leftover") == null).forEach(candidates::add);
            }
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Map<String, Object> invalid : exclusions.apply(new CheckResult(check, candidates, 0)).rows()) {
            rows.add(look(check, invalid, deadline, budget, collection.serverMajor()));
        }
        return new CheckResult(check, rows, (System.nanoTime() - start) / 1_000_000);
    }

    private Map<String, Object> look(Check check, Map<String, Object> invalid, long deadline, Duration budget, int major) {
        String schema = (String) invalid.get("schema_name");
        String table = (String) invalid.get("table_name");
        String index = (String) invalid.get("index_name");
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("schema_name", schema);
        row.put("table_name", table);
        row.put("index_name", index);
        row.put("checked", false);
        row.put("duplicate_keys", null);
        row.put("more_keys", false);
        row.put("not_checked", null);
        row.put("duplicates_query", null);
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left < 100) {
            row.put("not_checked", "the search's time (statement_timeout " + budget.toMillis() / 1000.0
                    + " s for all invalid unique indexes) was spent on other indexes");
            return row;
        }
        try {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                try (Statement s = connection.createStatement()) {
                    s.execute("set transaction read only");
                }
                try (PreparedStatement set = connection.prepareStatement("select pg_catalog.set_config('statement_timeout', ?, true),"
                        + " pg_catalog.set_config('lock_timeout', ?, true)")) {
                    set.setString(1, left + "ms");
                    set.setString(2, Math.min(left, LOCK_WAIT.toMillis()) + "ms");
                    set.executeQuery().close();
                }
                Key key = key(Identifiers.quote(schema, index), major);
                if (key == null) {
                    row.put("not_checked", "the index no longer exists");
                } else if (key.columns() == null) {
                    row.put("not_checked", "its key has an expression or a collation of its own");
                } else {
                    String from = Identifiers.quote(schema, table) + key.where();
                    String columns = String.join(", ", key.columns().stream().map(Identifiers::quote).toList());
                    row.put("duplicates_query", "select " + columns + ", count(*) from " + from + " group by " + columns
                            + " having count(*) > 1");
                    long keys = count(from, columns);
                    row.put("checked", true);
                    row.put("duplicate_keys", keys);
                    row.put("more_keys", keys >= MAX_KEYS);
                }
            } finally {
                connection.rollback();
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            if (Connections.isConnectionLost(e)) {
                throw new DatabaseUnavailableException("lost the connection during check " + check.id() + ": "
                        + Connections.firstLine(e), e);
            }
            row.put("checked", false);
            row.put("duplicate_keys", null);
            row.put("not_checked", SqlState.is(e, SqlState.LOCK_NOT_AVAILABLE) ? "the table is locked by another session"
                    : SqlState.is(e, SqlState.QUERY_CANCELED) ? "the search ran past its statement_timeout (" + budget.toMillis() / 1000.0 + " s)"
                    : Connections.firstLine(e));
        }
        return row;
    }

    /**
     * The index's key columns (null when one is an expression or has another collation than its column) and the
     * where clause of the rows it covers: its predicate, as the server prints it (pg_get_expr: an expression of
     * the server's own making, not input), and no NULL key unless NULLS NOT DISTINCT.
     */
    private record Key(List<String> columns, String where) {
    }

    private Key key(String quotedIndex, int major) throws SQLException {
        String nullsNotDistinctColumn = major >= 15 ? "i.indnullsnotdistinct" : "false";
        try (PreparedStatement s = connection.prepareStatement("select /* pgmaint:invalid_unique_duplicates */"
                + " pg_catalog.pg_get_expr(i.indpred, i.indrelid), " + nullsNotDistinctColumn + ","
                + " array(select a.attname::text"
                + "   from rows from (pg_catalog.unnest(pg_catalog.string_to_array(i.indkey::text, ' ')::int2[]),"
                + "                   pg_catalog.unnest(pg_catalog.string_to_array(i.indcollation::text, ' ')::oid[]))"
                + "        with ordinality as k(attnum, coll, ord)"
                + "   left join pg_catalog.pg_attribute a on a.attrelid = i.indrelid and a.attnum = k.attnum"
                + "        and k.attnum > 0 and a.attcollation = k.coll"
                + "   where k.ord <= i.indnkeyatts order by k.ord)"
                + " from pg_catalog.pg_index i where i.indexrelid = pg_catalog.to_regclass(?)")) {
            s.setString(1, quotedIndex);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                String predicate = rs.getString(1);
                boolean nullsNotDistinct = rs.getBoolean(2);
                Array array = rs.getArray(3);
                List<String> columns = Arrays.asList((String[]) array.getArray());
                if (columns.isEmpty() || columns.contains(null)) {
                    return new Key(null, "");
                }
                List<String> conditions = new ArrayList<>();
                if (!nullsNotDistinct) {
                    columns.forEach(c -> conditions.add(Identifiers.quote(c) + " is not null"));
                }
                if (predicate != null) {
                    conditions.add("(" + predicate + ")");
                }
                return new Key(columns, conditions.isEmpty() ? "" : " where " + String.join(" and ", conditions));
            }
        }
    }

    private long count(String from, String columns) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("select /* pgmaint:invalid_unique_duplicates */ count(*)"
                + " from (select 1 from " + from + " group by " + columns + " having count(*) > 1 limit ?) d")) {
            s.setInt(1, MAX_KEYS);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
