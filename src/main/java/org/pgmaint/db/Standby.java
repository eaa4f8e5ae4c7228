package org.pgmaint.db;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A hot standby (a server in recovery) accepts reads only: maintenance, purges and the cache processor's marking
 * belong to the primary, so the same schedule can run on every node of an HA pair.
 */
public final class Standby {
    /** What every command says on a standby. */
    public static final String MESSAGE = "this server is a standby: maintenance runs on the primary";
    /** Why a check was not run on a standby (its facts are the primary's, reported by the primary's run). */
    public static final String SKIPPED = "not run on a standby";

    private Standby() {
    }

    /** pg_is_in_recovery() on this connection's server. */
    public static boolean is(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("select /* pgmaint:standby */ pg_catalog.pg_is_in_recovery()")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }
}
