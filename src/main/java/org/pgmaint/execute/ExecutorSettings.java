package org.pgmaint.execute;

import java.time.Duration;
import java.util.List;
import org.pgmaint.config.Config;
import org.pgmaint.config.ConfigKeys;

/**
 * How the executor runs actions: lock and statement timeouts, the runtime budget, parallel jobs, and the
 * cancel policy the cancel handler re-checks at the moment it cancels.
 *
 * @param statementTimeout zero means none (each statement is still capped by the remaining budget)
 * @param terminateAfter   zero means never escalate a cancel to pg_terminate_backend
 */
public record ExecutorSettings(Duration lockTimeout, Duration statementTimeout, Duration maxRuntime, int jobs,
                               List<String> excludeRoles, List<String> excludeApplications, Duration terminateAfter) {
    public ExecutorSettings {
        excludeRoles = List.copyOf(excludeRoles);
        excludeApplications = List.copyOf(excludeApplications);
    }

    /** The values are range-checked where their keys are declared ({@link ConfigKeys}), when the config loads. */
    public static ExecutorSettings from(Config config) {
        return new ExecutorSettings(config.duration(ConfigKeys.LOCK_TIMEOUT), config.duration(ConfigKeys.STATEMENT_TIMEOUT),
                config.duration(ConfigKeys.MAX_RUNTIME), config.integer(ConfigKeys.JOBS), config.list(ConfigKeys.CANCEL_EXCLUDE_ROLES),
                config.list(ConfigKeys.CANCEL_EXCLUDE_APPLICATIONS), config.duration(ConfigKeys.TERMINATE_AFTER));
    }
}
