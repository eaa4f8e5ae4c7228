package org.pgmaint.retention;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.pgmaint.catalog.Catalog;
import org.pgmaint.catalog.Check;
import org.pgmaint.collect.BuiltInCollector;
import org.pgmaint.collect.CheckNotRun;
import org.pgmaint.collect.CheckResult;
import org.pgmaint.collect.CollectedFacts;
import org.pgmaint.config.InvalidInputException;
import org.pgmaint.config.Problem;
import org.pgmaint.config.ValueType;
import org.pgmaint.db.Connections;
import org.pgmaint.db.DatabaseUnavailableException;
import org.pgmaint.db.Identifiers;
import org.pgmaint.db.ReadOnlyTransaction;
import org.pgmaint.model.Mode;

/**
 * The built-in collector named by {@code collector: retention} checks: per retention policy, how many rows are
 * expired, each policy in its own read-only transaction with the check's statement_timeout. A policy whose count
 * fails (timeout) fails alone and is reported like a failed check; its table gets no action. A count does not wait
 * behind another session's lock on the table: after {@link TableLocks#WAIT} the policy is skipped, reported (and
 * alerted) like a failed check naming the pid that holds the lock, as are the policies validation found locked.
 */
public final class RetentionCollector implements BuiltInCollector {
    public static final String NAME = "retention";
    private static final Pattern PLAN_ROWS = Pattern.compile("\"Plan Rows\":\\s*([0-9.eE+]+)");

    private final Connection connection;
    private final RetentionSettings settings;
    private final Cutoff cutoff;
    private final Duration defaultTimeout;
    private final List<TableLocks.Locked> locked;

    /** @param locked the policies whose table validation found locked ({@link PolicyValidator#validate}): skipped */
    RetentionCollector(Connection connection, RetentionSettings settings, Cutoff cutoff, Duration defaultTimeout,
                       List<TableLocks.Locked> locked) {
        this.connection = connection;
        this.settings = settings;
        this.cutoff = cutoff;
        this.defaultTimeout = defaultTimeout;
        this.locked = List.copyOf(locked);
    }

    /**
     * Validates every policy against the database now ({@link PolicyValidator#validate}: an invalid one throws
     * {@link InvalidInputException}, so the run stops before anything is collected) and returns the collector that
     * counts their expired rows by the database's clock, passing over the policies whose table was locked.
     */
    public static RetentionCollector validated(Connection connection, RetentionSettings settings, Duration defaultTimeout) {
        return new RetentionCollector(connection, settings, Cutoff.databaseClock(), defaultTimeout,
                PolicyValidator.validate(connection, settings));
    }

    @Override
    public CollectedFacts addTo(CollectedFacts collection, Catalog catalog, Mode mode) {
        List<CheckResult> results = new ArrayList<>(collection.results());
        List<CheckNotRun> failed = new ArrayList<>(collection.failed());
        for (Check check : catalog.checks()) {
            if (NAME.equals(check.collector()) && check.runsIn(mode)) {
                results.add(collect(check, failed));
            }
        }
        return new CollectedFacts(collection.serverMajor(), collection.serverVersion(), collection.database(), results,
                collection.skipped(), failed);
    }

    private CheckResult collect(Check check, List<CheckNotRun> failed) {
        long start = System.nanoTime();
        Duration timeout = check.statementTimeout() != null ? check.statementTimeout() : defaultTimeout;
        List<Map<String, Object>> rows = new ArrayList<>();
        for (RetentionPolicy policy : settings.policies()) {
            TableLocks.Locked lock = locked.stream().filter(l -> l.policy().equals(policy.name())).findFirst().orElse(null);
            if (lock != null) {
                failed.add(skipped(check, lock));
                continue;
            }
            try {
                Map<String, Object> row = count(policy, timeout);
                requireDeclared(check, row);
                rows.add(row);
            } catch (SQLException e) {
                if (Connections.isConnectionLost(e)) {
                    throw new DatabaseUnavailableException("lost the connection during check " + check.id() + ": "
                            + Connections.firstLine(e), e);
                }
                if (TableLocks.isLockTimeout(e)) {
                    failed.add(skipped(check, lockedBy(check, policy)));
                    continue;
                }
                failed.add(new CheckNotRun(check.id(), "policy " + policy.name() + " failed: " + Connections.firstLine(e)));
            }
        }
        return new CheckResult(check, rows, (System.nanoTime() - start) / 1_000_000);
    }

    private static CheckNotRun skipped(Check check, TableLocks.Locked lock) {
        return new CheckNotRun(check.id(), "policy " + lock.policy() + " skipped: " + lock.message());
    }

    private TableLocks.Locked lockedBy(Check check, RetentionPolicy policy) {
        try {
            return TableLocks.lockedBy(connection, policy);
        } catch (SQLException e) {
            throw new DatabaseUnavailableException("lost the connection during check " + check.id() + ": "
                    + Connections.firstLine(e), e);
        }
    }

    private Map<String, Object> count(RetentionPolicy policy, Duration timeout) throws SQLException {
        return ReadOnlyTransaction.run(connection, timeout, () -> {
            TableLocks.waitBriefly(connection);
            OffsetDateTime expiredBefore = cutoff.of(connection, policy.olderThan());
            long tableRows = tableRows(policy);
            boolean exact = tableRows <= settings.exactCountLimit();
            long expired = exact ? exactCount(policy, expiredBefore) : estimate(policy, expiredBefore);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("policy", policy.name());
            row.put("schema_name", policy.schema());
            row.put("table_name", policy.table());
            row.put("timestamp_column", policy.timestampColumn());
            row.put("older_than", ValueType.format(policy.olderThan()));
            row.put("condition", policy.condition());
            row.put("cutoff", expiredBefore);
            row.put("expired_rows", expired);
            row.put("exact_count", exact);
            row.put("table_rows", tableRows);
            row.put("batch_size", settings.batchSizeOf(policy));
            row.put("vacuum_after_rows", settings.vacuumAfterRows());
            return row;
        });
    }

    /** pg_class.reltuples; -1 (never analyzed) for a table not yet analyzed, which then gets an exact count. */
    private long tableRows(RetentionPolicy policy) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "select c.reltuples::bigint from pg_catalog.pg_class c where c.oid = pg_catalog.to_regclass(?)")) {
            statement.setString(1, Identifiers.quote(policy.schema(), policy.table()));
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? rs.getLong(1) : -1;
            }
        }
    }

    private long exactCount(RetentionPolicy policy, OffsetDateTime expiredBefore) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(RetentionSql.count(policy))) {
            statement.setObject(1, expiredBefore);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private long estimate(RetentionPolicy policy, OffsetDateTime expiredBefore) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(RetentionSql.estimate(policy))) {
            statement.setObject(1, expiredBefore);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                Matcher m = PLAN_ROWS.matcher(rs.getString(1));
                return m.find() ? Math.round(Double.parseDouble(m.group(1))) : 0;
            }
        }
    }

    private static void requireDeclared(Check check, Map<String, Object> row) {
        if (!check.fact().fields().keySet().equals(row.keySet())) {
            throw new InvalidInputException("check catalog", Problem.of(check.source().toString(), "fact.fields",
                    "the retention collector produces exactly these columns: " + row.keySet()));
        }
    }
}
