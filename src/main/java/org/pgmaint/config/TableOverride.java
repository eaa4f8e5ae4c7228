package org.pgmaint.config;

import java.util.Map;

/** Thresholds that differ for one table, from the config's {@code table_overrides} list. */
public record TableOverride(String schema, String table, Map<String, Double> thresholds, String origin) {

    public boolean matches(String schemaName, String tableName) {
        return schema.equals(schemaName) && table.equals(tableName);
    }
}
