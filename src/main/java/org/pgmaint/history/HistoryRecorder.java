package org.pgmaint.history;

import java.time.Duration;
import java.util.Optional;
import org.pgmaint.execute.RunResult;

/**
 * Records a finished run in the history store and applies the retention. A failure never stops maintenance: it is
 * returned as the run error the report and the alert file show.
 */
public final class HistoryRecorder {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(HistoryRecorder.class);
    private final HistorySettings settings;

    public HistoryRecorder(HistorySettings settings) {
        this.settings = settings;
    }

    /** Writes the run; empty when written (or history is off), else the run error saying history was not recorded. */
    public Optional<String> record(RunResult result, TargetKey key, String command, int exitCode, String version) {
        if (!settings.enabled()) {
            return Optional.empty();
        }
        try (HistoryStore store = HistoryStore.open(settings)) {
            long start = System.nanoTime();
            store.write(RunRecords.of(result, key, command, exitCode, version));
            store.prune(settings.clock().instant().minus(Duration.ofDays(settings.retentionDays())));
            log.debug("history: run recorded in {} in {} ms", settings.describe(), (System.nanoTime() - start) / 1_000_000);
            return Optional.empty();
        } catch (HistoryException e) {
            log.warn("history not recorded: {}", e.getMessage());
            return Optional.of("history not recorded: " + e.getMessage());
        }
    }
}
