package org.pgmaint.execute;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Map;
import org.pgmaint.db.Connections;
import org.pgmaint.model.Action;
import org.pgmaint.plan.PlannedAction;

/**
 * Cancels a long-running client query with pg_cancel_backend. The backend's identity (pid, backend_start,
 * query_start) and every exclusion (own backend, non-client backends, other databases, excluded roles and
 * application_names) are checked in the same statement that cancels, with bound values, so a pid reused by
 * another session or a query that finished in between is never hit. Optionally, after
 * {@code cancel.terminate_after}, the same backend still running the same query is terminated.
 */
final class CancelQueryHandler implements ActionHandler {
    private static final String SAME_BACKEND = " from pg_catalog.pg_stat_activity a"
            + " where a.pid = ? and a.backend_start = ? and a.query_start = ?"
            + " and a.state = 'active' and a.backend_type = 'client backend'"
            + " and a.pid <> pg_catalog.pg_backend_pid() and a.datname = pg_catalog.current_database()"
            + " and a.usename <> all(?) and a.application_name <> all(?) and a.pid <> all(?)";
    private static final long POLL_MILLIS = 200;

    private final ExecutorSettings settings;

    CancelQueryHandler(ExecutorSettings settings) {
        this.settings = settings;
    }

    @Override
    public Outcome execute(Connection connection, PlannedAction planned, Deadline deadline) throws SQLException {
        Action action = planned.action();
        Boolean cancelled = signal(connection, action, "pg_cancel_backend");
        if (cancelled == null) {
            return Outcome.skipped("stale: backend pid " + action.details().get("pid")
                    + " is no longer running that query (pid, backend_start or query_start differ), or is excluded");
        }
        if (!cancelled) {
            return Outcome.failed("pg_cancel_backend returned false (no permission to signal pid "
                    + action.details().get("pid") + "?)");
        }
        if (settings.terminateAfter().isZero()) {
            return Outcome.done();
        }
        long end = System.nanoTime() + settings.terminateAfter().toNanos();
        while (System.nanoTime() < end && !deadline.expired()) {
            if (signal(connection, action, "pg_backend_pid") == null) {
                return Outcome.done();
            }
            sleep();
        }
        Boolean terminated = signal(connection, action, "pg_terminate_backend");
        if (terminated == null) {
            return Outcome.done();
        }
        return terminated
                ? new Outcome(PlannedAction.DONE, "still running " + settings.terminateAfter().toSeconds()
                        + " s after the cancel: backend terminated", Map.of("terminated", true))
                : Outcome.failed("cancelled, but the query kept running and pg_terminate_backend returned false");
    }

    /**
     * Calls a signalling function on the backend if, and only if, it is still the same one running the same
     * query and is not excluded; null when no such backend exists. With pg_backend_pid it only checks.
     */
    private Boolean signal(Connection connection, Action action, String function) throws SQLException {
        String call = function.equals("pg_backend_pid") ? "true" : "pg_catalog." + function + "(a.pid)";
        try (PreparedStatement s = connection.prepareStatement("select /* pgmaint:cancel_query */ " + call + SAME_BACKEND)) {
            s.setInt(1, ((Number) action.details().get("pid")).intValue());
            s.setObject(2, timestamp(action, "backend_start"));
            s.setObject(3, timestamp(action, "query_start"));
            Array roles = connection.createArrayOf("text", settings.excludeRoles().toArray());
            Array applications = connection.createArrayOf("text", settings.excludeApplications().toArray());
            s.setArray(4, roles);
            s.setArray(5, applications);
            // pgmaint's own backends by pid, never by application_name: a client can call itself pgmaint
            s.setArray(6, connection.createArrayOf("int4", Connections.ownBackendPids().toArray()));
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getBoolean(1) : null;
            }
        }
    }

    private static OffsetDateTime timestamp(Action action, String key) {
        Object value = action.details().get(key);
        if (value == null || "null".equals(value.toString())) {
            throw new IllegalArgumentException("cancel_query action without " + key + ": cannot verify the backend");
        }
        return OffsetDateTime.parse(value.toString());
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
