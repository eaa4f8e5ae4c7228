package org.pgmaint.report;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.pgmaint.collect.CheckResult;
import org.pgmaint.execute.RunResult;
import org.pgmaint.model.Action;
import org.pgmaint.model.Finding;
import org.pgmaint.model.Mode;
import org.pgmaint.plan.ActionSql;
import org.pgmaint.plan.Plan;
import org.pgmaint.plan.PlannedAction;

/**
 * Scripted measurement (not a test): writes the run files of a large run (N tables, N/5 actions and findings)
 * several times and prints the time per write and the file sizes. Run with: java -cp ... ReportBenchmark [N]
 */
public final class ReportBenchmark {
    private ReportBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        List<Map<String, Object>> activity = new ArrayList<>();
        List<Map<String, Object>> bloat = new ArrayList<>();
        List<PlannedAction> actions = new ArrayList<>();
        List<Finding> findings = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            activity.add(SampleRun.activity("app", "t" + i, 10_000 + i, i * 3L, 100.0 * i * 3 / (10_000 + i * 4)));
            bloat.add(SampleRun.bloat("app", "t" + i, 8192L * (i + 1), 4096L * i));
            if (i % 5 == 0) {
                Action a = Action.vacuum("app", "t" + i, "dead tuples");
                actions.add(new PlannedAction(String.valueOf(i), a, true, ActionSql.render(a), PlannedAction.DONE, null, 12L));
                findings.add(Finding.warning("unused_index", "app", "t" + i, "index never scanned").withIndexes("t" + i + "_idx"));
            }
        }
        Plan plan = new Plan("app", "15.19", 15, Mode.STANDARD, actions, findings, List.of(), List.of());
        List<CheckResult> tables = List.of(
                new CheckResult(SampleRun.BUILT_IN.check("table_activity").orElseThrow(), activity, 0),
                new CheckResult(SampleRun.BUILT_IN.check("table_bloat").orElseThrow(), bloat, 0));
        Path dir = Files.createTempDirectory("pgmaint-bench");
        for (int round = 1; round <= 5; round++) {
            Instant started = Instant.parse("2026-11-24T03:00:00Z").plusSeconds(round);
            RunResult run = new RunResult(plan, false, started, started.plusSeconds(60), List.of(), tables);
            ReportSettings settings = new ReportSettings(dir, Path.of("templates"), 30, 10, dir.resolve("m.prom"), ZoneId.of("UTC"));
            long t0 = System.nanoTime();
            List<Path> written = RunFiles.write(run, settings);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            long bytes = 0;
            for (Path p : written) {
                bytes += Files.size(p);
            }
            System.out.printf("round %d: %d tables, %d actions, %d findings: %d ms, %d files, %d bytes%n",
                    round, n, actions.size(), findings.size(), ms, written.size(), bytes);
        }
    }
}
