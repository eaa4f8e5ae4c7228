package org.pgmaint.plan;

import java.util.EnumMap;
import java.util.Map;
import org.pgmaint.config.Config;
import org.pgmaint.config.ConfigKey;
import org.pgmaint.config.ConfigKeys;
import org.pgmaint.model.ActionKind;

/** The config's approval per action kind (approval.vacuum, approval.reindex, ...). */
public record ApprovalPolicy(Map<ActionKind, Approval> byKind) {

    private static final Map<ActionKind, ConfigKey> KEYS = Map.of(
            ActionKind.VACUUM, ConfigKeys.APPROVE_VACUUM, ActionKind.ANALYZE, ConfigKeys.APPROVE_ANALYZE,
            ActionKind.REINDEX, ConfigKeys.APPROVE_REINDEX, ActionKind.CANCEL_QUERY, ConfigKeys.APPROVE_CANCEL,
            ActionKind.RETENTION_DELETE, ConfigKeys.APPROVE_RETENTION);

    /** The values are checked where their keys are declared ({@link ConfigKeys}), when the config loads. */
    public static ApprovalPolicy from(Config config) {
        Map<ActionKind, Approval> byKind = new EnumMap<>(ActionKind.class);
        KEYS.forEach((kind, key) -> byKind.put(kind, Approval.parse(config.string(key))));
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
