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
            String stopped = null;
            try (PreparedStatement delete = connection.prepareStatement(RetentionSql.deleteBatch(policy))) {
                delete.setObject(1, expiredBefore);
                delete.setInt(2, batchSize);
                delete.setObject(3, expiredBefore);
                while (true) {
                    long batchStart = System.nanoTime();
                    int deleted = delete.executeUpdate();
                    longestBatchNanos = Math.max(longestBatchNanos, System.nanoTime() - batchStart);
                    batches++;
                    rowsDeleted += deleted;
                    if (deleted < batchSize) {
                        break;
                    }
                    if (deadline.expired()) {
                        stopped = "budget: the run's time budget ran out; stopped after batch " + batches;
                        break;
                    }
                    pause();
                }
            } catch (SQLException e) {
                if (Connections.isConnectionLost(e)) {
                    throw e;
                }
                String why = LOCK_NOT_AVAILABLE.equals(e.getSQLState()) ? "lock timeout"
                        : QUERY_CANCELED.equals(e.getSQLState()) ? "statement timeout or cancelled" : "error";
                Map<String, Object> figures = figures(start, remaining());
                return new Outcome(PlannedAction.FAILED, why + " in batch " + (batches + 1) + " after " + rowsDeleted
                        + " rows deleted: " + Connections.firstLine(e), figures);
            }
            long remaining = remaining();
            String detail = stopped != null ? stopped + "; " + remaining + " expired rows remain" : null;
            return new Outcome(PlannedAction.DONE, detail, figures(start, remaining));
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
