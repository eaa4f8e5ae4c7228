package org.pgmaint.db;

/** The server could not be reached, refused the login, or went away during the run. */
public class DatabaseUnavailableException extends RuntimeException {
    public DatabaseUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
