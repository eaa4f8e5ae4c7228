package org.pgmaint.catalog;

/** A query parameter a check declares: bound as :name, never spliced into the SQL text. */
public record ParamSpec(String name, FieldType type, Object defaultValue) {
}
