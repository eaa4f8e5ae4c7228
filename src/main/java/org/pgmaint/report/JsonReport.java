package org.pgmaint.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pgmaint.collect.CheckNotRun;
import org.pgmaint.execute.RunResult;
import org.pgmaint.model.Action;
import org.pgmaint.model.Finding;
import org.pgmaint.plan.Plan;
import org.pgmaint.plan.PlannedAction;

/** The JSON report, a public contract (docs/json-report.md): field names and meanings only ever grow. */
public final class JsonReport {
    private JsonReport() {
    }

    public static String render(RunResult run) {
        return Json.write(toMap(run));
    }

    public static Map<String, Object> toMap(RunResult run) {
        Plan plan = run.plan();
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("schema_version", Plan.SCHEMA_VERSION);
        root.put("database", plan.database());
        root.put("server_version", plan.serverVersion());
        root.put("mode", plan.mode().id());
        root.put("dry_run", run.dryRun());
        root.put("standby", plan.standby());
        root.put("started_at", RunStamp.utc(run.startedAt()));
        root.put("finished_at", run.finishedAt() == null ? null : RunStamp.utc(run.finishedAt()));
        root.put("actions", plan.actions().stream().map(JsonReport::action).toList());
        root.put("findings", plan.findings().stream().map(JsonReport::finding).toList());
        root.put("skipped_checks", checks(plan.skippedChecks()));
        List<Object> errors = new ArrayList<>(checks(plan.failedChecks()));
        errors.addAll(run.errors());
        root.put("errors", errors);
        return root;
    }

    private static Map<String, Object> action(PlannedAction planned) {
        Action a = planned.action();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", planned.id());
        m.put("kind", a.kind().id());
        m.put("schema", a.schema());
        m.put("table", a.table());
        if (a.index() != null) {
            m.put("index", a.index());
        }
        m.put("status", planned.status());
        m.put("approved", planned.approved());
        m.put("sql", planned.sql());
        m.put("reason", a.reason());
        m.put("rule", a.rule());
        m.put("check", a.check());
        if (!a.options().isEmpty()) {
            m.put("options", a.optionList());
        }
        if (a.urgent()) {
            m.put("urgent", true);
        }
        if (!a.details().isEmpty()) {
            m.put("details", a.details());
        }
        if (planned.detail() != null) {
            m.put("detail", planned.detail());
        }
        if (planned.durationMillis() != null) {
            m.put("duration_ms", planned.durationMillis());
        }
        return m;
    }

    private static Map<String, Object> finding(Finding f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", f.kind());
        m.put("severity", f.severity().id());
        m.put("schema", f.schema());
        m.put("table", f.table());
        m.put("indexes", f.indexes());
        m.put("columns", f.columns());
        m.put("message", f.message());
        m.put("suggestion", f.suggestion());
        m.put("rule", f.rule());
        m.put("check", f.check());
        if (!f.details().isEmpty()) {
            m.put("details", f.details());
        }
        return m;
    }

    private static List<Object> checks(List<CheckNotRun> checks) {
        List<Object> list = new ArrayList<>();
        for (CheckNotRun c : checks) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("check", c.id());
            m.put("reason", c.reason());
            list.add(m);
        }
        return list;
    }
}
