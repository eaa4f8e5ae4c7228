package org.pgmaint.db;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** libpq's target_session_attrs, checked on a new connection as libpq checks it. */
final class SessionAttributes {
    private SessionAttributes() {
    }

    /** Null when the session is what {@code target} asks for, else libpq's reason why the server is skipped. */
    static String mismatch(Connection connection, String target) throws SQLException {
        switch (target) {
            case "read-write":
                return readOnly(connection) ? "session is read-only" : null;
            case "read-only":
                return readOnly(connection) ? null : "session is not read-only";
            case "primary":
                return Standby.is(connection) ? "server is in hot standby mode" : null;
            case "standby":
                return Standby.is(connection) ? null : "server is not in hot standby mode";
            default:
                return null;
        }
    }

    private static boolean readOnly(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("select /* pgmaint:target_session_attrs */"
                     + " pg_catalog.current_setting('transaction_read_only')")) {
            rs.next();
            return rs.getString(1).equals("on");
        }
    }
}
