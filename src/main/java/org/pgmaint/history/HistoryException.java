package org.pgmaint.history;

/** The history store could not be opened, migrated, written or read; maintenance goes on without it. */
public final class HistoryException extends RuntimeException {
    public HistoryException(String message, Throwable cause) {
        super(message, cause);
    }
}
