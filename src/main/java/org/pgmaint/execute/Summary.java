package org.pgmaint.execute;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.pgmaint.db.Standby;
import org.pgmaint.model.Text;
import org.pgmaint.plan.PlannedAction;

/** The closing line of a run: how many actions were done, failed and skipped (and why), and how long it took. */
public final class Summary {
    private Summary() {
    }

    public static String of(RunResult result) {
        if (result.plan().standby()) {
            return String.format(Locale.ROOT, "pgmaint: %s; nothing was run here (%.1f s)", Standby.MESSAGE,
                    Duration.between(result.startedAt(), result.finishedAt()).toMillis() / 1000.0);
        }
        int done = 0;
        int failed = 0;
        Map<String, Integer> skipped = new TreeMap<>();
        for (PlannedAction a : result.plan().actions()) {
            switch (a.status()) {
                case PlannedAction.DONE -> done++;
                case PlannedAction.FAILED -> failed++;
                case PlannedAction.SKIPPED -> skipped.merge(reason(a.detail()), 1, Integer::sum);
                default -> { }
            }
        }
        int skippedTotal = skipped.values().stream().mapToInt(Integer::intValue).sum();
        Duration took = Duration.between(result.startedAt(), result.finishedAt());
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "pgmaint: %d done, %d failed, %d skipped",
                done, failed, skippedTotal));
        if (!skipped.isEmpty()) {
            line.append(' ').append(skipped.toString().replace('=', ':').replace('{', '(').replace('}', ')'));
        }
        line.append(String.format(Locale.ROOT, " in %.1f s", took.toMillis() / 1000.0));
        return line.toString();
    }

    /** The kind of a skip reason: "budget", "lock timeout", "not approved", "stale", ... */
    private static String reason(String detail) {
        if (detail == null) {
            return "unknown";
        }
        int cut = detail.length();
        for (char c : new char[] {':', '(', ';'}) {
            int at = detail.indexOf(c);
            if (at > 0 && at < cut) {
                cut = at;
            }
        }
        return Text.escape(detail.substring(0, cut).trim());
    }
}
