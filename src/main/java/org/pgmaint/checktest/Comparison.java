package org.pgmaint.checktest;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.pgmaint.model.Finding;
import org.pgmaint.plan.Plan;
import org.pgmaint.plan.PlannedAction;

/** A test's expectations against a plan's findings and actions. */
final class Comparison {
    private Comparison() {
    }

    static List<Mismatch> compare(CheckTest test, Plan plan) {
        List<Mismatch> mismatches = new ArrayList<>();
        for (Expectation expected : test.expect()) {
            if (matching(plan, expected).isEmpty()) {
                mismatches.add(new Mismatch("expect", expected, nearest(test, plan, expected)));
            }
        }
        for (Expectation unwanted : test.expectNot()) {
            List<String> found = matching(plan, unwanted);
            if (!found.isEmpty()) {
                mismatches.add(new Mismatch("expect_not", unwanted, found));
            }
        }
        return mismatches;
    }

    private static List<String> matching(Plan plan, Expectation expectation) {
        return everything(plan, expectation::matches, expectation::matches);
    }

    /** What the plan has of the expected kind; else what the tested check produced. */
    private static List<String> nearest(CheckTest test, Plan plan, Expectation expected) {
        List<String> sameKind = everything(plan,
                f -> !expected.isAction() && f.kind().equals(expected.kind()),
                a -> expected.isAction() && a.action().kind().id().equals(expected.action()));
        return !sameKind.isEmpty() ? sameKind : everything(plan, f -> test.checkId().equals(f.check()),
                a -> test.checkId().equals(a.action().check()));
    }

    private static List<String> everything(Plan plan, Predicate<Finding> finding, Predicate<PlannedAction> action) {
        return Stream.concat(plan.findings().stream().filter(finding).map(Describe::finding),
                plan.actions().stream().filter(action).map(Describe::action)).toList();
    }
}
