package org.pgmaint.rules;

import java.util.List;
import org.pgmaint.catalog.Check;
import org.pgmaint.collect.CheckResult;
import org.pgmaint.collect.Collection;

/** Evaluates collected facts against a rule base, one {@link RuleSession} per evaluation. */
public final class RuleEngine {
    private final RuleBase ruleBase;

    public RuleEngine(RuleBase ruleBase) {
        this.ruleBase = ruleBase;
    }

    /** Inserts every result of the collection, fires the rules, returns what they decided. */
    public Evaluation evaluate(Collection collection, String mode, Thresholds thresholds) {
        return evaluate(collection, mode, thresholds, collection.results().stream().map(CheckResult::check).toList());
    }

    /** As {@link #evaluate(Collection, String, Thresholds)}; {@code checks}: the catalog's checks. */
    public Evaluation evaluate(Collection collection, String mode, Thresholds thresholds, List<Check> checks) {
        try (RuleSession session = new RuleSession(ruleBase, thresholds, checks)) {
            collection.results().forEach(session::insert);
            return session.fire(mode, collection.database(), collection.serverMajor());
        }
    }
}
