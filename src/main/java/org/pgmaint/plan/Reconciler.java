package org.pgmaint.plan;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.pgmaint.model.Finding;
import org.pgmaint.model.Statement;
import org.pgmaint.model.Statement.Effect;
import org.pgmaint.plan.Remediation.ScriptStatement;
import org.pgmaint.plan.Remediation.Withheld;
import org.pgmaint.plan.ScriptCatalog.ForeignKeyCover;
import org.pgmaint.plan.ScriptCatalog.IndexFacts;

/**
 * The findings' suggestions made into one script that can run top to bottom: each statement once (one DROP per
 * index however many findings name it), in phases (prepared transactions ended, constraints and indexes dropped,
 * tables rewritten, indexes rebuilt and created, the rest); and made safe across findings, whatever rule
 * suggested them:
 * <ul>
 *   <li>a finding that names several indexes and suggests dropping some keeps the others: no drop is accepted
 *       that would leave none of them (a duplicate group keeps one member even when an overlap or an unused
 *       finding suggests dropping it);</li>
 *   <li>an index that backs a constraint, that a foreign key references, that is attached to a partitioned index,
 *       or that is the replica identity, is never dropped; nor the last index left that certainly serves a
 *       foreign key's lookups, or one the database no longer has;</li>
 *   <li>no REINDEX of an index the script drops (its findings are resolved by the DROP), nor of an index or
 *       table the script rewrites with VACUUM (FULL) (which rebuilds them);</li>
 *   <li>a weak finding's suggestion (evidence too young) is left out, statements a script must not run
 *       ({@link Statement#refused()}) too, each with the reason.</li>
 * </ul>
 * Only constraints the revert script can add back (foreign keys and checks, not inherited) are dropped.
 */
public final class Reconciler {
    private Reconciler() {
    }

    /**
     * The findings with their suggestions read as statements, once: the names the script catalog reads and the
     * reconciliation both come from them (at 10,000 tables parsing 65,000 suggestions four times cost about a second).
     */
    public record Parsed(List<Finding> findings, List<List<Statement>> statements) {
        public Parsed {
            findings = List.copyOf(findings);
            statements = List.copyOf(statements);
        }

        /** The indexes ({schema, name}) the findings' statements drop or rebuild: what {@link ScriptCatalog} reads. */
        public List<String[]> indexesNamed() {
            List<String[]> names = new ArrayList<>();
            each((f, s) -> {
                if (s.effect() == Effect.DROP_INDEX || s.effect() == Effect.REINDEX_INDEX) {
                    names.add(new String[] {s.schema(), s.name()});
                }
            });
            return ScriptCatalog.distinct(names);
        }

        /** The constraints ({schema, table, name}) the findings' statements drop. */
        public List<String[]> constraintsNamed() {
            List<String[]> names = new ArrayList<>();
            each((f, s) -> {
                if (s.effect() == Effect.DROP_CONSTRAINT) {
                    names.add(new String[] {s.schema(), s.table(), s.name()});
                }
            });
            return ScriptCatalog.distinct(names);
        }

        /**
         * The relations the CREATE INDEX statements need to know about: each one's table (a partitioned table takes
         * no CONCURRENTLY) and, for one that names no index, the names the script may give it.
         */
        public List<String[]> relationsNamed() {
            List<String[]> names = new ArrayList<>();
            each((f, s) -> {
                if (s.effect() == Effect.CREATE_INDEX) {
                    names.add(new String[] {s.schema(), s.table()});
                    if (s.name() == null) {
                        IndexNames.candidates(s.table(), f.columns()).forEach(n -> names.add(new String[] {s.schema(), n}));
                    }
                }
            });
            return ScriptCatalog.distinct(names);
        }

        private void each(java.util.function.BiConsumer<Finding, Statement> action) {
            for (int i = 0; i < findings.size(); i++) {
                for (Statement s : statements.get(i)) {
                    action.accept(findings.get(i), s);
                }
            }
        }
    }

    public static Parsed parse(List<Finding> findings) {
        return new Parsed(findings, findings.stream().map(Finding::statements).toList());
    }

    /** A statement the findings suggest, once, with the findings (positions) that suggest it. */
    private static final class Candidate {
        Statement statement;
        String refusal;
        final List<Integer> findings = new ArrayList<>();
        final List<Integer> superseded = new ArrayList<>();
        final int order;

        Candidate(Statement statement, int order) {
            this.statement = statement;
            this.order = order;
        }
    }

    public static Remediation reconcile(List<Finding> findings, ScriptCatalog catalog) {
        return reconcile(parse(findings), catalog);
    }

