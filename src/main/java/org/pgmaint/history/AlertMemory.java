package org.pgmaint.history;

import java.util.Set;
import org.pgmaint.model.Severity;

/**
 * What the alert file remembers of earlier alerts, so the same finding does not page a human every night: a finding
 * that needs a human is named again only when it is new or more severe than when it was last named. Only the
 * commands that write an alert file (run, apply) name findings; plan and report carry the memory forward unchanged.
 * A finding that goes away and comes back is new again.
 */
final class AlertMemory {
    private static final Set<String> ALERTING_COMMANDS = Set.of("run", "apply");

    private AlertMemory() {
    }

    static boolean writesAlerts(String command) {
        return ALERTING_COMMANDS.contains(command);
    }

    /** The severity this finding counts as alerted at after this run (null: not named while it lasted). */
    static String alertedAfter(RunRecord.FindingSample now, HistoryStore.PreviousFinding before, String command,
                               boolean everyRun) {
        String carried = before == null ? null : before.alertedSeverity();
        if (!writesAlerts(command)) {
            return carried;
        }
        if (!now.needsHuman()) {
            return everyRun ? null : carried;
        }
        return known(now, before, command, everyRun) ? carried : now.severity();
    }

    /** True when this run's alert file leaves the finding out: it was named before at this severity or a higher one. */
    static boolean known(RunRecord.FindingSample now, HistoryStore.PreviousFinding before, String command,
                         boolean everyRun) {
        return !everyRun && writesAlerts(command) && now.needsHuman() && before != null
                && before.alertedSeverity() != null
                && Severity.fromId(now.severity()).compareTo(Severity.fromId(before.alertedSeverity())) <= 0;
    }
}
