package org.pgmaint.plan;

import java.util.List;
import org.pgmaint.model.Statement;

/**
 * The findings' suggestions reconciled into one script ({@link Reconciler}): the statements in the order they run,
 * each once, with the findings it acts on; what was left out and why; and the revert script's statements.
 * Findings are named by their position in the plan's findings (from 0).
 *
 * @param statements the script, in order
 * @param withheld   suggested statements not in the script, each with the reason
 * @param resolved   for each finding (by position), whether every statement of its suggestion is in the script
 *                   (or superseded by one that is)
 * @param lockTimeout the lock_timeout the script sets first ({@code executor.lock_timeout}): a DROP or ALTER that
 *                   waits for a lock longer stops the script rather than queue every other session behind it
 */
public record Remediation(List<ScriptStatement> statements, List<Withheld> withheld, List<Boolean> resolved,
                           java.time.Duration lockTimeout) {
    public static final java.time.Duration DEFAULT_LOCK_TIMEOUT = java.time.Duration.ofSeconds(5);
    public static final Remediation NONE = new Remediation(List.of(), List.of(), List.of(), DEFAULT_LOCK_TIMEOUT);

    public Remediation {
        statements = List.copyOf(statements);
        withheld = List.copyOf(withheld);
        resolved = List.copyOf(resolved);
        lockTimeout = lockTimeout == null ? DEFAULT_LOCK_TIMEOUT : lockTimeout;
    }

    public Remediation withLockTimeout(java.time.Duration value) {
        return new Remediation(statements, withheld, resolved, value);
    }

    /**
     * One statement of the script. {@code id}: stable across runs (a hash of the statement's text and object);
     * {@code findings}: the findings whose suggestion it is, or whose suggestion it supersedes (a REINDEX of an
     * index the script drops); {@code revert}: the statements that undo it, empty when it drops nothing.
     */
    public record ScriptStatement(String id, Statement statement, List<Integer> findings, List<String> revert) {
        public ScriptStatement {
            findings = List.copyOf(findings);
            revert = List.copyOf(revert);
        }
    }

    /** A suggested statement left out of the script: the findings that suggested it and why. */
    public record Withheld(Statement statement, List<Integer> findings, String reason) {
        public Withheld {
            findings = List.copyOf(findings);
        }
    }

    /** Whether the finding at this position is resolved by the script. */
    public boolean resolves(int finding) {
        return finding < resolved.size() && resolved.get(finding);
    }

    /** The script's statements that act on the finding at this position. */
    public List<ScriptStatement> statementsOf(int finding) {
        return statements.stream().filter(s -> s.findings().contains(finding)).toList();
    }

    /**
     * {@link #statementsOf} of every finding position below {@code findings} at once, in one pass over the
     * statements: asked finding by finding, a plan at 10,000 tables (64,000 findings, 47,000 statements) took
     * billions of comparisons.
     */
    public List<List<ScriptStatement>> statementsByFinding(int findings) {
        List<List<ScriptStatement>> byFinding = new java.util.ArrayList<>(findings);
        for (int i = 0; i < findings; i++) {
            byFinding.add(new java.util.ArrayList<>(1));
        }
        for (ScriptStatement s : statements) {
            for (int finding : s.findings()) {
                if (finding < findings && !byFinding.get(finding).contains(s)) {
                    byFinding.get(finding).add(s);
                }
            }
        }
        return byFinding;
    }

    /**
     * The revert script's statements, in order: the indexes the script creates dropped again, the indexes it drops
     * recreated, then its constraints (a foreign key added back may need an index recreated first), each part in the
     * script's order.
     */
    public List<ScriptStatement> reverted() {
        List<ScriptStatement> created = new java.util.ArrayList<>();
        List<ScriptStatement> indexes = new java.util.ArrayList<>();
        List<ScriptStatement> constraints = new java.util.ArrayList<>();
        for (ScriptStatement s : statements) {
            if (!s.revert().isEmpty()) {
                switch (s.statement().effect()) {
                    case CREATE_INDEX -> created.add(s);
                    case DROP_CONSTRAINT -> constraints.add(s);
                    default -> indexes.add(s);
                }
            }
        }
        created.addAll(indexes);
        created.addAll(constraints);
        return created;
    }

    public long resolvedCount() {
        return resolved.stream().filter(Boolean::booleanValue).count();
    }
}
