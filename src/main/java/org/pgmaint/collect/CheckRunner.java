package org.pgmaint.collect;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jooq.Cursor;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.SQLDialect;
import org.jooq.conf.ParamType;
import org.jooq.conf.Settings;
import org.jooq.conf.StatementType;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.pgmaint.catalog.Check;
import org.pgmaint.catalog.FieldType;
import org.pgmaint.catalog.NamedSql;
import org.pgmaint.catalog.ParamSpec;
import org.pgmaint.config.Problem;
import org.pgmaint.db.Connections;
import org.pgmaint.db.DatabaseUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs checks on one connection, each in its own read-only transaction with its own statement_timeout,
 * parameters always bound. A failing check fails alone; a check whose columns do not match its declared fact
 * yields catalog problems; a lost connection ends the collection.
 */
final class CheckRunner {
    private static final Logger log = LoggerFactory.getLogger(CheckRunner.class);
    private static final int FETCH_SIZE = 2000;

    /** What one check gave: its rows, or why it failed, and any catalog problems it revealed. */
    record Ran(CheckResult result, CheckNotRun failure, List<Problem> problems) {
    }

    private final Connection connection;
    private final DSLContext db;
    private final Duration defaultTimeout;
    private final Map<String, ?> paramOverrides;

    CheckRunner(Connection connection, Duration defaultTimeout, Map<String, ?> paramOverrides) {
        this.connection = connection;
        this.db = DSL.using(connection, SQLDialect.POSTGRES, new Settings()
                .withStatementType(StatementType.PREPARED_STATEMENT)
                .withParamType(ParamType.INDEXED)
                .withExecuteLogging(false));
        this.defaultTimeout = defaultTimeout;
        this.paramOverrides = paramOverrides;
    }

    /** Puts the connection into read-only transactions; {@link #finish} restores it. */
    void start() throws SQLException {
        connection.setAutoCommit(false);
        connection.setReadOnly(true);
    }

    void finish() throws SQLException {
        connection.setReadOnly(false);
        connection.setAutoCommit(true);
    }

    Ran run(Check check, NamedSql sql, int major) {
        List<Problem> problems = new ArrayList<>();
        try {
            return new Ran(query(check, sql, major, problems), null, problems);
        } catch (DataAccessException | SQLException e) {
            rollbackQuietly();
            SQLException cause = sqlCause(e);
            if (cause != null && Connections.isConnectionLost(cause)) {
                throw new DatabaseUnavailableException("lost the connection during check " + check.id()
                        + ": " + Connections.firstLine(cause), e);
            }
            String message = cause != null ? Connections.firstLine(cause) : e.getMessage();
            log.warn("check {} failed: {}", check.id(), message);
            return new Ran(null, new CheckNotRun(check.id(), "failed: " + message), problems);
        }
    }

    private CheckResult query(Check check, NamedSql sql, int major, List<Problem> problems) throws SQLException {
        long start = System.nanoTime();
        Duration timeout = check.statementTimeout() != null ? check.statementTimeout() : defaultTimeout;
        // jit off: the catalog queries are short, but a big cost estimate (stale catalog statistics) makes
        // PostgreSQL spend seconds compiling them
        db.fetch("select pg_catalog.set_config('statement_timeout', ?, true), pg_catalog.set_config('jit', 'off', true)",
                timeout.toMillis() + "ms");
        Object[] binds = sql.parameterOrder().stream().map(name -> bindValue(check, name)).toArray();
        // streamed in batches (a cursor: the transaction is open) and converted record by record, so the
        // driver never holds every row of a 10,000-table catalog beside the converted ones
        List<Map<String, Object>> rows = new ArrayList<>();
        try (Cursor<Record> cursor = db.resultQuery(sql.jdbcSql(), binds).fetchSize(FETCH_SIZE).fetchLazy()) {
            if (!columnsMatch(check, cursor.fields(), major, problems)) {
                connection.commit();
                return new CheckResult(check, List.of(), elapsed(start));
            }
            List<Map.Entry<String, FieldType>> fields = List.copyOf(check.fact().fields().entrySet());
            List<String> columns = fields.stream().map(Map.Entry::getKey).toList();
            int[] positions = fields.stream().mapToInt(f -> cursor.indexOf(f.getKey())).toArray();
            for (Record record : cursor) {
                Object[] values = new Object[positions.length];
                for (int i = 0; i < positions.length; i++) {
                    Map.Entry<String, FieldType> field = fields.get(i);
                    Object raw = record.get(positions[i]);
                    try {
                        values[i] = field.getValue().fromDatabase(raw);
                    } catch (RuntimeException e) {
                        problems.add(Problem.of(check.source().toString(), "fact.fields." + field.getKey(),
                                "declared " + field.getValue().yamlName() + " but the query returns "
                                        + raw.getClass().getSimpleName() + " (" + check.sqlKeyFor(major) + ")"));
                        connection.commit();
                        return new CheckResult(check, List.of(), elapsed(start));
                    }
                }
                rows.add(new Row(columns, values));
            }
        }
        connection.commit();
        log.debug("check {}: {} rows in {} ms", check.id(), rows.size(), elapsed(start));
        return new CheckResult(check, rows, elapsed(start));
    }

    private Object bindValue(Check check, String name) {
        ParamSpec spec = check.params().get(name);
        Object override = paramOverrides.get(check.id() + "." + name);
        if (override instanceof java.util.function.Supplier<?> supplier) {
            override = supplier.get();
        }
        Object value = override == null ? spec.defaultValue()
                : override instanceof String text ? spec.type().fromText(text) : override;
        return spec.type().toBind(value);
    }

    private static boolean columnsMatch(Check check, Field<?>[] returned, int major, List<Problem> problems) {
        Set<String> actual = new TreeSet<>();
        for (Field<?> field : returned) {
            actual.add(field.getName());
        }
        Set<String> declared = new TreeSet<>(check.fact().fields().keySet());
        boolean ok = true;
        String key = check.sqlKeyFor(major);
        for (String column : actual) {
            if (!declared.contains(column)) {
                problems.add(Problem.of(check.source().toString(), key, "returns column '" + column
                        + "' that fact.fields does not declare (declared: " + declared + ")"));
                ok = false;
            }
        }
        for (String column : declared) {
            if (!actual.contains(column)) {
                problems.add(Problem.of(check.source().toString(), "fact.fields." + column,
                        "declared but " + key + " does not return it (returned: " + actual + ")"));
                ok = false;
            }
        }
        return ok;
    }

    private static SQLException sqlCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                return sql;
            }
        }
        return null;
    }

    private void rollbackQuietly() {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // the connection is broken; the caller reports the original error
        }
    }

    private static long elapsed(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