    public static Remediation reconcile(Parsed suggested, ScriptCatalog catalog) {
        List<Finding> findings = suggested.findings();
        Map<String, Candidate> candidates = new LinkedHashMap<>();
        List<Withheld> withheld = new ArrayList<>();
        List<List<Statement>> parsed = new ArrayList<>();
        Map<String, List<Integer>> weakOnly = new LinkedHashMap<>();
        Map<String, List<Integer>> manualOnly = new LinkedHashMap<>();
        for (int i = 0; i < findings.size(); i++) {
            List<Statement> statements = suggested.statements().get(i).stream().map(s -> withTable(s, catalog)).toList();
            parsed.add(statements);
            for (Statement s : statements) {
                if (s.refused() != null) {
                    withheld.add(new Withheld(s, List.of(i), s.refused()));
                } else if (findings.get(i).weak()) {
                    weakOnly.computeIfAbsent(key(s), k -> new ArrayList<>()).add(i);
                } else if (findings.get(i).manual()) {
                    manualOnly.computeIfAbsent(key(s), k -> new ArrayList<>()).add(i);
                } else {
                    candidates.computeIfAbsent(key(s), k -> new Candidate(s, candidates.size())).findings.add(i);
                }
            }
        }
        // a weak or manual finding whose statement a firm finding also suggests is resolved by it; the others wait
        attachOrWithhold(weakOnly, candidates, parsed, withheld, "the finding's evidence is weak (statistics too young)");
        attachOrWithhold(manualOnly, candidates, parsed, withheld, "the rule leaves it to a decision (review it first)");

        nameCreatedIndexes(candidates, findings, catalog, withheld);
        Set<String> dropped = acceptDrops(candidates, findings, parsed, catalog, withheld);
        Set<String> rewritten = new HashSet<>();
        for (Candidate c : candidates.values()) {
            if (c.statement.effect() == Effect.REWRITE_TABLE) {
                rewritten.add(ScriptCatalog.key(c.statement.schema(), c.statement.table()));
            }
        }
        supersedeRebuilds(candidates, dropped, rewritten);

        List<Candidate> ordered = new ArrayList<>(candidates.values());
        ordered.sort(Comparator.comparing((Candidate c) -> c.statement.effect()).thenComparingInt(c -> c.order));
        List<ScriptStatement> script = new ArrayList<>();
        for (Candidate c : ordered) {
            List<String> undo = RevertStatements.of(c.statement, catalog);
            List<Integer> all = new ArrayList<>(c.findings);
            all.addAll(c.superseded);
            script.add(new ScriptStatement(id(c.statement), c.statement, all.stream().distinct().sorted().toList(), undo));
        }

        Set<Integer> notResolved = new HashSet<>();
        withheld.forEach(w -> notResolved.addAll(w.findings()));
        List<Boolean> resolved = new ArrayList<>();
        for (int i = 0; i < findings.size(); i++) {
            resolved.add(!parsed.get(i).isEmpty() && !notResolved.contains(i));
        }
        return new Remediation(script, withheld, resolved, null);
    }

    /**
     * A CREATE INDEX without a name gets one (PostgreSQL's form, table_columns_idx, the first not taken), so that
     * the revert script can drop it; one CONCURRENTLY on a partitioned table, which PostgreSQL refuses, is withheld.
     */
    private static void nameCreatedIndexes(Map<String, Candidate> candidates, List<Finding> findings, ScriptCatalog catalog,
                                           List<Withheld> withheld) {
        Set<String> taken = new HashSet<>();
        candidates.values().stream().filter(c -> c.statement.effect() == Effect.CREATE_INDEX && c.statement.name() != null)
                .forEach(c -> taken.add(ScriptCatalog.key(c.statement.schema(), c.statement.name())));
        for (Candidate c : candidates.values()) {
            Statement s = c.statement;
            if (s.effect() != Effect.CREATE_INDEX) {
                continue;
            }
            if (catalog.known() && "p".equals(catalog.relationKind(s.schema(), s.table())) && !s.transactional()) {
                c.refusal = "PostgreSQL builds no index CONCURRENTLY on partitioned table " + s.schema() + "." + s.table()
                        + ": build it ON ONLY the parent, concurrently on each partition, then attach them";
                continue;
            }
            if (s.name() != null) {
                continue;
            }
            for (String name : IndexNames.candidates(s.table(), findings.get(c.findings.get(0)).columns())) {
                String key = ScriptCatalog.key(s.schema(), name);
                if (!taken.contains(key) && (!catalog.known() || catalog.relationKind(s.schema(), name) == null)) {
                    String text = IndexNames.withName(s.sql(), name);
                    if (text != null) {
                        taken.add(key);
                        c.statement = s.named(text, name);
                    }
                    break;
                }
            }
        }
        for (var it = candidates.values().iterator(); it.hasNext(); ) {
            Candidate c = it.next();
            if (c.refusal != null) {
                withheld.add(new Withheld(c.statement, c.findings, c.refusal));
                it.remove();
            }
        }
    }

