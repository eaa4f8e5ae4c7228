package org.pgmaint.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.pgmaint.collect.CheckNotRun;
import org.pgmaint.execute.RunResult;
import org.pgmaint.model.ActionKind;
import org.pgmaint.model.Finding;
import org.pgmaint.model.Severity;
import org.pgmaint.plan.PlannedAction;
import org.pgmaint.plan.Remediation;

/**
 * What in a run needs a human, most urgent first, each with what to do first. A run needs an alert when it
 * could not complete (database unreachable, a check failed, a run error), an action failed, or a finding alerts:
 * a critical one, or one its rule marks ({@link Finding#alertAlways()}, {@link Finding#alertFirst()}). The alert
 * file names {@link #toSend} of them: not those {@code namedBefore}, the findings an earlier alert file named at this
 * severity or a higher one (history.alerts, detail {@code alerted_before}); the exit code and the outcome count all.
 *
 * @param rank lower is more urgent
 */
public record Alert(int rank, String title, String detail, String firstStep, boolean namedBefore) {
    public Alert(int rank, String title, String detail, String firstStep) {
        this(rank, title, detail, firstStep, false);
    }

    /** The alerts the alert file names: every one but those named by an earlier alert file and no worse now. */
    public static List<Alert> toSend(List<Alert> alerts) {
        return alerts.stream().filter(a -> !a.namedBefore()).toList();
    }

    public static List<Alert> of(RunResult run) {
        List<Alert> alerts = new ArrayList<>();
        for (String error : run.errors()) {
            alerts.add(new Alert(1, "The run did not complete", error,
                    "Read the run's maintenance_*.log for the cause, fix it, and run pgmaint again."));
        }
        for (int i = 0; i < run.plan().findings().size(); i++) {
            Finding f = run.plan().findings().get(i);
            boolean critical = f.severity() == Severity.CRITICAL;
            if (!critical && f.alerting() == Finding.Alerting.IF_CRITICAL) {
                continue;
            }
            String object = ReportModel.object(f).isEmpty() ? "database " + run.plan().database() : ReportModel.object(f);
            int rank = f.alerting() == Finding.Alerting.FIRST ? 0 : critical ? 3 : 4;
            String severity = f.severity().id().substring(0, 1).toUpperCase(Locale.ROOT) + f.severity().id().substring(1);
            alerts.add(new Alert(rank, severity + " " + f.kind() + " on " + object, f.message(),
                    firstStep(run.plan().remediation(), i, f, object), f.details().containsKey(Finding.ALERTED_BEFORE)));
        }
        for (PlannedAction p : run.plan().actions()) {
            if (PlannedAction.FAILED.equals(p.status())) {
                String detail = (p.detail() == null ? "no detail" : p.detail()) + " (planned because: " + p.action().reason() + ")";
                if (p.action().kind() == ActionKind.RETENTION_DELETE) {
                    // the purge's text reads like one DELETE: run by hand it would hold its locks and its dead rows
                    // for the whole table in one transaction, so the advice is pgmaint's own batched purge
                    alerts.add(new Alert(2, "Action " + p.id() + " failed: the retention purge of " + p.action().schema()
                            + "." + p.action().table(), detail,
                            "Read the error in the run's log; once the cause is fixed, run pgmaint again: it purges the rows"
                                    + " still expired in batches, a commit after each. Do not purge them by hand in one statement."));
                } else {
                    alerts.add(new Alert(2, "Action " + p.id() + " failed: " + p.sql(), detail,
                            "Read the error in the run's log; once the cause is fixed, run the statement again: " + p.sql()));
                }
            }
        }
        for (CheckNotRun c : run.plan().failedChecks()) {
            alerts.add(new Alert(5, "Check " + c.id() + " failed", c.reason(),
                    "Run `pgmaint validate` and `pgmaint report --debug`; the check's findings are missing until it runs."));
        }
        alerts.sort(Comparator.comparingInt(Alert::rank));
        return alerts;
    }

    /**
     * What the reconciled script does for the finding (a REINDEX of an index the script drops reads "drop it"), or
     * why its suggestion was left out of the script; the suggestion itself when there is no script.
     */
    private static String firstStep(Remediation remediation, int finding, Finding f, String object) {
        List<String> statements = remediation.statementsOf(finding).stream().map(s -> s.statement().sql() + ";").toList();
        List<String> withheld = remediation.withheld().stream().filter(w -> w.findings().contains(finding))
                .map(w -> w.statement().sql() + " was left out of the remediation script: " + w.reason()).toList();
        if (!statements.isEmpty()) {
            return "Run: " + String.join("\n", statements)
                    + (withheld.isEmpty() ? "" : " (" + String.join("; ", withheld) + ")");
        }
        if (!withheld.isEmpty()) {
            return "Investigate " + object + ": " + String.join("; ", withheld) + ".";
        }
        return f.suggestion() != null ? "Run: " + f.suggestion() : "Investigate " + object + " now.";
    }

    /** The single alert of a run that could not reach the database. */
    public static Alert unreachable(String message) {
        return new Alert(0, "The database could not be reached: no maintenance was done", message,
                "Check that PostgreSQL is running (systemctl status postgresql) and that the connection settings "
                        + "(host, port, user, ~/.pgpass) are right; then run bin/run_database_maintenance.sh by hand.");
    }
}
