package org.pgmaint.cli;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.pgmaint.config.Config;
import org.pgmaint.config.ConfigKeys;
import org.pgmaint.db.ConnectionSettings;
import org.pgmaint.db.Connections;
import org.pgmaint.engine.Engine;
import org.pgmaint.engine.Installation;
import org.pgmaint.execute.Deadline;
import org.pgmaint.execute.Executor;
import org.pgmaint.execute.ExecutorSettings;
import org.pgmaint.execute.HandlerRegistry;
import org.pgmaint.execute.Interruption;
import org.pgmaint.execute.RunLock;
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
    RunFilesOptions files;

    @Override
    public Integer call() throws SQLException, IOException {
        Instant started = Instant.now();
        Config config = common.loadConfig(execution.flags(connection.flags()));
        ExecutorSettings settings = ExecutorSettings.from(config);
        ReportSettings reports = files.settings(config);
        ConnectionSettings target = ConnectionSettings.from(config);
        String mode = full ? "full" : "standard";
        Interruption interruption = new Interruption();
        try (SignalTrap trap = dryRun ? null : SignalTrap.install(interruption);
             Ahead<RunLock> lock = dryRun ? null : Ahead.open(() -> RunLock.acquire(target, interruption));
             Ahead<Connection> connecting = Ahead.open(() -> Connections.openReadOnly(target))) {
            Engine engine = Engine.load(config, Installation.home());
            HandlerRegistry handlers = HandlerRegistry.standard(settings, config);
            return RunOutput.report(() -> dryRun ? plan(engine, connecting, target, mode, started)
                            : execute(engine, lock, connecting, target, settings, handlers, interruption, mode, started),
                    execution.format, reports, mode, started);
        }
    }

    private static RunResult plan(Engine engine, Ahead<Connection> connecting, ConnectionSettings target, String mode,
                                  Instant started) throws SQLException {
        try (Connection db = connecting.take()) {
            Engine.Planned planned = engine.evaluate(db, mode, target);
            return new RunResult(planned.plan(), true, started, Instant.now(), List.of(), planned.collection().results());
        }
    }

    private static RunResult execute(Engine engine, Ahead<RunLock> locking, Ahead<Connection> connecting,
                                     ConnectionSettings target, ExecutorSettings settings, HandlerRegistry handlers,
                                     Interruption interruption, String mode, Instant started) throws SQLException {
        try (RunLock lock = locking.take()) {
            Engine.Planned planned;
            try (Connection db = connecting.take()) {
                planned = engine.evaluate(db, mode, target);
            }
            if (planned.plan().standby()) {
                // the same schedule runs on every node of an HA pair: only the primary acts
                return new RunResult(planned.plan(), false, started, Instant.now(), List.of(),
                        planned.collection().results());
            }
            // the budget counts from the first action: planning is bounded by the checks' own timeouts
            RunResult result = new Executor(target, settings, handlers, lock, interruption)
                    .execute(planned.plan(), started, Deadline.after(settings.maxRuntime()));
            return result.withFacts(planned.collection().results());
        }
    }

}
