package org.pgmaint.report;

import java.util.ArrayList;
import java.util.List;
import org.pgmaint.collect.SkippedCheck;
import org.pgmaint.model.Action;
import org.pgmaint.model.Finding;
import org.pgmaint.plan.Plan;
import org.pgmaint.plan.PlannedAction;

/** The plan as a readable table for a terminal: kind, object, approved, reason; then findings and skipped checks. */
public final class PlanText {
    private PlanText() {
    }

    public static String render(RunResult run) {
        Plan plan = run.plan();
        StringBuilder out = new StringBuilder();
        out.append(String.format("pgmaint %s plan for database %s (PostgreSQL %s)%s%n", plan.mode(), plan.database(),
                plan.serverVersion(), run.dryRun() ? ", dry run: nothing was changed" : ""));
        out.append('\n');
        if (plan.actions().isEmpty()) {
            out.append("No maintenance actions are needed.\n");
        } else {
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"#", "KIND", "OBJECT", "APPROVED", "STATUS", "REASON"});
            for (PlannedAction p : plan.actions()) {
                Action a = p.action();
                String kind = a.kind().id() + (a.options().isEmpty() ? "" : " (" + String.join(", ", a.optionList()).toLowerCase() + ")");
                rows.add(new String[] {p.id(), kind, object(a), p.approved() ? "yes" : "no", p.status(),
                        a.reason() + (p.detail() == null ? "" : " [" + p.detail() + "]")});
            }
            table(out, rows);
        }
        if (!plan.findings().isEmpty()) {
            out.append(String.format("%nFindings (%d):%n", plan.findings().size()));
            for (Finding f : plan.findings()) {
                out.append(String.format("  [%s] %s %s: %s%n", f.severity().id(), f.kind(), findingObject(f), f.message()));
                if (f.suggestion() != null) {
                    out.append("      suggestion: ").append(f.suggestion()).append('\n');
                }
            }
        }
        for (SkippedCheck c : plan.skippedChecks()) {
            out.append(String.format("%nskipped check %s: %s", c.id(), c.reason()));
        }
        for (SkippedCheck c : plan.failedChecks()) {
            out.append(String.format("%nFAILED check %s: %s", c.id(), c.reason()));
        }
        if (!plan.skippedChecks().isEmpty() || !plan.failedChecks().isEmpty()) {
            out.append('\n');
        }
        return out.toString();
    }

    static String object(Action a) {
        if (a.schema() == null) {
            return a.target();
        }
        return a.schema() + "." + a.table() + (a.index() == null ? "" : " index " + a.index());
    }

    private static String findingObject(Finding f) {
        String object = f.schema() == null ? "" : f.schema() + (f.table() == null ? "" : "." + f.table());
        return f.indexes().isEmpty() ? object : object + " " + f.indexes();
    }

    private static void table(StringBuilder out, List<String[]> rows) {
        int[] widths = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length - 1; i++) {
                widths[i] = Math.min(60, Math.max(widths[i], row[i].length()));
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(i == row.length - 1 ? row[i] : String.format("%-" + widths[i] + "s  ", row[i]));
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
    }
}
