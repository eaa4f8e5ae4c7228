package org.pgmaint.report;

import org.pgmaint.model.Severity;

/**
 * What the text and HTML reports list of the findings (the JSON keeps every one): findings of at least
 * {@code minSeverity}, weak ones only when {@code weak}, at most {@code limit} entries per kind (0: no limit).
 */
public record Listing(Severity minSeverity, boolean weak, int limit) {
    /** report.text_limit's default, and what a listing without a configuration uses. */
    public static final int DEFAULT_LIMIT = 20;
    public static final Listing DEFAULT = new Listing(Severity.INFO, false, DEFAULT_LIMIT);

    public Listing {
        minSeverity = minSeverity == null ? Severity.INFO : minSeverity;
        if (limit < 0) {
            throw new IllegalArgumentException("limit " + limit + " is below 0");
        }
    }

    public Listing withLimit(int value) {
        return new Listing(minSeverity, weak, value);
    }

    boolean limits(int shown) {
        return limit > 0 && shown >= limit;
    }
}
