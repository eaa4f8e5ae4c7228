package org.pgmaint.report;

import java.io.IOException;
import java.io.Writer;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntFunction;
import org.pgmaint.collect.CheckNotRun;
import org.pgmaint.execute.RunResult;
import org.pgmaint.model.Action;
import org.pgmaint.model.Finding;
import org.pgmaint.plan.Plan;
import org.pgmaint.plan.PlannedAction;
import org.pgmaint.plan.Remediation;
import org.pgmaint.plan.Remediation.ScriptStatement;
import org.pgmaint.plan.Remediation.Withheld;

/** The JSON report, a public contract (docs/json-report.md): field names and meanings only ever grow. */
public final class JsonReport {
    private JsonReport() {
    }

    public static String render(RunResult run) {
        return Json.write(toMap(run));
    }

    /** As {@link #render}, streamed to {@code out}: each action, finding and statement is made as it is written. */
    public static void write(RunResult run, Writer out) throws IOException {
        Json.write(toMap(run), out);
    }

    /**
     * The report as maps and lists; the long lists (actions, findings, the script's statements) make each element
     * when it is read, so a streamed report never holds more than one of them as a map (at 100,000 tables the
     * whole tree took more memory than the plan it shows).
     */
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
        root.put("actions", madeWhenRead(plan.actions().size(), i -> action(plan.actions().get(i))));
        List<List<ScriptStatement>> statementsOf = plan.remediation().statementsByFinding(plan.findings().size());
        root.put("findings", madeWhenRead(plan.findings().size(), i -> {
            Map<String, Object> f = finding(plan.findings().get(i));
            f.put("suggestion_ids", statementsOf.get(i).stream().map(ScriptStatement::id).toList());
            f.put("resolved_by_script", plan.remediation().resolves(i));
            return f;
        }));
        root.put("script", script(plan.remediation()));
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
        Object firstSeen = f.details().get(Finding.FIRST_SEEN);
        if (firstSeen != null) {
            m.put("first_seen", firstSeen);
        }
        if (!f.details().isEmpty()) {
            m.put("details", f.details());
        }
        return m;
    }

    /** The reconciled script: its statements in order (each with a stable id) and what was left out. */
    private static Map<String, Object> script(Remediation r) {
        List<Object> statements = madeWhenRead(r.statements().size(), i -> {
            ScriptStatement s = r.statements().get(i);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", s.id());
            m.put("sql", s.statement().sql());
            m.put("effect", s.statement().effect().name().toLowerCase(java.util.Locale.ROOT));
            m.put("schema", s.statement().schema());
            m.put("table", s.statement().table());
            m.put("object", s.statement().name());
            m.put("transactional", s.statement().transactional());
            m.put("findings", s.findings());
            m.put("resolves", s.findings().stream().filter(r::resolves).toList());
            m.put("revert", s.revert());
            return m;
        });
        List<Object> withheld = madeWhenRead(r.withheld().size(), i -> {
            Withheld w = r.withheld().get(i);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("sql", w.statement().sql());
            m.put("findings", w.findings());
            m.put("reason", w.reason());
            return m;
        });
        Map<String, Object> script = new LinkedHashMap<>();
        script.put("statements", statements);
        script.put("withheld", withheld);
        return script;
    }

    /** A read-only list whose element {@code i} is made by {@code element} each time it is read. */
    private static List<Object> madeWhenRead(int size, IntFunction<Object> element) {
        return new AbstractList<>() {
            @Override
            public Object get(int index) {
                Objects.checkIndex(index, size);
                return element.apply(index);
            }

            @Override
            public int size() {
                return size;
            }
        };
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
