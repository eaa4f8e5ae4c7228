package org.pgmaint.cache;

import java.time.Duration;

/** Exponential retry delays: 100 ms doubling up to a ceiling, back to the start after a success. */
public final class Backoff {
    static final Duration FIRST = Duration.ofMillis(100);

    private final Duration ceiling;
    private Duration next = FIRST;

    public Backoff(Duration ceiling) {
        this.ceiling = ceiling;
    }

    public Duration next() {
        Duration current = next.compareTo(ceiling) > 0 ? ceiling : next;
        next = current.multipliedBy(2);
        return current;
    }

    public void reset() {
        next = FIRST;
    }
}
