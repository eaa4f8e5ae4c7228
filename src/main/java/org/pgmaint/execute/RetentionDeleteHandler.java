package org.pgmaint.execute;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pgmaint.config.Config;
import org.pgmaint.config.InvalidInputException;
import org.pgmaint.db.Connections;
import org.pgmaint.db.SqlState;
import org.pgmaint.plan.PlannedAction;
import org.pgmaint.retention.Cutoff;
import org.pgmaint.retention.PolicyValidator;
import org.pgmaint.retention.RetentionPolicy;
import org.pgmaint.retention.RetentionSettings;
import org.pgmaint.retention.RetentionSql;
import org.pgmaint.retention.TableLocks;

/**
 * Runs {@code retention_delete}: deletes a policy's expired rows in batches, each batch its own short transaction
 * (autocommit), optionally pausing between batches, and starts no batch once the run's deadline has passed, reporting
 * the rows that remain. Batches start at the batch size and adapt to {@code retention.max_batch_duration}
 * ({@link BatchSizer}). The cutoff (database clock - age) is fixed at the start.
 * The table and the expiry test come from the configured policy named in the action, never from the action itself,
 * so a table no policy names is never touched, whatever a (saved, edited) plan says. Before its first delete the
 * handler re-validates every policy against the database: if any is invalid, nothing is deleted anywhere (a
 * policy whose table another session holds locked is skipped, and validated again before its own purge).
 *
 * <p>Locks: a batch waits at most 200 ms for a row another session holds (then every later batch passes over
 * locked rows with skip locked); table locks are waited for up to the executor's lock_timeout. Register for
 * {@code ActionKind.RETENTION_DELETE}.
 */
