package org.pgmaint.cli;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import org.pgmaint.config.Config;
import org.pgmaint.db.ConnectionSettings;
import org.pgmaint.engine.Engine;
import org.pgmaint.execute.Deadline;
import org.pgmaint.execute.Executor;
import org.pgmaint.execute.ExecutorSettings;
import org.pgmaint.execute.HandlerRegistry;
import org.pgmaint.execute.Interruption;
import org.pgmaint.execute.RunLock;
import org.pgmaint.model.Mode;
import org.pgmaint.report.ReportSettings;
import org.pgmaint.execute.RunResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Plans, then executes the approved actions under the run lock, the runtime budget and the timeouts. */
@Command(name = "run", description = "Plan, then execute the approved maintenance actions (one run per database at a time).")
public class RunCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;
    @Mixin
    ConnectionOptions connection;

    @Option(names = "--full", description = "Full run (weekend): reindexing, more aggressive vacuum, full analyze.")
    boolean full;

    @Option(names = "--dry-run", description = "Only plan and show what would be done (the same as 'pgmaint plan').")
    boolean dryRun;

    @Mixin
    ExecutionOptions execution;

    @Mixin
    FleetOptions fleet;

    @Mixin
    Format.Choice output;

    @Mixin
    RunFilesOptions files;

    @Override
    public Integer call() throws SQLException, IOException {
        Instant started = Instant.now();
        Config config = common.loadConfig(fleet.flags(execution.flags(connection.flags())));
        ExecutorSettings settings = ExecutorSettings.from(config);
        ReportSettings reports = files.settings(config);
        Mode fleetMode = full ? Mode.FULL : Mode.STANDARD;
        if (fleet.requested(config)) {
            Interruption interruption = new Interruption();
            // one budget for the whole run, every database's actions included
            Deadline budget = Deadline.after(settings.maxRuntime());
            try (SignalTrap trap = dryRun ? null : SignalTrap.install(interruption)) {
                return FleetRun.run(config, fleet.targets(config, common, connection.flags(), fleet.flags(execution.flags(new java.util.LinkedHashMap<>()))), output.format, reports, true, interruption,
                        (pipeline, clusterChecksIn) -> dryRun ? plan(pipeline, fleetMode, Instant.now(), clusterChecksIn)
                                : execute(pipeline, settings, pipeline.handlers(settings), interruption, fleetMode,
                                        Instant.now(), clusterChecksIn, budget));
            }
        }
        ConnectionSettings target = ConnectionSettings.from(config);
        Mode mode = full ? Mode.FULL : Mode.STANDARD;
        Interruption interruption = new Interruption();
        try (SignalTrap trap = dryRun ? null : SignalTrap.install(interruption)) {
            Pipeline pipeline = Pipeline.start(config, target);
            HandlerRegistry handlers = pipeline.handlers(settings);
            return RunOutput.report(() -> dryRun ? plan(pipeline, mode, started, null)
                            : execute(pipeline, settings, handlers, interruption, mode, started, null, null),
                    output.format, reports.withHistory(pipeline.reportHistory()), target.dbname(), mode, started);
        }
    }

    private static RunResult plan(Pipeline pipeline, Mode mode, Instant started, String clusterChecksIn)
            throws SQLException {
        Engine.Planned planned = pipeline.evaluate(mode, clusterChecksIn);
        return pipeline.recorded(new RunResult(planned.plan(), true, started, Instant.now(), List.of(),
                planned.collection().results()), "run");
    }

    private static RunResult execute(Pipeline pipeline, ExecutorSettings settings, HandlerRegistry handlers,
                                     Interruption interruption, Mode mode, Instant started, String clusterChecksIn,
                                     Deadline budget) throws SQLException {
        try (RunLock lock = pipeline.lock(interruption)) {
            Engine.Planned planned = pipeline.evaluate(mode, clusterChecksIn);
            if (planned.plan().standby()) {
                // the same schedule runs on every node of an HA pair: only the primary acts
                return pipeline.recorded(new RunResult(planned.plan(), false, started, Instant.now(), List.of(),
                        planned.collection().results()), "run");
            }
            // the budget counts from the first action: planning is bounded by the checks' own timeouts
            RunResult result = new Executor(pipeline.target(), settings, handlers, lock, interruption)
                    .execute(planned.plan(), started, budget != null ? budget : Deadline.after(settings.maxRuntime()));
            return pipeline.recorded(result.withFacts(planned.collection().results()), "run");
        }
    }

}
