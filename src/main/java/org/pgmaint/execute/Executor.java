package org.pgmaint.execute;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.pgmaint.db.ConnectionSettings;
import org.pgmaint.db.Connections;
import org.pgmaint.db.DatabaseUnavailableException;
import org.pgmaint.db.SqlState;
import org.pgmaint.model.Action;
import org.pgmaint.plan.Plan;
import org.pgmaint.plan.PlannedAction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a plan's approved actions: up to {@code jobs} workers, each on its own autocommit connection with
 * lock_timeout and statement_timeout set (bound through set_config), never two actions on one table at once,
 * no new action once the budget is spent. A failed action fails alone; a job whose connection is terminated
 * reconnects once and goes on; when the database goes away the run stops within seconds and the result says which
 * actions completed. Before each action the run lock is checked: once lost, no action starts. Interrupted (a
 * signal), it starts nothing more and cancels its running statements on the server.
 */
public final class Executor {
    /** Prefix of the run error written when the database went away mid-run (exit code 3). */
    public static final String DATABASE_LOST = "database unavailable";
    /** Prefix of the run error written when the run lock's session was lost mid-run (exit code 3). */
    public static final String RUN_LOCK_LOST = "run lock lost";
    /** Prefix of the run error (and of the details of the actions stopped) when a signal stopped the run. */
    public static final String INTERRUPTED = "interrupted by ";
    static final String BUDGET = "budget";
    static final String LOCK_TIMEOUT = "lock timeout";
    private static final long NETWORK_GRACE_MILLIS = 30_000;
    private static final Logger log = LoggerFactory.getLogger(Executor.class);

    private final ConnectionSettings connectionSettings;
    private final ExecutorSettings settings;
    private final HandlerRegistry handlers;
    private final RunLock lock;
    private final Interruption interruption;
    private final JobBackends backends = new JobBackends();

    /**
     * @param lock         the run lock, checked before each action
     * @param interruption raised by a signal: no new action, running statements cancelled
     */
    public Executor(ConnectionSettings connectionSettings, ExecutorSettings settings, HandlerRegistry handlers,
                    RunLock lock, Interruption interruption) {
        this.connectionSettings = connectionSettings;
        this.settings = settings;
        this.handlers = handlers;
        this.lock = lock;
        this.interruption = interruption;
    }

    /** True when the run ended because the database went away or the run lock was lost (exit code 3). */
    public static boolean databaseLost(RunResult result) {
        return result.errors().stream().anyMatch(e -> e.startsWith(DATABASE_LOST) || e.startsWith(RUN_LOCK_LOST));
    }

    /** The signal ("SIGTERM", "SIGINT") that stopped the run, if one did. */
    public static Optional<String> interruptedBy(RunResult result) {
        return result.errors().stream().filter(e -> e.startsWith(INTERRUPTED))
                .map(e -> e.substring(INTERRUPTED.length()).split("[^A-Z]", 2)[0]).findFirst();
    }

    /**
     * Executes the approved, still planned actions of the plan and returns the plan with every action's
     * outcome; actions not approved are reported skipped with their reason.
     */
    public RunResult execute(Plan plan, Instant startedAt, Deadline deadline) {
        List<PlannedAction> actions = Collections.synchronizedList(new ArrayList<>(plan.actions()));
        List<Integer> runnable = new ArrayList<>();
        for (int i = 0; i < actions.size(); i++) {
            PlannedAction a = actions.get(i);
            if (!PlannedAction.PLANNED.equals(a.status())) {
                continue;
            }
            if (a.approved()) {
                runnable.add(i);
            } else {
                actions.set(i, a.withOutcome(PlannedAction.SKIPPED, a.detail() == null ? "not approved" : a.detail(), null));
            }
        }
        WorkQueue queue = new WorkQueue(runnable, i -> actions.get(i).action().target(), deadline);
        Progress progress = new Progress(plan.actions().size());
        Stops stops = new Stops();
        int workers = Math.max(1, Math.min(settings.jobs(), runnable.size()));
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < workers && !runnable.isEmpty(); w++) {
            Thread thread = new Thread(org.pgmaint.model.LogContext.carried(() -> work(queue, actions, progress, deadline, stops)),
                    "pgmaint-job-" + (w + 1));
            threads.add(thread);
        }
        try (Interruption.Registration listening = interruption.listen(() -> {
            queue.abort();
            Thread canceller = new Thread(org.pgmaint.model.LogContext.carried(() -> backends.cancelUntilEnded(
                    connectionSettings, threads, interruption.signal())), "pgmaint-cancel");
            canceller.setDaemon(true);
            canceller.start();
        })) {
            threads.forEach(Thread::start);
            for (Thread thread : threads) {
                thread.join();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            queue.abort();
        }
        String notStarted = stops.database.get() != null ? "not started: " + DATABASE_LOST
                : stops.lock.get() != null ? "not started: " + RUN_LOCK_LOST
                : interruption.raised() ? "not started: " + INTERRUPTED + interruption.signal() : BUDGET;
        for (Integer i : queue.unclaimed()) {
            actions.set(i, actions.get(i).withOutcome(PlannedAction.SKIPPED, notStarted, null));
        }
        List<String> errors = errors(actions, stops);
        Plan done = new Plan(plan.database(), plan.serverVersion(), plan.serverMajor(), plan.mode(), actions,
                plan.findings(), plan.skippedChecks(), plan.failedChecks(), false, plan.remediation());
        return new RunResult(done, false, startedAt, Instant.now(), errors);
    }

