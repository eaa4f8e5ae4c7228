package org.pgmaint.retention;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.OffsetDateTime;

/**
 * A plain table on 14+: each batch deletes the expired rows of the next range of heap pages
 * {@code [(first,0), (end,0))}, read by a TID range scan, so the whole purge reads the table once, in physical
 * order, like one DELETE's sequential scan. Ranges are sized from the expired rows met per page so far, to hold about
 * a batch. The walk ends at the table's size when it began, re-read once at the end: rows other sessions' updates
 * moved to pages added since are purged too.
 */
final class PageRanges implements PurgeMethod {
    /** Floor of the expired rows per page a range is sized from, so a range of unexpired pages stays bounded. */
    private static final double MIN_ROWS_PER_PAGE = 0.01;

    private final Connection connection;
    private final RetentionPolicy policy;
    private final OffsetDateTime cutoff;
    /** Expired rows per page before the first range: the plan's count, else reltuples; 100 when neither is known. */
    private final double plannedPerPage;
    private final LockForms delete;
    private long endPage;
    private boolean endRechecked;
    private long nextPage;
    private long rowsWalked;
    private long lastPages;

    PageRanges(Connection connection, RetentionPolicy policy, OffsetDateTime cutoff, TableShape shape, long plannedRows) {
        this.connection = connection;
        this.policy = policy;
        this.cutoff = cutoff;
        this.endPage = shape.pages();
        long rows = plannedRows > 0 ? plannedRows : shape.reltuples();
        this.plannedPerPage = shape.pages() > 0 && rows > 0 ? Math.max((double) rows / shape.pages(), MIN_ROWS_PER_PAGE) : 100;
        this.delete = new LockForms(connection, this::sql);
    }

    @Override
    public String name() {
        return "page ranges";
    }

    /** Binds: first page's tid, end page's tid, cutoff; skipping locked rows, the cutoff once more. */
    private String sql(boolean skipLocked) {
        String range = "ctid >= ?::tid and ctid < ?::tid and " + RetentionSql.expired(policy);
        String delete = "delete /* pgmaint:retention_delete */ from " + RetentionSql.table(policy) + " where ";
        if (!skipLocked) {
            return delete + range;
        }
        return delete + "ctid = any(array(select ctid from " + RetentionSql.table(policy) + " where " + range
                + " for update skip locked)) and " + RetentionSql.expired(policy);
    }

    @Override
    public Batch next(int size, boolean skipLocked) throws SQLException {
        PreparedStatement statement = delete.of(skipLocked);
        long first = nextPage;
        long end = Math.min(endPage, first + pageCount(size));
        statement.setString(1, "(" + first + ",0)");
        statement.setString(2, "(" + end + ",0)");
        statement.setObject(3, cutoff);
        if (skipLocked) {
            statement.setObject(4, cutoff);
        }
        int deleted = statement.executeUpdate();
        nextPage = end;
        rowsWalked += deleted;
        lastPages = end - first;
        if (end >= endPage && !endRechecked) {
            endRechecked = true;
            endPage = Math.max(endPage, pagesNow());
        }
        return new Batch(deleted, end >= endPage);
    }

    /** Pages expected to hold {@code size} expired rows, at most four times the last range. */
    private long pageCount(int size) {
        double perPage = nextPage > 0 ? Math.max((double) rowsWalked / nextPage, MIN_ROWS_PER_PAGE) : plannedPerPage;
        long count = Math.max(1, (long) Math.ceil(size / perPage));
        return lastPages > 0 ? Math.min(count, 4 * lastPages) : count;
    }

    /** The table's size now, or the walk's end when another session's lock keeps it from being read. */
    private long pagesNow() throws SQLException {
        try {
            return TableShape.of(connection, policy).pages();
        } catch (SQLException e) {
            if (!TableLocks.isLockTimeout(e)) {
                throw e;
            }
            return endPage;
        }
    }

    @Override
    public void close() throws SQLException {
        delete.close();
    }
}
