package org.pgmaint.execute;

import java.sql.SQLException;

/** A statement's error with what the handler did about it afterwards (e.g. dropped a leftover index). */
final class NotedSQLException extends SQLException {
    private final String note;

    NotedSQLException(SQLException cause, String note) {
        super(cause.getMessage(), cause.getSQLState(), cause);
        this.note = note;
    }

    String note() {
        return note;
    }
}
