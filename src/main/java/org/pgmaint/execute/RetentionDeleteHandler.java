package org.pgmaint.execute;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import org.pgmaint.config.Config;
import org.pgmaint.config.InvalidInputException;
import org.pgmaint.db.Connections;
import org.pgmaint.plan.PlannedAction;
import org.pgmaint.retention.Cutoff;
import org.pgmaint.retention.PolicyValidator;
import org.pgmaint.retention.RetentionPolicy;
import org.pgmaint.retention.RetentionSettings;
import org.pgmaint.retention.RetentionSql;

/**
 * Runs {@code retention_delete}: deletes a policy's expired rows in batches, each batch its own short
 * transaction (the connection is in autocommit), optionally pausing between batches, and stops starting batches
 * when the run's deadline has passed, reporting the rows that remain. The table and the expiry test come from
 * the configured policy named in the action, never from the action itself, so a table no policy names is never
 * touched, whatever a (saved, edited) plan says. Before its first delete the handler re-validates every policy
 * against the database: if any is invalid, nothing is deleted anywhere.
 */
public final class RetentionDeleteHandler implements ActionHandler {
    private static final String LOCK_NOT_AVAILABLE = "55P03";
    private static final String QUERY_CANCELED = "57014";
    /** How long a plain batch may wait for a row lock held by another session before switching to skip locked. */
    static final String ROW_LOCK_WAIT = "200ms";

    private final RetentionSettings settings;
    private final Cutoff cutoff;
    private boolean validated;

    public RetentionDeleteHandler(Config config) {
        this(RetentionSettings.from(config), Cutoff.databaseClock());
    }

    public RetentionDeleteHandler(RetentionSettings settings, Cutoff cutoff) {
        this.settings = settings;
        this.cutoff = cutoff;
    }

    @Override
    public Outcome execute(Connection connection, PlannedAction planned, Deadline deadline) throws SQLException {
        String name = String.valueOf(planned.action().details().get("policy"));
        RetentionPolicy policy = settings.policy(name).orElse(null);
        if (policy == null || !policy.schema().equals(planned.action().schema())
                || !policy.table().equals(planned.action().table())) {
            return Outcome.failed("no retention policy '" + name + "' for " + planned.action().schema() + "."
                    + planned.action().table() + " in the configuration; pgmaint deletes only from tables a policy names");
        }
        if (!validated) {
            try {
                PolicyValidator.validate(connection, settings);
            } catch (InvalidInputException e) {
                return Outcome.failed(e.describe());
            }
            validated = true;
        }
        if (deadline.expired()) {
            return Outcome.skipped("budget: the run's time budget was spent before the purge started");
        }
        return new Purge(connection, policy, deadline).run();
    }

    /** What one batch did: rows deleted, and the newest timestamp among them (text, null when none). */
    private record Batch(long deleted, String newest) {
    }

    /** One purge of one table. */
    private final class Purge {
        private final Connection connection;
        private final RetentionPolicy policy;
        private final Deadline deadline;
        private final int batchSize;
        private long rowsDeleted;
        private long batches;
        private long longestBatchNanos;
        private OffsetDateTime expiredBefore;

        Purge(Connection connection, RetentionPolicy policy, Deadline deadline) {
            this.connection = connection;
            this.policy = policy;
            this.deadline = deadline;
            this.batchSize = settings.batchSizeOf(policy);
        }

        Outcome run() throws SQLException {
            long start = System.nanoTime();
            if (!connection.getAutoCommit()) {
                connection.setAutoCommit(true);
            }
            expiredBefore = cutoff.of(connection, policy.olderThan());
            String executorLockTimeout = shortenLockTimeout();
            String synchronousCommit = set("synchronous_commit", "off");
            String stopped = null;
            try {
                boolean keyset = hasTimestampIndex();
                boolean skipLocked = false;
                String newest = "-infinity";
                PreparedStatement delete = connection.prepareStatement(RetentionSql.deleteBatch(policy, keyset, false));
                try {
                    while (true) {
                        long batchStart = System.nanoTime();
                        Batch batch;
                        try {
                            batch = runBatch(delete, keyset, newest);
                        } catch (SQLException e) {
                            if (skipLocked || !LOCK_NOT_AVAILABLE.equals(e.getSQLState())) {
                                throw e;
                            }
                            // a row (or the table) is locked by someone else: from now on pass over locked rows, and
                            // wait for table locks as long as the executor allows
                            skipLocked = true;
                            restoreLockTimeout(executorLockTimeout);
                            delete.close();
                            delete = connection.prepareStatement(RetentionSql.deleteBatch(policy, keyset, true));
                            batch = runBatch(delete, keyset, newest);
                        }
                        longestBatchNanos = Math.max(longestBatchNanos, System.nanoTime() - batchStart);
                        batches++;
                        rowsDeleted += batch.deleted();
                        if (batch.deleted() < batchSize) {
                            break;
                        }
                        newest = batch.newest();
                        if (deadline.expired()) {
                            stopped = "budget: the run's time budget ran out; stopped after batch " + batches;
                            break;
                        }
                        pause();
                    }
                } finally {
                    delete.close();
                }
            } catch (SQLException e) {
                if (Connections.isConnectionLost(e)) {
                    throw e;
                }
                restoreLockTimeout(executorLockTimeout);
                set("synchronous_commit", synchronousCommit);
                String why = LOCK_NOT_AVAILABLE.equals(e.getSQLState()) ? "lock timeout"
                        : QUERY_CANCELED.equals(e.getSQLState()) ? "statement timeout or cancelled" : "error";
                Map<String, Object> figures = figures(start, remaining());
                return new Outcome(PlannedAction.FAILED, why + " in batch " + (batches + 1) + " after " + rowsDeleted
                        + " rows deleted: " + Connections.firstLine(e), figures);
            }
            restoreLockTimeout(executorLockTimeout);
            set("synchronous_commit", synchronousCommit);
            long remaining = remaining();
            String detail = stopped != null ? stopped + "; " + remaining + " expired rows remain" : null;
            return new Outcome(PlannedAction.DONE, detail, figures(start, remaining));
        }

