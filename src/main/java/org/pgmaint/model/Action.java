package org.pgmaint.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A planned maintenance action, as a rule creates it ({@code insert(Action.vacuum(...))}). {@code rule} and
 * {@code check} are filled in by the engine from the rule that inserted it and the facts it matched.
 *
 * @param options  upper-case statement options, e.g. ANALYZE, FREEZE for VACUUM
 * @param priority expected gain, larger first (dead tuples for a vacuum, rows for an analyze)
 * @param urgent   runs before everything else (wraparound risk)
 * @param details  kind-specific values the executor needs (pid, backend_start, ...), JSON-friendly
 */
public record Action(ActionKind kind, String schema, String table, String index, Set<String> options, String reason,
                     double priority, boolean urgent, Map<String, Object> details, String rule, String check) {
    /** The detail saying what makes the action useless for now; the plan keeps it, skipped with that reason. */
    public static final String BLOCKED = "blocked";

    public Action {
        options = Set.copyOf(new TreeSet<>(options));
        details = Details.of(details);
    }

    private static Action of(ActionKind kind, String schema, String table, String index, String reason) {
        return new Action(kind, schema, table, index, Set.of(), reason, 0, false, Map.of(), null, null);
    }

    public static Action vacuum(String schema, String table, String reason) {
        return of(ActionKind.VACUUM, schema, table, null, reason);
    }

    public static Action analyze(String schema, String table, String reason) {
        return of(ActionKind.ANALYZE, schema, table, null, reason);
    }

    public static Action reindex(String schema, String table, String index, String reason) {
        return of(ActionKind.REINDEX, schema, table, index, reason);
    }

    public static Action retentionDelete(String schema, String table, String reason) {
        return of(ActionKind.RETENTION_DELETE, schema, table, null, reason);
    }

    /** Cancels a backend; the executor re-verifies pid, backend_start and query_start before cancelling. */
    public static Action cancelQuery(int pid, Object backendStart, Object queryStart, String reason) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("pid", pid);
        details.put("backend_start", String.valueOf(backendStart));
        details.put("query_start", String.valueOf(queryStart));
        return new Action(ActionKind.CANCEL_QUERY, null, null, null, Set.of(), reason, 0, false, details, null, null);
    }

    public Action withOption(String option) {
        Set<String> more = new TreeSet<>(options);
        more.add(option.toUpperCase(java.util.Locale.ROOT));
        return new Action(kind, schema, table, index, more, reason, priority, urgent, details, rule, check);
    }

    public Action withPriority(double value) {
        return new Action(kind, schema, table, index, options, reason, value, urgent, details, rule, check);
    }

    public Action asUrgent() {
        return new Action(kind, schema, table, index, options, reason, priority, true, details, rule, check);
    }

    public Action withDetail(String key, Object value) {
        return new Action(kind, schema, table, index, options, reason, priority, urgent,
                Details.of(details).with(key, value), rule, check);
    }

    /**
     * The action would do nothing useful now ("held by prepared transaction 'x' since ..."): the planner keeps it
     * in the plan, not approved, and the executor skips it with "blocked: " and this text.
     */
    public Action blockedBy(String why) {
        return withDetail(BLOCKED, why);
    }

    /** What blocks the action, or null. */
    public String blocked() {
        Object why = details.get(BLOCKED);
        return why == null ? null : why.toString();
    }

    public Action withReason(String text) {
        return new Action(kind, schema, table, index, options, text, priority, urgent, details, rule, check);
    }

    public Action withProvenance(String ruleName, String checkId) {
        return new Action(kind, schema, table, index, options, reason, priority, urgent, details, ruleName, checkId);
    }

    /** The object the action works on, for "never two actions on one table at once" and for merging. */
    public String target() {
        return kind == ActionKind.CANCEL_QUERY ? "pid " + details.get("pid") : schema + "." + table;
    }

    public List<String> optionList() {
        return List.copyOf(new TreeSet<>(options));
    }
}
