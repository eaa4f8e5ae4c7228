package org.pgmaint.execute;

import java.io.PrintStream;
import java.util.Locale;
import org.pgmaint.model.Action;
import org.pgmaint.model.Text;
import org.pgmaint.plan.PlannedAction;

/** One line per action as it starts and as it ends (with its duration) on stderr; thread-safe. */
public class Progress {
    private final int total;

    public Progress(int total) {
        this.total = total;
    }

    void started(PlannedAction action) {
        line(String.format(Locale.ROOT, "[%s/%d] start   %s", action.id(), total, describe(action)));
    }

    void finished(PlannedAction action) {
        String detail = action.detail() == null ? "" : " (" + Text.escape(action.detail()) + ")";
        line(String.format(Locale.ROOT, "[%s/%d] %-7s %s in %.1f s%s", action.id(), total, action.status(),
                describe(action), action.durationMillis() / 1000.0, detail));
    }

    /** Kind and object, names escaped ({@link Text#escape}): a name with a newline cannot forge a progress line. */
    static String describe(PlannedAction planned) {
        Action a = planned.action();
        String kind = a.kind().id() + (a.options().isEmpty() ? "" : " (" + String.join(", ", a.optionList()).toLowerCase(Locale.ROOT) + ")");
        if (a.schema() == null) {
            return kind + " " + Text.escape(a.target());
        }
        return kind + " " + Text.escape(a.schema() + "." + a.table() + (a.index() == null ? "" : " index " + a.index()));
    }

    protected synchronized void line(String text) {
        // System.err is looked up each time: tests swap it
        PrintStream err = System.err;
        err.println(text);
        err.flush();
    }
}
