package org.pgmaint.execute;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.pgmaint.model.Action;
import org.pgmaint.model.ActionKind;
import org.pgmaint.plan.Approval;
import org.pgmaint.plan.ApprovalPolicy;
import org.pgmaint.plan.Plan;
import org.pgmaint.plan.PlannedAction;

/**
 * Before a saved plan is applied, the live database is planned again by the same checks, rules and live
 * configuration, and a saved action runs only as the live plan's action for the same object: the kind,
 * options and statement in the file must equal the live ones, and approval comes from the live configuration
 * alone. An action the live plan no longer contains (the table no longer has the dead tuples; the backend is
 * no longer the same pid with the same backend_start and query_start) is skipped as stale; one the file
 * describes differently is skipped with the difference. What runs is always the live action, never the
 * file's text, so an edited plan can narrow what runs but never widen it.
 */
public final class PlanRecheck {
    private PlanRecheck() {
    }

    /**
     * @param only ids named by --only (empty: every approved action); a named action whose kind's policy is
     *             manual runs too (that is what manual means), never one whose policy is never
     */
    public static Plan recheck(Plan saved, Plan fresh, Set<String> only, ApprovalPolicy policy) {
        Map<String, PlannedAction> live = new HashMap<>();
        Map<String, PlannedAction> liveByObject = new HashMap<>();
        for (PlannedAction p : fresh.actions()) {
            live.put(key(p.action()), p);
            liveByObject.putIfAbsent(object(p.action()), p);
        }
        List<PlannedAction> checked = new ArrayList<>();
        for (PlannedAction p : saved.actions()) {
            Action a = p.action();
            PlannedAction now = live.get(key(a));
            boolean selected = only.isEmpty() || only.contains(p.id());
            if (!selected) {
                checked.add(p.withOutcome(PlannedAction.SKIPPED, "not selected (--only)", null));
                continue;
            }
            if (now == null) {
                PlannedAction other = a.kind() == ActionKind.CANCEL_QUERY ? null : liveByObject.get(object(a));
                checked.add(p.withOutcome(PlannedAction.SKIPPED, other == null ? staleReason(a)
                        : "kind differs from the live plan: file " + statement(a) + ", live " + statement(other.action()), null));
                continue;
            }
            Approval approval = policy.of(a.kind());
            boolean approved = now.approved() || (!only.isEmpty() && approval == Approval.MANUAL);
            String difference = difference(p, now);
            if (approval == Approval.NEVER || !approved) {
                checked.add(p.withOutcome(PlannedAction.SKIPPED, now.detail() != null ? now.detail()
                        : "not approved (approval." + a.kind().id() + ")", null));
            } else if (difference != null) {
                checked.add(p.withOutcome(PlannedAction.SKIPPED, difference, null));
            } else {
                checked.add(new PlannedAction(p.id(), now.action(), true, now.sql(), PlannedAction.PLANNED, null, null));
            }
        }
        return new Plan(saved.database(), fresh.serverVersion(), fresh.serverMajor(), saved.mode(), checked,
                fresh.findings(), fresh.skippedChecks(), fresh.failedChecks(), false, fresh.remediation());
    }

    /** What the file says differently from the live plan's action for the same object, or null when nothing. */
    private static String difference(PlannedAction file, PlannedAction live) {
        if (!file.action().options().equals(live.action().options())) {
            return "options differ from the live plan: file " + statement(file.action()) + ", live " + statement(live.action());
        }
        if (!Objects.equals(file.sql(), live.sql())) {
            return "sql differs from the live plan: file " + (file.sql() == null ? "(none)" : file.sql()) + ", live " + live.sql();
        }
        if (file.approved() != live.approved()) {
            return "approved differs from the live plan: file " + file.approved() + ", live " + live.approved()
                    + (live.detail() == null ? "" : " (" + live.detail() + ")");
        }
        return null;
    }

    /** The kind and options, as the statement starts: VACUUM (FULL), VACUUM. */
    private static String statement(Action a) {
        String kind = a.kind().id().toUpperCase(java.util.Locale.ROOT);
        return a.options().isEmpty() ? kind : kind + " (" + String.join(", ", a.optionList()) + ")";
    }

    private static String key(Action a) {
        if (a.kind() == ActionKind.CANCEL_QUERY) {
            return a.kind() + "|" + a.details().get("pid") + "|" + a.details().get("backend_start") + "|" + a.details().get("query_start");
        }
        return a.kind() + "|" + object(a);
    }

    private static String object(Action a) {
        return a.schema() + "\u0000" + a.table() + "\u0000" + a.index();
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
