package org.pgmaint.plan;

import org.pgmaint.model.Action;

/**
 * An action in a plan: its stable id, whether the policy approves it, the statement, and (after execution)
 * its status, detail and duration.
 *
 * @param status planned, done, failed or skipped
 */
public record PlannedAction(String id, Action action, boolean approved, String sql, String status, String detail,
                            Long durationMillis) {

    public static final String PLANNED = "planned";
    public static final String DONE = "done";
    public static final String FAILED = "failed";
    public static final String SKIPPED = "skipped";

    public PlannedAction withOutcome(String newStatus, String newDetail, Long millis) {
        return new PlannedAction(id, action, approved, sql, newStatus, newDetail, millis);
    }
}
