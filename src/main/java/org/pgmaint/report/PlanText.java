package org.pgmaint.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.pgmaint.collect.CheckNotRun;
import org.pgmaint.db.Standby;
import org.pgmaint.execute.RunResult;
import org.pgmaint.model.Action;
import org.pgmaint.model.Finding;
import org.pgmaint.model.Text;
import org.pgmaint.plan.Plan;
import org.pgmaint.plan.PlannedAction;

/**
 * The plan as a readable table for a terminal: kind, object, approved, reason; then findings and skipped checks.
 * Every name and message passes through {@link Text#escape}: a name with a newline cannot forge a line.
 * Built with plain appends: at 10,000 tables there are some 65,000 lines, and String.format per line costs
 * a noticeable part of a run.
 */
public final class PlanText {
    private PlanText() {
    }

    public static String render(RunResult run) {
        Plan plan = run.plan();
        StringBuilder out = new StringBuilder();
        out.append("pgmaint ").append(plan.mode().id()).append(" plan for database ").append(Text.escape(plan.database()))
                .append(" (PostgreSQL ").append(plan.serverVersion()).append(plan.standby() ? ", standby" : "").append(')')
                .append(run.dryRun() ? ", dry run: nothing was changed" : "").append('\n');
        out.append('\n');
        if (plan.standby()) {
            out.append("No actions: ").append(Standby.MESSAGE).append(".\n")
                    .append("Only this server's own sessions were checked; the other checks run on the primary.\n");
        } else if (plan.actions().isEmpty()) {
            out.append("No maintenance actions are needed.\n");
        } else {
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"#", "KIND", "OBJECT", "APPROVED", "STATUS", "REASON"});
            for (PlannedAction p : plan.actions()) {
                Action a = p.action();
                String kind = a.kind().id() + (a.options().isEmpty() ? "" : " (" + String.join(", ", a.optionList()).toLowerCase(Locale.ROOT) + ")");
                rows.add(new String[] {p.id(), kind, Text.escape(object(a)), p.approved() ? "yes" : "no", p.status(),
                        Text.escape(a.reason() + (p.detail() == null ? "" : " [" + p.detail() + "]"))});
            }
            table(out, rows);
        }
        if (!plan.findings().isEmpty()) {
            out.append("\nFindings (").append(plan.findings().size()).append("):\n");
            for (Finding f : plan.findings()) {
                out.append("  [").append(f.severity().id()).append("] ").append(Text.escape(f.kind())).append(' ');
                appendFindingObject(out, f);
                out.append(": ").append(Text.escape(f.message())).append('\n');
                if (f.suggestion() != null) {
                    out.append("      suggestion: ").append(Text.escape(f.suggestion())).append('\n');
                }
            }
        }
        List<String> primaryOnly = new ArrayList<>();
        for (CheckNotRun c : plan.skippedChecks()) {
            if (Standby.SKIPPED.equals(c.reason())) {
                primaryOnly.add(c.id());
            } else {
                out.append("\nskipped check ").append(c.id()).append(": ").append(Text.escape(c.reason()));
            }
        }
        if (!primaryOnly.isEmpty()) {
            out.append("\nnot run on a standby (").append(primaryOnly.size()).append(" checks): ")
                    .append(String.join(", ", primaryOnly));
        }
        for (CheckNotRun c : plan.failedChecks()) {
            out.append("\nFAILED check ").append(c.id()).append(": ").append(Text.escape(c.reason()));
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

    private static void appendFindingObject(StringBuilder out, Finding f) {
        if (f.schema() != null) {
            out.append(Text.escape(f.schema()));
            if (f.table() != null) {
                out.append('.').append(Text.escape(f.table()));
            }
        }
        if (!f.indexes().isEmpty()) {
            out.append(' ').append(Text.escape(f.indexes().toString()));
        }
    }

    private static void table(StringBuilder out, List<String[]> rows) {
        int[] widths = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length - 1; i++) {
                widths[i] = Math.min(60, Math.max(widths[i], row[i].length()));
            }
        }
        for (String[] row : rows) {
            int lineStart = out.length();
            for (int i = 0; i < row.length - 1; i++) {
                out.append(row[i]);
                out.append(" ".repeat(Math.max(0, widths[i] - row[i].length()) + 2));
            }
            out.append(row[row.length - 1]);
            int end = out.length();
            while (end > lineStart && Character.isWhitespace(out.charAt(end - 1))) {
                end--;
            }
            out.setLength(end);
            out.append('\n');
        }
    }
}
