package org.pgmaint.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.pgmaint.db.Identifiers;

/**
 * Check parameters that follow ordinary config keys, so users set {@code cancel.query_timeout: 10min} rather
 * than {@code params.cancel_candidates.min_age_seconds: 600}. An explicit {@code params.<check>.<param>} wins,
 * except for the names matched exactly (excluded roles and application_names, important tables, pgmaint's own
 * backends): {@code params.} text is split on commas, so those come only from their keys, as lists.
 * {@code params.cancel_candidates.min_age_seconds} is set only by {@code cancel.query_timeout} ({@link #FROM_KEYS}).
 */
public final class DerivedParams {
    /** Parameters bound from lists kept exactly as configured; never from comma-split params text. */
    private static final Map<String, String> EXACT = Map.of(
            "cancel_candidates.exclude_roles", ConfigKeys.CANCEL_EXCLUDE_ROLES.name(),
            "cancel_candidates.exclude_applications", ConfigKeys.CANCEL_EXCLUDE_APPLICATIONS.name(),
            "cancel_candidates.own_pids", "(pgmaint's own connections)",
            "important_table_indexes.important_schemas", ConfigKeys.IMPORTANT_TABLES.name(),
            "important_table_indexes.important_tables", ConfigKeys.IMPORTANT_TABLES.name(),
            "important_tables_missing.important_schemas", ConfigKeys.IMPORTANT_TABLES.name(),
            "important_tables_missing.important_tables", ConfigKeys.IMPORTANT_TABLES.name());

    private DerivedParams() {
    }

    /**
     * Parameters that only their config key sets ("check_id.param" -> key): setting them under params.* would
     * bypass the key's bounds (min_age_seconds 0 would cancel every client query).
     */
    public static final Map<String, ConfigKey> FROM_KEYS = Map.of("cancel_candidates.min_age_seconds", ConfigKeys.QUERY_TIMEOUT);

    /**
     * The config's params.* values plus those derived from other keys, keyed "check_id.param": text, a list
     * (kept exactly), or for {@code own_pids} a supplier read when the check runs.
     */
    public static Map<String, Object> effective(Config config, Supplier<List<Integer>> ownPids) {
        Map<String, Object> params = new TreeMap<>(config.params());
        params.put("cancel_candidates.min_age_seconds",
                String.valueOf(config.duration(ConfigKeys.QUERY_TIMEOUT).toSeconds()));
        params.put("cancel_candidates.exclude_roles", config.list(ConfigKeys.CANCEL_EXCLUDE_ROLES));
        params.put("cancel_candidates.exclude_applications", config.list(ConfigKeys.CANCEL_EXCLUDE_APPLICATIONS));
        params.put("cancel_candidates.own_pids", ownPids);
        List<String> schemas = new ArrayList<>();
        List<String> tables = new ArrayList<>();
        for (String entry : config.list(ConfigKeys.IMPORTANT_TABLES)) {
            String[] name = Identifiers.parseQualified(entry);
            schemas.add(name[0]);
            tables.add(name[1]);
        }
        for (String check : List.of("important_table_indexes", "important_tables_missing")) {
            params.put(check + ".important_schemas", List.copyOf(schemas));
            params.put(check + ".important_tables", List.copyOf(tables));
        }
        return params;
    }

    /** Problems of the keys behind the exact parameters: a params. override of one, an entry not schema.table. */
    public static List<Problem> problems(Config config) {
        List<Problem> problems = new ArrayList<>();
        EXACT.forEach((param, key) -> {
            if (config.params().containsKey(param)) {
                problems.add(Problem.of(config.origin(ConfigKeys.PARAMS + "." + param), ConfigKeys.PARAMS + "." + param,
                        "cannot be set: it is matched exactly and comes from " + key + " (a list)"));
            }
        });
        for (String entry : config.list(ConfigKeys.IMPORTANT_TABLES)) {
            try {
                Identifiers.parseQualified(entry);
            } catch (IllegalArgumentException e) {
                problems.add(Problem.of(config.origin(ConfigKeys.IMPORTANT_TABLES.name()), ConfigKeys.IMPORTANT_TABLES.name(),
                        e.getMessage()));
            }
        }
        return problems;
    }
}
