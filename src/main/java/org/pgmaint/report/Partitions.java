package org.pgmaint.report;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.pgmaint.collect.CheckResult;

/**
 * Which tables are partitions of which top-level partitioned table, as any check's rows say it through the fields
 * {@code partition_root_schema} and {@code partition_root_table} beside {@code schema_name} and
 * {@code table_name} (table_activity returns them for every table). The reports group the findings and actions
 * of a parent's partitions under it; a table no row names is no partition.
 */
final class Partitions {
    static final String ROOT_SCHEMA = "partition_root_schema";
    static final String ROOT_TABLE = "partition_root_table";
    static final Partitions NONE = new Partitions(Map.of());

    private final Map<String, String> rootOf;

    private Partitions(Map<String, String> rootOf) {
        this.rootOf = rootOf;
    }

    static Partitions of(List<CheckResult> facts) {
        Map<String, String> roots = new HashMap<>();
        for (CheckResult result : facts) {
            for (Map<String, Object> row : result.rows()) {
                if (row.get(ROOT_TABLE) instanceof String table && row.get(ROOT_SCHEMA) instanceof String schema
                        && row.get("schema_name") instanceof String s && row.get("table_name") instanceof String t) {
                    roots.put(key(s, t), schema + "." + table);
                }
            }
        }
        return roots.isEmpty() ? NONE : new Partitions(roots);
    }

    /** The partition's top-level parent as "schema.table", or null when the table is no partition. */
    String rootOf(String schema, String table) {
        return schema == null || table == null ? null : rootOf.get(key(schema, table));
    }

    private static String key(String schema, String table) {
        // a NUL cannot be part of a name: no two different pairs share a key
        return schema + '\0' + table;
    }
}
