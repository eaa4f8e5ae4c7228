package org.pgmaint.rules;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.kie.api.definition.rule.Rule;
import org.kie.api.definition.type.FactField;
import org.kie.api.definition.type.FactType;
import org.kie.api.event.rule.AgendaEventListener;
import org.kie.api.event.rule.RuleRuntimeEventListener;
import org.kie.api.runtime.KieSession;
import org.pgmaint.catalog.Check;
import org.pgmaint.catalog.FactSpec;
import org.pgmaint.collect.CheckResult;
import org.pgmaint.collect.CollectedFacts;
import org.pgmaint.collect.Row;
import org.pgmaint.config.InvalidInputException;
import org.pgmaint.config.Problem;
import org.pgmaint.model.Action;
import org.pgmaint.model.Finding;
import org.pgmaint.model.Mode;

/**
 * Runs one session per evaluation: inserts every collected row as its declared fact type and the Run fact,
 * fires the rules once and returns the actions and findings they inserted, sorted.
 */
public final class RuleEngine {
    /** A rule set that has not settled after this many firings is looping. */
    static final int MAX_FIRINGS = 5_000_000;
    /**
     * One rule firing more often than this (and than {@link #FIRINGS_PER_FACT} times the collected facts) is
     * looping: a rule fires once per match, and the built-in rules match each collected row a few times at most.
     */
    static final int MIN_FIRINGS_PER_RULE = 100_000;
    static final int FIRINGS_PER_FACT = 20;
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(RuleEngine.class);

    /** Actions by target, kind, rule; ties (a stable sort) keep the order the rules inserted them in. */
    private static final Comparator<Action> ACTION_ORDER = Comparator.comparing(Action::target)
            .thenComparing(Action::kind).thenComparing(Action::rule, Comparator.nullsFirst(Comparator.naturalOrder()));
    /** Findings most severe first, then by kind, schema, table, indexes. */
    private static final Comparator<Finding> FINDING_ORDER = Comparator.comparing(Finding::severity, Comparator.reverseOrder())
            .thenComparing(Finding::kind)
            .thenComparing(Finding::schema, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(Finding::table, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(f -> String.join(",", f.indexes()));

    private final RuleBase ruleBase;

    public RuleEngine(RuleBase ruleBase) {
        this.ruleBase = ruleBase;
    }

    public Evaluation evaluate(CollectedFacts collection, Mode mode, Thresholds thresholds) {
        return evaluate(collection, mode, thresholds, collection.results().stream().map(CheckResult::check).toList());
    }

    /** @param checks every check whose results may be in the collection (to know which fact types they share) */
    public Evaluation evaluate(CollectedFacts collection, Mode mode, Thresholds thresholds, List<Check> checks) {
        KieSession session = ruleBase.kieBase().newKieSession();
        try {
            session.setGlobal("thresholds", thresholds);
            Outcomes outcomes = new Outcomes();
            for (Check check : checks) {
                FactType type = ruleBase.factType(check.fact().type());
                if (type != null) {
                    outcomes.factClass(type.getFactClass(), check.id());
                }
            }
            long start = System.nanoTime();
            long facts = 0;
            for (CheckResult result : collection.results()) {
                FactType type = ruleBase.factType(result.check().fact().type());
                boolean oneByOne = outcomes.shared(type.getFactClass());
                FactBuilder builder = new FactBuilder(type);
                for (Map<String, Object> row : result.rows()) {
                    Object fact = builder.build(row);
                    if (oneByOne) {
                        outcomes.fact(fact, result.check().id());
                    }
                    session.insert(fact);
                }
                facts += result.rows().size();
            }
            session.insert(runFact(mode, collection.database(), collection.serverMajor()));
            // listening only from here: inserting the collected facts fires nothing
            session.addEventListener((AgendaEventListener) outcomes);
            session.addEventListener((RuleRuntimeEventListener) outcomes);
            FiringLimit limit = new FiringLimit(session, FiringLimit.limitFor(facts, MIN_FIRINGS_PER_RULE, FIRINGS_PER_FACT));
            session.addEventListener(limit);
            long inserted = System.nanoTime();
            int fired = session.fireAllRules(MAX_FIRINGS);
            long firedAt = System.nanoTime();
            Rule looping = limit.looping(fired >= MAX_FIRINGS);
            if (looping != null) {
                throw looping(looping, Math.min(limit.firings(looping), limit.limit()), facts);
            }
            List<Action> actions = new ArrayList<>(outcomes.actions());
            actions.sort(ACTION_ORDER);
            List<Finding> findings = new ArrayList<>(outcomes.findings());
            findings.sort(FINDING_ORDER);
            log.debug("rules: insert {} ms, fire {} ms, gather and sort {} ms", (inserted - start) / 1_000_000,
                    (firedAt - inserted) / 1_000_000, (System.nanoTime() - firedAt) / 1_000_000);
            return new Evaluation(actions, findings, fired);
        } finally {
            session.dispose();
        }
    }

    /** Bad input, not a crash: the rule and its file, so the DBA knows which drop-in to fix. */
    private InvalidInputException looping(Rule rule, int firings, long facts) {
        RuleBase.Declared where = ruleBase.declared(rule.getName());
        String message = "fired more than " + firings + " times in one evaluation (" + facts + " facts) without"
                + " settling: the rule loops. A rule that modifies what it matches needs no-loop (or a condition its change makes false);"
                + " one that inserts must not match what it inserts";
        Problem problem = where == null ? Problem.of("rules", "rule \"" + rule.getName() + "\"", message)
                : Problem.at(where.file(), where.line(), "rule \"" + rule.getName() + "\"", message);
        return new InvalidInputException("rules", problem);
    }

    private Object runFact(Mode mode, String database, int serverMajor) {
        FactType type = ruleBase.factType(Prelude.RUN_TYPE);
        try {
            Object run = type.newInstance();
            type.set(run, "mode", mode.id());
            type.set(run, "full", mode == Mode.FULL);
            type.set(run, "database", database);
            type.set(run, "serverMajor", serverMajor);
            return run;
        } catch (InstantiationException | IllegalAccessException e) {
            throw new IllegalStateException("cannot create the Run fact", e);
        }
    }

    /** Makes facts of one declared type from rows, with the type's setters looked up once per column list. */
    private static final class FactBuilder {
        private final FactType type;
        private List<String> columns;
        private FactField[] fields;

        FactBuilder(FactType type) {
            this.type = type;
        }

        Object build(Map<String, Object> row) {
            Object fact;
            try {
                fact = type.newInstance();
            } catch (InstantiationException | IllegalAccessException e) {
                throw new IllegalStateException("cannot create fact " + type.getName(), e);
            }
            if (row instanceof Row collected) {
                if (collected.columns() != columns) {
                    columns = collected.columns();
                    fields = columns.stream().map(column -> field(FactSpec.fieldName(column))).toArray(FactField[]::new);
                }
                for (int i = 0; i < fields.length; i++) {
                    fields[i].set(fact, collected.valueAt(i));
                }
            } else {
                row.forEach((column, value) -> field(FactSpec.fieldName(column)).set(fact, value));
            }
            return fact;
        }

        private FactField field(String name) {
            FactField field = type.getField(name);
            if (field == null) {
                throw new IllegalStateException("fact type " + type.getName() + " declares no field " + name);
            }
            return field;
        }
    }
}
