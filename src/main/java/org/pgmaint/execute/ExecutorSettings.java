package org.pgmaint.execute;

import java.time.Duration;
import java.util.List;
import org.pgmaint.config.Config;
import org.pgmaint.config.ConfigKeys;
import org.pgmaint.config.InvalidInputException;
import org.pgmaint.config.Problem;

/**
 * How the executor runs actions: lock and statement timeouts, the runtime budget, parallel jobs, and the
 * cancel policy the cancel handler re-checks at the moment it cancels.
 *
 * @param statementTimeout zero means none (each statement is still capped by the remaining budget)
 * @param terminateAfter   zero means never escalate a cancel to pg_terminate_backend
 */
public record ExecutorSettings(Duration lockTimeout, Duration statementTimeout, Duration maxRuntime, int jobs,
                               List<String> excludeRoles, List<String> excludeApplications, Duration terminateAfter) {
    public static final int MAX_JOBS = 64;

    public ExecutorSettings {
        excludeRoles = List.copyOf(excludeRoles);
        excludeApplications = List.copyOf(excludeApplications);
    }

    public static ExecutorSettings from(Config config) {
        int jobs = config.integer(ConfigKeys.JOBS);
        if (jobs < 1 || jobs > MAX_JOBS) {
            throw new InvalidInputException("configuration", Problem.of(config.origin(ConfigKeys.JOBS.name()),
                    ConfigKeys.JOBS.name(), "'" + jobs + "' is not valid: should be a whole number from 1 to " + MAX_JOBS));
        }
        Duration maxRuntime = config.duration(ConfigKeys.MAX_RUNTIME);
        if (maxRuntime.isZero()) {
            throw new InvalidInputException("configuration", Problem.of(config.origin(ConfigKeys.MAX_RUNTIME.name()),
                    ConfigKeys.MAX_RUNTIME.name(), "'0' is not valid: should be a duration above zero such as 30min or 1h"));
        }
        return new ExecutorSettings(config.duration(ConfigKeys.LOCK_TIMEOUT), config.duration(ConfigKeys.STATEMENT_TIMEOUT),
                maxRuntime, jobs, config.list(ConfigKeys.CANCEL_EXCLUDE_ROLES),
                config.list(ConfigKeys.CANCEL_EXCLUDE_APPLICATIONS), config.duration(ConfigKeys.TERMINATE_AFTER));
    }
}
