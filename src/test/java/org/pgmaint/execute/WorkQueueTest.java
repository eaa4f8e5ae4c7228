package org.pgmaint.execute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.pgmaint.testing.VersionIndependent;

/** Parallel jobs never get two actions on one table, and stop getting work when the budget is spent. */
@VersionIndependent
class WorkQueueTest {
    private static final List<String> TARGETS = List.of("app.a", "app.a", "app.b");

    @Test
    void handsOutInPlanOrderSkippingBusyTablesAndWaitsForTheirRelease() throws Exception {
        WorkQueue queue = new WorkQueue(List.of(0, 1, 2), TARGETS::get, Deadline.after(Duration.ofMinutes(1)));
        assertEquals(0, queue.claim());
        assertEquals(2, queue.claim(), "app.a is busy: the next free table comes first");
        CompletableFuture<Integer> third = CompletableFuture.supplyAsync(() -> {
            try {
                return queue.claim();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(300);
        assertFalse(third.isDone(), "the second action on app.a must wait while the first runs");
        queue.release(0);
        assertEquals(1, third.get(5, TimeUnit.SECONDS));
        queue.release(1);
        queue.release(2);
        assertNull(queue.claim());
    }

    @Test
    void spentBudgetOrAbortStopsHandingOut() throws Exception {
        WorkQueue spent = new WorkQueue(List.of(0, 1, 2), TARGETS::get, Deadline.after(Duration.ZERO));
        assertNull(spent.claim());
        assertEquals(List.of(0, 1, 2), spent.unclaimed());
        WorkQueue aborted = new WorkQueue(List.of(0, 1, 2), TARGETS::get, Deadline.after(Duration.ofMinutes(1)));
        assertEquals(0, aborted.claim());
        aborted.abort();
        assertNull(aborted.claim());
        assertEquals(List.of(1, 2), aborted.unclaimed());
    }

    @Test
    void aWaitingWorkerGivesUpWhenTheBudgetRunsOut() throws Exception {
        WorkQueue queue = new WorkQueue(List.of(0, 1), TARGETS::get, Deadline.after(Duration.ofMillis(500)));
        assertEquals(0, queue.claim());
        long start = System.nanoTime();
        assertNull(queue.claim());
        long waited = (System.nanoTime() - start) / 1_000_000;
        assertEquals(true, waited < 2000, "waited " + waited + " ms");
    }
}
