package org.pgmaint.report;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pgmaint.model.Finding;
import org.pgmaint.model.Severity;
import org.pgmaint.plan.Plan;
import org.pgmaint.plan.PlannedAction;

/**
 * The summary of a run over several databases: one row per database (actions done and failed, findings by
 * severity, alerts, where its report is), the failures, the databases left out and why. Rendered as the JSON on
 * stdout ({@link #stdoutJson}) and as {@code fleet_<ts>.txt|.json|.html} plus {@code fleet_alert_<ts>.txt} in
 * report.dir when some database needs a human ({@link #write}).
 */
public final class FleetReport {
    /** A database of a target that the run left out, and why (a template, datallowconn = false, excluded). */
    public record Skipped(String target, String database, String reason) {
    }

    private FleetReport() {
    }

    /** The JSON a run over several databases prints: every database's report object, the failures, a summary. */
    public static String stdoutJson(List<FleetEntry> entries, List<Skipped> skipped, int exitCode) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("schema_version", Plan.SCHEMA_VERSION);
        List<Object> reports = new ArrayList<>();
        for (FleetEntry entry : entries) {
            if (entry.completed()) {
                Map<String, Object> report = new LinkedHashMap<>();
                report.put("target", entry.target());
                report.putAll(JsonReport.toMap(entry.result()));
                report.put("database", entry.database());
                reports.add(report);
            }
        }
        root.put("reports", reports);
        root.put("failures", failures(entries));
        root.put("skipped_databases", skipped(skipped));
        root.put("summary", summary(entries, skipped, exitCode));
        return Json.write(root);
    }

    /** The fleet files: fleet_<ts>.txt, .json, .html, and fleet_alert_<ts>.txt when a database needs a human. */
    public static List<Path> write(ReportSettings settings, List<FleetEntry> entries, List<Skipped> skipped,
                                   Instant startedAt, int exitCode) throws IOException {
        String stamp = RunStamp.of(startedAt, settings.zone());
        Templates templates = Templates.in(settings.templatesDir());
        Map<String, Object> model = model(entries, skipped, startedAt, exitCode, stamp, settings.listing());
        Path dir = settings.dir();
        PrivateFiles.directory(dir);
        List<Path> written = new ArrayList<>();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("schema_version", Plan.SCHEMA_VERSION);
        json.put("started_at", model.get("startedAt"));
        json.put("databases", model.get("rows"));
        json.put("failures", failures(entries));
        json.put("skipped_databases", model.get("skipped"));
        json.put("summary", model.get("summary"));
        written.add(PrivateFiles.write(dir.resolve(RunFile.FLEET_JSON.fileName(stamp)), Json.write(json)));
        written.add(PrivateFiles.write(dir.resolve(RunFile.FLEET_TEXT.fileName(stamp)),
                templates.render(Templates.FLEET_TEXT, model)));
        written.add(PrivateFiles.write(dir.resolve(RunFile.FLEET_HTML.fileName(stamp)),
                templates.render(Templates.FLEET_HTML, model)));
        if (!((List<?>) model.get("needHuman")).isEmpty()) {
            written.add(PrivateFiles.write(dir.resolve(RunFile.FLEET_ALERT.fileName(stamp)),
                    templates.render(Templates.FLEET_ALERT, model)));
        }
        return written;
    }

    /** The summary as text (the fleet.txt template), for stdout. */
    public static String text(Templates templates, List<FleetEntry> entries, List<Skipped> skipped, Instant startedAt,
                              int exitCode, Listing listing) {
        return templates.render(Templates.FLEET_TEXT, model(entries, skipped, startedAt, exitCode,
                RunStamp.of(startedAt, java.time.ZoneId.systemDefault()), listing));
    }

    /**
     * The template model; {@code severities}: the severities the text lists (--min-severity and worse, worst
     * first), as the per-database reports do. The rows keep every count (the JSON).
     */
    private static Map<String, Object> model(List<FleetEntry> entries, List<Skipped> skipped, Instant startedAt,
                                             int exitCode, String stamp, Listing listing) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("severities", List.of(Severity.CRITICAL, Severity.WARNING, Severity.INFO).stream()
                .filter(s -> s.compareTo(listing.minSeverity()) >= 0).map(Severity::id).toList());
        model.put("startedAt", RunStamp.utc(startedAt));
        List<Map<String, Object>> rows = entries.stream().map(FleetReport::row).toList();
        model.put("rows", rows);
        model.put("skipped", skipped(skipped));
        model.put("summary", summary(entries, skipped, exitCode));
        // the fleet alert names a database whose own alert file names something (new or worse: history.alerts);
        // a failed database counts one alert to send
        model.put("needHuman", rows.stream().filter(row -> (Integer) row.get("exit_code") != 0
                && (Integer) row.get("alerts_to_send") > 0).toList());
        Map<String, Object> files = new LinkedHashMap<>();
        files.put("text", RunFile.FLEET_TEXT.fileName(stamp));
        files.put("json", RunFile.FLEET_JSON.fileName(stamp));
        files.put("html", RunFile.FLEET_HTML.fileName(stamp));
        model.put("files", files);
        return model;
    }

    /** One database's row: its figures, or its error; the link is its HTML report, relative to report.dir. */
    static Map<String, Object> row(FleetEntry entry) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("target", entry.target());
        row.put("database", entry.database());
        row.put("status", !entry.completed() ? "failed" : entry.exitCode() == 0 ? "ok" : "needs a human");
        row.put("exit_code", entry.exitCode());
        int done = 0;
        int failed = 0;
        Map<String, Object> findings = new LinkedHashMap<>();
        for (Severity severity : List.of(Severity.CRITICAL, Severity.WARNING, Severity.INFO)) {
            findings.put(severity.id(), 0);
        }
        List<Alert> all = entry.completed() ? Alert.of(entry.result()) : List.of();
        int alerts = entry.completed() ? all.size() : 1;
        row.put("alerts_to_send", entry.completed() ? Alert.toSend(all).size() : 1);
        if (entry.completed()) {
            for (PlannedAction action : entry.result().plan().actions()) {
                done += PlannedAction.DONE.equals(action.status()) ? 1 : 0;
                failed += PlannedAction.FAILED.equals(action.status()) ? 1 : 0;
            }
            for (Finding finding : entry.result().plan().findings()) {
                findings.merge(finding.severity().id(), 1, (a, b) -> (Integer) a + (Integer) b);
            }
        }
        row.put("actions_planned", entry.completed() ? entry.result().plan().actions().size() : 0);
        row.put("actions_done", done);
        row.put("actions_failed", failed);
        row.put("findings", findings);
        row.put("alerts", alerts);
        row.put("error", entry.error() == null ? "" : entry.error());
        row.put("folder", entry.folder() == null ? "" : entry.folder());
        row.put("report", entry.folder() == null || !entry.completed() || entry.result() == null ? ""
                : entry.folder() + "/" + RunFile.HTML.fileName(RunStamp.of(entry.result().startedAt(),
                java.time.ZoneId.systemDefault())));
        // the folder's %XX are part of its name: escaped once more, so a browser does not decode them
        row.put("href", ((String) row.get("report")).replace("%", "%25"));
        return row;
    }

    private static List<Object> failures(List<FleetEntry> entries) {
        List<Object> failures = new ArrayList<>();
        for (FleetEntry entry : entries) {
            if (!entry.completed()) {
                Map<String, Object> failure = new LinkedHashMap<>();
                failure.put("target", entry.target());
                failure.put("database", entry.database());
                failure.put("error", entry.error());
                failure.put("exit_code", entry.exitCode());
                failures.add(failure);
            }
        }
        return failures;
    }

    private static List<Object> skipped(List<Skipped> skipped) {
        List<Object> list = new ArrayList<>();
        for (Skipped s : skipped) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("target", s.target());
            m.put("database", s.database());
            m.put("reason", s.reason());
            list.add(m);
        }
        return list;
    }

    private static Map<String, Object> summary(List<FleetEntry> entries, List<Skipped> skipped, int exitCode) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("databases", entries.size());
        summary.put("completed", entries.stream().filter(FleetEntry::completed).count());
        summary.put("failed", entries.stream().filter(e -> !e.completed()).count());
        summary.put("need_a_human", entries.stream().filter(e -> e.exitCode() != 0).count());
        summary.put("skipped", skipped.size());
        summary.put("targets", entries.stream().map(FleetEntry::target).distinct().count());
        summary.put("exit_code", exitCode);
        return summary;
    }
}
