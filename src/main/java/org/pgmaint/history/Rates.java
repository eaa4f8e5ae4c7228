package org.pgmaint.history;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** Per-day rates from a target's recorded runs (oldest first) and the figure now. */
final class Rates {
    /** The age at which PostgreSQL refuses new transaction (multixact) IDs: 2^31 - 1 less its 3,000,000 margin. */
    static final long STOP_AGE = Integer.MAX_VALUE - 3_000_000L;

    private Rates() {
    }

    /** A rate and the days it was measured over. */
    record Rate(double perDay, double overDays) {
    }

    static double days(Instant from, Instant to) {
        return Duration.between(from, to).toSeconds() / 86_400.0;
    }

    /**
     * The counter's increase per day from the oldest run in {@code span} before now (at least an hour before) with
     * a figure: for a counter that only grows (the xid counter).
     */
    static Optional<Rate> counterRate(List<HistoryStore.RunPoint> runs, Function<HistoryStore.RunPoint, Long> figure,
                                      long now, Instant at, Duration span) {
        Instant from = at.minus(span);
        Instant latest = at.minus(Duration.ofHours(1));
        for (HistoryStore.RunPoint run : runs) {
            Long value = figure.apply(run);
            if (value != null && !run.started().isBefore(from) && !run.started().isAfter(latest)) {
                double days = days(run.started(), at);
                return Optional.of(new Rate((now - value) / days, days));
            }
        }
        return Optional.empty();
    }

    /**
     * The increases per day of an age that vacuum sets back (the multixact age): the sum of the rises between
     * consecutive runs, over the days from the first of them.
     */
    static Optional<Rate> ageRate(List<HistoryStore.RunPoint> runs, Function<HistoryStore.RunPoint, Long> figure,
                                  long now, Instant at, Duration span) {
        Instant from = at.minus(span);
        Long previous = null;
        Instant first = null;
        double rise = 0;
        for (HistoryStore.RunPoint run : runs) {
            Long value = figure.apply(run);
            if (value == null || run.started().isBefore(from) || run.started().isAfter(at.minus(Duration.ofHours(1)))) {
                continue;
            }
            if (previous != null && value > previous) {
                rise += value - previous;
            }
            first = first == null ? run.started() : first;
            previous = value;
        }
        if (first == null) {
            return Optional.empty();
        }
        rise += Math.max(0, now - previous);
        double days = days(first, at);
        return Optional.of(new Rate(rise / days, days));
    }

    /** The size's change per day against the run nearest {@code ago} before now (within a day of it). */
    static Optional<Double> growthPerDay(List<HistoryStore.RunPoint> runs, long bytesNow, Instant at, Duration ago) {
        return growth(runs, HistoryStore.RunPoint::started, HistoryStore.RunPoint::databaseBytes, bytesNow, at, ago)
                .map(Rate::perDay);
    }

    /**
     * A size's change per day against the point nearest {@code ago} before now (within a day of it), with the days
     * between that point and now.
     */
    static <T> Optional<Rate> growth(List<T> points, Function<T, Instant> when, Function<T, Long> bytes, long bytesNow,
                                     Instant at, Duration ago) {
        Instant target = at.minus(ago);
        T nearest = null;
        for (T point : points) {
            if (bytes.apply(point) != null && Math.abs(days(when.apply(point), target)) <= 1
                    && (nearest == null || Math.abs(days(when.apply(point), target))
                                           < Math.abs(days(when.apply(nearest), target)))) {
                nearest = point;
            }
        }
        if (nearest == null) {
            return Optional.empty();
        }
        double days = days(when.apply(nearest), at);
        return Optional.of(new Rate((bytesNow - bytes.apply(nearest)) / days, days));
    }

    /** Days until {@code age} reaches {@code limit} at {@code perDay}; null when it does not grow (0 when past). */
    static Double daysUntil(long age, long limit, Double perDay) {
        if (perDay == null || perDay <= 0) {
            return null;
        }
        return Math.max(0, Math.round((limit - age) / perDay * 10) / 10.0);
    }
}
