package org.pgmaint.config;

/**
 * One known configuration key: its dotted name (as nested in the YAML file), type, default, the values it
 * accepts and meaning. The environment variable is derived: {@code executor.lock_timeout} is
 * {@code PGMAINT_EXECUTOR_LOCK_TIMEOUT}.
 */
public record ConfigKey(String name, ValueType type, Object defaultValue, boolean secret, String description,
                        Validator validator) {

    /** Parses a value of this key from text; throws IllegalArgumentException saying what is valid. */
    public Object parse(String text) {
        Object value = type.parse(text);
        validator.check(type, value, text == null ? "" : text);
        return value;
    }

    /** What a valid value looks like, e.g. "a whole number from 1 to 64". */
    public String validValues() {
        return validator.describe(type);
    }

    public String envName() {
        return "PGMAINT_" + name.replace('.', '_').toUpperCase(java.util.Locale.ROOT);
    }
}
