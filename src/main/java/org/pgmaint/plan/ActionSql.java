package org.pgmaint.plan;

import java.util.List;
import java.util.Map;
import org.pgmaint.db.Identifiers;
import org.pgmaint.model.Action;

/**
 * The exact statement the executor runs for an action, names quoted by {@link Identifiers#quote}. Shown in
 * plans and reports; values that are not names (pids) are numbers the executor binds again.
 */
public final class ActionSql {
    /** The order VACUUM options are written in. */
    private static final List<String> VACUUM_OPTIONS = List.of("FULL", "FREEZE", "VERBOSE", "ANALYZE",
            "DISABLE_PAGE_SKIPPING", "INDEX_CLEANUP", "PARALLEL");

    private ActionSql() {
    }

    public static String render(Action action) {
        String table = action.schema() == null ? null : Identifiers.quote(action.schema(), action.table());
        return switch (action.kind()) {
            case VACUUM -> "VACUUM " + options(action) + table;
            case ANALYZE -> "ANALYZE " + table;
            case REINDEX -> "REINDEX INDEX CONCURRENTLY " + Identifiers.quote(action.schema(), action.index());
            case CANCEL_QUERY -> "SELECT pg_catalog.pg_cancel_backend(" + ((Number) action.details().get("pid")).intValue() + ")";
            case RETENTION_DELETE -> action.details().containsKey("timestamp_column") ? retentionDelete(action)
                    : "DELETE FROM " + table + " (in batches, see the retention policy)";
        };
    }

    /**
     * A purge as plans and reports show it, from the action's details: the expiry test written with the age
     * rather than the cutoff the purge binds, and the starting batch size.
     */
    private static String retentionDelete(Action action) {
        Map<String, Object> d = action.details();
        String where = Identifiers.quote(String.valueOf(d.get("timestamp_column"))) + " < now() - interval '"
                + d.get("older_than") + "'" + (d.get("condition") == null ? "" : " AND (" + d.get("condition") + ")");
        return "DELETE FROM " + Identifiers.quote(action.schema(), action.table()) + " WHERE " + where
                + " -- in batches starting at " + d.get("batch_size") + " rows, a commit after each";
    }

    private static String options(Action action) {
        if (action.options().isEmpty()) {
            return "";
        }
        List<String> ordered = action.options().stream()
                .sorted(java.util.Comparator.comparingInt(o -> VACUUM_OPTIONS.indexOf(o) < 0 ? 99 : VACUUM_OPTIONS.indexOf(o)))
                .toList();
        for (String option : ordered) {
            if (!VACUUM_OPTIONS.contains(option)) {
                throw new IllegalArgumentException("unknown VACUUM option '" + option + "'; known: " + VACUUM_OPTIONS);
            }
        }
        return "(" + String.join(", ", ordered) + ") ";
    }
}
