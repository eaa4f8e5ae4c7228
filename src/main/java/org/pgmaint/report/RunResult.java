package org.pgmaint.report;

import java.time.Instant;
import java.util.List;
import org.pgmaint.plan.Plan;

/**
 * One run as reported: the plan (with each action's outcome when executed), timing, run-level errors and the
 * tables' size figures (for the reports' top-table lists; empty when not collected).
 */
public record RunResult(Plan plan, boolean dryRun, Instant startedAt, Instant finishedAt, List<String> errors,
                        List<TableStat> tables) {

    public RunResult {
        errors = List.copyOf(errors);
        tables = tables == null ? List.of() : List.copyOf(tables);
    }

    public RunResult(Plan plan, boolean dryRun, Instant startedAt, Instant finishedAt, List<String> errors) {
        this(plan, dryRun, startedAt, finishedAt, errors, List.of());
    }

    public RunResult withTables(List<TableStat> stats) {
        return new RunResult(plan, dryRun, startedAt, finishedAt, errors, stats);
    }
}
