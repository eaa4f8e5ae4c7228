package org.pgmaint.plan;

import java.util.Locale;

/** How an action kind is approved: run automatically, only in full runs, shown but not run, or never planned to run. */
public enum Approval {
    AUTO, FULL, MANUAL, NEVER;

    public static Approval parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "' is not valid: should be auto, full, manual or never");
        }
    }

    public boolean approves(boolean fullRun) {
        return this == AUTO || (this == FULL && fullRun);
    }
}
