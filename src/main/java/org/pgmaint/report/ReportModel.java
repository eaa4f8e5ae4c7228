package org.pgmaint.report;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.pgmaint.collect.CheckNotRun;
import org.pgmaint.execute.RunResult;
import org.pgmaint.model.Action;
import org.pgmaint.model.Finding;
import org.pgmaint.model.Mode;
import org.pgmaint.model.Severity;
import org.pgmaint.plan.Plan;
import org.pgmaint.plan.PlannedAction;

/**
 * The data the templates see (docs/reports.md lists every name): plain maps, lists, strings, numbers and
 * booleans, so that a user's own templates depend on a documented model, not on Java classes.
 */
public final class ReportModel {
    static final List<String> STATUS_ORDER = List.of(PlannedAction.FAILED, PlannedAction.DONE, PlannedAction.SKIPPED,
            PlannedAction.PLANNED);

    private ReportModel() {
    }

    /**
     * @param findingsOnly the {@code report} command: no actions section
     */
    public static Map<String, Object> of(RunResult run, int topTables, boolean findingsOnly) {
        Plan plan = run.plan();
        Map<String, Object> model = new LinkedHashMap<>();
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("database", plan.database());
        summary.put("serverVersion", plan.serverVersion());
        summary.put("mode", plan.mode().id());
        summary.put("dryRun", run.dryRun());
        summary.put("findingsOnly", findingsOnly);
        summary.put("reachable", true);
        summary.put("standby", plan.standby());
        summary.put("startedAt", RunStamp.utc(run.startedAt()));
        summary.put("finishedAt", run.finishedAt() == null ? "" : RunStamp.utc(run.finishedAt()));
        long millis = run.finishedAt() == null ? 0 : Duration.between(run.startedAt(), run.finishedAt()).toMillis();
        summary.put("durationMillis", millis);
        summary.put("duration", duration(millis));
        List<Alert> alerts = Alert.of(run);
        summary.put("outcome", alerts.isEmpty() ? "ok" : "alerts");
        model.put("run", summary);

        List<Map<String, Object>> actions = plan.actions().stream().map(ReportModel::action).toList();
        model.put("actions", actions);
        Map<String, Object> byStatus = new LinkedHashMap<>();
        Map<String, Object> counts = new LinkedHashMap<>();
        for (String status : STATUS_ORDER) {
            List<Map<String, Object>> list = actions.stream().filter(a -> status.equals(a.get("status"))).toList();
            byStatus.put(status, list);
            counts.put(status, list.size());
        }
        model.put("actionsByStatus", byStatus);
        model.put("actionCounts", counts);

        model.put("findings", plan.findings().stream().map(ReportModel::finding).toList());
        model.put("findingGroups", findingGroups(plan.findings()));
        Map<String, Object> severityCounts = new LinkedHashMap<>();
        for (Severity s : List.of(Severity.CRITICAL, Severity.WARNING, Severity.INFO)) {
            severityCounts.put(s.id(), plan.findings().stream().filter(f -> f.severity() == s).count());
        }
        model.put("findingCounts", severityCounts);
        model.put("skippedChecks", checks(plan.skippedChecks()));
        model.put("failedChecks", checks(plan.failedChecks()));
        model.put("errors", run.errors());
        List<Map<String, Object>> sections = TableList.of(run.facts(), topTables).stream().map(TableList::model).toList();
        model.put("sections", sections);
        Map<String, Object> byId = new LinkedHashMap<>();
        sections.forEach(section -> byId.put((String) section.get("id"), section));
        model.put("section", byId);
        model.put("alerts", alerts.stream().map(ReportModel::alert).toList());
        return model;
    }

    /** The model of a run that could not reach {@code database} (the configured name): no plan, one alert. */
    public static Map<String, Object> unreachable(String database, Mode mode, String message, Instant at) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("database", nullToEmpty(database));
        summary.put("serverVersion", "");
        summary.put("mode", mode.id());
        summary.put("dryRun", false);
        summary.put("findingsOnly", false);
        summary.put("reachable", false);
        summary.put("standby", false);
        summary.put("startedAt", RunStamp.utc(at));
        summary.put("finishedAt", RunStamp.utc(at));
        summary.put("durationMillis", 0L);
        summary.put("duration", duration(0));
        summary.put("outcome", "unreachable");
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("run", summary);
        model.put("alerts", List.of(alert(Alert.unreachable(message))));
        return model;
    }

    private static Map<String, Object> action(PlannedAction p) {
        Action a = p.action();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", p.id());
        m.put("kind", a.kind().id());
        m.put("object", object(a));
        m.put("status", p.status());
        m.put("approved", p.approved());
        m.put("sql", p.sql());
        m.put("reason", nullToEmpty(a.reason()));
        m.put("detail", nullToEmpty(p.detail()));
        m.put("durationMillis", p.durationMillis() == null ? -1L : p.durationMillis());
        m.put("duration", p.durationMillis() == null ? "" : duration(p.durationMillis()));
        m.put("rule", nullToEmpty(a.rule()));
        return m;
    }

    private static Map<String, Object> finding(Finding f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", f.kind());
        m.put("severity", f.severity().id());
        m.put("object", object(f));
        m.put("schema", nullToEmpty(f.schema()));
        m.put("table", nullToEmpty(f.table()));
        m.put("indexes", f.indexes());
        m.put("columns", f.columns());
        m.put("message", nullToEmpty(f.message()));
        m.put("suggestion", nullToEmpty(f.suggestion()));
        m.put("rule", nullToEmpty(f.rule()));
        return m;
    }

    /** Groups by severity (critical first) then kind, in a stable order. */
    private static List<Map<String, Object>> findingGroups(List<Finding> findings) {
        Map<String, List<Finding>> groups = new TreeMap<>();
        for (Finding f : findings) {
            String key = (Severity.values().length - f.severity().ordinal()) + "|" + f.kind();
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(f);
        }
        List<Map<String, Object>> result = new ArrayList<>();
        groups.values().forEach(list -> {
            Map<String, Object> g = new LinkedHashMap<>();
            g.put("kind", list.get(0).kind());
            g.put("severity", list.get(0).severity().id());
            g.put("count", list.size());
            g.put("findings", list.stream().map(ReportModel::finding).toList());
            result.add(g);
        });
        return result;
    }

    private static List<Map<String, Object>> checks(List<CheckNotRun> checks) {
        return checks.stream().map(c -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("check", c.id());
            m.put("reason", c.reason());
            return m;
        }).toList();
    }

    private static Map<String, Object> alert(Alert a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("title", a.title());
        m.put("detail", nullToEmpty(a.detail()));
        m.put("firstStep", a.firstStep());
        return m;
    }

    static String object(Action a) {
        return PlanText.object(a);
    }

    static String object(Finding f) {
        String object = f.schema() == null ? "" : f.schema() + (f.table() == null ? "" : "." + f.table());
        return f.indexes().isEmpty() ? object : (object + " " + String.join(", ", f.indexes())).strip();
    }

    /** 850 ms, 12.3 s, 4 min 05 s, 1 h 02 min. */
    static String duration(long millis) {
        if (millis < 1000) {
            return millis + " ms";
        }
        if (millis < 60_000) {
            return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
        }
        long seconds = millis / 1000;
        if (seconds < 3600) {
            return String.format(Locale.ROOT, "%d min %02d s", seconds / 60, seconds % 60);
        }
        return String.format(Locale.ROOT, "%d h %02d min", seconds / 3600, (seconds % 3600) / 60);
    }


    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
