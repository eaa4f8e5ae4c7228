package org.pgmaint.history;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
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

    /**
     * The store's state a run starting now will be written against ({@link HistoryStore.Before}), read on a thread of
     * its own while the run plans ({@link HistoryReader#readAhead}: at 10,000 tables the previous run's findings and
     * index counters take ~0.3 s to read); nothing is read when history is off or the embedded store does not exist
     * yet, and a failed read is left to the recording, which reads again.
     */
    public static final class Prepared {
        private final Future<Optional<HistoryStore.Before>> read;

        private Prepared(Future<Optional<HistoryStore.Before>> read) {
            this.read = read;
        }

        private HistoryStore.Before get() {
            try {
                return read.get().orElse(null);
            } catch (ExecutionException e) {
                log.debug("history: the run before not read ahead: {}", e.getCause().getMessage());
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
    }

    /** Starts reading what a run of {@code key} starting at {@code started} will be written against. */
    public Prepared prepare(TargetKey key, Instant started) {
        return new Prepared(new HistoryReader(settings).readAhead(store -> store.before(key, started)));
    }

    /** Writes the run and prunes what is older than the retention; {@code prepared}: what was read ahead, or null. */
    public Recorded record(RunResult result, TargetKey key, String command, int exitCode, String version,
                           Prepared prepared) {
        if (!settings.enabled()) {
            return new Recorded(Optional.empty(), Optional.empty());
        }
        HistoryStore.Before readAhead = prepared == null ? null : prepared.get();
        try (HistoryStore store = HistoryStore.open(settings)) {
            long start = System.nanoTime();
            RunRecord record = RunRecords.of(result, key, command, exitCode, version);
            HistoryStore.Before before = store.write(record, readAhead);
            store.prune(settings.clock().instant().minus(Duration.ofDays(settings.retentionDays())));
            SinceLastRun changes = SinceLastRun.of(record.findings(), before.findings(), before.lastRun().orElse(null),
                    result.startedAt(), command, settings.alertEveryRun());
            log.debug("history: run recorded in {} and compared with the one before in {} ms", settings.describe(),
                    (System.nanoTime() - start) / 1_000_000);
            return new Recorded(Optional.empty(), Optional.of(changes));
        } catch (HistoryException e) {
            log.warn("history not recorded: {}", e.getMessage());
            return new Recorded(Optional.of("history not recorded: " + e.getMessage()), Optional.empty());
        }
    }
}
