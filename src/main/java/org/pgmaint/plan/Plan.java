package org.pgmaint.plan;

import java.util.List;
import org.pgmaint.collect.SkippedCheck;
import org.pgmaint.model.Finding;

/** The ordered actions and the findings of one planning pass, with the checks that did not run. */
public record Plan(String database, String serverVersion, int serverMajor, String mode, List<PlannedAction> actions,
                   List<Finding> findings, List<SkippedCheck> skippedChecks, List<SkippedCheck> failedChecks) {

    public Plan {
        actions = List.copyOf(actions);
        findings = List.copyOf(findings);
        skippedChecks = List.copyOf(skippedChecks);
        failedChecks = List.copyOf(failedChecks);
    }

    public boolean full() {
        return "full".equals(mode);
    }
}
