package org.pgmaint.checktest;

import java.util.List;

/**
 * The result of one check test: passed, failed (its mismatches), in error (a fixture that could not be built), or
 * skipped (the server lacks a setting the test requires: {@code skipped} says which).
 */
public record TestOutcome(CheckTest test, List<Mismatch> mismatches, String error, String skipped, long millis) {
    public TestOutcome {
        mismatches = List.copyOf(mismatches);
    }

    /** Passed, or skipped: nothing wrong was found. */
    public boolean passed() {
        return error == null && mismatches.isEmpty();
    }

    public String status() {
        return error != null ? "ERROR" : !mismatches.isEmpty() ? "FAIL" : skipped != null ? "skip" : "pass";
    }
}
