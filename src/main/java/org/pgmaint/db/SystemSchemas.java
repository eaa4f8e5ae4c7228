package org.pgmaint.db;

import java.util.regex.Pattern;

/**
 * PostgreSQL's own schemas, stated once: the checks bind {@link #REGEX} (as {@code nspname !~ :system_schemas},
 * the parameter's {@code from: pgmaint.system_schemas}) and the exclusions match names with {@link #is}. The
 * expression means the same to Java's and PostgreSQL's regular expressions.
 */
public final class SystemSchemas {
    public static final String REGEX = "^(pg_catalog|pg_toast|pg_temp_[0-9]+|pg_toast_temp_[0-9]+|information_schema)$";
    private static final Pattern PATTERN = Pattern.compile(REGEX);

    private SystemSchemas() {
    }

    /** Tested for every collected row: most names are decided by their first letters without the pattern. */
    public static boolean is(String schema) {
        return (schema.startsWith("pg_") || schema.startsWith("information_schema")) && PATTERN.matcher(schema).matches();
    }
}
