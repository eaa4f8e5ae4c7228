package org.pgmaint.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.pgmaint.catalog.Catalog;
import org.pgmaint.config.Config;
import org.pgmaint.config.InvalidInputException;
import org.pgmaint.config.Problem;
import org.pgmaint.config.TableOverride;

/**
 * Threshold values for the rules (global {@code thresholds} in DRL): the checks' declared defaults, the
 * config's values, and per-table overrides. Immutable.
 */
public final class Thresholds {
    private final Map<String, Double> values;
    private final List<TableOverride> overrides;

    private Thresholds(Map<String, Double> values, List<TableOverride> overrides) {
        this.values = Map.copyOf(values);
        this.overrides = List.copyOf(overrides);
    }

    /** Resolves and validates: every name the config sets must be declared by a check. */
    public static Thresholds resolve(Catalog catalog, Config config) {
        Map<String, Double> values = new TreeMap<>();
        catalog.thresholds().forEach((name, spec) -> values.put(name, spec.defaultValue()));
        List<Problem> problems = new ArrayList<>();
        String known = "declared by the checks: " + String.join(", ", new TreeMap<>(catalog.thresholds()).keySet());
        config.thresholds().forEach((name, value) -> {
            if (!values.containsKey(name)) {
                problems.add(Problem.of(config.origin("thresholds." + name), "thresholds." + name,
                        "unknown threshold; " + known));
            } else {
                values.put(name, value);
            }
        });
        for (TableOverride override : config.tableOverrides()) {
            for (String name : override.thresholds().keySet()) {
                if (!values.containsKey(name)) {
                    problems.add(Problem.of(override.origin(), "table_overrides.thresholds." + name,
                            "unknown threshold; " + known));
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException("configuration", problems);
        }
        return new Thresholds(values, config.tableOverrides());
    }

    public double get(String name) {
        Double value = values.get(name);
        if (value == null) {
            throw new IllegalArgumentException("unknown threshold '" + name + "'; known: " + values.keySet());
        }
        return value;
    }

    /** The value for one table: a table override when the config has one, else the global value. */
    public double get(String name, String schema, String table) {
        for (TableOverride override : overrides) {
            if (override.matches(schema, table) && override.thresholds().containsKey(name)) {
                return override.thresholds().get(name);
            }
        }
        return get(name);
    }

    /** Every value {@code name} takes: the global one and each table override's. */
    public java.util.Set<Double> values(String name) {
        java.util.Set<Double> all = new java.util.TreeSet<>(List.of(get(name)));
        for (TableOverride override : overrides) {
            Double value = override.thresholds().get(name);
            if (value != null) {
                all.add(value);
            }
        }
        return all;
    }

    public Map<String, Double> all() {
        return values;
    }
}
