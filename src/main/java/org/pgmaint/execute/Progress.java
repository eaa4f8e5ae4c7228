package org.pgmaint.execute;

import java.io.PrintStream;
import java.util.Locale;
import org.pgmaint.model.Action;
import org.pgmaint.model.Text;
import org.pgmaint.plan.PlannedAction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line per action as it starts and as it ends (with its duration and, for a failure, the error) on stderr
 * and, at INFO, in the run's log: the alert sends the DBA to the log for the error. Thread-safe.
 */
public class Progress {
    private static final Logger log = LoggerFactory.getLogger(Progress.class);
    private final int total;

    public Progress(int total) {
        this.total = total;
    }

    void started(PlannedAction action) {
        logged(String.format(Locale.ROOT, "[%s/%d] start   %s", action.id(), total, describe(action)));
    }

    void finished(PlannedAction action) {
        String detail = action.detail() == null ? "" : " (" + action.detail() + ")";
        logged(String.format(Locale.ROOT, "[%s/%d] %-7s %s in %.1f s%s", action.id(), total, action.status(),
                describe(action), action.durationMillis() / 1000.0, detail));
    }

    /** The log escapes its messages itself; stderr gets the line escaped: a name cannot forge a progress line. */
    private void logged(String text) {
        log.info("{}", text);
        line(Text.escape(text));
    }

    /** Kind and object as they are: every text output escapes it at the edge ({@link Text#escape}). */
    static String describe(PlannedAction planned) {
        Action a = planned.action();
        String kind = a.kind().id() + (a.options().isEmpty() ? "" : " (" + String.join(", ", a.optionList()).toLowerCase(Locale.ROOT) + ")");
        if (a.schema() == null) {
            return kind + " " + a.target();
        }
        return kind + " " + a.schema() + "." + a.table() + (a.index() == null ? "" : " index " + a.index());
    }

    protected synchronized void line(String text) {
        // System.err is looked up each time: tests swap it
        PrintStream err = System.err;
        err.println(text);
        err.flush();
    }
}
