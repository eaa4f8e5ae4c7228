package org.pgmaint.rules;

import java.util.IdentityHashMap;
import java.util.Map;
import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.BeforeMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.event.rule.ObjectDeletedEvent;
import org.kie.api.event.rule.ObjectInsertedEvent;
import org.kie.api.event.rule.ObjectUpdatedEvent;
import org.kie.api.event.rule.RuleRuntimeEventListener;
import org.kie.api.runtime.rule.Match;

/**
 * Remembers, for every object a rule inserts, the rule's name and the check that produced the facts it
 * matched (following derived facts back to their check), so actions and findings can say why.
 */
final class Provenance extends DefaultAgendaEventListener implements RuleRuntimeEventListener {
    private final Map<Object, String> checkOf = new IdentityHashMap<>();
    private final Map<Object, String> ruleOf = new IdentityHashMap<>();
    private Match current;

    void fact(Object fact, String checkId) {
        checkOf.put(fact, checkId);
    }

    String rule(Object inserted) {
        return ruleOf.get(inserted);
    }

    String check(Object inserted) {
        return checkOf.get(inserted);
    }

    @Override
    public void beforeMatchFired(BeforeMatchFiredEvent event) {
        current = event.getMatch();
    }

    @Override
    public void afterMatchFired(AfterMatchFiredEvent event) {
        current = null;
    }

    @Override
    public void objectInserted(ObjectInsertedEvent event) {
        if (current == null) {
            return;
        }
        Object inserted = event.getObject();
        ruleOf.put(inserted, current.getRule().getName());
        for (Object matched : current.getObjects()) {
            String check = checkOf.get(matched);
            if (check != null) {
                checkOf.put(inserted, check);
                return;
            }
        }
    }

    @Override
    public void objectUpdated(ObjectUpdatedEvent event) {
    }

    @Override
    public void objectDeleted(ObjectDeletedEvent event) {
    }
}
