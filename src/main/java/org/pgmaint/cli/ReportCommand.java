package org.pgmaint.cli;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import org.pgmaint.config.Config;
import org.pgmaint.config.InvalidInputException;
import org.pgmaint.db.ConnectionSettings;
import org.pgmaint.db.DatabaseUnavailableException;
import org.pgmaint.engine.Engine;
import org.pgmaint.model.Mode;
import org.pgmaint.plan.Plan;
import org.pgmaint.report.JsonReport;
import org.pgmaint.report.Metrics;
import org.pgmaint.report.ReportModel;
import org.pgmaint.report.ReportSettings;
import org.pgmaint.report.PrivateFiles;
import org.pgmaint.report.RunFiles;
import org.pgmaint.execute.RunResult;
import org.pgmaint.report.Templates;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Findings only (the original guide's --report): what needs attention; no actions are planned or run. */
@Command(name = "report", description = "Report the findings (issues to review); plans and runs no actions, changes nothing.")
public class ReportCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;
    @Mixin
    ConnectionOptions connection;
    @Mixin
    RunFilesOptions files;

    @Option(names = "--full", description = "Use the checks of a full run.")
    boolean full;

    @Mixin
    FleetOptions fleet;

    @Mixin
    Format.Choice output;

    @Mixin
    ListingOptions listing;

    @Override
    public Integer call() throws SQLException, IOException {
        Instant started = Instant.now();
        Config config = common.loadConfig(fleet.flags(connection.flags()));
        ReportSettings settings = files.settings(config).withListing(listing.listing(config));
        if (fleet.requested(config)) {
            return fleet(config, settings);
        }
        if (settings.metricsFile() != null) {
            RunFiles.checkWritableFile(settings.metricsFile(), "--metrics-file", true).ifPresent(problem -> {
                throw new InvalidInputException("command line", problem);
            });
        }
        Templates templates = output.format == Format.text ? Templates.in(settings.templatesDir()) : null;
        if (templates != null) {
            templates.validate();
        }
        Engine.Planned planned;
        Pipeline pipeline = null;
        ConnectionSettings target = ConnectionSettings.from(config);
        Mode mode = full ? Mode.FULL : Mode.STANDARD;
        try {
            pipeline = Pipeline.start(config, target);
            planned = pipeline.evaluate(mode);
        } catch (DatabaseUnavailableException e) {
            // the scrape must not keep showing the last good report as current
            if (settings.metricsFile() != null) {
                try {
                    Metrics.write(settings.metricsFile(), Metrics.renderUnreachable(target.dbname(), mode, started));
                } catch (IOException writeFailure) {
                    System.err.println("pgmaint: ALERT: the metrics file was not written: cannot write "
                            + settings.metricsFile() + ": " + PrivateFiles.reason(writeFailure));
                }
            }
            throw e;
        }
        RunResult result = findingsOnly(pipeline, planned, started);
        String metricsFailure = null;
        if (settings.metricsFile() != null) {
            try {
                Metrics.write(settings.metricsFile(), Metrics.render(result, settings.topTables()));
            } catch (IOException e) {
                metricsFailure = "cannot write " + settings.metricsFile() + ": " + PrivateFiles.reason(e);
            }
        }
        StandardOutput.print(templates == null ? JsonReport.render(result)
                : templates.render(Templates.REPORT_TEXT, ReportModel.of(result, settings, true)));
        if (metricsFailure != null) {
            System.err.println("pgmaint: ALERT: the metrics file was not written: " + metricsFailure);
            return ExitCodes.ALERTS;
        }
        return ExitCodes.of(result);
    }

    /** The findings of a plan, no actions, recorded in the history as a report. */
    private static RunResult findingsOnly(Pipeline pipeline, Engine.Planned planned, Instant started) {
        Plan plan = planned.plan();
        Plan findings = new Plan(plan.database(), plan.serverVersion(), plan.serverMajor(), plan.mode(), List.of(),
                plan.findings(), plan.skippedChecks(), plan.failedChecks(), plan.standby(), plan.remediation());
        return pipeline.recorded(new RunResult(findings, true, started, Instant.now(), List.of(),
                planned.collection().results()), "report");
    }

    /** report -a, report --targets: every selected database as plan -a visits them, findings only. */
    private int fleet(Config config, ReportSettings settings) throws IOException {
        if (settings.metricsFile() != null) {
            throw new InvalidInputException("command line", org.pgmaint.config.Problem.of("--metrics-file",
                    settings.metricsFile().toString(), "is written by run over several databases (one file, a target"
                    + " and database label per series), not by report: leave it off or use run -a"));
        }
        Mode mode = full ? Mode.FULL : Mode.STANDARD;
        return FleetRun.run(config, fleet.targets(config, common, connection.flags(),
                        fleet.flags(new java.util.LinkedHashMap<>())), output.format, settings, false,
                new org.pgmaint.execute.Interruption(), (pipeline, clusterChecksIn) -> {
                    Instant begun = Instant.now();
                    return findingsOnly(pipeline, pipeline.evaluate(mode, clusterChecksIn), begun);
                });
    }
}
