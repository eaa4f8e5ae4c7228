package org.pgmaint.plan;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.pgmaint.collect.CollectedFacts;
import org.pgmaint.model.Action;
import org.pgmaint.model.ActionKind;
import org.pgmaint.model.Mode;
import org.pgmaint.rules.Evaluation;

/**
 * Turns the rules' actions into a plan: merges (a vacuum and an analyze of one table become one
 * {@code VACUUM (ANALYZE)}; repeated actions on one target become one), orders (urgent first, i.e.
 * wraparound, then largest expected gain, then name), numbers, and applies the approval policy. A blocked
 * action ({@link Action#blocked()}: a vacuum whose dead tuples the held horizon keeps) stays in the plan, not
 * approved, with "blocked: ..." as its detail, so the run skips it with that reason and spends no budget on it.
 */
public final class Planner {
    /** The detail naming the policy whose purge a VACUUM (ANALYZE) follows (rules/retention.drl). */
    public static final String AFTER_PURGE = "after_purge";
    /** How the detail of a blocked action starts; the run reports it skipped with this detail. */
    public static final String BLOCKED = "blocked: ";

    private final ApprovalPolicy policy;

    public Planner(ApprovalPolicy policy) {
        this.policy = policy;
    }

    public Plan plan(CollectedFacts collection, Evaluation evaluation, Mode mode) {
        return plan(collection, evaluation, mode, false);
    }

    /** As {@link #plan(CollectedFacts, Evaluation, Mode)}; on a standby no action is planned, findings stay. */
    public Plan plan(CollectedFacts collection, Evaluation evaluation, Mode mode, boolean standby) {
        return plan(collection, evaluation, mode, standby, null);
    }

    /**
     * As {@link #plan(CollectedFacts, Evaluation, Mode, boolean)} with this remediation (null: reconciled from the
     * findings alone), for a caller that reconciles the script itself: at 10,000 tables each reconciliation of some
     * 65,000 findings takes most of a second.
     */
    public Plan plan(CollectedFacts collection, Evaluation evaluation, Mode mode, boolean standby, Remediation remediation) {
        boolean full = mode == Mode.FULL;
        List<Action> merged = standby ? new ArrayList<>() : merge(withoutVacuumsOfUnapprovedPurges(evaluation.actions(), full));
        // ties keep their index in the evaluation, which is sorted by target (List.sort is stable)
        merged.sort(Comparator.comparing((Action a) -> !a.urgent())
                .thenComparing(Comparator.comparingDouble(Action::priority).reversed())
                .thenComparing(Action::kind));
        merged = purgesBeforeTheirMaintenance(merged);
        List<PlannedAction> planned = new ArrayList<>();
        int n = 0;
        for (Action action : merged) {
            Approval approval = policy.of(action.kind());
            boolean approved = approval.approves(full) && action.blocked() == null;
            String detail = action.blocked() != null ? BLOCKED + action.blocked()
                    : approved ? null : "not approved (approval." + action.kind().id() + ": "
                    + approval.name().toLowerCase(java.util.Locale.ROOT) + ")";
            planned.add(new PlannedAction(String.valueOf(++n), action, approved, ActionSql.render(action),
                    PlannedAction.PLANNED, detail, null));
        }
        return new Plan(collection.database(), collection.serverVersion(), collection.serverMajor(), mode, planned,
                evaluation.findings(), collection.skipped(), collection.failed(), standby, remediation);
    }

    /**
     * The VACUUM (ANALYZE) "after purging N rows" is there to clean up after the purge: when the purge is not
     * approved in this run it would scan the table for rows nobody deletes, so it is left out (a vacuum the table
     * needs for its own dead tuples comes from the vacuum rules, and after a purge run by hand, from the next plan).
     */
    private List<Action> withoutVacuumsOfUnapprovedPurges(List<Action> actions, boolean full) {
        if (policy.approves(ActionKind.RETENTION_DELETE, full)) {
            return actions;
        }
        return actions.stream().filter(a -> !a.details().containsKey(AFTER_PURGE)).toList();
    }

