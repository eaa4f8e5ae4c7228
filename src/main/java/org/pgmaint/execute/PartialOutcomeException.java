package org.pgmaint.execute;

import java.sql.SQLException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The connection broke in the middle of an action that had committed part of its work (a purge's batches): the
 * error as the server or driver gave it (its SQLState tells the executor the connection is gone), with what that
 * part did, so the failed action still reports it.
 */
public final class PartialOutcomeException extends SQLException {
    private final String done;
    private final transient Map<String, Object> figures;

    public PartialOutcomeException(SQLException cause, String done, Map<String, Object> figures) {
        super(cause.getMessage(), cause.getSQLState(), cause);
        this.done = done;
        this.figures = Collections.unmodifiableMap(new LinkedHashMap<>(figures));
    }

    /** The executor's outcome for the error, with the committed part's description and figures added. */
    Outcome completing(Outcome outcome) {
        String detail = outcome.detail() == null ? done : outcome.detail() + "; " + done;
        return new Outcome(outcome.status(), detail, figures);
    }
}
