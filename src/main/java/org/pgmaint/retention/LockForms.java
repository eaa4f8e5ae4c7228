package org.pgmaint.retention;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.function.Function;

/**
 * A delete statement in its plain or its skip-locked form, prepared on first use and kept (the driver prepares it
 * on the server after a few runs): a purge switches to skip locked once, when a batch meets a row lock.
 */
final class LockForms implements AutoCloseable {
    private final Connection connection;
    private final Function<Boolean, String> sql;
    private PreparedStatement statement;
    private boolean skipsLocked;

    /** @param sql the statement's text, given whether it skips locked rows */
    LockForms(Connection connection, Function<Boolean, String> sql) {
        this.connection = connection;
        this.sql = sql;
    }

    PreparedStatement of(boolean skipLocked) throws SQLException {
        if (statement == null || skipsLocked != skipLocked) {
            close();
            statement = connection.prepareStatement(sql.apply(skipLocked));
            skipsLocked = skipLocked;
        }
        return statement;
    }

    @Override
    public void close() throws SQLException {
        if (statement != null) {
            statement.close();
            statement = null;
        }
    }
}
