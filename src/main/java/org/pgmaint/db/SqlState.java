package org.pgmaint.db;

import java.sql.SQLException;

/**
 * The PostgreSQL error codes (SQLSTATE, PostgreSQL's "Appendix A") pgmaint tells apart; the driver's
 * {@code PSQLState} lacks most of them.
 */
public final class SqlState {
    /** lock_timeout ran out (also NOWAIT and SKIP LOCKED failures). */
    public static final String LOCK_NOT_AVAILABLE = "55P03";
    /** statement_timeout ran out, or pg_cancel_backend. */
    public static final String QUERY_CANCELED = "57014";
    public static final String UNDEFINED_TABLE = "42P01";
    public static final String UNDEFINED_SCHEMA = "3F000";
    /** Class 08: the connection failed or was broken. */
    public static final String CONNECTION_EXCEPTION_CLASS = "08";
    /** Fast or smart shutdown, crash shutdown (the session was terminated), server still starting. */
    public static final String ADMIN_SHUTDOWN = "57P01";
    public static final String CRASH_SHUTDOWN = "57P02";
    public static final String CANNOT_CONNECT_NOW = "57P03";
    /** Class 42 (no such table or column, no privilege) and class 22 (bad data): retrying will not heal them. */
    private static final String SYNTAX_OR_ACCESS_CLASS = "42";
    private static final String DATA_EXCEPTION_CLASS = "22";

    private SqlState() {
    }

    /** True when the error carries this code. */
    public static boolean is(SQLException e, String state) {
        return state.equals(e.getSQLState());
    }

    /** True for a statement that names a missing object, lacks a privilege, or reads data of the wrong type. */
    public static boolean isMisconfiguration(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.startsWith(SYNTAX_OR_ACCESS_CLASS) || state.startsWith(DATA_EXCEPTION_CLASS));
    }
}