    private static void attachOrWithhold(Map<String, List<Integer>> statements, Map<String, Candidate> candidates,
                                         List<List<Statement>> parsed, List<Withheld> withheld, String reason) {
        statements.forEach((k, positions) -> {
            Candidate c = candidates.get(k);
            if (c != null) {
                c.findings.addAll(positions);
            } else {
                withheld.add(new Withheld(statementOf(parsed, positions.get(0), k), positions, reason + ": not in the script"));
            }
        });
    }

    /** A statement's key: one per object for the effects reconciled, the text for the others. */
    private static String key(Statement s) {
        return s.effect() == Effect.OTHER || s.effect() == Effect.RELEASE || s.effect() == Effect.CREATE_INDEX
                || s.effect() == Effect.DESTRUCTIVE
                ? s.effect() + "|" + s.sql().replaceAll("\\s+", " ") : s.objectKey();
    }

    private static Statement statementOf(List<List<Statement>> parsed, int finding, String key) {
        return parsed.get(finding).stream().filter(s -> key(s).equals(key)).findFirst().orElseThrow();
    }

    /** A DROP INDEX or REINDEX INDEX does not name the table; the catalog does. */
    private static Statement withTable(Statement s, ScriptCatalog catalog) {
        if (s.table() != null || (s.effect() != Effect.DROP_INDEX && s.effect() != Effect.REINDEX_INDEX)) {
            return s;
        }
        IndexFacts facts = catalog.index(s.schema(), s.name());
        return facts == null ? s : new Statement(s.sql(), s.effect(), s.schema(), facts.table(), s.name(),
                s.transactional(), s.refused());
    }

    /**
     * Accepts the DROP INDEX and DROP CONSTRAINT candidates that are safe, in the order they were first suggested;
     * the others move to {@code withheld}. Returns the keys ({@link ScriptCatalog#key(String, String)}) of the
     * indexes dropped.
     */
    private static Set<String> acceptDrops(Map<String, Candidate> candidates, List<Finding> findings,
                                           List<List<Statement>> parsed, ScriptCatalog catalog, List<Withheld> withheld) {
        Map<String, List<Group>> groups = groupsByMember(findings, parsed);
        Set<String> dropped = new LinkedHashSet<>();
        for (var it = candidates.values().iterator(); it.hasNext(); ) {
            Candidate c = it.next();
            String reason = catalog.unreadable() != null
                    && (c.statement.effect() == Effect.DROP_INDEX || c.statement.effect() == Effect.DROP_CONSTRAINT)
                    ? "the catalog could not be read to check the drop (" + catalog.unreadable() + ")"
                    : switch (c.statement.effect()) {
                case DROP_INDEX -> dropIndexProblem(c.statement, groups, dropped, catalog);
                case DROP_CONSTRAINT -> dropConstraintProblem(c.statement, catalog);
                default -> null;
            };
            if (reason != null) {
                withheld.add(new Withheld(c.statement, c.findings, reason));
                it.remove();
            } else if (c.statement.effect() == Effect.DROP_INDEX) {
                dropped.add(ScriptCatalog.key(c.statement.schema(), c.statement.name()));
            }
        }
        return dropped;
    }

    /** A finding's indexes of which its own suggestion keeps some: at least one of them must stay. */
    private record Group(Finding finding, Set<String> members) {
    }

    /** Each index's groups, so that a drop looks at its own (scanning every group per drop is quadratic). */
    private static Map<String, List<Group>> groupsByMember(List<Finding> findings, List<List<Statement>> parsed) {
        Map<String, List<Group>> groups = new HashMap<>();
        for (int i = 0; i < findings.size(); i++) {
            Finding f = findings.get(i);
            Set<String> members = new LinkedHashSet<>();
            f.indexes().forEach(name -> members.add(ScriptCatalog.key(f.schema(), name)));
            Set<String> drops = new HashSet<>();
            parsed.get(i).stream().filter(s -> s.effect() == Effect.DROP_INDEX)
                    .forEach(s -> drops.add(ScriptCatalog.key(s.schema(), s.name())));
            if (members.size() > 1 && !drops.isEmpty() && !drops.containsAll(members)) {
                Group group = new Group(f, members);
                members.forEach(member -> groups.computeIfAbsent(member, k -> new ArrayList<>()).add(group));
            }
        }
        return groups;
    }

