package org.pgmaint.rules;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.kie.api.definition.type.FactType;
import org.kie.api.runtime.KieSession;
import org.pgmaint.catalog.FactSpec;
import org.pgmaint.collect.CheckResult;
import org.pgmaint.collect.Collection;
import org.pgmaint.model.Action;
import org.pgmaint.model.Finding;

/** Runs one session: inserts the Run fact and every collected row as its declared type, fires, collects. */
public final class RuleEngine {
    /** A rule set that has not settled after this many firings is looping. */
    static final int MAX_FIRINGS = 5_000_000;
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(RuleEngine.class);

    private final RuleBase ruleBase;

    public RuleEngine(RuleBase ruleBase) {
        this.ruleBase = ruleBase;
    }

    public Evaluation evaluate(Collection collection, String mode, Thresholds thresholds) {
        KieSession session = ruleBase.kieBase().newKieSession();
        try {
            Provenance provenance = new Provenance();
            session.addEventListener((org.kie.api.event.rule.AgendaEventListener) provenance);
            session.addEventListener((org.kie.api.event.rule.RuleRuntimeEventListener) provenance);
            session.setGlobal("thresholds", thresholds);
            long start = System.nanoTime();
            session.insert(runFact(mode, collection.database(), collection.serverMajor()));
            for (CheckResult result : collection.results()) {
                FactType type = ruleBase.factType(result.check().fact().type());
                for (Map<String, Object> row : result.rows()) {
                    Object fact = newFact(type, row);
                    provenance.fact(fact, result.check().id());
                    session.insert(fact);
                }
            }
            long inserted = System.nanoTime();
            int fired = session.fireAllRules(MAX_FIRINGS);
            long firedAt = System.nanoTime();
            if (fired >= MAX_FIRINGS) {
                throw new IllegalStateException("the rules fired " + fired + " times without settling: a rule loops");
            }
            List<Action> actions = new ArrayList<>();
            List<Finding> findings = new ArrayList<>();
            for (Object object : session.getObjects()) {
                if (object instanceof Action action) {
                    actions.add(action.withProvenance(provenance.rule(object), provenance.check(object)));
                } else if (object instanceof Finding finding) {
                    findings.add(finding.withProvenance(provenance.rule(object), provenance.check(object)));
                }
            }
            long gathered = System.nanoTime();
            // sort keys computed once per element: comparators that build strings cost O(n log n) joins
            actions = sortedBy(actions, a -> a.target() + "\u0000" + (char) ('0' + a.kind().ordinal()) + "\u0000" + a.rule());
            findings = sortedBy(findings, f -> (char) ('9' - f.severity().ordinal()) + "\u0000" + f.kind() + "\u0000"
                    + f.schema() + "\u0000" + f.table() + "\u0000" + String.join(",", f.indexes()));
            log.debug("rules: insert {} ms, fire {} ms, gather {} ms, sort {} ms", (inserted - start) / 1_000_000,
                    (firedAt - inserted) / 1_000_000, (gathered - firedAt) / 1_000_000,
                    (System.nanoTime() - gathered) / 1_000_000);
            return new Evaluation(actions, findings, fired);
        } finally {
            session.dispose();
        }
    }

    private static <T> List<T> sortedBy(List<T> items, java.util.function.Function<T, String> key) {
        List<Map.Entry<String, T>> keyed = new ArrayList<>(items.size());
        for (T item : items) {
            keyed.add(Map.entry(key.apply(item), item));
        }
        keyed.sort(Map.Entry.comparingByKey());
        List<T> sorted = new ArrayList<>(items.size());
        keyed.forEach(e -> sorted.add(e.getValue()));
        return sorted;
    }

    private Object runFact(String mode, String database, int serverMajor) {
        FactType type = ruleBase.factType(Prelude.RUN_TYPE);
        try {
            Object run = type.newInstance();
            type.set(run, "mode", mode);
            type.set(run, "full", "full".equals(mode));
            type.set(run, "database", database);
            type.set(run, "serverMajor", serverMajor);
            return run;
        } catch (InstantiationException | IllegalAccessException e) {
            throw new IllegalStateException("cannot create the Run fact", e);
        }
    }

    private static Object newFact(FactType type, Map<String, Object> row) {
        try {
            Object fact = type.newInstance();
            for (Map.Entry<String, Object> column : row.entrySet()) {
                type.set(fact, FactSpec.fieldName(column.getKey()), column.getValue());
            }
            return fact;
        } catch (InstantiationException | IllegalAccessException e) {
            throw new IllegalStateException("cannot create fact " + type.getName(), e);
        }
    }
}
