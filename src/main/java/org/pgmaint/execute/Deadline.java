package org.pgmaint.execute;

import java.time.Duration;

/** The run's runtime budget: when it is spent, no new action (or retention batch) starts. */
public record Deadline(long endNanos) {

    public static Deadline after(Duration budget) {
        return new Deadline(System.nanoTime() + budget.toNanos());
    }

    public boolean expired() {
        return System.nanoTime() - endNanos >= 0;
    }

    public Duration remaining() {
        return Duration.ofNanos(Math.max(0, endNanos - System.nanoTime()));
    }
}
