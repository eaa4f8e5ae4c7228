package org.pgmaint.config;

/**
 * One known configuration key: its dotted name (as nested in the YAML file), type, default and
 * meaning. The environment variable is derived: {@code executor.lock_timeout} is
 * {@code PGMAINT_EXECUTOR_LOCK_TIMEOUT}.
 */
public record ConfigKey(String name, ValueType type, Object defaultValue, boolean secret, String description) {

    public String envName() {
        return "PGMAINT_" + name.replace('.', '_').toUpperCase(java.util.Locale.ROOT);
    }
}
