package org.pgmaint.execute;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The actions waiting to run, handed out in plan order to parallel workers, never two on one target at once
 * (the way vacuumdb --jobs never vacuums one table twice at once). Stops handing out when the deadline is
 * spent or the run is aborted.
 */
final class WorkQueue {
    private final List<Integer> pending;
    private final Function<Integer, String> targetOf;
    private final Set<String> busy = new HashSet<>();
    private final Deadline deadline;
    private boolean aborted;

    WorkQueue(List<Integer> indexes, Function<Integer, String> targetOf, Deadline deadline) {
        this.pending = new ArrayList<>(indexes);
        this.targetOf = targetOf;
        this.deadline = deadline;
    }

    /** The next action whose target is free, waiting while every pending one is busy; null when there is no more work. */
    synchronized Integer claim() throws InterruptedException {
        while (true) {
            if (aborted || deadline.expired() || pending.isEmpty()) {
                return null;
            }
            for (Iterator<Integer> it = pending.iterator(); it.hasNext(); ) {
                Integer index = it.next();
                String target = targetOf.apply(index);
                if (!busy.contains(target)) {
                    it.remove();
                    busy.add(target);
                    return index;
                }
            }
            wait(Math.max(1, deadline.remaining().toMillis()));
        }
    }

    synchronized void release(Integer index) {
        busy.remove(targetOf.apply(index));
        notifyAll();
    }

    /** Stops handing out work (the database went away). */
    synchronized void abort() {
        aborted = true;
        notifyAll();
    }

    /** What was never handed out. */
    synchronized List<Integer> unclaimed() {
        return List.copyOf(pending);
    }
}
