package org.pgmaint.retention;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import org.pgmaint.db.Identifiers;

/**
 * With a btree index leading with the timestamp column: each batch deletes the expired rows of the next range
 * [bound, next bound) of the index, a range holding at most n rows, so every row is read once through the index
 * (measured about 25% faster than ctid batches in timestamp order). When more than a batch of rows share one
 * timestamp, and for every batch once a row lock was met (skip locked), the batch is a {@link CtidBatches} batch in
 * timestamp order from the same bound.
 */
final class TimestampRanges implements PurgeMethod {
    private final OffsetDateTime cutoff;
    /** Binds: bound, cutoff, n. */
    private final PreparedStatement nextBound;
    /** Binds: bound, next bound, cutoff. */
    private final PreparedStatement deleteRange;
    /** Ties and skip-locked batches; it holds the bound the next batch starts at. */
    private final CtidBatches inOrder;

    TimestampRanges(Connection connection, RetentionPolicy policy, OffsetDateTime cutoff) throws SQLException {
        this.cutoff = cutoff;
        String table = RetentionSql.table(policy);
        String column = Identifiers.quote(policy.timestampColumn());
        // the timestamp of the (n+1)-th row at or after the bound, read from the index (the condition is left out,
        // so the range below it holds at most n rows); ordered by the qualified column: a bare name would sort by
        // the text output column of the same name
        this.nextBound = connection.prepareStatement("select /* pgmaint:retention_delete */ " + column + "::text from "
                + table + " where " + column + " >= ?::timestamptz and " + column + " < ? order by " + table + "." + column
                + " offset ? limit 1");
        this.deleteRange = connection.prepareStatement("delete /* pgmaint:retention_delete */ from " + table + " where "
                + column + " >= ?::timestamptz and " + column + " < ?::timestamptz and " + RetentionSql.expired(policy));
        this.inOrder = CtidBatches.inTimestampOrder(connection, policy, cutoff);
    }

    @Override
    public String name() {
        return "timestamp ranges";
    }

    @Override
    public Batch next(int size, boolean skipLocked) throws SQLException {
        if (skipLocked) {
            return inOrder.next(size, true);
        }
        String from = inOrder.from();
        String to = nextBound(from, size);
        if (from.equals(to)) {
            return inOrder.next(size, false);
        }
        deleteRange.setString(1, from);
        if (to == null) {
            deleteRange.setObject(2, cutoff);
        } else {
            deleteRange.setString(2, to);
        }
        deleteRange.setObject(3, cutoff);
        int deleted = deleteRange.executeUpdate();
        if (to != null) {
            inOrder.startAt(to);
        }
        return new Batch(deleted, to == null);
    }

    /** Null when no more than n rows remain before the cutoff. */
    private String nextBound(String from, int size) throws SQLException {
        nextBound.setString(1, from);
        nextBound.setObject(2, cutoff);
        nextBound.setInt(3, size);
        try (ResultSet rs = nextBound.executeQuery()) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    @Override
    public void close() throws SQLException {
        try (inOrder; nextBound; deleteRange) {
            // closes all three
        }
    }
}
