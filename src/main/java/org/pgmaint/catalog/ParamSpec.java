package org.pgmaint.catalog;

/**
 * A query parameter a check declares: bound as :name, never spliced into the SQL text. {@code from}: the
 * configuration key that sets it (or {@link #OWN_BACKEND_PIDS}, {@link #SYSTEM_SCHEMAS}), else null: then {@code params.<check>.<name>}
 * sets it.
 */
public record ParamSpec(String name, FieldType type, Object defaultValue, String from) {
    /** The backend pids of the connections this pgmaint process holds open, read when the check runs. */
    public static final String OWN_BACKEND_PIDS = "pgmaint.own_backend_pids";
    /** The regular expression of PostgreSQL's own schemas ({@link org.pgmaint.db.SystemSchemas}): text. */
    public static final String SYSTEM_SCHEMAS = "pgmaint.system_schemas";

    public ParamSpec(String name, FieldType type, Object defaultValue) {
        this(name, type, defaultValue, null);
    }
}
