package org.pgmaint.retention;

import java.util.Map;
import org.pgmaint.db.Identifiers;
import org.pgmaint.model.Action;

/**
 * The statements of a policy. Names pass through {@link Identifiers#quote}; the cutoff and the batch size are
 * bound ({@code ?}); the policy's condition is the config file's own SQL, wrapped in parentheses on lines of its
 * own so that it stays one expression (a trailing {@code --} comment cannot swallow the closing parenthesis).
 */
public final class RetentionSql {
    private RetentionSql() {
    }

    public static String table(RetentionPolicy policy) {
        return Identifiers.quote(policy.schema(), policy.table());
    }

    /** "expired": the timestamp is strictly before the cutoff (a row exactly at the cutoff is kept) and the condition holds. */
    public static String expired(RetentionPolicy policy) {
        String older = Identifiers.quote(policy.timestampColumn()) + " < ?";
        return policy.condition() == null ? older : older + " and (\n" + policy.condition() + "\n)";
    }

    /** Binds: cutoff. */
    public static String count(RetentionPolicy policy) {
        return "select /* pgmaint:retention_expired */ count(*) from " + table(policy) + " where " + expired(policy);
    }

    /** The planner's row estimate of the same query; binds: cutoff. */
    public static String estimate(RetentionPolicy policy) {
        return "explain (format json) select /* pgmaint:retention_expired */ 1 from " + table(policy) + " where " + expired(policy);
    }

    /**
     * One batch: locks up to ? expired rows that nobody else holds (skip locked, so the application is never
     * made to wait) and deletes them by ctid. The outer statement repeats the expiry test, so a row is only
     * ever deleted when it is expired at that moment (ctids repeat across partitions of a partitioned table).
     * Binds: cutoff, batch size, cutoff.
     */
    public static String deleteBatch(RetentionPolicy policy) {
        String table = table(policy);
        return "delete /* pgmaint:retention_delete */ from " + table + " where ctid = any(array(select ctid from " + table
                + " where " + expired(policy) + " limit ? for update skip locked)) and " + expired(policy);
    }

    /**
     * What plans and reports show for a retention_delete action, from its details: the expiry test written with
     * the age rather than the bound cutoff, and the batch size.
     */
    public static String describe(Action action) {
        Map<String, Object> d = action.details();
        String where = Identifiers.quote(String.valueOf(d.get("timestamp_column"))) + " < now() - interval '"
                + d.get("older_than") + "'" + (d.get("condition") == null ? "" : " AND (" + d.get("condition") + ")");
        return "DELETE FROM " + Identifiers.quote(action.schema(), action.table()) + " WHERE " + where
                + " -- in batches of " + d.get("batch_size") + " rows, a commit after each";
    }
}
