package org.pgmaint.checktest;

import java.util.List;

/**
 * An expectation the plan did not meet: an expected finding or action it lacks ({@code found}: what it has of
 * that kind, or from the tested check), or one it must not have ({@code found}: the ones it has).
 */
public record Mismatch(String list, Expectation expectation, List<String> found) {
    public Mismatch {
        found = List.copyOf(found);
    }

    public boolean missing() {
        return list.equals("expect");
    }
}
