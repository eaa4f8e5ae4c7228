package org.pgmaint.cli;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * A resource opened on another thread while the command gets ready (a connection opens in ~0.1 s, as long as
 * loading the catalog takes). {@link #take} hands it over, or throws what opening it threw; when it is never
 * taken, {@link #close} closes it once it is open, without waiting for it.
 */
final class Ahead<T extends AutoCloseable> implements AutoCloseable {
    private final CompletableFuture<T> opening;
    private boolean taken;

    private Ahead(CompletableFuture<T> opening) {
        this.opening = opening;
    }

    static <T extends AutoCloseable> Ahead<T> open(Supplier<T> opener) {
        return new Ahead<>(CompletableFuture.supplyAsync(opener, runnable -> {
            Thread thread = new Thread(runnable, "pgmaint-ahead");
            thread.setDaemon(true);
            thread.start();
        }));
    }

    /** The opened resource, now the caller's to close. */
    T take() {
        taken = true;
        try {
            return opening.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    @Override
    public void close() {
        if (!taken) {
            opening.thenAccept(Ahead::closeQuietly);
        }
    }

    private static void closeQuietly(AutoCloseable resource) {
        try {
            resource.close();
        } catch (Exception ignored) {
            // never used: nothing to report
        }
    }
}
