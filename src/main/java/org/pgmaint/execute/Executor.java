package org.pgmaint.execute;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.pgmaint.db.ConnectionSettings;
import org.pgmaint.db.Connections;
import org.pgmaint.db.DatabaseUnavailableException;
import org.pgmaint.model.Action;
import org.pgmaint.plan.Plan;
import org.pgmaint.plan.PlannedAction;
import org.pgmaint.report.RunResult;

/**
 * Runs a plan's approved actions: up to {@code jobs} workers, each on its own autocommit connection with
 * lock_timeout and statement_timeout set (bound through set_config), never two actions on one table at once,
 * no new action once the budget is spent. A failed action fails alone; when the database goes away the run
 * stops within seconds and the result says which actions completed.
 */
public final class Executor {
    /** Prefix of the run error written when the database went away mid-run (exit code 3). */
    public static final String DATABASE_LOST = "database unavailable";
    static final String BUDGET = "budget";
    static final String LOCK_TIMEOUT = "lock timeout";
    private static final long NETWORK_GRACE_MILLIS = 30_000;

    private final ConnectionSettings connectionSettings;
    private final ExecutorSettings settings;
    private final HandlerRegistry handlers;

    public Executor(ConnectionSettings connectionSettings, ExecutorSettings settings, HandlerRegistry handlers) {
        this.connectionSettings = connectionSettings;
        this.settings = settings;
        this.handlers = handlers;
    }

    /** True when the run ended because the database went away. */
    public static boolean databaseLost(RunResult result) {
        return result.errors().stream().anyMatch(e -> e.startsWith(DATABASE_LOST));
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
        AtomicReference<String> lost = new AtomicReference<>();
        int workers = Math.max(1, Math.min(settings.jobs(), runnable.size()));
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < workers && !runnable.isEmpty(); w++) {
            Thread thread = new Thread(() -> work(queue, actions, progress, deadline, lost), "pgmaint-job-" + (w + 1));
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                queue.abort();
            }
        }
        for (Integer i : queue.unclaimed()) {
            String detail = lost.get() != null ? "not started: " + DATABASE_LOST : BUDGET;
            actions.set(i, actions.get(i).withOutcome(PlannedAction.SKIPPED, detail, null));
        }
        List<String> errors = new ArrayList<>();
        if (lost.get() != null) {
            errors.add(DATABASE_LOST + ": " + lost.get() + "; completed before: " + completed(actions));
        }
        Plan done = new Plan(plan.database(), plan.serverVersion(), plan.serverMajor(), plan.mode(), actions,
                plan.findings(), plan.skippedChecks(), plan.failedChecks());
        return new RunResult(done, false, startedAt, Instant.now(), errors);
    }

    private void work(WorkQueue queue, List<PlannedAction> actions, Progress progress, Deadline deadline,
                      AtomicReference<String> lost) {
        Connection connection = null;
        try {
            Integer index;
            while ((index = queue.claim()) != null) {
                PlannedAction planned = actions.get(index);
                progress.started(planned);
                long start = System.nanoTime();
                Outcome outcome;
                try {
                    if (connection == null) {
                        connection = open();
                    }
                    outcome = runOne(connection, planned, deadline);
                } catch (DatabaseUnavailableException e) {
                    lost.compareAndSet(null, e.getMessage());
                    queue.abort();
                    outcome = Outcome.failed(DATABASE_LOST + ": " + e.getMessage());
                } catch (SQLException e) {
                    if (Connections.isConnectionLost(e)) {
                        lost.compareAndSet(null, "lost the connection during action " + planned.id() + ": "
                                + Connections.firstLine(e));
                        queue.abort();
                    }
                    outcome = classify(e, deadline);
                    if (e instanceof PartialOutcomeException partial) {
                        outcome = partial.completing(outcome);
                    }
                } catch (RuntimeException e) {
                    outcome = Outcome.failed("internal error: " + e);
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
            Connections.closeQuietly(connection);
        }
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
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String message = Connections.firstLine(e);
        if (state.equals("55P03")) {
            return Outcome.skipped(LOCK_TIMEOUT + " (" + settings.lockTimeout().toMillis() + " ms)" + note);
        }
        if (state.equals("57014") && message.contains("statement timeout")) {
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
        connection.setAutoCommit(true);
        setting(connection, "lock_timeout", settings.lockTimeout().toMillis() + "ms");
        return connection;
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
