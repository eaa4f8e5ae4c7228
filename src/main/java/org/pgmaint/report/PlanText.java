package org.pgmaint.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.pgmaint.collect.CheckNotRun;
import org.pgmaint.db.Standby;
import org.pgmaint.execute.RunResult;
import org.pgmaint.model.Action;
import org.pgmaint.model.Finding;
import org.pgmaint.model.Severity;
import org.pgmaint.model.Text;
import org.pgmaint.plan.Plan;
import org.pgmaint.plan.PlannedAction;

/**
 * The plan as a readable table for a terminal, in sections: the header, the findings' summary, the actions, the
 * findings by kind and impact ({@link FindingLayout}), the checks not run. A new section is one more entry in
 * {@link #SECTIONS}. Every name and message passes through {@link Text#escape}: a name with a newline cannot
 * forge a line. Built with plain appends: at 10,000 tables there are some 65,000 lines, and String.format per
 * line costs a noticeable part of a run.
 */
public final class PlanText {
    /** One section of the text: appends its lines (or none) for a run. */
    interface Section {
        void append(StringBuilder out, View view);
    }

    /** What a section sees: the run, how findings are listed, and the findings' layout. */
    record View(RunResult run, Listing listing, FindingLayout findings, Partitions partitions) {
        Plan plan() {
            return run.plan();
        }
    }

    private static final List<Section> SECTIONS = List.of(PlanText::header, PlanText::summary, PlanText::actions,
            PlanText::findings, PlanText::checksNotRun);

    private PlanText() {
    }

    public static String render(RunResult run) {
        return render(run, Listing.DEFAULT);
    }

    public static String render(RunResult run, Listing listing) {
        Partitions partitions = Partitions.of(run.facts());
        View view = new View(run, listing, FindingLayout.of(run.plan().findings(), listing, partitions), partitions);
        StringBuilder out = new StringBuilder();
        SECTIONS.forEach(section -> section.append(out, view));
        return out.toString();
    }

    private static void header(StringBuilder out, View view) {
        Plan plan = view.plan();
        out.append("pgmaint ").append(plan.mode().id()).append(" plan for database ").append(Text.escape(plan.database()))
                .append(" (PostgreSQL ").append(plan.serverVersion()).append(plan.standby() ? ", standby" : "").append(')')
                .append(view.run().dryRun() ? ", dry run: nothing was changed" : "").append('\n');
    }

