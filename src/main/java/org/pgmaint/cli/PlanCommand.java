package org.pgmaint.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import org.pgmaint.config.Config;
import org.pgmaint.config.InvalidInputException;
import org.pgmaint.config.Problem;
import org.pgmaint.db.ConnectionSettings;
import org.pgmaint.engine.Installation;
import org.pgmaint.execute.Interruption;
import org.pgmaint.report.ReportSettings;
import org.pgmaint.model.Mode;
import org.pgmaint.plan.Plan;
import org.pgmaint.report.JsonReport;
import org.pgmaint.report.PlanText;
import org.pgmaint.report.PrivateFiles;
import org.pgmaint.report.RemediationScript;
import org.pgmaint.model.Text;
import org.pgmaint.report.RunFiles;
import org.pgmaint.execute.RunResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The dry run: what maintenance would be done and why. Collection is read-only; nothing changes. */
@Command(name = "plan", description = "Show the maintenance plan (dry run): changes nothing in the database.")
public class PlanCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;
    @Mixin
    ConnectionOptions connection;

    @Option(names = "--full", description = "Plan a full run (weekend): reindexing, more aggressive vacuum, full analyze.")
    boolean full;

    @Mixin
    FleetOptions fleet;

    @Mixin
    Format.Choice output;

    @Mixin
    ListingOptions listing;

    @Option(names = "--out", paramLabel = "FILE", description = "Also save the plan as JSON to FILE (for review, then apply; created 0640, in an existing folder).")
    Path out;

    @Option(names = "--script", paramLabel = "FILE", description = "Also write the findings' suggestions, reconciled, as one SQL script to FILE for psql -v ON_ERROR_STOP=1 -f FILE, and beside it the revert script (FILE.sql -> FILE.revert.sql) that recreates what it drops (created 0640, in an existing folder).")
    Path script;

    @Override
    public Integer call() throws IOException, SQLException {
        Instant started = Instant.now();
        Config config = common.loadConfig(fleet.flags(connection.flags()));
        if (fleet.requested(config)) {
            if (out != null) {
                throw new InvalidInputException("command line", Problem.of("--out", out.toString(), "saves the plan of"
                        + " one database (for apply, which acts on one): plan each database with -d, or leave --out off"));
            }
            return FleetRun.run(config, fleet.targets(config, common, connection.flags(), fleet.flags(new java.util.LinkedHashMap<>())), output.format,
                    ReportSettings.from(config, Installation.home(), null).withListing(listing.listing(config)), false,
                    new Interruption(),
                    (pipeline, clusterChecksIn) -> pipeline.planned(full ? Mode.FULL : Mode.STANDARD, clusterChecksIn,
                            Instant.now(), "plan"));
        }
        if (out != null) {
            // before connecting: a plan that cannot be saved is not worth making (the folder is never created)
            RunFiles.checkWritableFile(out, "--out", false).ifPresent(problem -> {
                throw new InvalidInputException("command line", problem);
            });
        }
        if (script != null) {
            for (Path file : List.of(script, RemediationScript.revertPath(script))) {
                RunFiles.checkWritableFile(file, "--script", false).ifPresent(problem -> {
                    throw new InvalidInputException("command line", problem);
                });
            }
        }
        RunResult withRows = planned(Pipeline.start(config, ConnectionSettings.from(config)), started);
        RunResult result = withRows.withFacts(List.of());   // the JSON of a plan carries no check rows
        if (output.format == Format.json) {
            withRows = null;   // nor does anything else here: the rows go before the report is written
        }
        if (out != null) {
            // 0640 like the run files: a plan holds other sessions' query text
            try {
                PrivateFiles.write(out, json -> JsonReport.write(result, json));
            } catch (IOException e) {
                throw new InvalidInputException("command line", Problem.of(out.toString(), "--out",
                        "cannot be written: " + PrivateFiles.reason(e)));
            }
        }
        if (script != null) {
            writeScript(result.plan(), started);
        }
        if (output.format == Format.json) {
            // streamed: at 100,000 tables the JSON is hundreds of megabytes
            StandardOutput.print(json -> JsonReport.write(result, json));
        } else {
            StandardOutput.print(PlanText.render(withRows, listing.listing(config)));   // the rows group partitions
        }
        return ExitCodes.of(result);
    }

    /** The plan, recorded in the history, with the rows it was made from. */
    private RunResult planned(Pipeline pipeline, Instant started) throws SQLException {
        return pipeline.planned(full ? Mode.FULL : Mode.STANDARD, null, started, "plan");
    }

    /** The script and its revert, each replaced whole (never seen half-written); the figures on stderr. */
    private void writeScript(Plan plan, Instant started) {
        Path revert = RemediationScript.revertPath(script);
        try {
            PrivateFiles.writeAtomically(script, RemediationScript.script(plan, started, revert.getFileName().toString()),
                    ".pgmaint-script");
            PrivateFiles.writeAtomically(revert, RemediationScript.revert(plan, started, script.getFileName().toString()),
                    ".pgmaint-script");
        } catch (IOException e) {
            throw new InvalidInputException("command line", Problem.of(script.toString(), "--script",
                    "cannot be written: " + PrivateFiles.reason(e)));
        }
        System.err.println("pgmaint: wrote " + Text.escape(script.toString()) + ": " + plan.remediation().statements().size()
                + " statements resolving " + plan.remediation().resolvedCount() + " of " + plan.findings().size()
                + " findings, " + plan.remediation().withheld().size() + " left out; revert: " + Text.escape(revert.toString()));
    }
}
