package org.pgmaint.retention;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.OffsetDateTime;

/**
 * How a purge deletes a policy's expired rows, one batch (one autocommitted statement) at a time. Each method owns
 * its statements, their binds and where the next batch starts; every delete repeats the whole expiry test
 * ({@link RetentionSql#expired}), so a row is only deleted when it is expired at that moment.
 */
interface PurgeMethod extends AutoCloseable {
    /**
     * Walk the heap by page ranges when at least this share of the table is expired: reading every page once in
     * order then costs less than fetching the expired rows one by one through the timestamp index.
     */
    double PAGE_WALK_MIN_SHARE = 0.1;

    /** What the figures call it: page ranges, timestamp ranges or ctid batches (docs/retention.md). */
    String name();

    /**
     * Deletes the next batch of about {@code size} expired rows. With {@code skipLocked} it passes over rows another
     * session holds instead of waiting for them (about twice as slow: each row is written twice, lock then delete).
     * A batch that fails leaves the method where it was, so the same batch can be tried again.
     */
    Batch next(int size, boolean skipLocked) throws SQLException;

    @Override
    void close() throws SQLException;

    /** What one batch did: the rows it deleted, and whether it was the last. */
    record Batch(long deleted, boolean last) {
    }

    /**
     * Page ranges for a plain table on 14+ when the plan's expired count is at least {@link #PAGE_WALK_MIN_SHARE} of
     * the table or no index leads with the timestamp column; else timestamp ranges when such an index exists; else
     * ctid batches. {@code plannedRows}: the plan's expired count, -1 when the action does not say.
     */
    static PurgeMethod choose(Connection connection, RetentionPolicy policy, OffsetDateTime cutoff, TableShape shape,
                              long plannedRows) throws SQLException {
        double share = plannedRows >= 0 && shape.reltuples() > 0 ? (double) plannedRows / shape.reltuples() : -1;
        if (shape.pageRanges() && (!shape.timestampIndex() || share >= PAGE_WALK_MIN_SHARE)) {
            return new PageRanges(connection, policy, cutoff, shape, plannedRows);
        }
        if (shape.timestampIndex()) {
            return new TimestampRanges(connection, policy, cutoff);
        }
        return CtidBatches.anyOrder(connection, policy, cutoff);
    }
}
