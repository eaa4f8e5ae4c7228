package org.pgmaint.plan;

import java.util.List;
import org.pgmaint.db.Identifiers;
import org.pgmaint.model.Action;
import org.pgmaint.retention.RetentionSql;

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
            case RETENTION_DELETE -> action.details().containsKey("timestamp_column") ? RetentionSql.describe(action)
                    : "DELETE FROM " + table + " (in batches, see the retention policy)";
        };
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
