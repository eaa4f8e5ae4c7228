package org.pgmaint.retention;

import org.pgmaint.db.Identifiers;

/**
 * The statements of a policy. Names pass through {@link Identifiers#quote}; the cutoff and the batch size are
 * bound ({@code ?}); the policy's condition is the config file's own SQL, wrapped in parentheses on lines of its
 * own so that it stays one expression (a trailing {@code --} comment cannot swallow the closing parenthesis). The
 * purge's deletes are built by its {@link PurgeMethod}s, each from {@link #expired}.
 */
public final class RetentionSql {
    private RetentionSql() {
    }

    public static String table(RetentionPolicy policy) {
        return Identifiers.quote(policy.schema(), policy.table());
    }

    /**
     * "expired": the timestamp is not null and strictly before the cutoff (a row exactly at the cutoff is kept), and
     * the condition holds. The age test comes first and the condition last, in parentheses of its own: a condition
     * is refused at load unless its parentheses balance and it holds no comment and no ';'
     * ({@link RetentionPolicies#conditionProblem}), so it cannot close them and reach the age test; whatever it
     * says, a row inside the retention age or with a NULL timestamp is not expired.
     */
    public static String expired(RetentionPolicy policy) {
        String column = Identifiers.quote(policy.timestampColumn());
        String older = column + " is not null and " + column + " < ?";
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
}
