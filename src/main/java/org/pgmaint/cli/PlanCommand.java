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
import org.pgmaint.model.Mode;
import org.pgmaint.engine.Engine;
import org.pgmaint.report.JsonReport;
import org.pgmaint.report.PlanText;
import org.pgmaint.report.PrivateFiles;
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
    Format.Choice output;

    @Mixin
    ListingOptions listing;

    @Option(names = "--out", paramLabel = "FILE", description = "Also save the plan as JSON to FILE (for review, then apply; created 0640, in an existing folder).")
    Path out;

    @Override
    public Integer call() throws IOException, SQLException {
        Instant started = Instant.now();
        Config config = common.loadConfig(connection.flags());
        if (out != null) {
            // before connecting: a plan that cannot be saved is not worth making (the folder is never created)
            RunFiles.checkWritableFile(out, "--out", false).ifPresent(problem -> {
                throw new InvalidInputException("command line", problem);
            });
        }
        Engine.Planned planned = Pipeline.start(config, ConnectionSettings.from(config))
                .evaluate(full ? Mode.FULL : Mode.STANDARD);
        // the checks' rows too: the text groups partitions under their parent by them
        RunResult result = new RunResult(planned.plan(), true, started, Instant.now(), List.of(),
                planned.collection().results());
        // rendered only when asked for: at 10,000 tables the JSON is tens of megabytes
        String json = out != null || output.format == Format.json ? JsonReport.render(result) : null;
        if (out != null) {
            // 0640 like the run files: a plan holds other sessions' query text
            try {
                PrivateFiles.write(out, json);
            } catch (IOException e) {
                throw new InvalidInputException("command line", Problem.of(out.toString(), "--out",
                        "cannot be written: " + PrivateFiles.reason(e)));
            }
        }
        StandardOutput.print(output.format == Format.json ? json : PlanText.render(result, listing.listing(config)));
        return ExitCodes.of(result);
    }
}