    /** Counts per kind and severity and the space to reclaim, before any list: what a long plan is about. */
    private static void summary(StringBuilder out, View view) {
        FindingLayout layout = view.findings();
        if (layout.findings() == 0 && layout.belowMinSeverity() == 0) {
            return;
        }
        out.append('\n').append("Summary: ").append(layout.findings()).append(layout.findings() == 1 ? " finding (" : " findings (")
                .append(severities(layout.counts())).append(layout.weak() > 0 ? "; " + layout.weak() + " weak" : "")
                .append(')');
        if (layout.reclaimBytes() > 0) {
            out.append(", up to ").append(Text.bytes(layout.reclaimBytes())).append(" to reclaim");
        }
        out.append('\n');
        if (layout.belowMinSeverity() > 0) {
            out.append("  ").append(layout.belowMinSeverity()).append(" below --min-severity ")
                    .append(view.listing().minSeverity().id()).append(" not counted\n");
        }
        if (layout.kinds().isEmpty()) {
            return;
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"  KIND", "CRITICAL", "WARNING", "INFO", "WEAK", "RECLAIM", "LARGEST"});
        for (FindingLayout.Kind k : layout.kinds()) {
            Finding largest = k.largest();
            rows.add(new String[] {"  " + Text.escape(k.kind()), count(k, Severity.CRITICAL), count(k, Severity.WARNING),
                    count(k, Severity.INFO), String.valueOf(k.weak()), k.reclaimBytes() == 0 ? "" : Text.bytes(k.reclaimBytes()),
                    largest == null ? "" : Text.escape(ReportModel.object(largest)) + " (" + Text.bytes(largest.reclaimBytes()) + ")"});
        }
        table(out, rows);
    }

    private static String count(FindingLayout.Kind k, Severity s) {
        return String.valueOf(k.counts().getOrDefault(s, 0));
    }

    static String severities(Map<Severity, Integer> counts) {
        return counts.getOrDefault(Severity.CRITICAL, 0) + " critical, " + counts.getOrDefault(Severity.WARNING, 0)
                + " warning, " + counts.getOrDefault(Severity.INFO, 0) + " info";
    }

    private static void actions(StringBuilder out, View view) {
        Plan plan = view.plan();
        out.append('\n');
        if (plan.standby()) {
            out.append("No actions: ").append(Standby.MESSAGE).append(".\n")
                    .append("Only this server's own sessions were checked; the other checks run on the primary.\n");
            return;
        }
        if (plan.actions().isEmpty()) {
            out.append("No maintenance actions are needed.\n");
            return;
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"#", "KIND", "OBJECT", "APPROVED", "STATUS", "REASON"});
        for (ActionGroups.Group g : ActionGroups.of(plan.actions(), view.partitions())) {
            PlannedAction p = g.first();
            Action a = p.action();
            String kind = a.kind().id() + (a.options().isEmpty() ? "" : " (" + String.join(", ", a.optionList()).toLowerCase(Locale.ROOT) + ")");
            String reason = a.reason() + (p.detail() == null ? "" : " [" + p.detail() + "]");
            String object = object(a);
            if (g.grouped()) {
                object = g.parent() + " (" + g.members().size() + " partitions)";
                reason = "first " + object(a) + ": " + reason;
            }
            rows.add(new String[] {g.ids(), kind, Text.escape(object), p.approved() ? "yes" : "no", p.status(), Text.escape(reason)});
        }
        table(out, rows);
    }

    private static void findings(StringBuilder out, View view) {
        FindingLayout layout = view.findings();
        if (layout.kinds().isEmpty()) {
            return;
        }
        out.append("\nFindings (").append(layout.findings()).append(") by kind, the most space to reclaim first");
        out.append(view.listing().limit() > 0 ? ", at most " + view.listing().limit() + " per kind" : "").append(":\n");
        for (FindingLayout.Kind k : layout.kinds()) {
            out.append(Text.escape(k.kind())).append(" (").append(k.findings()).append("):\n");
            for (FindingLayout.Entry e : k.shown()) {
                appendEntry(out, e);
            }
            if (k.notShown() > 0) {
                out.append("  ... and ").append(k.notShown()).append(" more (see the JSON report)\n");
            }
            if (k.weakHidden() > 0) {
                out.append("  ").append(k.weakHidden()).append(k.weakHidden() == 1 ? " weak finding" : " weak findings")
                        .append(" counted, not listed (--weak lists them)\n");
            }
        }
    }

    /**
     * One line per entry, the suggestion after the message (the messages name the indexes, so the object is the
     * table): at 1,000 findings a second line each doubles what a DBA scrolls through.
     */
    private static void appendEntry(StringBuilder out, FindingLayout.Entry e) {
        Finding f = e.first();
        out.append("  [").append(e.severity().id()).append("] ");
        String object = e.grouped() ? e.object() : ReportModel.table(f);
        if (!object.isEmpty()) {
            out.append(Text.escape(object)).append(": ");
        }
        out.append(Text.escape(f.message()));
        if (e.grouped()) {
            out.append(" [partitions: ").append(Text.escape(partitionNames(e))).append(']');
        }
        if (f.suggestion() != null) {
            out.append(" => ").append(Text.escape(f.suggestion())).append(e.grouped() ? " (one like it per partition)" : "");
        }
        out.append('\n');
    }

    /** The first three partitions of a group (largest first) and how many more. */
    static String partitionNames(FindingLayout.Entry e) {
        List<String> names = e.members().stream().limit(3).map(f -> f.schema() + "." + f.table()).toList();
        int more = e.members().size() - names.size();
        return String.join(", ", names) + (more > 0 ? " and " + more + " more" : "");
    }

    private static void checksNotRun(StringBuilder out, View view) {
        Plan plan = view.plan();
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
    }

    static String object(Action a) {
        if (a.schema() == null) {
            return a.target();
        }
        return a.schema() + "." + a.table() + (a.index() == null ? "" : " index " + a.index());
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
