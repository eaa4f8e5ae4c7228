package org.pgmaint.cache;

import org.pgmaint.db.Identifiers;

/** The events table's configured names, and the statements on it; every name goes through Identifiers.quote. */
public record EventTable(String schema, String table, String idColumn, String keyColumn, String createdColumn,
                         String processedColumn) {

    public static EventTable defaults() {
        return new EventTable("public", "cache_invalidation_events", "id", "cache_key", "created_at", "processed_at");
    }

    public String qualifiedName() {
        return Identifiers.quote(schema, table);
    }

    /** Locks the oldest pending events another instance has not locked; bind: the batch size. */
    public String claimSql() {
        return "select " + Identifiers.quote(idColumn) + ", " + Identifiers.quote(keyColumn)
                + " from " + qualifiedName()
                + " where " + Identifiers.quote(processedColumn) + " is null"
                + " order by " + Identifiers.quote(idColumn)
                + " limit ? for update skip locked";
    }

    /** Marks claimed events processed; bind: a bigint[] of ids. The "is null" makes a second mark impossible. */
    public String markSql() {
        return "update " + qualifiedName() + " set " + Identifiers.quote(processedColumn) + " = pg_catalog.clock_timestamp()"
                + " where " + Identifiers.quote(idColumn) + " = any(?) and " + Identifiers.quote(processedColumn) + " is null";
    }

    /** The partial index that keeps claiming fast however many processed events the table keeps. */
    public String pendingIndexSql() {
        return "create index if not exists " + Identifiers.quote(table + "_pending_idx")
                + " on " + qualifiedName() + " (" + Identifiers.quote(idColumn) + ")"
                + " where " + Identifiers.quote(processedColumn) + " is null";
    }

    public String describe() {
        return schema + "." + table;
    }
}