    /**
     * A vacuum or analyze of a table that is also purged runs after the purge (it is there to clean up after it),
     * whatever their priorities; urgent (wraparound) actions keep their place.
     */
    static List<Action> purgesBeforeTheirMaintenance(List<Action> sorted) {
        java.util.Set<String> purged = new java.util.HashSet<>();
        sorted.stream().filter(a -> a.kind() == ActionKind.RETENTION_DELETE).forEach(a -> purged.add(a.target()));
        if (purged.isEmpty()) {
            return sorted;
        }
        List<Action> ordered = new ArrayList<>(sorted.size());
        Map<String, List<Action>> waiting = new java.util.HashMap<>();
        for (Action action : sorted) {
            boolean maintenance = action.kind() == ActionKind.VACUUM || action.kind() == ActionKind.ANALYZE;
            if (maintenance && !action.urgent() && purged.contains(action.target())) {
                waiting.computeIfAbsent(action.target(), t -> new ArrayList<>()).add(action);
                continue;
            }
            ordered.add(action);
            if (action.kind() == ActionKind.RETENTION_DELETE) {
                purged.remove(action.target());
                ordered.addAll(waiting.getOrDefault(action.target(), List.of()));
                waiting.remove(action.target());
            }
        }
        waiting.values().forEach(ordered::addAll);
        return ordered;
    }

    static List<Action> merge(List<Action> actions) {
        Map<String, Action> byTarget = new LinkedHashMap<>();
        Set<String> vacuumed = new HashSet<>();
        for (Action action : actions) {
            // a blocked vacuum will not run: an analyze of its table stays an ANALYZE of its own
            if (action.kind() == ActionKind.VACUUM && action.blocked() == null) {
                vacuumed.add(action.target());
            }
        }
        for (Action action : actions) {
            ActionKind kind = action.kind() == ActionKind.ANALYZE && vacuumed.contains(action.target())
                    ? ActionKind.VACUUM : action.kind();
            String key = kind + "|" + action.target() + "|" + action.index();
            Action existing = byTarget.get(key);
            Action incoming = action.kind() == ActionKind.ANALYZE && kind == ActionKind.VACUUM
                    ? asVacuumAnalyze(action) : action;
            byTarget.put(key, existing == null ? incoming : combine(existing, incoming));
        }
        return new ArrayList<>(byTarget.values());
    }

    private static Action asVacuumAnalyze(Action analyze) {
        return new Action(ActionKind.VACUUM, analyze.schema(), analyze.table(), null, Set.of("ANALYZE"), analyze.reason(),
                analyze.priority(), analyze.urgent(), analyze.details(), analyze.rule(), analyze.check());
    }

    private static Action combine(Action a, Action b) {
        Set<String> options = new LinkedHashSet<>(a.options());
        options.addAll(b.options());
        Map<String, Object> details = new LinkedHashMap<>(a.details());
        details.putAll(b.details());
        if (a.blocked() == null || b.blocked() == null) {
            details.remove(Action.BLOCKED);   // one of them is worth running (an urgent FREEZE, a purge's clean-up)
        }
        return new Action(a.kind(), a.schema(), a.table(), a.index(), options, joinDistinct(a.reason(), b.reason(), "; "),
                Math.max(a.priority(), b.priority()), a.urgent() || b.urgent(), details,
                joinDistinct(a.rule(), b.rule(), "; "), joinDistinct(a.check(), b.check(), ", "));
    }

    private static String joinDistinct(String a, String b, String separator) {
        if (a == null || a.equals(b)) {
            return b == null ? a : b;
        }
        if (b == null || List.of(a.split(separator)).contains(b)) {
            return a;
        }
        return a + separator + b;
    }
}
