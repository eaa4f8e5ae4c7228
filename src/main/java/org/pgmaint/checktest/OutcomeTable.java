package org.pgmaint.checktest;

import java.util.List;

/** The pass/fail table of a test-checks run, then for each failure what was expected and what was found. */
public final class OutcomeTable {
    private OutcomeTable() {
    }

    public static String render(List<TestOutcome> outcomes) {
        int width = outcomes.stream().mapToInt(o -> o.test().checkId().length()).max().orElse(5);
        width = Math.max(width, "CHECK".length());
        StringBuilder text = new StringBuilder();
        String row = "%-" + width + "s  %-6s  %7s%n";
        text.append(String.format(row, "CHECK", "RESULT", "TIME"));
        for (TestOutcome outcome : outcomes) {
            text.append(String.format(row, outcome.test().checkId(), outcome.status(),
                    String.format(java.util.Locale.ROOT, "%.1fs", outcome.millis() / 1000.0)));
        }
        for (TestOutcome outcome : outcomes) {
            if (!outcome.passed()) {
                text.append('\n').append(failure(outcome));
            }
        }
        for (TestOutcome outcome : outcomes) {
            if (outcome.skipped() != null) {
                text.append('\n').append("skip ").append(outcome.test().checkId()).append(": ").append(outcome.skipped()).append('\n');
            }
        }
        long passed = outcomes.stream().filter(o -> o.passed() && o.skipped() == null).count();
        long skipped = outcomes.stream().filter(o -> o.skipped() != null).count();
        text.append('\n').append(passed).append(" of ").append(outcomes.size()).append(" check tests passed")
                .append(skipped == 0 ? "" : ", " + skipped + " skipped").append('\n');
        return text.toString();
    }

    /** One failed test: each unmet expectation, "expected" against "found". */
    public static String failure(TestOutcome outcome) {
        StringBuilder text = new StringBuilder();
        text.append(outcome.status()).append(' ').append(outcome.test().checkId()).append(" (")
                .append(outcome.test().file()).append(")\n");
        if (outcome.error() != null) {
            text.append("  ").append(outcome.error().replace("\n", "\n  ")).append('\n');
        }
        for (Mismatch mismatch : outcome.mismatches()) {
            text.append("  line ").append(mismatch.expectation().line()).append(", ").append(mismatch.list()).append(":\n");
            if (mismatch.missing()) {
                text.append("    expected: ").append(mismatch.expectation().describe()).append('\n');
                if (mismatch.found().isEmpty()) {
                    text.append("    found:    nothing of that kind, and nothing from check ")
                            .append(outcome.test().checkId()).append('\n');
                } else {
                    list(text, "found:    ", "no such one; of that kind or from the check:", mismatch.found());
                }
            } else {
                text.append("    expected: no ").append(mismatch.expectation().describe()).append('\n');
                list(text, "found:    ", "", mismatch.found());
            }
        }
        return text.toString();
    }

    private static void list(StringBuilder text, String label, String heading, List<String> items) {
        text.append("    ").append(label).append(heading.isEmpty() ? items.get(0) : heading).append('\n');
        for (String item : heading.isEmpty() ? items.subList(1, items.size()) : items) {
            text.append("              ").append(item).append('\n');
        }
    }
}
