package org.pgmaint.history;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An index's scans in the last {@code window} days, from the differences of its counter between runs. The window
 * restarts at a statistics reset: the counter went down (pg_stat_reset_single_table_counters, a crash) or the
 * database's stats_reset moved; from a reset whose time stats_reset tells, the counter counts from zero. Without a
 * reset seen, the counter counts from when the statistics began (stats_reset, else the server's start): scans
 * before the first recorded run are not lost, and a counter still at 0 covers the whole time since.
 *
 * @param scans       scans between the baseline and now
 * @param coveredDays days from the baseline to now: the window is covered when this is at least its length
 * @param since       the first point of the history without a reset (the stats_reset after a reset)
 * @param resetAt     the reset seen in the window's history (stats_reset, or the run that saw the counter drop), or null
 */
public record UsageWindow(long scans, double coveredDays, Instant since, Instant resetAt) {

    /** One sample of the counter. */
    public record Point(Instant at, long scans, Instant statsReset) {
    }

    /**
     * The window ending at {@code current}, from the earlier points (oldest first, possibly empty).
     * {@code statsStart}: when the current statistics began (stats_reset, else the server's start), which covers an
     * index whose counter is still 0 without a reset seen; {@code firstRun}: the target's first recorded run.
     */
    public static UsageWindow of(List<Point> history, Point current, Duration window, Instant statsStart, Instant firstRun) {
        List<Point> points = new ArrayList<>(history);
        points.add(current);
        int segment = 0;
        Instant resetAt = null;
        for (int i = 1; i < points.size(); i++) {
            Point before = points.get(i - 1);
            Point after = points.get(i);
            boolean moved = !Objects.equals(before.statsReset(), after.statsReset());
            if (after.scans() < before.scans() || moved) {
                segment = i;
                resetAt = moved && after.statsReset() != null && after.statsReset().isAfter(before.at())
                        ? after.statsReset() : after.at();
            }
        }
        List<Point> usable = new ArrayList<>(points.subList(segment, points.size()));
        if (resetAt != null && usable.get(0).at().isAfter(resetAt)) {
            usable.add(0, new Point(resetAt, 0, null));        // counted from zero since the reset
        } else if (resetAt == null && statsStart != null && statsStart.isBefore(usable.get(0).at())) {
            usable.add(0, new Point(statsStart, 0, null));     // the counter counts from when the statistics began
        }
        Instant windowStart = current.at().minus(window);
        Point baseline = usable.get(0);
        for (Point p : usable) {
            if (!p.at().isAfter(windowStart) && p != current) {
                baseline = p;
            }
        }
        Instant since = usable.get(0).at();
        if (resetAt == null && firstRun != null && firstRun.isBefore(since)) {
            since = firstRun;
        }
        double covered = Duration.between(baseline.at(), current.at()).toMinutes() / (24.0 * 60);
        return new UsageWindow(Math.max(0, current.scans() - baseline.scans()), Math.round(covered * 100) / 100.0,
                since, resetAt);
    }
}
