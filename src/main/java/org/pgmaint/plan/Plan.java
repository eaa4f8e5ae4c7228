package org.pgmaint.plan;

import java.util.List;
import org.pgmaint.collect.CheckNotRun;
import org.pgmaint.model.Finding;
import org.pgmaint.model.Mode;

/**
 * The ordered actions and the findings of one planning pass, with the checks that did not run. {@code standby}:
 * the server is a hot standby, so nothing is planned (maintenance runs on the primary). {@code remediation}: the
 * findings' suggestions reconciled into one script ({@link Reconciler}); without one given, reconciled from the
 * findings alone (nothing read from the database: no revert).
 */
public record Plan(String database, String serverVersion, int serverMajor, Mode mode, List<PlannedAction> actions,
                   List<Finding> findings, List<CheckNotRun> skippedChecks, List<CheckNotRun> failedChecks,
                   boolean standby, Remediation remediation) {
    /** The version of the JSON a plan is saved and reported as ({@code plan --out}, docs/json-report.md). */
    public static final int SCHEMA_VERSION = 1;

    public Plan {
        actions = List.copyOf(actions);
        findings = List.copyOf(findings);
        skippedChecks = List.copyOf(skippedChecks);
        failedChecks = List.copyOf(failedChecks);
        remediation = remediation != null ? remediation : Reconciler.reconcile(findings, ScriptCatalog.UNKNOWN);
    }

    public Plan(String database, String serverVersion, int serverMajor, Mode mode, List<PlannedAction> actions,
                List<Finding> findings, List<CheckNotRun> skippedChecks, List<CheckNotRun> failedChecks,
                boolean standby) {
        this(database, serverVersion, serverMajor, mode, actions, findings, skippedChecks, failedChecks, standby, null);
    }

    /** A plan of a primary. */
    public Plan(String database, String serverVersion, int serverMajor, Mode mode, List<PlannedAction> actions,
                List<Finding> findings, List<CheckNotRun> skippedChecks, List<CheckNotRun> failedChecks) {
        this(database, serverVersion, serverMajor, mode, actions, findings, skippedChecks, failedChecks, false);
    }

    /** The same plan with the findings' suggestions reconciled with what the database says ({@link ScriptCatalog}). */
    public Plan withRemediation(Remediation value) {
        return new Plan(database, serverVersion, serverMajor, mode, actions, findings, skippedChecks, failedChecks,
                standby, value);
    }

    /** The same plan with other findings (its remediation made again from them). */
    public Plan withFindings(List<Finding> value) {
        return new Plan(database, serverVersion, serverMajor, mode, actions, value, skippedChecks, failedChecks, standby);
    }

    /** The same plan with other findings and the remediation made of them. */
    public Plan withFindings(List<Finding> value, Remediation remediation) {
        return new Plan(database, serverVersion, serverMajor, mode, actions, value, skippedChecks, failedChecks, standby,
                remediation);
    }

    public boolean full() {
        return mode == Mode.FULL;
    }
}
