package org.pgmaint.history;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
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

    /**
     * A dry run's recording, begun once its findings are final, while its plan is finished (the remediation script's
     * catalog read, where the database works and a core is idle): its transaction waits for {@link #finish}, which
     * records the run's end and commits, or {@link #abandon}, which leaves nothing (the run failed after all).
     */
    public static final class Recording {
        private final java.util.concurrent.CompletableFuture<Instant> finished = new java.util.concurrent.CompletableFuture<>();
        private FutureTask<Recorded> write;

        /** The run finished at {@code at}: its record is committed with that time; what recording did. */
        public Recorded finish(Instant at) {
            finished.complete(at);
            return outcome();
        }

        /** The run did not finish: its record is rolled back. */
        public void abandon() {
            finished.completeExceptionally(new HistoryException("the run did not finish", null));
            outcome();
        }

        private Recorded outcome() {
            try {
                return write.get();
            } catch (ExecutionException e) {
                throw new IllegalStateException("the history write failed unexpectedly", e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Recorded(Optional.of("history not recorded: interrupted"), Optional.empty());
            }
        }
    }

    /**
     * Begins recording {@code provisional} (the run as it stands once its findings are final) on a thread of its
     * own; {@code exitCode} is the run's, which its findings decide.
     */
    public Recording begin(RunResult provisional, TargetKey key, String command, int exitCode, String version) {
        Recording recording = new Recording();
        recording.write = HistoryReader.onThreadOfItsOwn("pgmaint-history-write", () -> record(provisional, key, command,
                exitCode, version, null, recording.finished::join));
        return recording;
    }

    /** Writes the run and prunes what is older than the retention; {@code prepared}: what was read ahead, or null. */
    public Recorded record(RunResult result, TargetKey key, String command, int exitCode, String version,
                           Prepared prepared) {
        return record(result, key, command, exitCode, version, prepared, null);
    }

    private Recorded record(RunResult result, TargetKey key, String command, int exitCode, String version,
                            Prepared prepared, HistoryStore.Finish finish) {
        if (!settings.enabled()) {
            return new Recorded(Optional.empty(), Optional.empty());
        }
        HistoryStore.Before readAhead = prepared == null ? null : prepared.get();
        try (HistoryStore store = HistoryStore.open(settings)) {
            long start = System.nanoTime();
            RunRecord record = RunRecords.of(result, key, command, exitCode, version);
            HistoryStore.Before before = store.write(record, readAhead, finish);
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
