package org.pgmaint.retention;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

/**
 * The session settings a purge changes, as they were before it, to restore. While it runs:
 * <ul>
 * <li>lock_timeout: a plain delete waits for rows other sessions hold at most {@link #ROW_LOCK_WAIT} (or the
 * executor's lock_timeout when shorter) before the purge switches to skip-locked batches, which wait for table locks
 * up to the executor's lock_timeout again ({@link #restoreLockTimeout});</li>
 * <li>synchronous_commit off: a batch's commit does not wait for its WAL flush (measured: about half the purge's
 * time). A crash can only forget the last batches' deletions, which the next run repeats; no other data is
 * involved;</li>
 * <li>plan_cache_mode force_custom_plan: the driver prepares a statement on the server after a few runs, and a
 * generic plan cannot know that a range holds a few thousand rows: measured 20x slower (sequential scans).</li>
 * </ul>
 * Values are read from pg_settings (lock_timeout in its unit, ms) and set with {@code set_config}, bound.
 */
record SessionSettings(String lockTimeout, String synchronousCommit, String planCacheMode) {
    /** How long a plain batch may wait for a row lock held by another session before switching to skip locked. */
    static final Duration ROW_LOCK_WAIT = Duration.ofMillis(200);

    /** Sets the purge's settings on the connection; returns the previous ones. */
    static SessionSettings forPurge(Connection connection) throws SQLException {
        SessionSettings previous = new SessionSettings(get(connection, "lock_timeout"),
                get(connection, "synchronous_commit"), get(connection, "plan_cache_mode"));
        long lockTimeoutMs = Long.parseLong(previous.lockTimeout());
        if (lockTimeoutMs == 0 || lockTimeoutMs > ROW_LOCK_WAIT.toMillis()) {
            set(connection, "lock_timeout", ROW_LOCK_WAIT.toMillis() + "ms");
        }
        set(connection, "synchronous_commit", "off");
        set(connection, "plan_cache_mode", "force_custom_plan");
        return previous;
    }

    void restore(Connection connection) throws SQLException {
        restoreLockTimeout(connection);
        set(connection, "synchronous_commit", synchronousCommit);
        set(connection, "plan_cache_mode", planCacheMode);
    }

    void restoreLockTimeout(Connection connection) throws SQLException {
        set(connection, "lock_timeout", lockTimeout);
    }

    private static String get(Connection connection, String name) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "select s.setting from pg_catalog.pg_settings s where s.name = ?")) {
            query.setString(1, name);
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private static void set(Connection connection, String name, String value) throws SQLException {
        try (PreparedStatement set = connection.prepareStatement("select pg_catalog.set_config(?, ?, false)")) {
            set.setString(1, name);
            set.setString(2, value);
            set.executeQuery().close();
        }
    }
}
