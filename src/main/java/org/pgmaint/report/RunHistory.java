package org.pgmaint.report;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the HTML report and {@code index.html} read of pgmaint's history of runs, for one database or for every
 * database of a store. The history package implements nothing of report (features sit beside the pipeline): cli
 * wires the store in. Empty answers mean no history (off, not begun, or unreadable: the report then has no charts,
 * and the run goes on).
 */
public interface RunHistory {
    RunHistory NONE = new RunHistory() {
        @Override
        public Optional<TrendData> trends(Instant since, Instant at) {
            return Optional.empty();
        }

        @Override
        public Optional<List<RunIndex.Run>> latestRuns(int limit) {
            return Optional.empty();
        }

        @Override
        public Optional<List<RunIndex.Run>> runsSince(Instant since) {
            return Optional.empty();
        }
    };

    /** The database's runs and largest tables from {@code since} to {@code at}. */
    Optional<TrendData> trends(Instant since, Instant at);

    /** The latest {@code limit} runs, newest first. */
    Optional<List<RunIndex.Run>> latestRuns(int limit);

    /** The runs from {@code since} on, oldest first (the sparklines). */
    Optional<List<RunIndex.Run>> runsSince(Instant since);
}
