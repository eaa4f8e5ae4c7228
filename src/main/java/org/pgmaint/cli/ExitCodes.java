package org.pgmaint.cli;

/** Process exit codes; documented in README.md and stable. */
public final class ExitCodes {
    /** Finished; nothing needs a human. */
    public static final int OK = 0;
    /** Finished, but something needs a human: an action failed, a critical finding, a check failed. */
    public static final int ALERTS = 1;
    /** Invalid command line, configuration, check catalog, rules or templates. */
    public static final int INVALID_INPUT = 2;
    /** The database could not be reached, refused the login, or went away. */
    public static final int DATABASE_UNAVAILABLE = 3;
    /** Another pgmaint run holds the database's maintenance lock. */
    public static final int ANOTHER_RUN = 4;
    /** Stopped by SIGINT (128 + 2), after cancelling its statements and writing the report and the alert. */
    public static final int INTERRUPTED_SIGINT = 130;
    /** Stopped by SIGTERM (128 + 15), after cancelling its statements and writing the report and the alert. */
    public static final int INTERRUPTED_SIGTERM = 143;
    /** An unexpected internal error (a bug): run again with --debug and report it. */
    public static final int INTERNAL_ERROR = 70;

    private ExitCodes() {
    }
}
