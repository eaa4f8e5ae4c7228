package org.pgmaint.execute;

import java.time.Instant;
import java.util.List;
import org.pgmaint.collect.CheckResult;
import org.pgmaint.plan.Plan;

/**
 * One run: the plan (with each action's outcome when executed), timing, run-level errors and the rows the checks
 * returned (the reports' table lists come from them, as the checks declare; empty when not kept).
 */
public record RunResult(Plan plan, boolean dryRun, Instant startedAt, Instant finishedAt, List<String> errors,
                        List<CheckResult> facts) {

    public RunResult {
        errors = List.copyOf(errors);
        facts = facts == null ? List.of() : List.copyOf(facts);
    }

    public RunResult(Plan plan, boolean dryRun, Instant startedAt, Instant finishedAt, List<String> errors) {
        this(plan, dryRun, startedAt, finishedAt, errors, List.of());
    }

    public RunResult withFacts(List<CheckResult> results) {
        return new RunResult(plan, dryRun, startedAt, finishedAt, errors, results);
    }
}
