package org.pgmaint.execute;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.pgmaint.db.ConnectionSettings;
import org.pgmaint.db.Connections;
import org.pgmaint.db.DatabaseUnavailableException;

/**
 * One run at a time per database: a session-level advisory lock held on its own connection for the whole
 * run (advisory locks are per database, so runs on other databases do not collide). A second run fails at
 * once with {@link AnotherRunException}, naming the holder from pg_locks and pg_stat_activity.
 */
public final class RunLock implements AutoCloseable {
    /** The two 32-bit halves of the lock key: "pgm" and "aint" as bytes. */
    static final int KEY_HIGH = 0x0070676d;
    static final int KEY_LOW = 0x61696e74;

    private final Connection connection;

    private RunLock(Connection connection) {
        this.connection = connection;
    }

    public static RunLock acquire(ConnectionSettings settings) {
        Connection connection = Connections.open(settings);
        try {
            boolean locked;
            try (PreparedStatement s = connection.prepareStatement(
                    "select /* pgmaint:run_lock */ pg_catalog.pg_try_advisory_lock(?, ?)")) {
                s.setInt(1, KEY_HIGH);
                s.setInt(2, KEY_LOW);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    locked = rs.getBoolean(1);
                }
            }
            if (!locked) {
                String holder = holder(connection);
                connection.close();
                throw new AnotherRunException("another pgmaint run is in progress on database " + settings.dbname()
                        + " (it holds the maintenance lock: " + holder + "); this run did nothing");
            }
            return new RunLock(connection);
        } catch (SQLException e) {
            Connections.closeQuietly(connection);
            throw new DatabaseUnavailableException("cannot take the maintenance lock on " + settings.describe() + ": "
                    + Connections.firstLine(e), e);
        }
    }

    private static String holder(Connection connection) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("select /* pgmaint:run_lock */ a.pid,"
                + " a.application_name, a.usename::text, coalesce(host(a.client_addr), 'local socket'), a.backend_start"
                + " from pg_catalog.pg_locks l join pg_catalog.pg_stat_activity a on a.pid = l.pid"
                + " where l.locktype = 'advisory' and l.granted and l.classid::bigint = ? and l.objid::bigint = ? and l.objsubid = 2"
                + " and l.database = (select oid from pg_catalog.pg_database where datname = pg_catalog.current_database())")) {
            s.setLong(1, Integer.toUnsignedLong(KEY_HIGH));
            s.setLong(2, Integer.toUnsignedLong(KEY_LOW));
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return "the holder has just finished; try again";
                }
                return "pid " + rs.getInt(1) + ", application '" + rs.getString(2) + "', role " + rs.getString(3)
                        + ", client " + rs.getString(4) + ", connected since " + rs.getObject(5);
            }
        }
    }

    @Override
    public void close() {
        // closing the session releases the lock, also when the server is gone
        Connections.closeQuietly(connection);
    }

}
