package org.pgmaint.cli;

import org.pgmaint.execute.Executor;
import org.pgmaint.execute.Summary;
import org.pgmaint.plan.PlannedAction;
import org.pgmaint.report.JsonReport;
import org.pgmaint.report.PlanText;
import org.pgmaint.report.RunResult;

/** What run and apply print when they finish (report on stdout, summary on stderr) and the exit code. */
final class RunOutput {
    private RunOutput() {
    }

    static int finish(RunResult result, PlanCommand.Format format) {
        System.out.print(format == PlanCommand.Format.json ? JsonReport.render(result) : PlanText.render(result));
        if (!result.dryRun()) {
            System.err.println(Summary.of(result));
        }
        if (Executor.databaseLost(result)) {
            result.errors().forEach(e -> System.err.println("pgmaint: " + e));
            return ExitCodes.DATABASE_UNAVAILABLE;
        }
        boolean failed = result.plan().actions().stream().anyMatch(a -> PlannedAction.FAILED.equals(a.status()));
        return failed || !result.plan().failedChecks().isEmpty() ? ExitCodes.ALERTS : ExitCodes.OK;
    }
}
