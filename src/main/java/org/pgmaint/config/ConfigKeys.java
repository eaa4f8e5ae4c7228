package org.pgmaint.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every configuration key pgmaint knows, with its default. A key not listed here is an error,
 * except the open families {@code thresholds.<name>} (declared by the checks) and
 * {@code params.<check>.<param>} (declared by each check), and the list {@code table_overrides}.
 * pgmaint.example.yaml documents each of these keys.
 */
public final class ConfigKeys {
    private static final Map<String, ConfigKey> KEYS = new TreeMap<>();

    public static final ConfigKey HOST = key("connection.host", ValueType.STRING, "localhost", "server host name or address");
    public static final ConfigKey PORT = key("connection.port", ValueType.INT, 5432, "server port");
    public static final ConfigKey USER = key("connection.user", ValueType.STRING, "", "role to connect as (empty: the operating system user)");
    public static final ConfigKey DBNAME = key("connection.dbname", ValueType.STRING, "", "database to maintain (empty: same as the user)");
    public static final ConfigKey PASSWORD = secret("connection.password", "password (prefer ~/.pgpass or PGPASSWORD)");
    public static final ConfigKey CONNECT_TIMEOUT = key("connection.connect_timeout", ValueType.DURATION, Duration.ofSeconds(10), "how long to wait for the server to answer");
    public static final ConfigKey SSLMODE = key("connection.sslmode", ValueType.STRING, "prefer", "disable, allow, prefer, require, verify-ca or verify-full");

    public static final ConfigKey CHECK_DIRS = key("catalog.check_dirs", ValueType.LIST, List.of(), "extra folders of check YAML files, after the built-in checks/");
    public static final ConfigKey RULE_DIRS = key("catalog.rule_dirs", ValueType.LIST, List.of(), "extra folders of rule .drl files, after the built-in rules/");
    public static final ConfigKey CHECK_TIMEOUT = key("catalog.default_statement_timeout", ValueType.DURATION, Duration.ofSeconds(30), "statement_timeout of a check that does not set its own");

    /** Sections holding lists of entries; their consumers parse them from the YAML nodes. */
    public static final List<String> SECTIONS = List.of("table_overrides", "retention_policies");
    /** Open families: thresholds.<name> (declared by checks), params.<check>.<param>. */
    public static final String THRESHOLDS = "thresholds";
    public static final String PARAMS = "params";

    public static final ConfigKey APPROVE_VACUUM = key("approval.vacuum", ValueType.STRING, "auto", "auto, manual, never, or full (auto in full runs only)");
    public static final ConfigKey APPROVE_ANALYZE = key("approval.analyze", ValueType.STRING, "auto", "auto, manual, never or full");
    public static final ConfigKey APPROVE_REINDEX = key("approval.reindex", ValueType.STRING, "full", "auto, manual, never or full");
    public static final ConfigKey APPROVE_CANCEL = key("approval.cancel_query", ValueType.STRING, "auto", "auto, manual, never or full");
    public static final ConfigKey APPROVE_RETENTION = key("approval.retention_delete", ValueType.STRING, "auto", "auto, manual, never or full");

    // issue 6: retention cleanup (policies are the retention_policies section; see docs/retention.md)
    public static final String RETENTION_POLICIES = "retention_policies";
    public static final ConfigKey RETENTION_BATCH_SIZE = key("retention.batch_size", ValueType.INT, 5000, "rows deleted per batch (one short transaction each), unless a policy sets its own batch_size");
    public static final ConfigKey RETENTION_BATCH_PAUSE = key("retention.batch_pause", ValueType.DURATION, Duration.ZERO, "pause between two batches, to leave room for the application (0: none)");
    public static final ConfigKey RETENTION_VACUUM_AFTER_ROWS = key("retention.vacuum_after_rows", ValueType.INT, 100_000, "plan a VACUUM (ANALYZE) of the table after a purge of at least this many rows (0: never)");
    public static final ConfigKey RETENTION_EXACT_COUNT_LIMIT = key("retention.exact_count_limit", ValueType.INT, 10_000_000, "tables estimated larger than this many rows get an estimated (planner) expired count instead of an exact count(*)");

    private ConfigKeys() {
    }

    private static ConfigKey key(String name, ValueType type, Object defaultValue, String description) {
        ConfigKey key = new ConfigKey(name, type, defaultValue, false, description);
        KEYS.put(name, key);
        return key;
    }

    private static ConfigKey secret(String name, String description) {
        ConfigKey key = new ConfigKey(name, ValueType.STRING, "", true, description);
        KEYS.put(name, key);
        return key;
    }

    public static ConfigKey find(String name) {
        return KEYS.get(name);
    }

    public static Map<String, ConfigKey> all() {
        return Collections.unmodifiableMap(KEYS);
    }

    public static List<String> names() {
        return new ArrayList<>(KEYS.keySet());
    }
}
