package org.pgmaint.retention;

import java.time.Duration;

/**
 * One table pgmaint may delete from: rows whose {@code timestampColumn} is strictly older than
 * {@code olderThan} (and that match {@code condition}, when given) are expired.
 *
 * @param condition extra SQL boolean expression from the config file (the one place pgmaint accepts SQL text
 *                  from configuration), or null
 * @param batchSize rows per batch for this policy, or null for {@code retention.batch_size}
 * @param origin    file:line of the policy, for messages
 */
public record RetentionPolicy(String name, String schema, String table, String timestampColumn, Duration olderThan,
                              String condition, Integer batchSize, String origin) {

    public RetentionPolicy {
        String wrong = condition == null ? null : RetentionPolicies.conditionProblem(condition);
        if (wrong != null) {
            // the config loader refuses such a condition with its file and line; this guards every other way in
            throw new IllegalArgumentException("retention policy '" + name + "': condition refused: " + wrong);
        }
    }

    public String describe() {
        return "retention policy '" + name + "' (" + origin + ")";
    }
}
