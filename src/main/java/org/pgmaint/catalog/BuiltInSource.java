package org.pgmaint.catalog;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.pgmaint.db.SystemSchemas;

/** A parameter source that is pgmaint's own rather than a configuration key: {@code from: pgmaint.<name>}. */
enum BuiltInSource {
    /** The backend pids of the connections this pgmaint process holds open, read when the check runs. */
    OWN_BACKEND_PIDS(ParamSpec.OWN_BACKEND_PIDS, FieldType.INT_ARRAY, "a list of pids", "pgmaint's own connections", null),
    /** The one regular expression of PostgreSQL's own schemas (the exclusions use it too): fixed, so no default. */
    SYSTEM_SCHEMAS(ParamSpec.SYSTEM_SCHEMAS, FieldType.TEXT, "a regular expression", "PostgreSQL's own schemas",
            SystemSchemas.REGEX);

    private final String name;
    private final FieldType type;
    private final String kind;
    private final String holds;
    private final Object fixedValue;

    BuiltInSource(String name, FieldType type, String kind, String holds, Object fixedValue) {
        this.name = name;
        this.type = type;
        this.kind = kind;
        this.holds = holds;
        this.fixedValue = fixedValue;
    }

    static Optional<BuiltInSource> named(String from) {
        return Arrays.stream(values()).filter(s -> s.name.equals(from)).findFirst();
    }

    static List<String> names() {
        return Arrays.stream(values()).map(s -> s.name).toList();
    }

    /** Why this source cannot set a parameter of that type, if it cannot. */
    Optional<String> problem(FieldType parameterType) {
        return parameterType == type ? Optional.empty()
                : Optional.of(name + " is " + kind + ": the parameter should be " + type.yamlName());
    }

    /** The value the parameter binds (own pids: a Supplier read when the check runs). */
    Object value(Supplier<List<Integer>> ownPids) {
        return this == OWN_BACKEND_PIDS ? ownPids : fixedValue;
    }

    /** The value when the source fixes it (then the YAML gives no default), else null. */
    Object fixedValue() {
        return fixedValue;
    }

    /** Why params.<check>.<param> cannot set a parameter of this source. */
    String notSettable() {
        return "cannot be set: it is " + holds;
    }
}