        private Batch runBatch(PreparedStatement delete, boolean keyset, String newest) throws SQLException {
            int i = 1;
            if (keyset) {
                delete.setString(i++, newest);
            }
            delete.setObject(i++, expiredBefore);
            delete.setInt(i++, batchSize);
            delete.setObject(i, expiredBefore);
            try (ResultSet rs = delete.executeQuery()) {
                rs.next();
                return new Batch(rs.getLong(1), rs.getString(2));
            }
        }

        private boolean hasTimestampIndex() throws SQLException {
            try (PreparedStatement query = connection.prepareStatement(RetentionSql.HAS_TIMESTAMP_INDEX)) {
                query.setString(1, RetentionSql.table(policy));
                query.setString(2, policy.timestampColumn());
                try (ResultSet rs = query.executeQuery()) {
                    rs.next();
                    return rs.getBoolean(1);
                }
            }
        }

        /**
         * The plain delete waits for rows other sessions hold; it may wait at most {@link #ROW_LOCK_WAIT} (or the
         * executor's lock_timeout when shorter) before the purge switches to skip-locked batches. Returns the
         * executor's setting, to restore.
         */
        private String shortenLockTimeout() throws SQLException {
            try (PreparedStatement set = connection.prepareStatement("select s, pg_catalog.set_config('lock_timeout',"
                    + " case when s = '0' or s::interval > ?::interval then ? else s end, false)"
                    + " from (select pg_catalog.current_setting('lock_timeout') as s) x");) {
                set.setString(1, ROW_LOCK_WAIT);
                set.setString(2, ROW_LOCK_WAIT);
                try (ResultSet rs = set.executeQuery()) {
                    rs.next();
                    return rs.getString(1);
                }
            }
        }

        private void restoreLockTimeout(String value) throws SQLException {
            set("lock_timeout", value);
        }

        /**
         * Sets a setting for the session; returns its previous value. The purge runs with synchronous_commit off:
         * a batch's commit does not wait for its WAL flush (measured: about half the purge's time). A crash can
         * only forget the last batches' deletions, which the next run repeats; no other data is involved.
         */
        private String set(String name, String value) throws SQLException {
            try (PreparedStatement set = connection.prepareStatement(
                    "select pg_catalog.current_setting(?), pg_catalog.set_config(?, ?, false)")) {
                set.setString(1, name);
                set.setString(2, name);
                set.setString(3, value);
                try (ResultSet rs = set.executeQuery()) {
                    rs.next();
                    return rs.getString(1);
                }
            }
        }

        private void pause() {
            Duration pause = settings.batchPause();
            if (pause.isZero()) {
                return;
            }
            Duration wait = pause.compareTo(deadline.remaining()) < 0 ? pause : deadline.remaining();
            try {
                Thread.sleep(wait.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** Expired rows still there (rows locked by others are skipped by the batches, and counted here). */
        private long remaining() throws SQLException {
            try (PreparedStatement count = connection.prepareStatement(RetentionSql.count(policy))) {
                count.setObject(1, expiredBefore);
                try (ResultSet rs = count.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            } catch (SQLException e) {
                if (Connections.isConnectionLost(e)) {
                    throw e;
                }
                return -1;
            }
        }

        private Map<String, Object> figures(long start, long remaining) {
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("policy", policy.name());
            figures.put("rows_deleted", rowsDeleted);
            figures.put("batches", batches);
            figures.put("duration_ms", (System.nanoTime() - start) / 1_000_000);
            figures.put("longest_batch_ms", longestBatchNanos / 1_000_000);
            figures.put("rows_remaining", remaining);
            figures.put("cutoff", expiredBefore.toString());
            return figures;
        }
    }
}
