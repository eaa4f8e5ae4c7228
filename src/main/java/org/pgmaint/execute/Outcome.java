package org.pgmaint.execute;

import java.util.Map;
import org.pgmaint.plan.PlannedAction;

/**
 * What running an action did.
 *
 * @param status  {@link PlannedAction#DONE}, {@link PlannedAction#FAILED} or {@link PlannedAction#SKIPPED}
 * @param detail  why, for failed and skipped ("lock timeout", "budget", "stale: ..."), else null
 * @param figures numbers for the report (rows_deleted, batches, longest_batch_ms, ...), JSON-friendly
 */
public record Outcome(String status, String detail, Map<String, Object> figures) {

    public static Outcome done() {
        return new Outcome(PlannedAction.DONE, null, Map.of());
    }

    public static Outcome done(Map<String, Object> figures) {
        return new Outcome(PlannedAction.DONE, null, figures);
    }

    public static Outcome skipped(String detail) {
        return new Outcome(PlannedAction.SKIPPED, detail, Map.of());
    }

    public static Outcome failed(String detail) {
        return new Outcome(PlannedAction.FAILED, detail, Map.of());
    }
}
