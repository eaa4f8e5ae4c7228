package org.pgmaint.checktest;

import java.util.List;

/** The result of one check test: passed, failed (its mismatches) or in error (a fixture that could not be built). */
public record TestOutcome(CheckTest test, List<Mismatch> mismatches, String error, long millis) {
    public TestOutcome {
        mismatches = List.copyOf(mismatches);
    }

    public boolean passed() {
        return error == null && mismatches.isEmpty();
    }

    public String status() {
        return error != null ? "ERROR" : mismatches.isEmpty() ? "pass" : "FAIL";
    }
}
