package org.pgmaint.collect;

/** A check that was not run or failed, and why; the report lists these. */
public record CheckNotRun(String id, String reason) {
}
