package org.pgmaint.catalog;

import java.util.Map;

/**
 * A table list of the run reports that a check's rows feed ({@code report:} in the check's YAML): the rows whose
 * {@code orderBy} field is above 0, largest first, each shown with its {@code columns} (field -> format, in order).
 * The report knows no check: what a section lists, and by which field, is only what the check declares here.
 *
 * @param empty  what the section says when no row is listed
 * @param metric a Prometheus gauge of the listed tables, or null
 */
public record ReportSection(String id, String title, String orderBy, Map<String, Format> columns, String empty,
                            Metric metric) {

    public ReportSection {
        columns = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(columns));
    }

    /** How a column's value is shown. */
    public enum Format {
        /** a whole number as is */
        COUNT,
        /** bytes as "3.1 MB" */
        BYTES,
        /** a percentage as "40.0%"; exported to metrics as a ratio (0..1) */
        PCT,
        /** a number with up to one decimal */
        NUMBER;

        public String yamlName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** A gauge per listed table: {@code name{database, schema, table}} = the field's value. */
    public record Metric(String name, String field, String help) {
    }
}
