package org.pgmaint.retention;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import org.pgmaint.db.Identifiers;

/**
 * Each batch deletes up to n expired rows by ctid ({@code ctid = any(array(select ctid ... limit n))}); the outer
 * statement repeats the expiry test (and ctids repeat across partitions of a partitioned table). In any order (no
 * index leads with the timestamp column: each batch scans the table from its start), or in timestamp order from
 * where the previous batch stopped, the form {@link TimestampRanges} uses for ties and after a row lock: a batch
 * then never re-reads the index entries of rows already deleted; those stay in the index until vacuum, and while
 * another session's old snapshot keeps them from being marked dead, rescanning them made each batch slower than the
 * last.
 */
final class CtidBatches implements PurgeMethod {
    private final RetentionPolicy policy;
    private final OffsetDateTime cutoff;
    private final boolean inTimestampOrder;
    private final LockForms delete;
    /** In timestamp order: the timestamp (as text) the next batch starts at, inclusive. */
    private String from = "-infinity";

    private CtidBatches(Connection connection, RetentionPolicy policy, OffsetDateTime cutoff, boolean inTimestampOrder) {
        this.policy = policy;
        this.cutoff = cutoff;
        this.inTimestampOrder = inTimestampOrder;
        this.delete = new LockForms(connection, this::sql);
    }

    static CtidBatches anyOrder(Connection connection, RetentionPolicy policy, OffsetDateTime cutoff) {
        return new CtidBatches(connection, policy, cutoff, false);
    }

    static CtidBatches inTimestampOrder(Connection connection, RetentionPolicy policy, OffsetDateTime cutoff) {
        return new CtidBatches(connection, policy, cutoff, true);
    }

    @Override
    public String name() {
        return "ctid batches";
    }

    /** In timestamp order: where the next batch starts. */
    String from() {
        return from;
    }

    /** In timestamp order: the next batch starts at this timestamp (as text). */
    void startAt(String timestamp) {
        from = timestamp;
    }

    /**
     * Binds: in timestamp order the start, then cutoff, n, cutoff. Returns the rows deleted and the newest timestamp
     * among them, where the next batch in timestamp order starts.
     */
    private String sql(boolean skipLocked) {
        String table = RetentionSql.table(policy);
        String column = Identifiers.quote(policy.timestampColumn());
        String select = "select ctid from " + table + " where "
                + (inTimestampOrder ? column + " >= ?::timestamptz and " : "") + RetentionSql.expired(policy)
                + (inTimestampOrder ? " order by " + column : "") + " limit ?" + (skipLocked ? " for update skip locked" : "");
        return "with deleted as (delete /* pgmaint:retention_delete */ from " + table + " where ctid = any(array("
                + select + ")) and " + RetentionSql.expired(policy) + " returning " + column + ")"
                + " select count(*), max(" + column + ")::text from deleted";
    }

    @Override
    public Batch next(int size, boolean skipLocked) throws SQLException {
        PreparedStatement statement = delete.of(skipLocked);
        int i = 1;
        if (inTimestampOrder) {
            statement.setString(i++, from);
        }
        statement.setObject(i++, cutoff);
        statement.setInt(i++, size);
        statement.setObject(i, cutoff);
        try (ResultSet rs = statement.executeQuery()) {
            rs.next();
            long deleted = rs.getLong(1);
            if (inTimestampOrder) {
                from = rs.getString(2);
            }
            return new Batch(deleted, deleted < size);
        }
    }

    @Override
    public void close() throws SQLException {
        delete.close();
    }
}
