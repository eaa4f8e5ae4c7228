package org.pgmaint.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/** Work in a read-only transaction with its own statement_timeout, rolled back after (there is nothing to keep). */
public final class ReadOnlyTransaction {

    /** What runs inside the transaction. */
    public interface Work<T> {
        T run() throws SQLException;
    }

    private ReadOnlyTransaction() {
    }

    /** Runs {@code work} read-only with {@code timeout} as the transaction's statement_timeout; autocommit as it was. */
    public static <T> T run(Connection connection, Duration timeout, Work<T> work) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            try (Statement statement = connection.createStatement()) {
                statement.execute("set transaction read only");
            }
            try (PreparedStatement set = connection.prepareStatement("select pg_catalog.set_config('statement_timeout', ?, true)")) {
                set.setString(1, timeout.toMillis() + "ms");
                set.executeQuery().close();
            }
            return work.run();
        } finally {
            connection.rollback();
            connection.setAutoCommit(autoCommit);
        }
    }
}
