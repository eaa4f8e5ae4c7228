package org.pgmaint.history;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pgmaint.model.Finding;

/**
 * What changed since the target's previous recorded run: the findings that are new, the ones resolved (in the
 * previous run, not in this one), and when each current finding was first seen (in an unbroken series of runs).
 */
public record SinceLastRun(Instant lastRun, List<String> added, List<String> resolved, Map<String, Instant> firstSeen,
                           Map<String, String> alertedBefore) {
    /** How many names the summary finding's message lists of each kind; its details list them all. */
    static final int NAMED = 10;
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    public SinceLastRun {
        added = List.copyOf(added);
        resolved = List.copyOf(resolved);
        firstSeen = Map.copyOf(firstSeen);
        alertedBefore = Map.copyOf(alertedBefore);
    }

    /**
     * Compares this run's findings, as its record has them, with the previous run's ({@code previous} empty and
     * {@code lastRun} null: the first run); {@code alertedBefore} holds the findings this {@code command}'s alert
     * file leaves out ({@link AlertMemory}).
     */
    static SinceLastRun of(Collection<RunRecord.FindingSample> findings, Map<String, HistoryStore.PreviousFinding> previous,
                           Instant lastRun, Instant started, String command, boolean alertEveryRun) {
        List<String> added = new ArrayList<>();
        Map<String, String> alertedBefore = new LinkedHashMap<>();
        Map<String, Instant> firstSeen = new LinkedHashMap<>();
        Map<String, HistoryStore.PreviousFinding> gone = new LinkedHashMap<>(previous);
        for (RunRecord.FindingSample f : findings) {
            String key = f.key();
            if (firstSeen.containsKey(key)) {
                continue;   // a second finding of the same kind on the same object: counted once
            }
            HistoryStore.PreviousFinding before = gone.remove(key);
            firstSeen.put(key, before == null ? started : before.firstSeen());
            if (AlertMemory.known(f, before, command, alertEveryRun)) {
                alertedBefore.put(key, before.alertedSeverity());
            }
            if (before == null && lastRun != null) {
                added.add(f.kind() + " " + f.object());
            }
        }
        List<String> resolved = gone.values().stream().map(p -> p.kind() + " " + p.object()).toList();
        return new SinceLastRun(lastRun, added, resolved, firstSeen, alertedBefore);
    }

    /**
     * The findings with detail {@code first_seen} (ISO instant) each, {@code alerted_before} (the severity an earlier
     * alert file named it at) on those this run's alert file leaves out, and, after a previous run, one info finding
     * {@code since_last_run} listing what is new and what was resolved (every report shows it; details new, resolved).
     */
    public List<Finding> annotate(List<Finding> findings) {
        List<Finding> annotated = new ArrayList<>();
        for (Finding f : findings) {
            String key = RunRecords.key(f);
            Instant seen = firstSeen.get(key);
            Finding withSeen = seen == null ? f : f.withDetail(Finding.FIRST_SEEN, seen.toString());
            String alerted = alertedBefore.get(key);
            annotated.add(alerted == null ? withSeen : withSeen.withDetail(Finding.ALERTED_BEFORE, alerted));
        }
        if (lastRun != null) {
            annotated.add(Finding.info("since_last_run", null, null, "since the last run (" + MINUTE.format(lastRun) + "): "
                    + describe("new", added) + "; " + describe("resolved", resolved))
                    .withDetail("last_run", lastRun.toString())
                    .withDetail("new", added)
                    .withDetail("resolved", resolved));
        }
        return annotated;
    }

    private static String describe(String what, List<String> names) {
        if (names.isEmpty()) {
            return "nothing " + what;
        }
        String listed = String.join(", ", names.subList(0, Math.min(NAMED, names.size())));
        return names.size() + " " + what + ": " + listed + (names.size() > NAMED ? " and " + (names.size() - NAMED) + " more" : "");
    }
}
