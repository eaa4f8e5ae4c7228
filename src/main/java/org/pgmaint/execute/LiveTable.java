package org.pgmaint.execute;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Cheap catalog lookups a handler makes before it acts, by real name (bound, never spliced). */
final class LiveTable {
    private LiveTable() {
    }

    /** The oid of a table or materialized view, or 0 when it no longer exists. */
    static long oid(Connection connection, String schema, String table) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("select /* pgmaint:executor */ c.oid::bigint"
                + " from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace"
                + " where n.nspname = ? and c.relname = ? and c.relkind in ('r', 'm', 'p')")) {
            s.setString(1, schema);
            s.setString(2, table);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }
}
