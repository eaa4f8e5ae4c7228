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

    /**
     * One batch: deletes up to n expired rows by ctid and returns how many it deleted and the newest timestamp among
     * them (as text). The outer statement repeats the expiry test, so a row is only ever deleted when it is expired
     * at that moment (and ctids repeat across partitions of a partitioned table).
     *
     * @param keyset     walk the timestamp column's index in order from where the previous batch stopped (binds:
     *                   previous newest timestamp, cutoff, n, cutoff), so a batch never re-reads the index entries of
     *                   rows already deleted; those stay in the index until vacuum, and while another session's old
     *                   snapshot keeps them from being marked dead, rescanning them made each batch slower than the
     *                   last. Without such an index: binds cutoff, n, cutoff.
     * @param skipLocked lock the rows first with {@code for update skip locked}, passing over rows another session
     *                   holds instead of waiting for them. Measured about twice as slow as the plain form (each row
     *                   is written twice: lock, then delete), so the handler uses it only after the plain form met a
     *                   row lock.
     */
    public static String deleteBatch(RetentionPolicy policy, boolean keyset, boolean skipLocked) {
        String table = table(policy);
        String column = Identifiers.quote(policy.timestampColumn());
        String select = "select ctid from " + table + " where " + (keyset ? column + " >= ?::timestamptz and " : "")
                + expired(policy) + (keyset ? " order by " + column : "") + " limit ?"
                + (skipLocked ? " for update skip locked" : "");
        return "with deleted as (delete /* pgmaint:retention_delete */ from " + table + " where ctid = any(array("
                + select + ")) and " + expired(policy) + " returning " + column + ")"
                + " select count(*), max(" + column + ")::text from deleted";
    }

    /**
     * With an index on the timestamp column: the timestamp of the (n+1)-th row at or after the previous batch's
     * bound, read from the index (the condition is left out, so the range below it holds at most n rows). Binds:
     * previous bound, cutoff, n. Null when no more than n rows remain.
     */
    public static String rangeBound(RetentionPolicy policy) {
        String column = Identifiers.quote(policy.timestampColumn());
        // ordered by the qualified column: a bare name would sort by the text output column of the same name
        return "select /* pgmaint:retention_delete */ " + column + "::text from " + table(policy) + " where " + column
                + " >= ?::timestamptz and " + column + " < ? order by " + table(policy) + "." + column + " offset ? limit 1";
    }

    /**
     * With an index on the timestamp column: deletes the expired rows of one range [previous bound, bound), each row
     * read once (measured about 25% faster than the ctid form). Binds: previous bound, bound, cutoff.
     */
    public static String deleteRange(RetentionPolicy policy) {
        String column = Identifiers.quote(policy.timestampColumn());
        return "delete /* pgmaint:retention_delete */ from " + table(policy) + " where " + column + " >= ?::timestamptz and "
                + column + " < ?::timestamptz and " + expired(policy);
    }

    /**
     * What a purge needs to know of its table (binds: table, column): whether a valid, non-partial btree index leads
     * with the policy's timestamp column; whether its heap can be walked by page ranges (a plain table on a server
     * with TID range scans, 14+); its size in pages now; pg_class.reltuples (-1: never analyzed).
     */
    public static final String TABLE_SHAPE = "select exists (select 1 from pg_catalog.pg_index i"
            + " join pg_catalog.pg_class ic on ic.oid = i.indexrelid join pg_catalog.pg_am am on am.oid = ic.relam"
            + " join pg_catalog.pg_attribute a on a.attrelid = i.indrelid and a.attnum = i.indkey[0]"
            + " where i.indrelid = c.oid and a.attname = ? and i.indisvalid and i.indpred is null and am.amname = 'btree'),"
            + " c.relkind = 'r' and pg_catalog.current_setting('server_version_num')::int >= 140000,"
            + " pg_catalog.pg_relation_size(c.oid) / pg_catalog.current_setting('block_size')::int,"
            + " c.reltuples::bigint"
            + " from pg_catalog.pg_class c where c.oid = pg_catalog.to_regclass(?)";

    /**
     * Deletes the expired rows on one range of heap pages [first page, end page), read with a TID range scan: a
     * purge that walks the table this way reads each page once, in order, as one DELETE's sequential scan does.
     * Binds: first page's tid, end page's tid (as {@code (page,0)}), cutoff; with skipLocked, the cutoff once more,
     * and rows another session holds are passed over.
     */
    public static String deletePages(RetentionPolicy policy, boolean skipLocked) {
        String range = "ctid >= ?::tid and ctid < ?::tid and " + expired(policy);
        String delete = "delete /* pgmaint:retention_delete */ from " + table(policy) + " where ";
        if (!skipLocked) {
            return delete + range;
        }
        return delete + "ctid = any(array(select ctid from " + table(policy) + " where " + range
                + " for update skip locked)) and " + expired(policy);
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
                + " -- in batches starting at " + d.get("batch_size") + " rows, a commit after each";
    }
}
