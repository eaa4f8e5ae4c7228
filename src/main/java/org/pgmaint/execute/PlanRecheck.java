package org.pgmaint.execute;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.pgmaint.model.Action;
import org.pgmaint.model.ActionKind;
import org.pgmaint.plan.Approval;
import org.pgmaint.plan.ApprovalPolicy;
import org.pgmaint.plan.Plan;
import org.pgmaint.plan.PlannedAction;

/**
 * Before a saved plan is applied: each action must still be needed. The live database is planned again by
 * the same checks and rules; a saved action the fresh plan no longer contains (the table no longer has the
 * dead tuples; the backend is no longer the same pid with the same backend_start and query_start) is
 * skipped as stale, with the reason. The executor never re-decides anything else.
 */
public final class PlanRecheck {
    private PlanRecheck() {
    }

    /**
     * @param only ids named by --only (empty: every approved action); a named action whose kind's policy is
     *             manual runs too (that is what manual means), never one whose policy is never
     */
    public static Plan recheck(Plan saved, Plan fresh, Set<String> only, ApprovalPolicy policy) {
        Set<String> live = new HashSet<>();
        for (PlannedAction p : fresh.actions()) {
            live.add(key(p.action(), p.action().kind()));
            if (p.action().kind() == ActionKind.VACUUM && p.action().options().contains("ANALYZE")) {
                live.add(key(p.action(), ActionKind.ANALYZE));
            }
        }
        List<PlannedAction> checked = new ArrayList<>();
        for (PlannedAction p : saved.actions()) {
            Action a = p.action();
            boolean selected = only.isEmpty() || only.contains(p.id());
            boolean approved = p.approved() || (!only.isEmpty() && selected && policy.of(a.kind()) == Approval.MANUAL);
            if (!selected) {
                checked.add(p.withOutcome(PlannedAction.SKIPPED, "not selected (--only)", null));
            } else if (policy.of(a.kind()) == Approval.NEVER || !approved) {
                checked.add(p.withOutcome(PlannedAction.SKIPPED, p.detail() != null ? p.detail()
                        : "not approved (approval." + a.kind().id() + ")", null));
            } else if (!live.contains(key(a, a.kind()))) {
                checked.add(p.withOutcome(PlannedAction.SKIPPED, staleReason(a), null));
            } else {
                checked.add(new PlannedAction(p.id(), a, true, p.sql(), PlannedAction.PLANNED, null, null));
            }
        }
        return new Plan(saved.database(), fresh.serverVersion(), fresh.serverMajor(), saved.mode(), checked,
                fresh.findings(), fresh.skippedChecks(), fresh.failedChecks());
    }

    private static String key(Action a, ActionKind kind) {
        if (kind == ActionKind.CANCEL_QUERY) {
            return kind + "|" + a.details().get("pid") + "|" + a.details().get("backend_start") + "|" + a.details().get("query_start");
        }
        return kind + "|" + a.schema() + "|" + a.table() + "|" + a.index();
    }

    private static String staleReason(Action a) {
        if (a.kind() == ActionKind.CANCEL_QUERY) {
            return "stale: backend pid " + a.details().get("pid") + " is no longer running the same long query"
                    + " (pid, backend_start and query_start must all match)";
        }
        return "stale: the live database no longer needs it (the rules no longer plan " + a.kind().id() + " of "
                + a.schema() + "." + a.table() + (a.index() == null ? "" : " index " + a.index()) + ")";
    }
}
