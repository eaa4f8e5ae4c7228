package org.pgmaint.retention;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import org.pgmaint.db.Connections;
import org.pgmaint.db.SqlState;
import org.pgmaint.execute.Deadline;
import org.pgmaint.execute.Outcome;
import org.pgmaint.execute.PartialOutcomeException;
import org.pgmaint.plan.PlannedAction;

/**
 * One purge of one table: the cutoff, fixed at the start; the batch loop, each batch its own autocommitted
 * statement, sized by {@link BatchSizer}, the {@link PurgeMethod} chosen for the table doing the deleting; the switch
 * to skip locked when a batch meets a row lock; the stop at the deadline; the figures.
 */
final class Purge {

    private final Connection connection;
    private final RetentionPolicy policy;
    private final RetentionSettings settings;
    private final Cutoff cutoff;
    private final Deadline deadline;
    /** The plan's expired count, -1 when the action does not say. */
    private final long plannedRows;
    private final PurgeFigures figures;

    Purge(Connection connection, RetentionPolicy policy, RetentionSettings settings, Cutoff cutoff, Deadline deadline,
          long plannedRows) {
        this.connection = connection;
        this.policy = policy;
        this.settings = settings;
        this.cutoff = cutoff;
        this.deadline = deadline;
        this.plannedRows = plannedRows;
        this.figures = new PurgeFigures(policy.name());
    }

    /**
     * The purge; when the connection breaks (the backend terminated, the server gone), the error carries the
     * figures of the batches committed before it, so the failed action reports the rows it did delete.
     */
    Outcome run() throws SQLException {
        try {
            return purge();
        } catch (SQLException e) {
            if (!Connections.isConnectionLost(e)) {
                throw e;
            }
            throw new PartialOutcomeException(e, "interrupted in batch " + (figures.batches() + 1) + " after "
                    + figures.rowsDeleted() + " rows deleted (" + figures.batches() + " batches committed)", figures.toMap(-1));
        }
    }

    private Outcome purge() throws SQLException {
        if (!connection.getAutoCommit()) {
            connection.setAutoCommit(true);
        }
        OffsetDateTime expiredBefore = cutoff.of(connection, policy.olderThan());
        figures.cutoff(expiredBefore);
        // the table's size takes a share lock on it: read before the purge's short lock_timeout, so a table lock
        // held by another session is waited for up to the executor's lock_timeout, as the batches do
        TableShape shape;
        try {
            shape = TableShape.of(connection, policy);
        } catch (SQLException e) {
            if (Connections.isConnectionLost(e)) {
                throw e;
            }
            return failed(e, expiredBefore);
        }
        SessionSettings previous = SessionSettings.forPurge(connection);
        String stopped;
        boolean skippedLocked;
        try (PurgeMethod method = PurgeMethod.choose(connection, policy, expiredBefore, shape, plannedRows)) {
            figures.method(method);
            Batches batches = new Batches(method, previous);
            stopped = batches.run();
            skippedLocked = batches.skipLocked;
        } catch (SQLException e) {
            if (Connections.isConnectionLost(e)) {
                throw e;
            }
            finish(previous);
            return failed(e, expiredBefore);
        }
        finish(previous);
        // a purge that walked to the cutoff with plain deletes left no expired row it saw: counting them again
        // would re-read every deleted row's index entry (measured: a sixth of a million-row purge)
        long remaining = stopped != null || skippedLocked ? remaining(expiredBefore) : 0;
        String detail = stopped != null ? stopped + "; " + remaining + " expired rows remain" : null;
        return new Outcome(PlannedAction.DONE, detail, figures.toMap(remaining));
    }

    /** The batch loop of one purge method. */
    private final class Batches {
        private final PurgeMethod method;
        private final SessionSettings previous;
        private final BatchSizer sizer = new BatchSizer(settings.batchSizeOf(policy), settings.maxBatchDuration());
        private boolean skipLocked;

        Batches(PurgeMethod method, SessionSettings previous) {
            this.method = method;
            this.previous = previous;
        }

        /** Batches until none is left; returns why it stopped before that (the budget), else null. */
        String run() throws SQLException {
            while (true) {
                long batchStart = System.nanoTime();
                long attemptStart = batchStart;
                int size = sizer.size();
                PurgeMethod.Batch batch;
                try {
                    batch = method.next(size, skipLocked);
                } catch (SQLException e) {
                    if (skipLocked || !TableLocks.isLockTimeout(e)) {
                        throw e;
                    }
                    // a row (or the table) is locked by someone else: from now on pass over locked rows, and wait
                    // for table locks as long as the executor allows
                    skipLocked = true;
                    previous.restoreLockTimeout(connection);
                    attemptStart = System.nanoTime();
                    batch = method.next(size, true);
                }
                long end = System.nanoTime();
                figures.batch(size, batch.deleted(), end - batchStart);
                // the wait for a lock says nothing about how long a batch of this size takes
                sizer.took(end - attemptStart);
                if (batch.last()) {
                    return null;
                }
                if (deadline.expired()) {
                    return "budget: the run's time budget ran out; stopped after batch " + figures.batches();
                }
                pause();
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
    }

    private void finish(SessionSettings previous) throws SQLException {
        previous.restore(connection);
        publishStatistics();
    }

    private Outcome failed(SQLException e, OffsetDateTime expiredBefore) throws SQLException {
        String why = TableLocks.isLockTimeout(e) ? "lock timeout"
                : SqlState.is(e, SqlState.QUERY_CANCELED) ? "statement timeout or cancelled" : "error";
        long remaining = remaining(expiredBefore);
        return new Outcome(PlannedAction.FAILED, why + " in batch " + (figures.batches() + 1) + " after "
                + figures.rowsDeleted() + " rows deleted: " + Connections.firstLine(e)
                + "; once the cause is fixed, run pgmaint again (it goes on in batches)", figures.toMap(remaining));
    }

    /**
     * Makes this session's counters of the deleted rows reach the table's statistics now, before anything
     * else reads or resets them. A backend reports its counters lazily (15+: when idle, at most once a second;
     * 13/14: to the statistics collector, at most every 500 ms); a VACUUM or ANALYZE of the table that runs first
     * sets n_live_tup and n_dead_tup, and the late counters are then applied on top of it: n_live_tup drops by
     * the rows deleted (to 0, measured: 6,570 rows left, 0 live) and the deleted rows count as dead again.
     * 15+: pg_stat_force_next_flush() makes the flush at the end of this statement unconditional. 13/14: a
     * statement ending more than 500 ms after the last batch sends them, ahead of the VACUUM's own message.
     */
    private void publishStatistics() throws SQLException {
        if (figures.rowsDeleted() == 0) {
            return;
        }
        boolean sharedMemoryStats = connection.getMetaData().getDatabaseMajorVersion() >= 15;
        try (PreparedStatement flush = connection.prepareStatement(sharedMemoryStats
                ? "select /* pgmaint:retention_delete */ pg_catalog.pg_stat_force_next_flush()"
                : "select /* pgmaint:retention_delete */ pg_catalog.pg_sleep(0.55)")) {
            flush.executeQuery().close();
        } catch (SQLException e) {
            if (Connections.isConnectionLost(e)) {
                throw e;
            }
            // the budget's statement_timeout ended the wait: the counters arrive late, the rows are deleted
        }
    }

    /**
     * Expired rows still there, after a purge that stopped early or passed over locked rows (which are counted
     * here); -1 when the count fails.
     */
    private long remaining(OffsetDateTime expiredBefore) throws SQLException {
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
}
