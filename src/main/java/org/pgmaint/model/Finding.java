package org.pgmaint.model;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Something a DBA should know, as a rule creates it ({@code insert(Finding.warning("duplicate_index", ...))}).
 * Kinds are open; {@code rule} and {@code check} are filled in by the engine. Names are real, unquoted names;
 * {@code suggestion} is SQL with quoted names, or null. {@code alerting}: whether the finding needs a human (an
 * alert file): by default when it is critical; a rule says otherwise with {@link #alertAlways()} or
 * {@link #alertFirst()}. {@link #statements()} reads the suggestion as statements for the remediation script.
 * Two details mean the same for every kind, and the reports read them (and no other):
 * {@link #WEAK} and {@link #RECLAIM_BYTES}; the history reads {@link #SUBJECT}.
 */
public record Finding(String kind, Severity severity, String schema, String table, List<String> indexes,
                      List<String> columns, String message, String suggestion, Map<String, Object> details,
                      String rule, String check, Alerting alerting) {

    /**
     * The detail that keeps a finding out of the alert file: an earlier alert file named it at this severity (the
     * value) or a higher one, and it has lasted since (history.alerts: new_or_worse).
     */
    public static final String ALERTED_BEFORE = "alerted_before";
    /** The detail (ISO instant) of when the history first saw this finding, in an unbroken series of runs. */
    public static final String FIRST_SEEN = "first_seen";
    /**
     * Detail {@code weak = true}: the rule is not sure (e.g. the statistics are too young to call an index unused).
     * Text reports count weak findings instead of listing them, unless asked; the JSON keeps them.
     */
    public static final String WEAK = "weak";
    /** Detail {@code reclaim_bytes}: the space following the suggestion frees, the finding's impact in reports. */
    public static final String RECLAIM_BYTES = "reclaim_bytes";
    /**
     * Detail {@code subject}: what a finding with no table is about (a replication slot, a tablespace, a backend), so
     * that the history tells two findings of one kind apart: new, resolved, first seen and the alert memory.
     */
    public static final String SUBJECT = "subject";

    public Finding {
        indexes = indexes == null ? List.of() : List.copyOf(indexes);
        columns = columns == null ? List.of() : List.copyOf(columns);
        details = Details.of(details);
        alerting = alerting == null ? Alerting.IF_CRITICAL : alerting;
    }

    /** When a finding raises an alert, and where the alert ranks. */
    public enum Alerting {
        /** when it is critical, after run errors and failed actions */
        IF_CRITICAL,
        /** whatever its severity (a warning too), after the critical findings */
        ALWAYS,
        /** before every other alert of the run: what to do first */
        FIRST
    }

    public static Finding of(String kind, Severity severity, String schema, String table, String message) {
        return new Finding(kind, severity, schema, table, List.of(), List.of(), message, null, Map.of(), null, null, null);
    }

    public static Finding info(String kind, String schema, String table, String message) {
        return of(kind, Severity.INFO, schema, table, message);
    }

    public static Finding warning(String kind, String schema, String table, String message) {
        return of(kind, Severity.WARNING, schema, table, message);
    }

    public static Finding critical(String kind, String schema, String table, String message) {
        return of(kind, Severity.CRITICAL, schema, table, message);
    }

    public Finding withIndexes(List<String> names) {
        return new Finding(kind, severity, schema, table, names, columns, message, suggestion, details, rule, check, alerting);
    }

    public Finding withIndexes(String... names) {
        return withIndexes(Arrays.asList(names));
    }

    public Finding withColumns(List<String> names) {
        return new Finding(kind, severity, schema, table, indexes, names, message, suggestion, details, rule, check, alerting);
    }

    public Finding withColumns(String... names) {
        return withColumns(Arrays.asList(names));
    }

    public Finding withSuggestion(String sql) {
        return new Finding(kind, severity, schema, table, indexes, columns, message, sql, details, rule, check, alerting);
    }

    public Finding withMessage(String text) {
        return new Finding(kind, severity, schema, table, indexes, columns, text, suggestion, details, rule, check, alerting);
    }

    public Finding withSeverity(Severity value) {
        return new Finding(kind, value, schema, table, indexes, columns, message, suggestion, details, rule, check, alerting);
    }

    /** The finding's {@link #SUBJECT}. */
    public Finding withSubject(String what) {
        return withDetail(SUBJECT, what);
    }

    public Finding withDetail(String key, Object value) {
        return new Finding(kind, severity, schema, table, indexes, columns, message, suggestion,
                Details.of(details).with(key, value), rule, check, alerting);
    }

    /**
     * The suggestion's statements, each with what it does and to which object ({@link Statement#parse}): what the
     * remediation script reconciles across findings. Unqualified names are taken to be in the finding's schema.
     */
    public java.util.List<Statement> statements() {
        return Statement.parse(suggestion, schema);
    }

    /**
     * The rule's evidence is too young to act on (detail {@code weak: true}, e.g. an unused index on statistics
     * younger than the threshold): reported, but its suggestion is not put into the remediation script.
     */
    public boolean weak() {
        return Boolean.TRUE.equals(details.get(WEAK));
    }

    /** The bytes its suggestion frees, 0 when it frees none (or the rule does not say). */
    public long reclaimBytes() {
        return details.get(RECLAIM_BYTES) instanceof Number n ? Math.max(0, n.longValue()) : 0;
    }

    /** Marks the finding weak (or sure): see {@link #WEAK}. */
    public Finding weak(boolean value) {
        return withDetail(WEAK, value);
    }

    /** Says how much space its suggestion frees: see {@link #RECLAIM_BYTES}. */
    public Finding reclaiming(Number bytes) {
        return withDetail(RECLAIM_BYTES, bytes == null ? 0L : bytes.longValue());
    }

    /**
     * The suggestion needs a decision the rule cannot make (detail {@code manual: true}, e.g. a GIN index for a
     * btree on an array: only the queries tell whether it helps, and the finding stays after it): reported, not
     * put into the remediation script.
     */
    public boolean manual() {
        return Boolean.TRUE.equals(details.get(MANUAL));
    }

    /** The detail that marks a {@link #manual()} finding. */
    public static final String MANUAL = "manual";

    /** The finding alerts whatever its severity. */
    public Finding alertAlways() {
        return withAlerting(Alerting.ALWAYS);
    }

    /** The finding alerts, before every other alert of the run. */
    public Finding alertFirst() {
        return withAlerting(Alerting.FIRST);
    }

    private Finding withAlerting(Alerting value) {
        return new Finding(kind, severity, schema, table, indexes, columns, message, suggestion, details, rule, check, value);
    }

    public Finding withProvenance(String ruleName, String checkId) {
        return new Finding(kind, severity, schema, table, indexes, columns, message, suggestion, details, ruleName, checkId, alerting);
    }
}
