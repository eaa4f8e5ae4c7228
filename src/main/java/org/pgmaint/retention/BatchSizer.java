package org.pgmaint.retention;

import java.time.Duration;

/**
 * The size of the next retention batch. It starts at the configured batch size; while a batch takes less than a
 * third of the target duration, the next is twice as large (so at most two thirds of the target at the same rate; at
 * most {@link #MAX_GROWTH} times the starting size, and never more than {@link #MAX_ROWS}); a batch that takes longer
 * than the target makes the next one smaller, sized from the measured rate to take half the target. A batch between
 * a third and the whole target keeps the size, so sizes settle instead of swinging. A zero target keeps the starting
 * size.
 */
final class BatchSizer {
    /** How far batches may grow beyond the configured size: a sudden slowdown (cold pages) stays bounded. */
    static final int MAX_GROWTH = 20;
    /** The largest batch ever, whatever the configured size (the policy's batch_size allows up to this). */
    static final int MAX_ROWS = 1_000_000;

    private final long targetNanos;
    private final int cap;
    private int size;

    BatchSizer(int start, Duration target) {
        this.targetNanos = target.toNanos();
        this.size = start;
        this.cap = Math.max(start, (int) Math.min((long) start * MAX_GROWTH, MAX_ROWS));
    }

    int size() {
        return size;
    }

    int cap() {
        return cap;
    }

    /** Records how long a batch of the current size took, and sizes the next one. */
    void took(long nanos) {
        if (targetNanos <= 0) {
            return;
        }
        if (nanos > targetNanos) {
            size = (int) Math.max(1, Math.min(size - 1L, (long) (size * (targetNanos / 2.0) / nanos)));
        } else if (nanos < targetNanos / 3) {
            size = (int) Math.min(cap, size * 2L);
        }
    }
}
