package org.pgmaint.retention;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.pgmaint.db.Connections;
import org.pgmaint.db.SqlState;

/**
 * Reading a policy's table (EXPLAIN of its condition, the expired count) without waiting behind another session's
 * lock: only ACCESS EXCLUSIVE (held, or queued ahead of us) blocks a read, and a table held that way for more than
 * {@link #WAIT} is skipped for this run rather than waited for or reported invalid.
 */
public final class TableLocks {
    /** How long validation and counting wait for a table lock. */
    public static final String WAIT = "300ms";

    private TableLocks() {
    }

    /** A policy whose table was locked, and by whom ("table public.t locked by pid 123 (AccessExclusiveLock)"). */
    public record Locked(String policy, String message) {
    }

    /** Sets lock_timeout to {@link #WAIT} until the end of the current transaction. */
    public static void waitBriefly(Connection connection) throws SQLException {
        try (PreparedStatement set = connection.prepareStatement("select pg_catalog.set_config('lock_timeout', ?, true)")) {
            set.setString(1, WAIT);
            set.executeQuery().close();
        }
    }

    public static boolean isLockTimeout(SQLException e) {
        return SqlState.is(e, SqlState.LOCK_NOT_AVAILABLE);
    }

    /**
     * Who holds or waits for an ACCESS EXCLUSIVE lock on the policy's table, read from pg_locks (a waiting
     * ALTER TABLE blocks readers queued behind it as much as a granted lock does). Outside an aborted transaction.
     */
    public static Locked lockedBy(Connection connection, RetentionPolicy policy) throws SQLException {
        String table = policy.schema() + "." + policy.table();
        try (PreparedStatement query = connection.prepareStatement("select l.pid, l.mode, l.granted from pg_catalog.pg_locks l"
                + " where l.locktype = 'relation' and l.relation = pg_catalog.to_regclass(?)"
                + " and l.database = (select d.oid from pg_catalog.pg_database d where d.datname = pg_catalog.current_database())"
                + " and l.mode = 'AccessExclusiveLock' and l.pid <> pg_catalog.pg_backend_pid()"
                + " order by l.granted desc, l.pid limit 1")) {
            query.setString(1, RetentionSql.table(policy));
            try (ResultSet rs = query.executeQuery()) {
                if (rs.next()) {
                    return new Locked(policy.name(), "table " + table + " locked by pid " + rs.getInt(1) + " ("
                            + rs.getString(2) + (rs.getBoolean(3) ? "" : ", waiting") + ", not released within " + WAIT + ")");
                }
            }
        } catch (SQLException e) {
            if (Connections.isConnectionLost(e)) {
                throw e;
            }
        }
        return new Locked(policy.name(), "table " + table + " locked by another session (not released within " + WAIT + ")");
    }
}
