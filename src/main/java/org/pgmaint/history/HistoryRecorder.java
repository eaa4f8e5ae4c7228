package org.pgmaint.history;

import java.time.Duration;
import java.util.Map;
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

    /**
     * What recording did: {@code failure}, the message saying history was not recorded (else empty), and
     * {@code changes}, what changed since the target's previous run (empty when not recorded or history is off).
     */
    public record Recorded(Optional<String> failure, Optional<SinceLastRun> changes) {
    }

    /** Writes the run and prunes what is older than the retention. */
    public Recorded record(RunResult result, TargetKey key, String command, int exitCode, String version) {
        if (!settings.enabled()) {
            return new Recorded(Optional.empty(), Optional.empty());
        }
        try (HistoryStore store = HistoryStore.open(settings)) {
            long start = System.nanoTime();
            Optional<java.time.Instant> lastRun = store.previousRun(key, result.startedAt());
            Map<String, HistoryStore.PreviousFinding> previous = store.write(RunRecords.of(result, key, command, exitCode, version));
            store.prune(settings.clock().instant().minus(Duration.ofDays(settings.retentionDays())));
            log.debug("history: run recorded in {} in {} ms", settings.describe(), (System.nanoTime() - start) / 1_000_000);
            return new Recorded(Optional.empty(), Optional.of(SinceLastRun.of(result.plan().findings(), previous,
                    lastRun.orElse(null), result.startedAt(), command, settings.alertEveryRun())));
        } catch (HistoryException e) {
            log.warn("history not recorded: {}", e.getMessage());
            return new Recorded(Optional.of("history not recorded: " + e.getMessage()), Optional.empty());
        }
    }
}
