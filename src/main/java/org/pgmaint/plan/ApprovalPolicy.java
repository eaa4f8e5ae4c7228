package org.pgmaint.plan;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.pgmaint.config.Config;
import org.pgmaint.config.ConfigKey;
import org.pgmaint.config.ConfigKeys;
import org.pgmaint.config.InvalidInputException;
import org.pgmaint.config.Problem;
import org.pgmaint.model.ActionKind;

/** The config's approval per action kind (approval.vacuum, approval.reindex, ...). */
public record ApprovalPolicy(Map<ActionKind, Approval> byKind) {

    private static final Map<ActionKind, ConfigKey> KEYS = Map.of(
            ActionKind.VACUUM, ConfigKeys.APPROVE_VACUUM, ActionKind.ANALYZE, ConfigKeys.APPROVE_ANALYZE,
            ActionKind.REINDEX, ConfigKeys.APPROVE_REINDEX, ActionKind.CANCEL_QUERY, ConfigKeys.APPROVE_CANCEL,
            ActionKind.RETENTION_DELETE, ConfigKeys.APPROVE_RETENTION);

    public static ApprovalPolicy from(Config config) {
        Map<ActionKind, Approval> byKind = new EnumMap<>(ActionKind.class);
        List<Problem> problems = new ArrayList<>();
        KEYS.forEach((kind, key) -> {
            try {
                byKind.put(kind, Approval.parse(config.string(key)));
            } catch (IllegalArgumentException e) {
                problems.add(Problem.of(config.origin(key.name()), key.name(), e.getMessage()));
            }
        });
        if (!problems.isEmpty()) {
            throw new InvalidInputException("configuration", problems);
        }
        return new ApprovalPolicy(byKind);
    }

    public Approval of(ActionKind kind) {
        return byKind.getOrDefault(kind, Approval.MANUAL);
    }

    /** Whether actions of this kind run in a standard ({@code full} false) or full run. */
    public boolean approves(ActionKind kind, boolean full) {
        return of(kind).approves(full);
    }
}
