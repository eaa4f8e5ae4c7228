package org.pgmaint.report;

import java.time.Instant;
import java.util.List;
import org.pgmaint.plan.Plan;

/** One run as reported: the plan (with each action's outcome when executed), timing and run-level errors. */
public record RunResult(Plan plan, boolean dryRun, Instant startedAt, Instant finishedAt, List<String> errors) {

    public RunResult {
        errors = List.copyOf(errors);
    }
}
