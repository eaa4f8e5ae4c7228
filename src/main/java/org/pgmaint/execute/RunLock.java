package org.pgmaint.execute;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.pgmaint.db.ConnectionSettings;
import org.pgmaint.db.Connections;
import org.pgmaint.db.DatabaseUnavailableException;

/**
 * One run at a time per database: a session-level advisory lock held on its own connection for the whole
 * run (advisory locks are per database, so runs on other databases do not collide). A second run fails at
 * once with {@link AnotherRunException}, naming the holder from pg_locks and pg_stat_activity.
 * <p>
 * The lock's session is exempt from the server's idle timeouts (idle_session_timeout, 14+, and
 * idle_in_transaction_session_timeout), and {@link #lost} tells, before each action, whether it still holds the
 * lock. Once taken, the lock is not acted under while another pgmaint process's maintenance statement still runs
 * on the database (a killed run's VACUUM goes on on the server): the run waits up to {@link #OTHER_RUN_WAIT}, then
 * refuses with {@link AnotherRunException} naming the pid.
 */
public final class RunLock implements AutoCloseable {
    /** The two 32-bit halves of the lock key: "pgm" and "aint" as bytes. */
    static final int KEY_HIGH = 0x0070676d;
    static final int KEY_LOW = 0x61696e74;

    /** How long a run waits for another pgmaint process's maintenance statement to end before refusing. */
    static final Duration OTHER_RUN_WAIT = Duration.ofSeconds(10);
    /**
     * pg_stat_activity.query of a statement that maintains (the executor's and the retention purge's), as a
     * case-insensitive POSIX regular expression; collection queries (select) are not maintenance.
     */
    private static final String MAINTENANCE_STATEMENT =
            "^\\s*(with\\s+deleted\\s+as\\s*\\(\\s*)?(vacuum|analyze|reindex|delete|drop\\s+index|cluster)\\M";
    /** The lock's session answers a check within this, or the lock counts as lost. */
    private static final int CHECK_TIMEOUT_MILLIS = 5_000;
    private static final Duration OTHER_RUN_POLL = Duration.ofMillis(500);
    private static final String HOLDS = "select /* pgmaint:run_lock */ count(*) from pg_catalog.pg_locks"
            + " where locktype = 'advisory' and granted and pid = pg_catalog.pg_backend_pid()"
            + " and classid::bigint = ? and objid::bigint = ? and objsubid = 2";
    private static final String OTHER_RUNS = "select /* pgmaint:run_lock */ a.pid, a.query,"
            + " extract(epoch from pg_catalog.now() - a.query_start)::bigint, a.usename::text,"
            + " coalesce(host(a.client_addr), 'local socket')"
            + " from pg_catalog.pg_stat_activity a where a.datname = pg_catalog.current_database()"
            + " and a.pid <> pg_catalog.pg_backend_pid() and a.state = 'active'"
            // pgmaint's name, or this run's own when the connection string names one (application_name=nightly)
            + " and a.application_name in (?, pg_catalog.current_setting('application_name'))"
            + " and a.backend_type = 'client backend' and a.query ~* ? order by a.pid";

    private final Connection connection;
    private String lost;

    private RunLock(Connection connection) {
        this.connection = connection;
    }

