package org.pgmaint.cache;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Asks the processor to stop; waits made through it end at once when it is raised. */
public final class StopSignal {
    private final CountDownLatch raised = new CountDownLatch(1);

    public void raise() {
        raised.countDown();
    }

    public boolean isRaised() {
        return raised.getCount() == 0;
    }

    /** Sleeps for the duration or until the signal is raised; returns true when raised. */
    public boolean sleep(Duration duration) {
        try {
            return raised.await(duration.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            raise();
            return true;
        }
    }
}
