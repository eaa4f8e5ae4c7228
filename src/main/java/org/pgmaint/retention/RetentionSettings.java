package org.pgmaint.retention;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.pgmaint.config.Config;
import org.pgmaint.config.ConfigKey;
import org.pgmaint.config.ConfigKeys;
import org.pgmaint.config.InvalidInputException;
import org.pgmaint.config.Problem;

/** The retention policies of the config and the global retention.* settings. */
public record RetentionSettings(List<RetentionPolicy> policies, int batchSize, Duration batchPause,
                                long vacuumAfterRows, long exactCountLimit, Duration maxBatchDuration) {

    public RetentionSettings {
        policies = List.copyOf(policies);
    }

    /** Parses the {@code retention_policies} section; throws {@link InvalidInputException} naming each bad entry. */
    public static RetentionSettings from(Config config) {
        List<RetentionPolicy> policies = RetentionPolicies.parse(config.section(ConfigKeys.RETENTION_POLICIES).orElse(null));
        List<Problem> problems = new ArrayList<>();
        atLeast(config, ConfigKeys.RETENTION_BATCH_SIZE, 1, problems);
        atLeast(config, ConfigKeys.RETENTION_VACUUM_AFTER_ROWS, 0, problems);
        atLeast(config, ConfigKeys.RETENTION_EXACT_COUNT_LIMIT, 0, problems);
        if (!problems.isEmpty()) {
            throw new InvalidInputException("configuration", problems);
        }
        return new RetentionSettings(policies, config.integer(ConfigKeys.RETENTION_BATCH_SIZE),
                config.duration(ConfigKeys.RETENTION_BATCH_PAUSE), config.integer(ConfigKeys.RETENTION_VACUUM_AFTER_ROWS),
                config.integer(ConfigKeys.RETENTION_EXACT_COUNT_LIMIT), config.duration(ConfigKeys.RETENTION_MAX_BATCH_DURATION));
    }

    private static void atLeast(Config config, ConfigKey key, int minimum, List<Problem> problems) {
        if (config.integer(key) < minimum) {
            problems.add(Problem.of(config.origin(key.name()), key.name(), "'" + config.integer(key)
                    + "' is not valid: should be a whole number of at least " + minimum));
        }
    }

    public Optional<RetentionPolicy> policy(String name) {
        return policies.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    public int batchSizeOf(RetentionPolicy policy) {
        return policy.batchSize() != null ? policy.batchSize() : batchSize;
    }
}
