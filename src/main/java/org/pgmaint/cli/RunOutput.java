package org.pgmaint.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.time.Instant;
import org.pgmaint.db.DatabaseUnavailableException;
import org.pgmaint.execute.AnotherRunException;
import org.pgmaint.execute.Executor;
import org.pgmaint.execute.Summary;
import org.pgmaint.model.Mode;
import org.pgmaint.model.Text;
import org.pgmaint.report.Alert;
import org.pgmaint.report.JsonReport;
import org.pgmaint.report.Listing;
import org.pgmaint.report.PlanText;
import org.pgmaint.report.ReportSettings;
import org.pgmaint.report.RunFiles;
import org.pgmaint.report.RunLog;
import org.pgmaint.execute.RunResult;

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
     * Runs the body with the run's log open. An unreachable database still leaves an alert file (naming
     * {@code database}, the one the run was to connect to); another run holding the lock exits 4 without files
     * beyond the log.
     */
    static int report(RunBody body, Format format, ReportSettings reports, String database, Mode mode,
                      Instant started) throws SQLException, IOException {
        try (RunLog log = RunFiles.startLog(reports, started)) {
            RunResult result;
            try {
                result = body.run();
            } catch (DatabaseUnavailableException e) {
                try {
                    RunFiles.writeFailure(reports, database, mode, e.getMessage(), started);
                } catch (IOException | UncheckedIOException writeFailure) {
                    System.err.println("pgmaint: ALERT: " + Alert.unreachable(e.getMessage()).title()
                            + "; and the alert file was not written: " + writeFailure.getMessage());
                }
                throw e;
            } catch (AnotherRunException e) {
                System.err.println("pgmaint: " + e.getMessage());
                return ExitCodes.ANOTHER_RUN;
            }
            try {
                RunFiles.write(result, reports);
            } catch (IOException | UncheckedIOException e) {
                return filesNotWritten(result, format, reports, e.getMessage());
            }
            return finish(result, format, reports.listing());
        }
    }

    /**
     * The run acted but its files could not all be written (folder gone, disk full): the report still goes to
     * stdout, and the alert, with the file that failed, to stderr; exit 1 (or the run's own worse code).
     */
    private static int filesNotWritten(RunResult result, Format format, ReportSettings reports, String failure) {
        int code = finish(result, format, reports.listing());
        System.err.println("pgmaint: ALERT: the run's files were not all written: " + failure
                + " (the report on stdout is this run's record; free the space or fix the folder for the next run)");
        for (Alert alert : Alert.of(result)) {
            System.err.println("pgmaint: ALERT: " + Text.escape(alert.title() + ": " + alert.detail()) + "; do: "
                    + Text.escape(alert.firstStep()));
        }
        return code == ExitCodes.OK ? ExitCodes.ALERTS : code;
    }

    static int finish(RunResult result, Format format, Listing listing) {
        if (format == Format.json) {
            StandardOutput.print(out -> JsonReport.write(result, out));
        } else {
            StandardOutput.print(PlanText.render(result, listing));
        }
        if (!result.dryRun()) {
            System.err.println(Summary.of(result));
        }
        if (Executor.interruptedBy(result).isPresent() || Executor.databaseLost(result)) {
            result.errors().forEach(e -> System.err.println("pgmaint: " + e));
        }
        return ExitCodes.of(result);
    }
}
