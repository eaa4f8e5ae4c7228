package org.pgmaint.cli;

import java.util.Optional;
import org.pgmaint.execute.Executor;
import org.pgmaint.report.Alert;
import org.pgmaint.execute.RunResult;

/** Process exit codes; documented in README.md and docs/reports.md, and stable. */
public final class ExitCodes {
    /** Finished; nothing needs a human. */
    public static final int OK = 0;
    /**
     * Finished, but something needs a human (an alert): an action failed, a critical finding, the cache processor
     * lags, a check failed. The same for plan, report and dry runs as for real runs.
     */
    public static final int ALERTS = 1;
    /** Invalid command line, configuration, check catalog, rules or templates. */
    public static final int INVALID_INPUT = 2;
    /** The database could not be reached, refused the login, or went away. */
    public static final int DATABASE_UNAVAILABLE = 3;
    /** Another pgmaint run holds the database's maintenance lock. */
    public static final int ANOTHER_RUN = 4;
    /** Stopped by SIGINT (128 + 2), after cancelling its statements and writing the report and the alert. */
    public static final int INTERRUPTED_SIGINT = 130;
    /** Stopped by SIGTERM (128 + 15), after cancelling its statements and writing the report and the alert. */
    public static final int INTERRUPTED_SIGTERM = 143;
    /** An unexpected internal error (a bug): run again with --debug and report it. */
    public static final int INTERNAL_ERROR = 70;

    private ExitCodes() {
    }

    /**
     * The exit code of a finished plan, report, run (dry or not) or apply: one rule for all of them, so that a
     * cron job or a check_postgres-style probe reads the same code from {@code plan} as from {@code run --dry-run}.
     * 1 means exactly "the run would write an alert file": a critical finding, a lagging cache processor, a
     * failed check or action, a run error.
     */
    /**
     * The exit code of a run over several databases: the worst of theirs, in the order 0 &lt; 1 (alerts) &lt; 4
     * (another run) &lt; 2 (invalid input, e.g. a policy a database refuses) &lt; 70 &lt; 130/143 (interrupted); a
     * database that could not be reached counts as 1 (its failure is an alert), and 3 is the code only when no
     * database could be reached at all.
     */
    static int worst(java.util.List<Integer> codes) {
        if (!codes.isEmpty() && codes.stream().allMatch(c -> c == DATABASE_UNAVAILABLE)) {
            return DATABASE_UNAVAILABLE;
        }
        java.util.List<Integer> order = java.util.List.of(OK, ALERTS, ANOTHER_RUN, INVALID_INPUT, INTERNAL_ERROR,
                INTERRUPTED_SIGTERM, INTERRUPTED_SIGINT);
        int worst = OK;
        for (int code : codes) {
            int counted = code == DATABASE_UNAVAILABLE ? ALERTS : code;
            if (order.indexOf(counted) > order.indexOf(worst)) {
                worst = counted;
            }
        }
        return worst;
    }

    static int of(RunResult result) {
        Optional<String> signal = Executor.interruptedBy(result);
        if (signal.isPresent()) {
            return SignalTrap.exitCode(signal.get());
        }
        if (Executor.databaseLost(result)) {
            return DATABASE_UNAVAILABLE;
        }
        return Alert.of(result).isEmpty() ? OK : ALERTS;
    }
}
