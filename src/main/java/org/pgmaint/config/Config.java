package org.pgmaint.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The effective configuration: each value with where it came from (default, file and line,
 * environment variable, flag). Immutable; built by {@link ConfigLoader}.
 */
public final class Config {
    private final SortedMap<String, Object> values;
    private final Map<String, String> origins;
    private final Map<String, ConfigSection> sections;
    private final List<TableOverride> tableOverrides;
    private final Path file;

    Config(SortedMap<String, Object> values, Map<String, String> origins, Map<String, ConfigSection> sections,
           List<TableOverride> tableOverrides, Path file) {
        this.values = Collections.unmodifiableSortedMap(new TreeMap<>(values));
        this.origins = Map.copyOf(origins);
        this.sections = Map.copyOf(sections);
        this.tableOverrides = List.copyOf(tableOverrides);
        this.file = file;
    }

    public static Config defaults() {
        return ConfigLoader.load(new ConfigLoader.Sources(null, Map.of(), Map.of(), Path.of(".")));
    }

    public Object value(ConfigKey key) {
        return values.get(key.name());
    }

    public String string(ConfigKey key) {
        return (String) value(key);
    }

    public int integer(ConfigKey key) {
        return (Integer) value(key);
    }

    public double number(ConfigKey key) {
        return ((Number) value(key)).doubleValue();
    }

    public boolean bool(ConfigKey key) {
        return (Boolean) value(key);
    }

    public Duration duration(ConfigKey key) {
        return (Duration) value(key);
    }

    @SuppressWarnings("unchecked")
    public List<String> list(ConfigKey key) {
        return (List<String>) value(key);
    }

    /** Threshold values set in the config (file, env or flag), by name; defaults come from the checks. */
    public Map<String, Double> thresholds() {
        Map<String, Double> result = new TreeMap<>();
        String prefix = ConfigKeys.THRESHOLDS + ".";
        values.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                result.put(k.substring(prefix.length()), (Double) v);
            }
        });
        return result;
    }

    /** Check parameter values set in the config, as text, keyed "check_id.param". */
    public Map<String, String> params() {
        Map<String, String> result = new TreeMap<>();
        String prefix = ConfigKeys.PARAMS + ".";
        values.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                result.put(k.substring(prefix.length()), (String) v);
            }
        });
        return result;
    }

    /** The capacities set in the config ({@code capacity.<tablespace>}), in bytes, by tablespace name. */
    public Map<String, Long> capacities() {
        Map<String, Long> result = new TreeMap<>();
        String prefix = ConfigKeys.CAPACITY + ".";
        values.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                result.put(k.substring(prefix.length()), ByteSize.parse((String) v));
            }
        });
        return result;
    }

    public List<TableOverride> tableOverrides() {
        return tableOverrides;
    }

    public Optional<ConfigSection> section(String key) {
        return Optional.ofNullable(sections.get(key));
    }

    public String origin(String key) {
        return origins.getOrDefault(key, "default");
    }

    public Optional<Path> file() {
        return Optional.ofNullable(file);
    }

    /** The effective configuration as sorted "key = value  # origin" lines, secrets masked. */
    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        values.forEach((key, value) -> {
            ConfigKey known = ConfigKeys.find(key);
            boolean secret = known != null && known.secret();
            String text = ValueType.format(value);
            // a secret URL shows where it points, with its password masked; any other secret not at all
            String shown = !secret || text.isEmpty() ? Secrets.maskUri(text)
                    : text.contains("://") ? Secrets.maskUri(text) : Secrets.MASK;
            lines.add(key + " = " + shown + "  # " + origin(key));
        });
        sections.forEach((key, section) -> {
            if (!key.equals("table_overrides")) {
                int entries = section.node() instanceof org.yaml.snakeyaml.nodes.SequenceNode list ? list.getValue().size() : 1;
                lines.add(key + ": " + entries + (entries == 1 ? " entry" : " entries") + "  # " + section.source() + ":"
                        + YamlFile.line(section.node()));
            }
        });
        for (TableOverride override : tableOverrides) {
            lines.add("table_overrides: " + override.schema() + "." + override.table() + " " + override.thresholds()
                    + "  # " + override.origin());
        }
        return lines;
    }
}
