package org.pgmaint.retention;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.pgmaint.config.Config;
import org.pgmaint.config.ConfigKeys;
import org.pgmaint.config.InvalidInputException;

/** The retention policies of the config and the global retention.* settings. */
public record RetentionSettings(List<RetentionPolicy> policies, int batchSize, Duration batchPause,
                                long vacuumAfterRows, long exactCountLimit, Duration maxBatchDuration) {

    public RetentionSettings {
        policies = List.copyOf(policies);
    }

    /** Parses the {@code retention_policies} section; throws {@link InvalidInputException} naming each bad entry. */
    public static RetentionSettings from(Config config) {
        List<RetentionPolicy> policies = RetentionPolicies.parse(config.section(ConfigKeys.RETENTION_POLICIES).orElse(null));
        // retention.* values are range-checked where their keys are declared (ConfigKeys)
        return new RetentionSettings(policies, config.integer(ConfigKeys.RETENTION_BATCH_SIZE),
                config.duration(ConfigKeys.RETENTION_BATCH_PAUSE), config.integer(ConfigKeys.RETENTION_VACUUM_AFTER_ROWS),
                config.integer(ConfigKeys.RETENTION_EXACT_COUNT_LIMIT), config.duration(ConfigKeys.RETENTION_MAX_BATCH_DURATION));
    }

    public Optional<RetentionPolicy> policy(String name) {
        return policies.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    public int batchSizeOf(RetentionPolicy policy) {
        return policy.batchSize() != null ? policy.batchSize() : batchSize;
    }
}
