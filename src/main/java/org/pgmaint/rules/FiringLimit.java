package org.pgmaint.rules;

import java.util.IdentityHashMap;
import java.util.Map;
import org.kie.api.definition.rule.Rule;
import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.runtime.KieSession;

/**
 * Counts the firings of each rule in one session and halts the session when one rule fires more often than
 * any rule that settles could: a rule that modifies what it matches without no-loop, or keeps inserting
 * facts it matches itself, fires forever. The caller then names that rule.
 */
final class FiringLimit extends DefaultAgendaEventListener {
    private final KieSession session;
    private final int limit;
    private final Map<Rule, int[]> firings = new IdentityHashMap<>();
    private Rule looping;

    FiringLimit(KieSession session, int limit) {
        this.session = session;
        this.limit = limit;
    }

    /** At least {@code minimum}, and {@code perFact} firings for each fact inserted before the rules fire. */
    static int limitFor(long facts, int minimum, int perFact) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(minimum, facts * perFact));
    }

    @Override
    public void afterMatchFired(AfterMatchFiredEvent event) {
        Rule rule = event.getMatch().getRule();
        int count = ++firings.computeIfAbsent(rule, r -> new int[1])[0];
        if (count > limit && looping == null) {
            looping = rule;
            session.halt();
        }
    }

    /** The rule that went over the limit, else the one that fired most when {@code exhausted} (the session's cap was hit). */
    Rule looping(boolean exhausted) {
        if (looping != null || !exhausted) {
            return looping;
        }
        return firings.entrySet().stream().max((a, b) -> Integer.compare(a.getValue()[0], b.getValue()[0]))
                .map(Map.Entry::getKey).orElse(null);
    }

    int firings(Rule rule) {
        int[] count = firings.get(rule);
        return count == null ? 0 : count[0];
    }

    int limit() {
        return limit;
    }
}