    /** The run errors: what a signal stopped, the database or the run lock lost (each with what completed). */
    private List<String> errors(List<PlannedAction> actions, Stops stops) {
        List<String> errors = new ArrayList<>();
        if (interruption.raised()) {
            String notStarted = "not started: " + INTERRUPTED + interruption.signal();
            List<String> stopped = actions.stream().filter(a -> a.detail() != null && a.detail().startsWith(INTERRUPTED))
                    .map(a -> "#" + a.id() + " " + Progress.describe(a)).toList();
            long skipped = actions.stream().filter(a -> notStarted.equals(a.detail())).count();
            // a signal arriving after the last action stopped nothing
            if (!stopped.isEmpty() || skipped > 0) {
                errors.add(INTERRUPTED + interruption.signal() + ": " + (stopped.isEmpty() ? "no action was running"
                        : "stopped " + String.join(", ", stopped) + " (cancelled on the server)") + "; " + skipped
                        + " action(s) not started; completed before: " + completed(actions));
            }
        }
        if (stops.database.get() != null) {
            errors.add(DATABASE_LOST + ": " + stops.database.get() + "; completed before: " + completed(actions));
        } else if (stops.lock.get() != null) {
            errors.add(RUN_LOCK_LOST + ": " + stops.lock.get() + "; no action was started after that, so a second run"
                    + " could take the lock; completed before: " + completed(actions));
        }
        return errors;
    }

    /** Why the run stopped starting actions, first reason of each kind. */
    private static final class Stops {
        final AtomicReference<String> database = new AtomicReference<>();
        final AtomicReference<String> lock = new AtomicReference<>();
    }

