package org.pgmaint.retention;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.pgmaint.config.InvalidInputException;
import org.pgmaint.config.Problem;
import org.pgmaint.db.Connections;
import org.pgmaint.db.Relations;
import org.pgmaint.db.Relations.Relation;

/**
 * Checks every policy against the database before anything runs: the table exists (and is a table), the
 * timestamp column exists and holds a date or timestamp, and the condition is one valid boolean SQL expression
 * on that table (PostgreSQL plans it with EXPLAIN, which does not execute it, inside a read-only transaction that
 * is rolled back). Any problem in any policy stops the whole run: nothing is deleted anywhere.
 */
public final class PolicyValidator {
    private static final Set<String> TIME_TYPES = Set.of("timestamp with time zone", "timestamp without time zone", "date");

    private PolicyValidator() {
    }

    /**
     * Throws {@link InvalidInputException} listing every problem of every policy. Returns the policies whose
     * table another session held locked for longer than {@link TableLocks#WAIT}: not validated, to be skipped.
     */
    public static List<TableLocks.Locked> validate(Connection connection, RetentionSettings settings) {
        List<TableLocks.Locked> locked = new ArrayList<>();
        if (settings.policies().isEmpty()) {
            return locked;
        }
        List<Problem> problems = new ArrayList<>();
        try {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.execute("set transaction read only");
                statement.execute("set local statement_timeout = '10s'");
                TableLocks.waitBriefly(connection);
                for (RetentionPolicy policy : settings.policies()) {
                    validate(connection, policy, problems, locked);
                }
            } finally {
                connection.rollback();
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("validating the retention policies failed: " + Connections.firstLine(e), e);
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException("configuration", problems);
        }
        return locked;
    }

    private static void validate(Connection connection, RetentionPolicy policy, List<Problem> problems,
                                 List<TableLocks.Locked> locked) throws SQLException {
        String key = "retention_policies[" + policy.name() + "]";
        Optional<Relation> relation = Relations.find(connection, policy.schema(), policy.table());
        if (relation.isEmpty()) {
            problems.add(Problem.of(policy.origin(), key + ".table", "table " + policy.schema() + "." + policy.table()
                    + " does not exist in this database (schema defaults to public)"));
            return;
        }
        if (!relation.get().isTable()) {
            problems.add(Problem.of(policy.origin(), key + ".table", policy.schema() + "." + policy.table()
                    + " is not a table (relkind " + relation.get().kind() + "); retention deletes rows from tables only"));
            return;
        }
        long oid = relation.get().oid();
        String type = columnType(connection, oid, policy.timestampColumn());
        if (type == null) {
            problems.add(Problem.of(policy.origin(), key + ".timestamp_column", "column '" + policy.timestampColumn()
                    + "' does not exist in " + policy.schema() + "." + policy.table() + "; its date/time columns: "
                    + timeColumns(connection, oid)));
            return;
        }
        if (!TIME_TYPES.contains(type)) {
            problems.add(Problem.of(policy.origin(), key + ".timestamp_column", "column '" + policy.timestampColumn()
                    + "' is " + type + "; it should be timestamptz, timestamp or date"));
            return;
        }
        if (policy.condition() != null) {
            Savepoint savepoint = connection.setSavepoint();
            try (PreparedStatement explain = connection.prepareStatement(RetentionSql.estimate(policy))) {
                explain.setObject(1, OffsetDateTime.now());
                explain.executeQuery().close();
            } catch (SQLException e) {
                connection.rollback(savepoint);
                if (Connections.isConnectionLost(e)) {
                    throw e;
                }
                if (TableLocks.isLockTimeout(e)) {
                    locked.add(TableLocks.lockedBy(connection, policy));
                    return;
                }
                problems.add(Problem.of(policy.origin(), key + ".condition", "'" + policy.condition()
                        + "' is not a valid condition on " + policy.schema() + "." + policy.table() + ": "
                        + Connections.firstLine(e) + " (it should be one SQL boolean expression, like 'processed_at IS NOT NULL')"));
            }
        }
    }

    private static String columnType(Connection connection, long oid, String column) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "select pg_catalog.format_type(a.atttypid, null) from pg_catalog.pg_attribute a"
                        + " where a.attrelid = ?::oid and a.attname = ? and a.attnum > 0 and not a.attisdropped")) {
            statement.setLong(1, oid);
            statement.setString(2, column);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private static List<String> timeColumns(Connection connection, long oid) throws SQLException {
        List<String> names = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "select a.attname::text from pg_catalog.pg_attribute a where a.attrelid = ?::oid and a.attnum > 0"
                        + " and not a.attisdropped and a.atttypid in ('timestamptz'::regtype, 'timestamp'::regtype, 'date'::regtype)"
                        + " order by a.attnum")) {
            statement.setLong(1, oid);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
        }
        return names;
    }
}