public final class RetentionDeleteHandler implements ActionHandler {
    /** How long a plain batch may wait for a row lock held by another session before switching to skip locked. */
    static final String ROW_LOCK_WAIT = "200ms";
    /**
     * Walk the heap by page ranges when at least this share of the table is expired: reading every page once in
     * order then costs less than fetching the expired rows one by one through the timestamp index.
     */
    static final double PAGE_WALK_MIN_SHARE = 0.1;
    /** Floor of the expired rows per page a page range is sized from, so a range of unexpired pages stays bounded. */
    private static final double MIN_ROWS_PER_PAGE = 0.01;

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
            List<TableLocks.Locked> locked;
            try {
                locked = PolicyValidator.validate(connection, settings);
            } catch (InvalidInputException e) {
                return Outcome.failed(e.describe());
            }
            // a policy whose table was locked is validated again before its own purge
            validated = locked.isEmpty();
            for (TableLocks.Locked lock : locked) {
                if (lock.policy().equals(policy.name())) {
                    return Outcome.skipped(lock.message() + ": its condition could not be validated; the purge waits for the next run");
                }
            }
        }
        if (deadline.expired()) {
            return Outcome.skipped("budget: the run's time budget was spent before the purge started");
        }
        return new Purge(connection, policy, deadline, planned.action().details().get("expired_rows")).run();
    }

    /**
     * What one batch did: rows deleted; where the next batch starts (a timestamp as text, inclusive); whether it was
     * the last batch.
     */
    private record Batch(long deleted, String newest, boolean last) {
    }

    /**
     * The purge's table: whether a btree index leads with the timestamp column, whether its heap can be walked by
     * page ranges (see {@link RetentionSql#TABLE_SHAPE}), its pages and pg_class.reltuples.
     */
    private record TableShape(boolean timestampIndex, boolean pageRanges, long pages, long reltuples) {
    }

    /** The session settings a purge changes, as they were before it. */
    private record SessionSettings(String lockTimeout, String synchronousCommit, String planCacheMode) {
    }

    /** One purge of one table. */
    private final class Purge {
        private final Connection connection;
        private final RetentionPolicy policy;
        private final Deadline deadline;
        private final BatchSizer sizer;
        private String method = "";
        private long rowsDeleted;
        private long batches;
        private long longestBatchNanos;
        private int largestBatchSize;
        private final long plannedRows;
        private OffsetDateTime expiredBefore;

        Purge(Connection connection, RetentionPolicy policy, Deadline deadline, Object plannedRows) {
            this.connection = connection;
            this.policy = policy;
            this.deadline = deadline;
            this.plannedRows = plannedRows instanceof Number n ? n.longValue() : -1;
            this.sizer = new BatchSizer(settings.batchSizeOf(policy), settings.maxBatchDuration());
        }

        /**
         * The purge; when the connection breaks (the backend terminated, the server gone), the error carries the
         * figures of the batches committed before it, so the failed action reports the rows it did delete.
         */
        Outcome run() throws SQLException {
            long start = System.nanoTime();
            try {
                return purge(start);
            } catch (SQLException e) {
                if (!Connections.isConnectionLost(e)) {
                    throw e;
                }
                throw new PartialOutcomeException(e, "interrupted in batch " + (batches + 1) + " after " + rowsDeleted
                        + " rows deleted (" + batches + " batches committed)", figures(start, -1));
            }
        }

        private Outcome purge(long start) throws SQLException {
            if (!connection.getAutoCommit()) {
                connection.setAutoCommit(true);
            }
            expiredBefore = cutoff.of(connection, policy.olderThan());
            // the table's size takes a share lock on it: read before the purge's short lock_timeout, so a table lock
            // held by another session is waited for up to the executor's lock_timeout, as the batches do
            TableShape shape;
            try {
                shape = tableShape();
            } catch (SQLException e) {
                if (Connections.isConnectionLost(e)) {
                    throw e;
                }
                return failed(e, start);
            }
            SessionSettings previous = purgeSettings();
            String stopped = null;
            boolean skippedLocked;
            try (Statements statements = new Statements(shape)) {
                String newest = "-infinity";
                while (true) {
                    long batchStart = System.nanoTime();
                    long attemptStart = batchStart;
                    int size = sizer.size();
                    Batch batch;
                    try {
                        batch = statements.batch(newest, size);
                    } catch (SQLException e) {
                        if (statements.skipLocked || !SqlState.is(e, SqlState.LOCK_NOT_AVAILABLE)) {
                            throw e;
                        }
                        // a row (or the table) is locked by someone else: from now on pass over locked rows, and
                        // wait for table locks as long as the executor allows
                        statements.skipLocked = true;
                        restoreLockTimeout(previous.lockTimeout());
                        attemptStart = System.nanoTime();
                        batch = statements.batch(newest, size);
                    }
                    long end = System.nanoTime();
                    longestBatchNanos = Math.max(longestBatchNanos, end - batchStart);
                    // the wait for a lock says nothing about how long a batch of this size takes
                    sizer.took(end - attemptStart);
                    if (batch.deleted() > 0) {
                        // the final look that finds nothing left is not a batch a DBA would count
                        batches++;
                        largestBatchSize = Math.max(largestBatchSize, size);
                    }
                    rowsDeleted += batch.deleted();
                    if (batch.last()) {
                        break;
                    }
                    newest = batch.newest();
                    if (deadline.expired()) {
                        stopped = "budget: the run's time budget ran out; stopped after batch " + batches;
                        break;
                    }
                    pause();
                }
                skippedLocked = statements.skipLocked;
            } catch (SQLException e) {
                if (Connections.isConnectionLost(e)) {
                    throw e;
                }
                restore(previous);
                publishStatistics();
                return failed(e, start);
            }
            restore(previous);
            publishStatistics();
            // a purge that walked to the cutoff with plain deletes left no expired row it saw: counting them again
            // would re-read every deleted row's index entry (measured: a sixth of a million-row purge)
            long remaining = stopped != null || skippedLocked ? remaining() : 0;
            String detail = stopped != null ? stopped + "; " + remaining + " expired rows remain" : null;
            return new Outcome(PlannedAction.DONE, detail, figures(start, remaining));
        }

        private Outcome failed(SQLException e, long start) throws SQLException {
            String why = SqlState.is(e, SqlState.LOCK_NOT_AVAILABLE) ? "lock timeout"
                    : SqlState.is(e, SqlState.QUERY_CANCELED) ? "statement timeout or cancelled" : "error";
            Map<String, Object> figures = figures(start, remaining());
            return new Outcome(PlannedAction.FAILED, why + " in batch " + (batches + 1) + " after " + rowsDeleted
                    + " rows deleted: " + Connections.firstLine(e)
                    + "; once the cause is fixed, run pgmaint again (it goes on in batches)", figures);
        }

        /**
         * The statements of one purge, in one of three forms:
         * <ul>
         * <li>page ranges (a plain table on PostgreSQL 14+, when the expired rows are at least
         * {@link #PAGE_WALK_MIN_SHARE} of the table or no index leads with the timestamp column): each batch deletes
         * the expired rows of the next range of heap pages, read by a TID range scan, so the whole purge reads the
         * table once, in physical order, like one DELETE's sequential scan. Ranges are sized from the expired rows
         * met per page so far, to hold about a batch;</li>
         * <li>timestamp ranges (an index leads with the timestamp column): [previous bound, bound), at most
         * batch-size rows, each row read once through the index; a range that would be empty because more than a
         * batch of rows share one timestamp uses the ctid form;</li>
         * <li>the ctid form (limit n; the fallback).</li>
         * </ul>
         * Every batch after a row lock was met passes over locked rows (skip locked).
         */
        private final class Statements implements AutoCloseable {
            private final TableShape shape;
            private final boolean keyset;
            private final boolean pageWalk;
            boolean skipLocked;
            private PreparedStatement bound;
            private PreparedStatement range;
            private PreparedStatement byCtid;
            private boolean byCtidSkipsLocked;
            private PreparedStatement pages;
            private boolean pagesSkipLocked;
            private long endPage;
            private boolean endRechecked;
            private long nextPage;
            private long pagesWalked;
            private long rowsWalked;
            private long lastPages;

            Statements(TableShape shape) {
                this.shape = shape;
                double share = plannedRows >= 0 && shape.reltuples() > 0 ? (double) plannedRows / shape.reltuples() : -1;
                this.pageWalk = shape.pageRanges() && (!shape.timestampIndex() || share >= PAGE_WALK_MIN_SHARE);
                this.keyset = shape.timestampIndex() && !pageWalk;
                this.endPage = shape.pages();
                method = pageWalk ? "page ranges" : keyset ? "timestamp ranges" : "ctid batches";
            }

            Batch batch(String newest, int size) throws SQLException {
                if (pageWalk) {
                    return pages(size);
                }
                if (!keyset || skipLocked) {
                    return byCtid(newest, size);
                }
                String upper = bound(newest, size);
                if (newest.equals(upper)) {
                    return byCtid(newest, size);
                }
                if (range == null) {
                    range = connection.prepareStatement(RetentionSql.deleteRange(policy));
                }
                range.setString(1, newest);
                if (upper == null) {
                    range.setObject(2, expiredBefore);
                } else {
                    range.setString(2, upper);
                }
                range.setObject(3, expiredBefore);
                return new Batch(range.executeUpdate(), upper, upper == null);
            }

            private Batch pages(int size) throws SQLException {
                if (pages == null || pagesSkipLocked != skipLocked) {
                    if (pages != null) {
                        pages.close();
                    }
                    pages = connection.prepareStatement(RetentionSql.deletePages(policy, skipLocked));
                    pagesSkipLocked = skipLocked;
                }
                long first = nextPage;
                long end = Math.min(endPage, first + pageCount(size));
                pages.setString(1, "(" + first + ",0)");
                pages.setString(2, "(" + end + ",0)");
                pages.setObject(3, expiredBefore);
                if (skipLocked) {
                    pages.setObject(4, expiredBefore);
                }
                int deleted = pages.executeUpdate();
                nextPage = end;
                pagesWalked += end - first;
                rowsWalked += deleted;
                lastPages = end - first;
                if (end >= endPage && !endRechecked) {
                    // rows that other sessions' updates moved to pages added since the walk began
                    endRechecked = true;
                    endPage = Math.max(endPage, pagesNow());
                }
                return new Batch(deleted, null, end >= endPage);
            }

            /** The table's size now, or the walk's end when another session's lock keeps it from being read. */
            private long pagesNow() throws SQLException {
                try {
                    return tableShape().pages();
                } catch (SQLException e) {
                    if (!SqlState.is(e, SqlState.LOCK_NOT_AVAILABLE)) {
                        throw e;
                    }
                    return endPage;
                }
            }

            /** Pages expected to hold {@code size} expired rows, at most four times the last range. */
            private long pageCount(int size) {
                double perPage;
                if (pagesWalked > 0) {
                    perPage = Math.max((double) rowsWalked / pagesWalked, MIN_ROWS_PER_PAGE);
                } else if (shape.pages() > 0 && (plannedRows > 0 || shape.reltuples() > 0)) {
                    perPage = Math.max((double) (plannedRows > 0 ? plannedRows : shape.reltuples()) / shape.pages(),
                            MIN_ROWS_PER_PAGE);
                } else {
                    perPage = 100;
                }
                long count = Math.max(1, (long) Math.ceil(size / perPage));
                return lastPages > 0 ? Math.min(count, 4 * lastPages) : count;
            }

            private String bound(String newest, int size) throws SQLException {
                if (bound == null) {
                    bound = connection.prepareStatement(RetentionSql.rangeBound(policy));
                }
                bound.setString(1, newest);
                bound.setObject(2, expiredBefore);
                bound.setInt(3, size);
                try (ResultSet rs = bound.executeQuery()) {
                    return rs.next() ? rs.getString(1) : null;
                }
            }

            private Batch byCtid(String newest, int size) throws SQLException {
                if (byCtid == null || byCtidSkipsLocked != skipLocked) {
                    if (byCtid != null) {
                        byCtid.close();
                    }
                    byCtid = connection.prepareStatement(RetentionSql.deleteBatch(policy, keyset, skipLocked));
                    byCtidSkipsLocked = skipLocked;
                }
                int i = 1;
                if (keyset) {
                    byCtid.setString(i++, newest);
                }
                byCtid.setObject(i++, expiredBefore);
                byCtid.setInt(i++, size);
                byCtid.setObject(i, expiredBefore);
                try (ResultSet rs = byCtid.executeQuery()) {
                    rs.next();
                    long deleted = rs.getLong(1);
                    return new Batch(deleted, keyset ? rs.getString(2) : newest, deleted < size);
                }
            }

            @Override
            public void close() throws SQLException {
                for (PreparedStatement statement : new PreparedStatement[] {bound, range, byCtid, pages}) {
                    if (statement != null) {
                        statement.close();
                    }
                }
            }
        }

        private TableShape tableShape() throws SQLException {
            try (PreparedStatement query = connection.prepareStatement(RetentionSql.TABLE_SHAPE)) {
                query.setString(1, policy.timestampColumn());
                query.setString(2, RetentionSql.table(policy));
                try (ResultSet rs = query.executeQuery()) {
                    rs.next();
                    return new TableShape(rs.getBoolean(1), rs.getBoolean(2), rs.getLong(3), rs.getLong(4));
                }
            }
        }

        /**
         * Sets the purge's session settings in one round trip and returns the previous values, to restore:
         * <ul>
         * <li>lock_timeout: the plain delete waits for rows other sessions hold; it may wait at most
         * {@link #ROW_LOCK_WAIT} (or the executor's lock_timeout when shorter) before the purge switches to
         * skip-locked batches;</li>
         * <li>synchronous_commit off: a batch's commit does not wait for its WAL flush (measured: about half the
         * purge's time). A crash can only forget the last batches' deletions, which the next run repeats; no other
         * data is involved;</li>
         * <li>plan_cache_mode force_custom_plan: the driver prepares a statement on the server after a few runs,
         * and a generic plan cannot know that a range holds a few thousand rows: measured 20x slower (sequential
         * scans).</li>
         * </ul>
         */
        private SessionSettings purgeSettings() throws SQLException {
            // the select list is evaluated in order: the current values are read before set_config changes them
            try (PreparedStatement set = connection.prepareStatement("select pg_catalog.current_setting('lock_timeout'),"
                    + " pg_catalog.current_setting('synchronous_commit'), pg_catalog.current_setting('plan_cache_mode'),"
                    + " pg_catalog.set_config('lock_timeout', case when s = '0' or s::interval > ?::interval then ? else s end, false),"
                    + " pg_catalog.set_config('synchronous_commit', 'off', false),"
                    + " pg_catalog.set_config('plan_cache_mode', 'force_custom_plan', false)"
                    + " from (select pg_catalog.current_setting('lock_timeout') as s) x")) {
                set.setString(1, ROW_LOCK_WAIT);
                set.setString(2, ROW_LOCK_WAIT);
                try (ResultSet rs = set.executeQuery()) {
                    rs.next();
                    return new SessionSettings(rs.getString(1), rs.getString(2), rs.getString(3));
                }
            }
        }

        private void restore(SessionSettings previous) throws SQLException {
            try (PreparedStatement set = connection.prepareStatement("select pg_catalog.set_config('lock_timeout', ?, false),"
                    + " pg_catalog.set_config('synchronous_commit', ?, false), pg_catalog.set_config('plan_cache_mode', ?, false)")) {
                set.setString(1, previous.lockTimeout());
                set.setString(2, previous.synchronousCommit());
                set.setString(3, previous.planCacheMode());
                set.executeQuery().close();
            }
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
            if (rowsDeleted == 0) {
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

        private void restoreLockTimeout(String value) throws SQLException {
            try (PreparedStatement set = connection.prepareStatement("select pg_catalog.set_config('lock_timeout', ?, false)")) {
                set.setString(1, value);
                set.executeQuery().close();
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

        /**
         * Expired rows still there, after a purge that stopped early or passed over locked rows (which are counted
         * here).
         */
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
            figures.put("largest_batch_size", largestBatchSize);
            figures.put("rows_remaining", remaining);
            figures.put("method", method);
            figures.put("cutoff", String.valueOf(expiredBefore));
            return figures;
        }
    }
}
