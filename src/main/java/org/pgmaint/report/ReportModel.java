package org.pgmaint.report;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.pgmaint.collect.CheckNotRun;
import org.pgmaint.execute.RunResult;
import org.pgmaint.model.Action;
import org.pgmaint.model.Finding;
import org.pgmaint.model.Mode;
import org.pgmaint.model.Severity;
import org.pgmaint.model.Text;
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
    public static Map<String, Object> of(RunResult run, ReportSettings settings, boolean findingsOnly) {
        return of(run, settings.topTables(), settings.listing(), findingsOnly);
    }

    public static Map<String, Object> of(RunResult run, int topTables, boolean findingsOnly) {
        return of(run, topTables, Listing.DEFAULT, findingsOnly);
    }

    public static Map<String, Object> of(RunResult run, int topTables, Listing listing, boolean findingsOnly) {
        Plan plan = run.plan();
        Partitions partitions = Partitions.of(run.facts());
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
        Map<String, Object> groupsByStatus = new LinkedHashMap<>();
        for (String status : STATUS_ORDER) {
            groupsByStatus.put(status, ActionGroups.of(plan.actions().stream().filter(p -> status.equals(p.status())).toList(),
                    partitions).stream().map(ReportModel::actionGroup).toList());
        }
        model.put("actionGroupsByStatus", groupsByStatus);
        model.put("actionCounts", counts);

        model.put("findings", plan.findings().stream().map(ReportModel::finding).toList());
        model.put("findingGroups", findingGroups(plan.findings()));
        Map<String, Object> severityCounts = new LinkedHashMap<>();
        for (Severity s : List.of(Severity.CRITICAL, Severity.WARNING, Severity.INFO)) {
            severityCounts.put(s.id(), plan.findings().stream().filter(f -> f.severity() == s).count());
        }
        model.put("findingCounts", severityCounts);
        FindingLayout layout = FindingLayout.of(plan.findings(), listing, partitions);
        model.put("findingSummary", summary(layout, listing));
        model.put("findingKinds", layout.kinds().stream().map(ReportModel::kind).toList());
        model.put("skippedChecks", checks(plan.skippedChecks()));
        model.put("failedChecks", checks(plan.failedChecks()));
        model.put("errors", run.errors());
        List<Map<String, Object>> sections = TableList.of(run.facts(), topTables).stream().map(TableList::model).toList();
        model.put("sections", sections);
        Map<String, Object> byId = new LinkedHashMap<>();
        sections.forEach(section -> byId.put((String) section.get("id"), section));
        model.put("section", byId);
        List<Alert> toSend = Alert.toSend(alerts);
        model.put("alerts", toSend.stream().map(ReportModel::alert).toList());
        model.put("alertedBefore", alerts.size() - toSend.size());
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
        model.put("alertedBefore", 0);
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

    private static Map<String, Object> actionGroup(ActionGroups.Group g) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ids", g.ids());
        m.put("grouped", g.grouped());
        m.put("parent", nullToEmpty(g.parent()));
        m.put("count", g.members().size());
        m.put("object", g.grouped() ? g.parent() + " (" + g.members().size() + " partitions)" : object(g.first().action()));
        m.put("first", action(g.first()));
        m.put("members", g.members().stream().map(ReportModel::action).toList());
        return m;
    }

    private static Map<String, Object> summary(FindingLayout layout, Listing listing) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("findings", layout.findings());
        layout.counts().forEach((severity, n) -> m.put(severity.id(), n));
        m.put("weak", layout.weak());
        m.put("belowMinSeverity", layout.belowMinSeverity());
        m.put("minSeverity", listing.minSeverity().id());
        m.put("limit", listing.limit());
        m.put("weakListed", listing.weak());
        m.put("reclaimBytes", layout.reclaimBytes());
        m.put("reclaim", layout.reclaimBytes() == 0 ? "" : Text.bytes(layout.reclaimBytes()));
        return m;
    }

    private static Map<String, Object> kind(FindingLayout.Kind k) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", k.kind());
        m.put("severity", k.severity().id());
        m.put("count", k.findings());
        k.counts().forEach((severity, n) -> m.put(severity.id(), n));
        m.put("weak", k.weak());
        m.put("reclaim", k.reclaimBytes() == 0 ? "" : Text.bytes(k.reclaimBytes()));
        m.put("largest", k.largest() == null ? "" : object(k.largest()));
        m.put("largestSize", k.largest() == null ? "" : Text.bytes(k.largest().reclaimBytes()));
        m.put("entries", k.shown().stream().map(ReportModel::entry).toList());
        m.put("notShown", k.notShown());
        m.put("weakHidden", k.weakHidden());
        return m;
    }

    private static Map<String, Object> entry(FindingLayout.Entry e) {
        Map<String, Object> m = finding(e.first());
        m.put("severity", e.severity().id());
        m.put("object", e.object());
        m.put("subject", e.grouped() ? e.object() : table(e.first()));
        m.put("grouped", e.grouped());
        m.put("parent", nullToEmpty(e.parent()));
        m.put("partitions", e.grouped() ? e.members().size() : 0);
        m.put("partitionNames", e.grouped() ? PlanText.partitionNames(e) : "");
        m.put("reclaim", e.reclaimBytes() == 0 ? "" : Text.bytes(e.reclaimBytes()));
        m.put("weak", e.first().weak());
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

    /** The finding's schema.table (or schema, or nothing), without its indexes. */
    static String table(Finding f) {
        return f.schema() == null ? "" : f.schema() + (f.table() == null ? "" : "." + f.table());
    }

    static String object(Finding f) {
        String object = f.schema() == null ? "" : f.schema() + (f.table() == null ? "" : "." + f.table());
        return f.indexes().isEmpty() ? object : (object + " " + String.join(", ", f.indexes())).strip();
    }

    /** 850 ms, 12.3 s, 4 min 5 s, 1 h 2 min: {@link Text#duration}. */
    static String duration(long millis) {
        return Text.duration(millis / 1000.0);
    }


    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
