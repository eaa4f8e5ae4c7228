package org.pgmaint.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.pgmaint.catalog.ReportSection;
import org.pgmaint.execute.RunResult;
import org.pgmaint.files.AtomicWrite;
import org.pgmaint.model.ActionKind;
import org.pgmaint.model.Finding;
import org.pgmaint.model.Mode;
import org.pgmaint.model.Severity;
import org.pgmaint.plan.PlannedAction;

/**
 * A run's figures in the Prometheus text exposition format, for node_exporter's textfile collector. Written to
 * a temporary file in the same folder and moved over the old one atomically, so a scrape never sees half a file.
 * The file is 0644: the exporter usually runs as another user.
 */
public final class Metrics {
    private static final List<String> STATUSES = List.of(PlannedAction.PLANNED, PlannedAction.DONE,
            PlannedAction.FAILED, PlannedAction.SKIPPED);

    private Metrics() {
    }

    public static String render(RunResult run, int topTables) {
        String db = label("database", run.plan().database()) + "," + label("mode", run.plan().mode().id());
        StringBuilder out = new StringBuilder();
        long millis = run.finishedAt() == null ? 0 : Duration.between(run.startedAt(), run.finishedAt()).toMillis();
        boolean alerts = !Alert.of(run).isEmpty();
        runMetrics(out, db, millis / 1000.0, run.finishedAt() == null ? run.startedAt() : run.finishedAt(),
                alerts ? "alerts" : "ok", run.dryRun());

        header(out, "pgmaint_actions", "Actions of the last run by kind and status.");
        for (ActionKind kind : ActionKind.values()) {
            for (String status : STATUSES) {
                long n = run.plan().actions().stream()
                        .filter(p -> p.action().kind() == kind && status.equals(p.status())).count();
                out.append("pgmaint_actions{").append(db).append(',').append(label("kind", kind.id())).append(',')
                        .append(label("status", status)).append("} ").append(n).append('\n');
            }
        }

        header(out, "pgmaint_findings", "Findings of the last run by kind and severity.");
        Map<String, Long> findings = new TreeMap<>();
        for (Finding f : run.plan().findings()) {
            findings.merge(label("kind", f.kind()) + "," + label("severity", f.severity().id()), 1L, Long::sum);
        }
        findings.forEach((labels, n) -> out.append("pgmaint_findings{").append(db).append(',').append(labels)
                .append("} ").append(n).append('\n'));
        header(out, "pgmaint_findings_by_severity", "Findings of the last run by severity.");
        for (Severity s : Severity.values()) {
            long n = run.plan().findings().stream().filter(f -> f.severity() == s).count();
            out.append("pgmaint_findings_by_severity{").append(db).append(',').append(label("severity", s.id()))
                    .append("} ").append(n).append('\n');
        }

        header(out, "pgmaint_checks_failed", "Checks that failed in the last run.");
        out.append("pgmaint_checks_failed{").append(db).append("} ").append(run.plan().failedChecks().size()).append('\n');
        header(out, "pgmaint_checks_skipped", "Checks skipped in the last run (no SQL for this server version).");
        out.append("pgmaint_checks_skipped{").append(db).append("} ").append(run.plan().skippedChecks().size()).append('\n');

        for (TableList list : TableList.of(run.facts(), topTables)) {
            ReportSection.Metric metric = list.section().metric();
            if (metric == null) {
                continue;
            }
            header(out, metric.name(), metric.help());
            for (Map<String, Object> row : list.rows()) {
                out.append(metric.name()).append('{').append(label("database", run.plan().database())).append(',')
                        .append(label("schema", (String) row.get("schema_name"))).append(',')
                        .append(label("table", (String) row.get("table_name"))).append("} ")
                        .append(TableList.metricValue(TableList.value(row, metric.field()),
                                list.section().columns().get(metric.field()))).append('\n');
            }
        }
        return out.toString();
    }

    /**
     * The metrics of a run over several databases in one file: every database's series with a {@code target}
     * label beside its {@code database} label, each metric's HELP and TYPE once (the exposition format allows a
     * family only once); a database that was not reached has its run metrics with outcome unreachable.
     */
    public static String renderFleet(List<FleetEntry> entries, int topTables, Mode mode, Instant at) {
        Map<String, StringBuilder> families = new java.util.LinkedHashMap<>();
        for (FleetEntry entry : entries) {
            String text = entry.completed() ? render(entry.result(), topTables)
                    : renderUnreachable(entry.database(), mode, at);
            String target = label("target", entry.target()) + ",";
            String family = null;
            for (String line : text.split("\n")) {
                if (line.startsWith("# HELP ")) {
                    family = line.substring(7).split(" ", 2)[0];
                    if (!families.containsKey(family)) {
                        families.put(family, new StringBuilder(line).append('\n'));
                    }
                } else if (line.startsWith("# TYPE ")) {
                    StringBuilder block = families.get(family);
                    if (block.indexOf("# TYPE ") < 0) {
                        block.append(line).append('\n');
                    }
                } else if (!line.isEmpty()) {
                    int brace = line.indexOf('{');
                    families.get(family).append(line, 0, brace + 1).append(target).append(line.substring(brace + 1))
                            .append('\n');
                }
            }
        }
        StringBuilder out = new StringBuilder();
        families.values().forEach(out::append);
        return out.toString();
    }

    /** The metrics of a run that could not reach the database: labelled with the database it was to connect to. */
    public static String renderUnreachable(String database, Mode mode, Instant at) {
        StringBuilder out = new StringBuilder();
        runMetrics(out, label("database", database) + "," + label("mode", mode.id()), 0, at, "unreachable", false);
        return out.toString();
    }

    private static void runMetrics(StringBuilder out, String labels, double seconds, Instant at, String outcome,
                                   boolean dryRun) {
        header(out, "pgmaint_run_duration_seconds", "Wall time of the last run.");
        out.append("pgmaint_run_duration_seconds{").append(labels).append("} ")
                .append(String.format(Locale.ROOT, "%.3f", seconds)).append('\n');
        header(out, "pgmaint_run_finished_timestamp_seconds", "When the last run finished (Unix time).");
        out.append("pgmaint_run_finished_timestamp_seconds{").append(labels).append("} ").append(at.getEpochSecond()).append('\n');
        header(out, "pgmaint_run_outcome", "1 for the outcome of the last run: ok, alerts or unreachable.");
        for (String o : List.of("ok", "alerts", "unreachable")) {
            out.append("pgmaint_run_outcome{").append(labels).append(',').append(label("outcome", o)).append("} ")
                    .append(o.equals(outcome) ? 1 : 0).append('\n');
        }
        header(out, "pgmaint_run_dry_run", "1 when the last run changed nothing (dry run).");
        out.append("pgmaint_run_dry_run{").append(labels).append("} ").append(dryRun ? 1 : 0).append('\n');
    }

    private static void header(StringBuilder out, String name, String help) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(" gauge\n");
    }

    /** A label pair with the value escaped as the exposition format requires (backslash, quote, newline). */
    static String label(String name, String value) {
        String v = value == null ? "" : value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
        return name + "=\"" + v + "\"";
    }

    /** Writes the file atomically (0644, for the metrics collector to read). */
    public static Path write(Path file, String content) throws IOException {
        return AtomicWrite.write(file, content.getBytes(StandardCharsets.UTF_8), PosixFilePermissions.fromString("rw-r--r--"),
                "." + file.getFileName());
    }
}
