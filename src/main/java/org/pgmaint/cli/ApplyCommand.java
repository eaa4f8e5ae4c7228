package org.pgmaint.cli;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.pgmaint.config.Config;
import org.pgmaint.config.InvalidInputException;
import org.pgmaint.config.Problem;
import org.pgmaint.db.ConnectionSettings;
import org.pgmaint.execute.Deadline;
import org.pgmaint.execute.Executor;
import org.pgmaint.execute.ExecutorSettings;
import org.pgmaint.execute.Interruption;
import org.pgmaint.execute.PlanFile;
import org.pgmaint.execute.PlanRecheck;
import org.pgmaint.execute.RunLock;
import org.pgmaint.plan.ApprovalPolicy;
import org.pgmaint.plan.Plan;
import org.pgmaint.plan.PlannedAction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Executes a saved plan after re-checking every action against the live database; stale ones are skipped. */
@Command(name = "apply", description = "Execute a plan saved by 'pgmaint plan --out FILE', skipping actions the live database no longer needs.")
public class ApplyCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;
    @Mixin
    ConnectionOptions connection;

    @Parameters(index = "0", paramLabel = "PLAN_FILE", description = "The JSON plan written by 'pgmaint plan --out'.")
    Path planFile;

    @Option(names = "--only", paramLabel = "ID", split = ",", description = "Execute only these action ids (comma-separated); "
            + "this also runs actions whose approval is manual.")
    List<String> only = new ArrayList<>();

    @Mixin
    ExecutionOptions execution;

    @Mixin
    Format.Choice output;

    @Mixin
    RunFilesOptions files;

    @Override
    public Integer call() throws SQLException, java.io.IOException {
        Instant started = Instant.now();
        Config config = common.loadConfig(execution.flags(connection.flags()));
        ExecutorSettings settings = ExecutorSettings.from(config);
        Plan saved = PlanFile.read(planFile);
        Set<String> selected = selected(saved);
        ConnectionSettings target = ConnectionSettings.from(config);
        if (!target.dbname().equals(saved.database())) {
            throw new InvalidInputException("plan file", Problem.of(planFile.toString(), "database",
                    "the plan was made for database '" + saved.database() + "', not '" + target.dbname()
                            + "': connect to that database (-d " + saved.database() + ")"));
        }
        ApprovalPolicy policy = ApprovalPolicy.from(config);
        Interruption interruption = new Interruption();
        try (SignalTrap trap = SignalTrap.install(interruption)) {
            Pipeline pipeline = Pipeline.start(config, target);
            return RunOutput.report(() -> {
                try (RunLock lock = pipeline.lock(interruption)) {
                    org.pgmaint.engine.Engine.Planned fresh = pipeline.evaluate(saved.mode());
                    Plan checked = PlanRecheck.recheck(saved, fresh.plan(), selected, policy);
                    return pipeline.recorded(new Executor(target, settings, pipeline.handlers(settings), lock, interruption)
                            .execute(checked, started, Deadline.after(settings.maxRuntime()))
                            .withFacts(fresh.collection().results()), "apply")
                            .withFacts(List.of());   // apply's report lists no tables, as before
                }
            }, output.format, files.settings(config).withHistory(pipeline.reportHistory()), target.dbname(), saved.mode(),
                    started);
        }
    }

    private Set<String> selected(Plan saved) {
        Set<String> ids = new LinkedHashSet<>();
        List<String> known = saved.actions().stream().map(PlannedAction::id).toList();
        for (String id : only) {
            String trimmed = id.trim();
            if (!known.contains(trimmed)) {
                throw new InvalidInputException("command line", Problem.of("--only", trimmed, "no action with this id in "
                        + planFile + " (its ids: " + String.join(", ", known) + ")"));
            }
            ids.add(trimmed);
        }
        return ids;
    }
}