    private void work(WorkQueue queue, List<PlannedAction> actions, Progress progress, Deadline deadline, Stops stops) {
        Connection connection = null;
        try {
            Integer index;
            while ((index = queue.claim()) != null) {
                PlannedAction planned = actions.get(index);
                if (interruption.raised()) {
                    actions.set(index, planned.withOutcome(PlannedAction.SKIPPED,
                            "not started: " + INTERRUPTED + interruption.signal(), null));
                    queue.release(index);
                    continue;
                }
                String lockLost = lock.lost();
                if (lockLost != null) {
                    if (stops.lock.compareAndSet(null, lockLost)) {
                        log.error("{}: {}; starting no more actions", RUN_LOCK_LOST, lockLost);
                    }
                    queue.abort();
                    actions.set(index, planned.withOutcome(PlannedAction.SKIPPED, "not started: " + RUN_LOCK_LOST, null));
                    queue.release(index);
                    continue;
                }
                progress.started(planned);
                long start = System.nanoTime();
                Outcome outcome;
                try {
                    if (connection == null) {
                        connection = open();
                    }
                    outcome = runOne(connection, planned, deadline);
                } catch (DatabaseUnavailableException e) {
                    stops.database.compareAndSet(null, e.getMessage());
                    queue.abort();
                    outcome = Outcome.failed(DATABASE_LOST + ": " + e.getMessage());
                } catch (SQLException e) {
                    outcome = classify(e, deadline);
                    if (Connections.isConnectionLost(e)) {
                        backends.close(connection);
                        connection = null;
                        if (!interruption.raised()) {
                            connection = reconnect(planned, e, stops, queue);
                            if (connection != null) {
                                outcome = Outcome.failed("lost its connection: " + Connections.firstLine(e)
                                        + noteOf(e) + "; the server is up: reconnected for the next actions");
                            }
                        }
                    }
                    if (e instanceof PartialOutcomeException partial) {
                        outcome = partial.completing(outcome);
                    }
                } catch (RuntimeException e) {
                    outcome = Outcome.failed("internal error: " + e);
                }
                if (interruption.raised() && PlannedAction.FAILED.equals(outcome.status())) {
                    outcome = new Outcome(PlannedAction.FAILED, INTERRUPTED + interruption.signal() + ": "
                            + outcome.detail(), outcome.figures());
                }
                long millis = (System.nanoTime() - start) / 1_000_000;
                PlannedAction finished = withFigures(planned, outcome.figures())
                        .withOutcome(outcome.status(), outcome.detail(), millis);
                actions.set(index, finished);
                progress.finished(finished);
                queue.release(index);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            backends.close(connection);
        }
    }

    /**
     * A terminated backend (pg_terminate_backend, a pooler, idle_session_timeout) is not a dead database: one new
     * connection, and the job goes on. Null when that fails too: then the database is gone and the run stops.
     */
    private Connection reconnect(PlannedAction planned, SQLException lostWith, Stops stops, WorkQueue queue) {
        try {
            Connection fresh = open();
            log.warn("{} lost its connection during action {} ({}); reconnected", Thread.currentThread().getName(),
                    planned.id(), Connections.firstLine(lostWith));
            return fresh;
        } catch (DatabaseUnavailableException | SQLException e) {
            stops.database.compareAndSet(null, "lost the connection during action " + planned.id() + ": "
                    + Connections.firstLine(lostWith));
            queue.abort();
            return null;
        }
    }

    private static String noteOf(SQLException e) {
        return e instanceof NotedSQLException noted ? "; " + noted.note() : "";
    }

    private Outcome runOne(Connection connection, PlannedAction planned, Deadline deadline) throws SQLException {
        ActionHandler handler = handlers.handler(planned.action().kind()).orElse(null);
        if (handler == null) {
            return Outcome.failed("no handler for action kind " + planned.action().kind().id());
        }
        long timeout = statementTimeoutMillis(deadline);
        setting(connection, "statement_timeout", timeout + "ms");
        // the server enforces statement_timeout; this bounds a wait on a server that can no longer answer
        // (network gone, host down), so such a run ends instead of hanging
        connection.setNetworkTimeout(Runnable::run, (int) Math.min(Integer.MAX_VALUE, timeout + NETWORK_GRACE_MILLIS));
        return handler.execute(connection, planned, deadline);
    }

    /** The configured statement_timeout, capped by what is left of the budget: a run never overruns it by much. */
    private long statementTimeoutMillis(Deadline deadline) {
        long left = Math.max(1, deadline.remaining().toMillis());
        long configured = settings.statementTimeout().toMillis();
        return configured > 0 ? Math.min(configured, left) : left;
    }

    private Outcome classify(SQLException e, Deadline deadline) {
        String note = e instanceof NotedSQLException noted ? "; " + noted.note() : "";
        String message = Connections.firstLine(e);
        if (SqlState.is(e, SqlState.LOCK_NOT_AVAILABLE)) {
            return Outcome.skipped(LOCK_TIMEOUT + " (" + settings.lockTimeout().toMillis() + " ms)" + note);
        }
        if (SqlState.is(e, SqlState.QUERY_CANCELED) && message.contains("statement timeout")) {
            if (deadline.remaining().toMillis() < 1000) {
                return Outcome.skipped(BUDGET + ": stopped at the end of the runtime budget" + note);
            }
            return Outcome.failed("statement timeout (" + settings.statementTimeout().toMillis() + " ms)" + note);
        }
        if (Connections.isConnectionLost(e)) {
            return Outcome.failed(DATABASE_LOST + ": " + message + note);
        }
        return Outcome.failed(message + note);
    }

    private Connection open() throws SQLException {
        Connection connection = Connections.open(connectionSettings);
        try {
            connection.setAutoCommit(true);
            backends.add(connection);
            // a job waiting for a busy table idles: an idle_session_timeout (14+) set on the database must not end it
            String idle = Connections.serverMajor(connection) >= 14
                    ? ", pg_catalog.set_config('idle_session_timeout', '0', false)" : "";
            try (PreparedStatement s = connection.prepareStatement("select /* pgmaint:executor */"
                    + " pg_catalog.set_config('lock_timeout', ?, false)" + idle)) {
                s.setString(1, settings.lockTimeout().toMillis() + "ms");
                s.execute();
            }
            return connection;
        } catch (SQLException e) {
            backends.close(connection);
            throw e;
        }
    }

    private static void setting(Connection connection, String name, String value) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("select /* pgmaint:executor */ pg_catalog.set_config(?, ?, false)")) {
            s.setString(1, name);
            s.setString(2, value);
            s.execute();
        }
    }

    private static PlannedAction withFigures(PlannedAction planned, Map<String, Object> figures) {
        Action action = planned.action();
        for (Map.Entry<String, Object> figure : figures.entrySet()) {
            action = action.withDetail(figure.getKey(), figure.getValue());
        }
        return new PlannedAction(planned.id(), action, planned.approved(), planned.sql(), planned.status(),
                planned.detail(), planned.durationMillis());
    }

    private static String completed(List<PlannedAction> actions) {
        List<String> done = actions.stream().filter(a -> PlannedAction.DONE.equals(a.status()))
                .map(a -> "#" + a.id() + " " + Progress.describe(a)).toList();
        return done.isEmpty() ? "none" : String.join(", ", done);
    }

}
