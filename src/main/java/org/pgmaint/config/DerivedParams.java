package org.pgmaint.config;

import java.util.Map;
import java.util.TreeMap;

/**
 * Check parameters that follow ordinary config keys, so users set {@code cancel.query_timeout: 10min} rather
 * than {@code params.cancel_candidates.min_age_seconds: 600}. An explicit {@code params.<check>.<param>} wins,
 * except for the parameters in {@link #FROM_KEYS}, which the config loader refuses.
 */
public final class DerivedParams {
    private DerivedParams() {
    }

    /**
     * Parameters that only their config key sets ("check_id.param" -> key): setting them under params.* would
     * bypass the key's bounds (min_age_seconds 0 would cancel every client query).
     */
    public static final Map<String, ConfigKey> FROM_KEYS = Map.of("cancel_candidates.min_age_seconds", ConfigKeys.QUERY_TIMEOUT);

    /** The config's params.* values plus those derived from other keys, keyed "check_id.param" as text. */
    public static Map<String, String> effective(Config config) {
        Map<String, String> params = new TreeMap<>();
        params.put("cancel_candidates.min_age_seconds",
                String.valueOf(config.duration(ConfigKeys.QUERY_TIMEOUT).toSeconds()));
        params.put("cancel_candidates.exclude_roles", String.join(",", config.list(ConfigKeys.CANCEL_EXCLUDE_ROLES)));
        params.put("cancel_candidates.exclude_applications",
                String.join(",", config.list(ConfigKeys.CANCEL_EXCLUDE_APPLICATIONS)));
        params.put("important_table_indexes.important_tables", String.join(",", config.list(ConfigKeys.IMPORTANT_TABLES)));
        params.putAll(config.params());
        return params;
    }
}
