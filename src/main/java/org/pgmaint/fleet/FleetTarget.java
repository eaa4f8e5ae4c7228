package org.pgmaint.fleet;

import java.util.List;
import java.util.Map;

/**
 * One target of a targets file: a cluster by name, how to reach it (a libpq connection string or URI, without a
 * password), which of its databases, its tags, and the configuration keys it sets (text as written, validated).
 */
public record FleetTarget(String name, String conninfo, List<String> databases, List<String> excludeDatabases,
                          List<String> replicas, List<String> tags, Map<String, String> config, int line) {
    public FleetTarget {
        databases = List.copyOf(databases);
        excludeDatabases = List.copyOf(excludeDatabases);
        replicas = List.copyOf(replicas);
        tags = List.copyOf(tags);
        config = Map.copyOf(config);
    }
}
