package org.pgmaint.history;

import java.nio.file.Files;
import java.util.Optional;

/**
 * Reads the history for the rules. An embedded store that does not exist yet has no history, and is not created
 * by reading (a first plan leaves no file behind until it records); a central one is opened as for writing.
 */
public final class HistoryReader implements AutoCloseable {
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
        if (!settings.enabled() || !settings.central() && !Files.exists(settings.file())) {
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

    /** Closes the store the reads opened, if any. */
    @Override
    public void close() {
        if (store != null) {
            store.close();
            store = null;
        }
    }
}
