package org.pgmaint.rules;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.BeforeMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.event.rule.ObjectDeletedEvent;
import org.kie.api.event.rule.ObjectInsertedEvent;
import org.kie.api.event.rule.ObjectUpdatedEvent;
import org.kie.api.event.rule.RuleRuntimeEventListener;
import org.kie.api.runtime.rule.Match;
import org.pgmaint.model.Action;
import org.pgmaint.model.Finding;

/**
 * Listens to a session while its rules fire and keeps the actions and findings they insert, each with its
 * provenance: the rule's name and the check that produced the facts it matched (following derived facts back
 * to their check). Collected facts are known by their class when one check alone produced that class, so only
 * facts of a class several checks share, and facts the rules derive, are remembered one by one (a
 * 10,000-table plan inserts ~75,000 facts). Objects the rules delete or replace again are dropped.
 */
final class Outcomes extends DefaultAgendaEventListener implements RuleRuntimeEventListener {
    private static final String SHARED = "";

    private final Map<Class<?>, String> checkOfClass = new HashMap<>();
    private final Map<Object, String> checkOf = new IdentityHashMap<>();
    private final List<Object> inserted = new ArrayList<>();
    private final List<String> ruleOf = new ArrayList<>();
    private final List<String> checkOfInserted = new ArrayList<>();
    private final Set<Object> gone = Collections.newSetFromMap(new IdentityHashMap<>());
    private Match current;

    /** Declares that {@code checkId} produces facts of this class; call before {@link #fact}. */
    void factClass(Class<?> type, String checkId) {
        checkOfClass.merge(type, checkId, (known, other) -> known.equals(other) ? known : SHARED);
    }

    /** Whether facts of this class must be passed to {@link #fact} one by one. */
    boolean shared(Class<?> type) {
        return SHARED.equals(checkOfClass.get(type));
    }

    void fact(Object fact, String checkId) {
        checkOf.put(fact, checkId);
    }

    List<Action> actions() {
        return kept(Action.class, Action::withProvenance);
    }

    List<Finding> findings() {
        return kept(Finding.class, Finding::withProvenance);
    }

    private interface WithProvenance<T> {
        T with(T outcome, String rule, String check);
    }

    /** The outcomes of this type the rules inserted and did not delete, in insertion order, with their provenance. */
    private <T> List<T> kept(Class<T> type, WithProvenance<T> provenance) {
        List<T> kept = new ArrayList<>();
        for (int i = 0; i < inserted.size(); i++) {
            Object outcome = inserted.get(i);
            if (type.isInstance(outcome) && !gone.contains(outcome)) {
                kept.add(provenance.with(type.cast(outcome), ruleOf.get(i), checkOfInserted.get(i)));
            }
        }
        return kept;
    }

    private String check(Object object) {
        String check = checkOf.get(object);
        if (check != null) {
            return check;
        }
        check = checkOfClass.get(object.getClass());
        return SHARED.equals(check) ? null : check;
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
        Object object = event.getObject();
        boolean outcome = object instanceof Action || object instanceof Finding;
        if (outcome && gone.remove(object)) {
            return;   // deleted and inserted again: listed already
        }
        String check = current == null ? null : matchedCheck(current);
        if (outcome) {
            inserted.add(object);
            ruleOf.add(current == null ? null : current.getRule().getName());
            checkOfInserted.add(check);
        } else if (check != null) {
            checkOf.put(object, check);
        }
    }

    private String matchedCheck(Match match) {
        for (Object matched : match.getObjects()) {
            String check = check(matched);
            if (check != null) {
                return check;
            }
        }
        return null;
    }

    @Override
    public void objectUpdated(ObjectUpdatedEvent event) {
        Object old = event.getOldObject();
        Object now = event.getObject();
        if (old == now) {
            return;
        }
        int index = indexOf(old);
        if (index >= 0) {
            gone.add(old);
            inserted.add(now);
            ruleOf.add(ruleOf.get(index));
            checkOfInserted.add(checkOfInserted.get(index));
        } else {
            String check = check(old);
            if (check != null) {
                checkOf.put(now, check);
            }
        }
    }

    @Override
    public void objectDeleted(ObjectDeletedEvent event) {
        Object old = event.getOldObject();
        if (old instanceof Action || old instanceof Finding) {
            gone.add(old);
        }
    }

    private int indexOf(Object object) {
        for (int i = inserted.size() - 1; i >= 0; i--) {
            if (inserted.get(i) == object) {
                return i;
            }
        }
        return -1;
    }
}
