package org.pgmaint.execute;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A request to stop a run, raised once by a signal (SIGTERM, SIGINT): whoever listens stops starting work and
 * cancels what runs. Raising it twice changes nothing.
 */
public final class Interruption {
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private final CountDownLatch raised = new CountDownLatch(1);
    private volatile String signal;

    /** Raises it for the named signal ("SIGTERM"); returns false when it was raised already. */
    public boolean raise(String signalName) {
        List<Runnable> toRun;
        synchronized (this) {
            if (signal != null) {
                return false;
            }
            signal = signalName;
            toRun = List.copyOf(listeners);
        }
        raised.countDown();
        toRun.forEach(Runnable::run);
        return true;
    }

    public boolean raised() {
        return signal != null;
    }

    /** The signal's name ("SIGTERM"), or null while not raised. */
    public String signal() {
        return signal;
    }

    /** Stops listening. */
    public interface Registration extends AutoCloseable {
        @Override
        void close();
    }

    /** Runs the listener when raised (at once if raised already); the returned handle stops listening. */
    public Registration listen(Runnable listener) {
        boolean already;
        synchronized (this) {
            already = raised();
            if (!already) {
                listeners.add(listener);
            }
        }
        if (already) {
            listener.run();
        }
        return () -> listeners.remove(listener);
    }

    /** Sleeps for the duration or until raised; returns true when raised. */
    public boolean sleep(Duration duration) {
        try {
            return raised.await(duration.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return raised();
        }
    }
}
