package org.pgmaint.config;

import static org.pgmaint.config.Validator.atLeast;
import static org.pgmaint.config.Validator.between;
import static org.pgmaint.config.Validator.matching;
import static org.pgmaint.config.Validator.oneOf;
import static org.pgmaint.config.Validator.oneOfIgnoringCase;
import static org.pgmaint.config.Validator.zeroOr;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every configuration key pgmaint knows: type, default, the values it accepts and meaning, grouped by namespace.
 * The loader checks every value against its key wherever it comes from, so {@code validate}, {@code config} and
 * {@code run} refuse the same values. A key not listed here is an error, except the open families
 * {@code thresholds.<name>} (declared by the checks) and {@code params.<check>.<param>} (declared by each check),
 * and the {@link #SECTIONS}. pgmaint.example.yaml documents each of these keys.
 */
public final class ConfigKeys {
    private static final Map<String, ConfigKey> KEYS = new TreeMap<>();
    /** At most this many actions run at once (executor.jobs). */
    public static final int MAX_JOBS = 64;
    /** At most this many connections collect at once (collect.connections). */
    public static final int MAX_COLLECT_CONNECTIONS = 8;
    /**
     * Below a minute, cancel.query_timeout would cancel ordinary client work (0 would cancel every query
     * older than a second): shorter values are refused, not read as "never".
     */
    public static final Duration MIN_QUERY_TIMEOUT = Duration.ofMinutes(1);
    private static final String[] APPROVALS = {"auto", "manual", "never", "full"};

    // connection.*
    public static final ConfigKey HOST = key("connection.host", ValueType.STRING, "", "server host name or address, a socket directory (starting with /), or a comma-separated list of them (empty: the Unix-domain socket in /var/run/postgresql, else /tmp)");
    public static final ConfigKey PORT = key("connection.port", ValueType.INT, 5432, between(1, 65535), "server port");
    public static final ConfigKey USER = key("connection.user", ValueType.STRING, "", "role to connect as (empty: the operating system user)");
    public static final ConfigKey DBNAME = key("connection.dbname", ValueType.STRING, "", "database to maintain, or a connection string (postgresql:// URI or key=value pairs; empty: same as the user)");
    public static final ConfigKey PASSWORD = secret("connection.password", "password (prefer ~/.pgpass or PGPASSWORD)");
    public static final ConfigKey CONNECT_TIMEOUT = key("connection.connect_timeout", ValueType.DURATION, Duration.ofSeconds(10), between(Duration.ofSeconds(1), Duration.ofMinutes(10)), "how long to wait for the server to answer");
    public static final ConfigKey SSLMODE = key("connection.sslmode", ValueType.STRING, "prefer", oneOf("disable", "allow", "prefer", "require", "verify-ca", "verify-full"), "disable, allow, prefer, require, verify-ca or verify-full");

    /** connection.databases: every database of the server that allows connections, not templates (as vacuumdb -a). */
    public static final String ALL_DATABASES = "all";
    public static final ConfigKey DATABASES = key("connection.databases", ValueType.LIST, List.of(), Validator.allOrNames(ALL_DATABASES), "databases of the server to maintain in one run: all (every database that allows connections, not templates; as vacuumdb -a; -a) or a list of names (empty: connection.dbname only)");
    public static final ConfigKey EXCLUDE_DATABASES = key("connection.exclude_databases", ValueType.LIST, List.of(), "databases left out of connection.databases, as glob patterns (* any characters, ? one; --exclude-database)");

    // catalog.*
    public static final ConfigKey CHECK_DIRS = key("catalog.check_dirs", ValueType.LIST, List.of(), "extra folders of check YAML files, after the built-in checks/");
    public static final ConfigKey RULE_DIRS = key("catalog.rule_dirs", ValueType.LIST, List.of(), "extra folders of rule .drl files, after the built-in rules/");
    public static final ConfigKey RULE_CACHE_DIR = key("catalog.rule_cache_dir", ValueType.STRING, "", "folder of compiled rule bases reused by later runs (empty: the first writable of $CACHE_DIRECTORY, $XDG_CACHE_HOME/pgmaint, ~/.cache/pgmaint, $STATE_DIRECTORY/rule-cache, a private folder in the temporary folder; off: compile every run)");
    public static final ConfigKey CHECK_TIMEOUT = key("catalog.default_statement_timeout", ValueType.DURATION, Duration.ofSeconds(30), between(Duration.ofSeconds(1), Duration.ofHours(1)), "statement_timeout of a check that does not set its own");

    // collect.*
    public static final ConfigKey COLLECT_CONNECTIONS = key("collect.connections", ValueType.INT, 2, between(1, MAX_COLLECT_CONNECTIONS), "connections the checks run on at once, each check still in its own read-only transaction (1: one after the other)");

    // fleet.* (runs over several databases: connection.databases, --targets)
    public static final int MAX_PARALLEL = 64;
    public static final ConfigKey PARALLEL = key("fleet.parallel", ValueType.INT, 2, between(1, MAX_PARALLEL), "databases planned or maintained at once in a run over several databases, in one process sharing the loaded checks and rules (each database still uses collect.connections and executor.jobs)");

    // approval.*
    public static final ConfigKey APPROVE_VACUUM = key("approval.vacuum", ValueType.STRING, "auto", oneOfIgnoringCase(APPROVALS), "auto, manual, never, or full (auto in full runs only)");
    public static final ConfigKey APPROVE_ANALYZE = key("approval.analyze", ValueType.STRING, "auto", oneOfIgnoringCase(APPROVALS), "auto, manual, never or full");
    public static final ConfigKey APPROVE_REINDEX = key("approval.reindex", ValueType.STRING, "full", oneOfIgnoringCase(APPROVALS), "auto, manual, never or full");
    public static final ConfigKey APPROVE_CANCEL = key("approval.cancel_query", ValueType.STRING, "auto", oneOfIgnoringCase(APPROVALS), "auto, manual, never or full");
    public static final ConfigKey APPROVE_RETENTION = key("approval.retention_delete", ValueType.STRING, "auto", oneOfIgnoringCase(APPROVALS), "auto, manual, never or full");

    // executor.*
    public static final ConfigKey LOCK_TIMEOUT = key("executor.lock_timeout", ValueType.DURATION, Duration.ofSeconds(5), between(Duration.ofMillis(100), Duration.ofMinutes(10)), "how long an action waits for a table lock before it is skipped with detail 'lock timeout'");
    public static final ConfigKey STATEMENT_TIMEOUT = key("executor.statement_timeout", ValueType.DURATION, Duration.ZERO, zeroOr("none", Duration.ofSeconds(1), Duration.ofDays(7)), "limit for one maintenance statement (0: none; every statement is still capped by the remaining run budget)");
    public static final ConfigKey MAX_RUNTIME = key("executor.max_runtime", ValueType.DURATION, Duration.ofHours(1), between(Duration.ofSeconds(1), Duration.ofDays(7)), "runtime budget of a run: once spent no new action starts and the rest is reported skipped (budget)");
    public static final ConfigKey JOBS = key("executor.jobs", ValueType.INT, 1, between(1, MAX_JOBS), "actions run in parallel on different tables, one connection each (like vacuumdb --jobs)");

    // cancel.*
    public static final ConfigKey QUERY_TIMEOUT = key("cancel.query_timeout", ValueType.DURATION, Duration.ofMinutes(10), between(MIN_QUERY_TIMEOUT, Duration.ofDays(30)), "client queries active longer than this are cancelled (pg_cancel_backend)");
    public static final ConfigKey CANCEL_EXCLUDE_ROLES = key("cancel.exclude_roles", ValueType.LIST, List.of(), "roles whose queries are never cancelled");
    public static final ConfigKey CANCEL_EXCLUDE_APPLICATIONS = key("cancel.exclude_applications", ValueType.LIST, List.of(), "application_name values whose queries are never cancelled");
    public static final ConfigKey TERMINATE_AFTER = key("cancel.terminate_after", ValueType.DURATION, Duration.ZERO, zeroOr("never", Duration.ofSeconds(1), Duration.ofHours(1)), "grace period after a cancel before pg_terminate_backend ends the same backend (0: never terminate)");

    // reindex.*
    public static final ConfigKey IMPORTANT_TABLES = key("reindex.important_tables", ValueType.LIST, List.of(), "tables (schema.table as in SQL: \"a.b\".c; both must match) whose indexes full runs rebuild with REINDEX INDEX CONCURRENTLY");

    // report.*
    public static final ConfigKey REPORT_DIR = key("report.dir", ValueType.STRING, "logs/maintenance", "folder of the run files (log, reports, alerts); relative to the working folder");
    public static final ConfigKey REPORT_TEMPLATES_DIR = key("report.templates_dir", ValueType.STRING, "", "folder of the report templates (empty: <pgmaint home>/templates)");
    public static final ConfigKey REPORT_RETENTION_DAYS = key("report.retention_days", ValueType.INT, 30, between(1, 3650), "run files older than this many days are removed at the end of each run");
    public static final ConfigKey REPORT_TEXT_LIMIT = key("report.text_limit", ValueType.INT, 20, between(0, 100_000), "findings the text and HTML reports list per kind, the most space to reclaim first (0: all; the JSON report keeps every one)");
    public static final ConfigKey REPORT_TOP_TABLES = key("report.top_tables", ValueType.INT, 10, between(1, 1000), "how many tables the reports list by dead tuples and by estimated bloat");

    // retention.* (the policies are the retention_policies section; see docs/retention.md)
    public static final ConfigKey RETENTION_BATCH_SIZE = key("retention.batch_size", ValueType.INT, 5000, between(1, 1_000_000), "rows deleted per batch (one short transaction each), unless a policy sets its own batch_size");
    public static final ConfigKey RETENTION_BATCH_PAUSE = key("retention.batch_pause", ValueType.DURATION, Duration.ZERO, between(Duration.ZERO, Duration.ofMinutes(1)), "pause between two batches, to leave room for the application (0: none)");
    public static final ConfigKey RETENTION_VACUUM_AFTER_ROWS = key("retention.vacuum_after_rows", ValueType.INT, 100_000, atLeast(0), "plan a VACUUM (ANALYZE) of the table after a purge of at least this many rows (0: never)");
    public static final ConfigKey RETENTION_EXACT_COUNT_LIMIT = key("retention.exact_count_limit", ValueType.INT, 10_000_000, atLeast(0), "tables estimated larger than this many rows get an estimated (planner) expired count instead of an exact count(*)");
    public static final ConfigKey RETENTION_MAX_BATCH_DURATION = key("retention.max_batch_duration", ValueType.DURATION, Duration.ofMillis(250), zeroOr("fixed batch_size", Duration.ofMillis(10), Duration.ofHours(1)), "batches start at batch_size rows and grow (up to 20x) while they take under a third of this time, shrinking when one takes longer (0: fixed batch_size)");

    // cache.* (the cache processor service, pgmaint cache-processor, and its events table)
    public static final ConfigKey CACHE_SCHEMA = name("cache.schema", "public", "schema of the cache invalidation events table");
    public static final ConfigKey CACHE_TABLE = name("cache.table", "cache_invalidation_events", "table of cache invalidation events");
    public static final ConfigKey CACHE_ID_COLUMN = name("cache.id_column", "id", "event id column (integer or bigint, increasing)");
    public static final ConfigKey CACHE_KEY_COLUMN = name("cache.key_column", "cache_key", "column holding the Redis key (or pattern) to delete");
    public static final ConfigKey CACHE_CREATED_COLUMN = name("cache.created_column", "created_at", "timestamptz column: when the event was made");
    public static final ConfigKey CACHE_PROCESSED_COLUMN = name("cache.processed_column", "processed_at", "timestamptz column set once the key is gone from Redis (null: pending)");
    public static final ConfigKey CACHE_BATCH_SIZE = key("cache.batch_size", ValueType.INT, 1000, between(1, 100_000), "events claimed, deleted and marked per transaction (1 to 100000)");
    public static final ConfigKey CACHE_POLL_INTERVAL = key("cache.poll_interval", ValueType.DURATION, Duration.ofSeconds(5), between(Duration.ofMillis(10), Duration.ofHours(1)), "look for events at least this often, even without a NOTIFY");
    public static final ConfigKey CACHE_CHANNEL = key("cache.channel", ValueType.STRING, "pgmaint_cache_invalidation", matching("[A-Za-z_][A-Za-z0-9_]{0,62}", "a channel name: letters, digits and _, at most 63, not starting with a digit, e.g. pgmaint_cache_invalidation"), "LISTEN/NOTIFY channel the trigger notifies");
    public static final ConfigKey CACHE_PATTERNS = key("cache.patterns_enabled", ValueType.BOOL, false, "treat keys containing * as patterns (SCAN + UNLINK); otherwise every key is literal");
    public static final ConfigKey CACHE_REDIS_URL = secret("cache.redis_url", "redis://[user:password@]host:port/db or rediss:// for TLS (empty: $REDIS_URL, else redis://127.0.0.1:6379)");
    public static final ConfigKey CACHE_REDIS_TIMEOUT = key("cache.redis_timeout", ValueType.DURATION, Duration.ofSeconds(2), between(Duration.ofMillis(100), Duration.ofMinutes(5)), "Redis connect and read timeout");
    public static final ConfigKey CACHE_MAX_BACKOFF = key("cache.max_backoff", ValueType.DURATION, Duration.ofSeconds(30), between(Duration.ofMillis(100), Duration.ofHours(1)), "longest wait between reconnection attempts while Redis or PostgreSQL is down");

    // history.* (the store of pgmaint's own runs; docs/history.md)
    public static final ConfigKey HISTORY_ENABLED = key("history.enabled", ValueType.BOOL, true, "record every plan, report and run in the history store and use it (index usage windows, trends, forecasts, new and resolved findings)");
    public static final ConfigKey HISTORY_URL = add(new ConfigKey("history.url", ValueType.STRING, "", true,
            "the history store: empty for the embedded file history.db in report.dir, sqlite:PATH for another file, or a central PostgreSQL database as a postgresql:// URI (many runs may write at once)",
            matching("|sqlite:.+|postgres(ql)?://.*", "empty, sqlite:PATH or a postgresql:// URI, e.g. postgresql://pgmaint@history-host/pgmaint_history")));
    public static final ConfigKey HISTORY_RETENTION_DAYS = key("history.retention_days", ValueType.INT, 400, between(1, 36500), "runs older than this many days are pruned from the history store (at the end of each run, or pgmaint history --prune)");

    public static final ConfigKey HISTORY_ALERTS = key("history.alerts", ValueType.STRING, "new_or_worse", oneOf("new_or_worse", "every_run"), "new_or_worse: the alert file names a finding that needs a human only when it is new, or more severe than when it was last alerted (the reports list them all); every_run: every time");

    // sections (lists of entries, parsed by their consumers from the YAML nodes) and open families
    public static final String EXCLUSIONS = "exclusions";
    public static final String RETENTION_POLICIES = "retention_policies";
    public static final List<String> SECTIONS = List.of("table_overrides", EXCLUSIONS, RETENTION_POLICIES);
    /** thresholds.&lt;name&gt;, declared by the checks. */
    public static final String THRESHOLDS = "thresholds";
    /** params.&lt;check&gt;.&lt;param&gt;, declared by each check. */
    public static final String PARAMS = "params";
    /** capacity.&lt;tablespace&gt;: the tablespace's total capacity as a size (500GB), for the days until it is full. */
    public static final String CAPACITY = "capacity";

    private ConfigKeys() {
    }

    private static ConfigKey key(String name, ValueType type, Object defaultValue, String description) {
        return key(name, type, defaultValue, Validator.ANY, description);
    }

    private static ConfigKey key(String name, ValueType type, Object defaultValue, Validator validator, String description) {
        return add(new ConfigKey(name, type, defaultValue, false, description, validator));
    }

    /** A table, schema or column name: any characters but NUL (quoted where it is used). */
    private static ConfigKey name(String name, String defaultValue, String description) {
        return key(name, ValueType.STRING, defaultValue, matching("[^\\x00]+",
                "a name (any characters but NUL, quoted for you), e.g. " + defaultValue), description);
    }

    private static ConfigKey secret(String name, String description) {
        return add(new ConfigKey(name, ValueType.STRING, "", true, description, Validator.ANY));
    }

    private static ConfigKey add(ConfigKey key) {
        KEYS.put(key.name(), key);
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
