package org.pgmaint.config;

/**
 * One known configuration key: its dotted name (as nested in the YAML file), type, default, the values it
 * accepts and meaning. The environment variable is derived: {@code executor.lock_timeout} is
 * {@code PGMAINT_EXECUTOR_LOCK_TIMEOUT}.
 */
public record ConfigKey(String name, ValueType type, Object defaultValue, boolean secret, String description, Range range) {

    public ConfigKey(String name, ValueType type, Object defaultValue, boolean secret, String description) {
        this(name, type, defaultValue, secret, description, Range.ANY);
    }

    /** Parses a value of this key from text; throws IllegalArgumentException saying what is valid. */
    public Object parse(String text) {
        Object value = type.parse(text);
        range.check(type, value, text == null ? "" : text);
        return value;
    }

    public String envName() {
        return "PGMAINT_" + name.replace('.', '_').toUpperCase(java.util.Locale.ROOT);
    }
}