    private static String dropIndexProblem(Statement s, Map<String, List<Group>> groups, Set<String> dropped,
                                           ScriptCatalog catalog) {
        String self = ScriptCatalog.key(s.schema(), s.name());
        String problem = catalog.known() ? catalogProblem(s, self, dropped, catalog) : null;
        if (problem != null) {
            return problem;
        }
        for (Group g : groups.getOrDefault(self, List.of())) {
            if (dropped.containsAll(without(g.members(), self))) {
                return "would drop the last of " + String.join(", ", g.finding().indexes()) + " (" + g.finding().kind()
                        + "): the others are already dropped by this script, so this one stays";
            }
        }
        return null;
    }

    private static String catalogProblem(Statement s, String self, Set<String> dropped, ScriptCatalog catalog) {
        IndexFacts facts = catalog.index(s.schema(), s.name());
        if (facts == null) {
            return "the database has no index " + s.schema() + "." + s.name() + " now";
        }
        if (facts.valid() && facts.definition() == null) {
            return "its definition could not be read for the revert (its table is locked now)";
        }
        if (!facts.backs().isEmpty()) {
            return "it backs constraint " + String.join(", ", facts.backs()) + ": drop the constraint, not the index";
        }
        if (!facts.requiredBy().isEmpty()) {
            return "foreign key " + String.join(", ", facts.requiredBy()) + " references through it";
        }
        if (facts.attachedTo() != null) {
            return "it is a partition of partitioned index " + facts.attachedTo() + ": only a drop of that index removes it";
        }
        if (facts.replicaIdentity()) {
            return "it is the table's replica identity (logical replication needs it)";
        }
        for (ForeignKeyCover fk : catalog.foreignKeysServedBy(s.schema(), s.name())) {
            Set<String> left = new LinkedHashSet<>();
            fk.strictCovers().forEach(name -> left.add(ScriptCatalog.key(s.schema(), name)));
            left.remove(self);
            left.removeAll(dropped);
            if (left.isEmpty()) {
                return "it is the last index left that serves foreign key " + fk.constraint() + " on " + fk.table();
            }
        }
        return null;
    }

    private static Set<String> without(Set<String> members, String one) {
        Set<String> rest = new LinkedHashSet<>(members);
        rest.remove(one);
        return rest;
    }

    private static String dropConstraintProblem(Statement s, ScriptCatalog catalog) {
        if (!catalog.known()) {
            return null;
        }
        ScriptCatalog.ConstraintFacts c = catalog.constraint(s.schema(), s.table(), s.name());
        if (c == null) {
            return "the database has no constraint " + s.name() + " on " + s.schema() + "." + s.table() + " now";
        }
        if (c.definition() == null) {
            return "its definition could not be read for the revert (its table is locked now)";
        }
        if (c.inherited()) {
            return "it is inherited from the parent table's constraint: drop that one";
        }
        if (!c.type().equals("f") && !c.type().equals("c")) {
            return "only foreign keys and check constraints are dropped by a script (the revert adds them back)";
        }
        return null;
    }

    /** REINDEX of what the script drops or rewrites goes; its findings are resolved by the DROP or the rewrite. */
    private static void supersedeRebuilds(Map<String, Candidate> candidates, Set<String> dropped, Set<String> rewritten) {
        Map<String, Candidate> byObject = new LinkedHashMap<>();
        candidates.values().forEach(c -> byObject.put(c.statement.objectKey(), c));
        for (var it = candidates.values().iterator(); it.hasNext(); ) {
            Candidate c = it.next();
            Statement s = c.statement;
            Candidate by = null;
            if (s.effect() == Effect.REINDEX_INDEX && dropped.contains(ScriptCatalog.key(s.schema(), s.name()))) {
                by = byObject.get(new Statement("", Effect.DROP_INDEX, s.schema(), s.table(), s.name(), true, null).objectKey());
            }
            if (by == null && (s.effect() == Effect.REINDEX_INDEX || s.effect() == Effect.REINDEX_TABLE) && s.table() != null
                    && rewritten.contains(ScriptCatalog.key(s.schema(), s.table()))) {
                by = byObject.get(new Statement("", Effect.REWRITE_TABLE, s.schema(), s.table(), null, true, null).objectKey());
            }
            if (by != null) {
                by.superseded.addAll(c.findings);
                it.remove();
            }
        }
    }

    /** Stable across runs: the statement's text and its object. */
    static String id(Statement s) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] digest = sha.digest((s.objectKey() + "\n" + s.sql()).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
