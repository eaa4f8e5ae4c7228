package org.pgmaint.retention;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * What a purge needs to know of its table: whether a valid, non-partial btree index leads with the policy's
 * timestamp column; whether its heap can be walked by page ranges (a plain table on a server with TID range scans,
 * 14+); its size in pages now; pg_class.reltuples (-1: never analyzed).
 */
record TableShape(boolean timestampIndex, boolean pageRanges, long pages, long reltuples) {
    /** Binds: column, table. */
    private static final String SQL = "select exists (select 1 from pg_catalog.pg_index i"
            + " join pg_catalog.pg_class ic on ic.oid = i.indexrelid join pg_catalog.pg_am am on am.oid = ic.relam"
            + " join pg_catalog.pg_attribute a on a.attrelid = i.indrelid and a.attnum = i.indkey[0]"
            + " where i.indrelid = c.oid and a.attname = ? and i.indisvalid and i.indpred is null and am.amname = 'btree'),"
            + " c.relkind = 'r' and pg_catalog.current_setting('server_version_num')::int >= 140000,"
            + " pg_catalog.pg_relation_size(c.oid) / pg_catalog.current_setting('block_size')::int,"
            + " c.reltuples::bigint"
            + " from pg_catalog.pg_class c where c.oid = pg_catalog.to_regclass(?)";

    /** Reading the size takes a share lock on the table: this waits for another session's table lock. */
    static TableShape of(Connection connection, RetentionPolicy policy) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(SQL)) {
            query.setString(1, policy.timestampColumn());
            query.setString(2, RetentionSql.table(policy));
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                return new TableShape(rs.getBoolean(1), rs.getBoolean(2), rs.getLong(3), rs.getLong(4));
            }
        }
    }
}
