package org.pgmaint.cli;

import java.util.Map;
import org.pgmaint.config.ConfigKeys;
import picocli.CommandLine.Option;

/** The options of the commands that execute actions (run, apply). */
public class ExecutionOptions {
    @Option(names = "--jobs", paramLabel = "N", description = "Run up to N actions at once, on different tables (default: executor.jobs, 1).")
    String jobs;

    @Option(names = "--max-runtime", paramLabel = "DURATION", description = "Runtime budget, e.g. 30min (default: executor.max_runtime, 1h).")
    String maxRuntime;

    /** --jobs and --max-runtime as config flags, so they are validated and reported like any other key. */
    Map<String, String> flags(Map<String, String> flags) {
        if (jobs != null) {
            flags.put(ConfigKeys.JOBS.name(), jobs);
        }
        if (maxRuntime != null) {
            flags.put(ConfigKeys.MAX_RUNTIME.name(), maxRuntime);
        }
        return flags;
    }
}
