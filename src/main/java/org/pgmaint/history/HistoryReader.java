package org.pgmaint.history;

import java.nio.file.Files;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;

/**
 * Reads the history for the rules. An embedded store that does not exist yet has no history, and is not created
 * by reading (a first plan leaves no file behind until it records); a central one is opened as for writing.
 */
public final class HistoryReader implements AutoCloseable {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(HistoryReader.class);
    private final HistorySettings settings;
    /** The first failure to open the store: later reads of the same run fail at once instead of waiting again. */
    private HistoryException failure;
    /** Opened by the first read and kept for the others of the run (the history checks), until {@link #close}. */
    private HistoryStore store;

    public HistoryReader(HistorySettings settings) {
        this.settings = settings;
    }

    public interface Read<T> {
        T from(HistoryStore store);
    }

    /** The result of {@code read} on the store; empty when history is off or has not begun. */
    public <T> Optional<T> read(Read<T> read) {
        if (!hasHistory()) {
            return Optional.empty();
        }
        if (failure != null) {
            throw failure;
        }
        try {
            if (store == null) {
                store = HistoryStore.open(settings);
            }
            return Optional.of(read.from(store));
        } catch (HistoryException e) {
            failure = e;
            close();
            throw e;
        }
    }

    /**
     * As {@link #read}, on a thread of its own and a store opened for it (a connection is not shared between
     * threads), so that it goes on while the run does something else; the future's failure is the
     * HistoryException {@link #read} would throw.
     */
    public <T> Future<Optional<T>> readAhead(Read<T> read) {
        if (!hasHistory()) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        return onThreadOfItsOwn("pgmaint-history-read-ahead", () -> {
            long start = System.nanoTime();
            try (HistoryStore store = HistoryStore.open(settings)) {
                return Optional.of(read.from(store));
            } finally {
                log.debug("history: read ahead in {} ms", (System.nanoTime() - start) / 1_000_000);
            }
        });
    }

    /** Runs {@code work} on a daemon thread named {@code name}: a run that ends or fails never waits for it. */
    static <T> FutureTask<T> onThreadOfItsOwn(String name, java.util.concurrent.Callable<T> work) {
        FutureTask<T> task = new FutureTask<>(work);
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
        return task;
    }

    private boolean hasHistory() {
        return settings.enabled() && (settings.central() || Files.exists(settings.file()));
    }

    /** Closes the store the reads opened, if any. */
    @Override
    public void close() {
        if (store != null) {
            store.close();
            store = null;
        }
    }
}