    /** Takes the lock, then waits (up to {@link #OTHER_RUN_WAIT}, or until interrupted) for other runs' statements. */
    public static RunLock acquire(ConnectionSettings settings, Interruption interruption) {
        Connection connection = Connections.open(settings);
        try {
            boolean locked;
            try (PreparedStatement s = connection.prepareStatement(lockStatement(Connections.serverMajor(connection)))) {
                s.setInt(1, KEY_HIGH);
                s.setInt(2, KEY_LOW);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    locked = rs.getBoolean(rs.getMetaData().getColumnCount());
                }
            }
            if (!locked) {
                String holder = holder(connection);
                connection.close();
                throw new AnotherRunException("another pgmaint run is in progress on database " + settings.dbname()
                        + " (it holds the maintenance lock: " + holder + "); this run did nothing");
            }
            awaitOtherRuns(connection, settings, interruption);
            connection.setNetworkTimeout(Runnable::run, CHECK_TIMEOUT_MILLIS);
            return new RunLock(connection);
        } catch (SQLException e) {
            Connections.closeQuietly(connection);
            throw new DatabaseUnavailableException("cannot take the maintenance lock on " + settings.describe() + ": "
                    + Connections.firstLine(e), e);
        } catch (RuntimeException e) {
            Connections.closeQuietly(connection);
            throw e;
        }
    }

    /**
     * The session is exempt from the idle timeouts a database or role may set: ended by the server, it would free
     * the lock for a second run while this one acts.
     */
    private static String lockStatement(int serverMajor) {
        return "select /* pgmaint:run_lock */"
                + " pg_catalog.set_config('idle_in_transaction_session_timeout', '0', false),"
                + (serverMajor >= 14 ? " pg_catalog.set_config('idle_session_timeout', '0', false)," : "")
                + " pg_catalog.pg_try_advisory_lock(?, ?)";
    }

    /**
     * Another pgmaint process's maintenance statement still running here is a run killed (SIGKILL, a crash) whose
     * statements the server goes on executing: acting beside it would be two runs at once. This process has, at
     * this point, no connection but this one and the planning connection, which has run nothing yet; so every
     * other pgmaint backend running a maintenance statement belongs to another process.
     */
    private static void awaitOtherRuns(Connection connection, ConnectionSettings settings, Interruption interruption)
            throws SQLException {
        long deadline = System.nanoTime() + OTHER_RUN_WAIT.toNanos();
        List<OtherRun> others = otherRuns(connection);
        while (!others.isEmpty()) {
            if (System.nanoTime() - deadline >= 0) {
                connection.close();
                throw new AnotherRunException("a maintenance statement of another pgmaint process is still running on"
                        + " database " + settings.dbname() + " (" + others.stream().map(OtherRun::description)
                        .collect(Collectors.joining("; ")) + "), most likely from a run that was killed; waited "
                        + OTHER_RUN_WAIT.toSeconds() + " s; this run did nothing. Let it finish, or cancel it: "
                        + others.stream().map(o -> "SELECT pg_cancel_backend(" + o.pid() + ");").collect(Collectors.joining(" ")));
            }
            if (interruption.sleep(OTHER_RUN_POLL)) {
                return;
            }
            others = otherRuns(connection);
        }
    }

    private record OtherRun(int pid, String description) {
    }

    private static List<OtherRun> otherRuns(Connection connection) throws SQLException {
        List<OtherRun> found = new ArrayList<>();
        try (PreparedStatement s = connection.prepareStatement(OTHER_RUNS)) {
            s.setString(1, Connections.APPLICATION_NAME);
            s.setString(2, MAINTENANCE_STATEMENT);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    String query = rs.getString(2).strip().replaceAll("\\s+", " ");
                    found.add(new OtherRun(rs.getInt(1), "pid " + rs.getInt(1) + " running for " + rs.getLong(3) + " s: "
                            + (query.length() > 120 ? query.substring(0, 120) + "..." : query)
                            + " (role " + rs.getString(4) + ", client " + rs.getString(5) + ")"));
                }
            }
        }
        return found;
    }

    /**
     * Null while this run holds the lock; otherwise why not (the session ended, or does not hold it). Asked before
     * each action by every job: one at a time, on the lock's own session, with a short network timeout.
     */
    public synchronized String lost() {
        if (lost != null) {
            return lost;
        }
        try (PreparedStatement s = connection.prepareStatement(HOLDS)) {
            s.setLong(1, Integer.toUnsignedLong(KEY_HIGH));
            s.setLong(2, Integer.toUnsignedLong(KEY_LOW));
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                if (rs.getLong(1) == 0) {
                    lost = "the lock's session no longer holds the maintenance lock";
                }
            }
        } catch (SQLException e) {
            lost = "the lock's session ended (" + Connections.firstLine(e) + ")";
        }
        return lost;
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
