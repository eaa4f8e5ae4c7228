package org.pgmaint.rules;

import java.util.List;
import org.pgmaint.model.Action;
import org.pgmaint.model.Finding;

/** What the rules decided: actions and findings, each carrying the rule and check behind it. */
public record Evaluation(List<Action> actions, List<Finding> findings, int rulesFired) {
}
