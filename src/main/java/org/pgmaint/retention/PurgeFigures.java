package org.pgmaint.retention;

import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;

/** What a purge did so far, for the action's figures in the report (docs/retention.md). */
final class PurgeFigures {
    private final String policy;
    private final long start = System.nanoTime();
    private String method = "";
    private OffsetDateTime cutoff;
    private long rowsDeleted;
    private long batches;
    private long longestBatchNanos;
    private int largestBatchSize;

    PurgeFigures(String policy) {
        this.policy = policy;
    }

    void method(PurgeMethod method) {
        this.method = method.name();
    }

    void cutoff(OffsetDateTime cutoff) {
        this.cutoff = cutoff;
    }

    /** A batch of at most {@code size} rows that deleted {@code deleted} in {@code nanos}, lock waits included. */
    void batch(int size, long deleted, long nanos) {
        longestBatchNanos = Math.max(longestBatchNanos, nanos);
        if (deleted > 0) {
            // the final look that finds nothing left is not a batch a DBA would count
            batches++;
            largestBatchSize = Math.max(largestBatchSize, size);
        }
        rowsDeleted += deleted;
    }

    long rowsDeleted() {
        return rowsDeleted;
    }

    long batches() {
        return batches;
    }

    Map<String, Object> toMap(long remaining) {
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("policy", policy);
        figures.put("rows_deleted", rowsDeleted);
        figures.put("batches", batches);
        figures.put("duration_ms", (System.nanoTime() - start) / 1_000_000);
        figures.put("longest_batch_ms", longestBatchNanos / 1_000_000);
        figures.put("largest_batch_size", largestBatchSize);
        figures.put("rows_remaining", remaining);
        figures.put("method", method);
        figures.put("cutoff", String.valueOf(cutoff));
        return figures;
    }
}
