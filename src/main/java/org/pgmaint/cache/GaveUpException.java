package org.pgmaint.cache;

/** A one-shot run ({@code --once}) stopped retrying an outage that lasted too long; nothing was marked meanwhile. */
public final class GaveUpException extends RuntimeException {
    public GaveUpException(String message) {
        super(message);
    }
}
