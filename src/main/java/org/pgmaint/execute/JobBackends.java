package org.pgmaint.execute;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.pgmaint.db.ConnectionSettings;
import org.pgmaint.db.Connections;
import org.pgmaint.db.DatabaseUnavailableException;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backend pids of the executor jobs' open connections, and what a signal does with them: cancel, with
 * pg_cancel_backend, the action statements they run, round after round until every job has ended, so that a
 * statement a job starts just as the signal arrives is cancelled too. Only these pids (a client cannot copy
 * them), and only while they run an action's statement.
 */
final class JobBackends {
    private static final Logger log = LoggerFactory.getLogger(JobBackends.class);
    private static final long ROUND_MILLIS = 200;
    /**
     * The statements a signal cancels: the actions' own, and the count of expired rows a purge makes after it
     * stopped (a scan of the table). Not the other look-ups, the session settings a purge restores, nor the DROP
     * INDEX CONCURRENTLY that cleans up after an interrupted REINDEX CONCURRENTLY.
     */
    private static final String CANCELLABLE = "^\\s*((with\\s+deleted\\s+as\\s*\\(\\s*)?(vacuum|analyze|reindex|delete|cluster)\\M"
            + "|select\\s+/\\*\\s*pgmaint:retention_expired\\s*\\*/)";
    private static final String CANCEL = "select /* pgmaint:executor */ a.pid, a.query, pg_catalog.pg_cancel_backend(a.pid)"
            + " from pg_catalog.pg_stat_activity a where a.pid = any(?) and a.state = 'active' and a.query ~* ?";

    private final Set<Integer> pids = ConcurrentHashMap.newKeySet();

    void add(Connection connection) throws SQLException {
        pids.add(connection.unwrap(PGConnection.class).getBackendPID());
    }

    /** Closes the connection (it may be broken) and forgets its backend. */
    void close(Connection connection) {
        if (connection == null) {
            return;
        }
        try {
            pids.remove(connection.unwrap(PGConnection.class).getBackendPID());
        } catch (SQLException ignored) {
            // not a PostgreSQL connection: never added
        }
        Connections.closeQuietly(connection);
    }

    /** Cancels the jobs' action statements on a connection of its own until none of the jobs is alive. */
    void cancelUntilEnded(ConnectionSettings settings, List<Thread> jobs, String signal) {
        Set<Integer> reported = new HashSet<>();
        try (Connection control = Connections.open(settings)) {
            control.setNetworkTimeout(Runnable::run, 5_000);
            while (jobs.stream().anyMatch(Thread::isAlive)) {
                Integer[] running = pids.toArray(Integer[]::new);
                if (running.length > 0) {
                    try (PreparedStatement s = control.prepareStatement(CANCEL)) {
                        s.setArray(1, control.createArrayOf("int4", running));
                        s.setString(2, CANCELLABLE);
                        try (ResultSet rs = s.executeQuery()) {
                            while (rs.next()) {
                                if (reported.add(rs.getInt(1))) {
                                    log.warn("{}: cancelled on pid {}: {}", signal, rs.getInt(1),
                                            rs.getString(2).strip().replaceAll("\\s+", " "));
                                }
                            }
                        }
                    }
                }
                Thread.sleep(ROUND_MILLIS);
            }
        } catch (DatabaseUnavailableException e) {
            log.error("{}: could not cancel the running statements: {}", signal, e.getMessage());
        } catch (SQLException e) {
            log.error("{}: could not cancel the running statements: {}", signal, Connections.firstLine(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
