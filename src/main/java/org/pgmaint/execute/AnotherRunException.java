package org.pgmaint.execute;

/** Another pgmaint run holds this database's maintenance lock (exit code 4). */
public class AnotherRunException extends RuntimeException {
    public AnotherRunException(String message) {
        super(message);
    }
}
