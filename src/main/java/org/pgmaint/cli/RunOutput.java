package org.pgmaint.cli;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Instant;
import org.pgmaint.db.DatabaseUnavailableException;
import org.pgmaint.execute.AnotherRunException;
import org.pgmaint.execute.Executor;
import org.pgmaint.execute.Summary;
import org.pgmaint.report.Alert;
import org.pgmaint.report.JsonReport;
import org.pgmaint.report.PlanText;
import org.pgmaint.report.ReportSettings;
import org.pgmaint.report.RunFiles;
import org.pgmaint.report.RunLog;
import org.pgmaint.report.RunResult;

/**
 * How run and apply end: the run's log and files (report, alert when a human is needed, metrics), the report on
 * stdout, the summary on stderr, and the exit code.
 */
final class RunOutput {
    private RunOutput() {
    }

    /** What a run does between opening its log and writing its files. */
    interface RunBody {
        RunResult run() throws SQLException;
    }

    /**
     * Runs the body with the run's log open. An unreachable database still leaves an alert file; another run
     * holding the lock exits 4 without files beyond the log.
     */
    static int report(RunBody body, PlanCommand.Format format, ReportSettings reports, String mode, Instant started)
            throws SQLException, IOException {
        try (RunLog log = RunFiles.startLog(reports, started)) {
            RunResult result;
            try {
                result = body.run();
            } catch (DatabaseUnavailableException e) {
                RunFiles.writeFailure(reports, mode, e.getMessage(), started);
                throw e;
            } catch (AnotherRunException e) {
                System.err.println("pgmaint: " + e.getMessage());
                return ExitCodes.ANOTHER_RUN;
            }
            RunFiles.write(result, reports);
            return finish(result, format);
        }
    }

    static int finish(RunResult result, PlanCommand.Format format) {
        StandardOutput.print(format == PlanCommand.Format.json ? JsonReport.render(result) : PlanText.render(result));
        if (!result.dryRun()) {
            System.err.println(Summary.of(result));
        }
        java.util.Optional<String> signal = Executor.interruptedBy(result);
        if (signal.isPresent()) {
            result.errors().forEach(e -> System.err.println("pgmaint: " + e));
            return SignalTrap.exitCode(signal.get());
        }
        if (Executor.databaseLost(result)) {
            result.errors().forEach(e -> System.err.println("pgmaint: " + e));
            return ExitCodes.DATABASE_UNAVAILABLE;
        }
        return Alert.of(result).isEmpty() ? ExitCodes.OK : ExitCodes.ALERTS;
    }
}
