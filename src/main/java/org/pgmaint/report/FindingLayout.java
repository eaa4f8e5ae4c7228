package org.pgmaint.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pgmaint.model.Finding;
import org.pgmaint.model.Severity;

/**
 * The findings as the text and HTML reports lay them out: a summary (counts per kind and severity, space to
 * reclaim), then per kind the entries by impact (bytes their suggestion frees, then severity), at most
 * {@link Listing#limit()} of them; weak findings counted, not listed, unless asked; the findings of
 * {@value #GROUP_FROM} or more partitions of one parent as one entry under the parent. The JSON report keeps every
 * finding as it is; this is only what people read.
 */
public record FindingLayout(int findings, int belowMinSeverity, Map<Severity, Integer> counts, int weak,
                            long reclaimBytes, List<Kind> kinds) {
    /** From this many findings of one kind on partitions of one parent, they are one entry. */
    static final int GROUP_FROM = 3;

    private static final Comparator<Entry> BY_IMPACT = Comparator.comparingLong(Entry::reclaimBytes).reversed()
            .thenComparing(Comparator.comparing(Entry::severity).reversed())
            .thenComparing(Entry::object);

    /**
     * One kind's findings.
     *
     * @param findings   the kind's findings at or above the minimum severity, weak ones included
     * @param shown      the entries listed, largest impact first
     * @param notShown   findings of entries beyond the limit (weak ones not listed are in {@code weakHidden})
     * @param weakHidden weak findings counted, not listed
     * @param largest    the finding whose suggestion frees the most, weak or not (null when none frees space)
     */
    public record Kind(String kind, int findings, Map<Severity, Integer> counts, int weak, long reclaimBytes,
                       List<Entry> shown, int notShown, int weakHidden, Finding largest) {
        public Severity severity() {
            for (Severity s : List.of(Severity.CRITICAL, Severity.WARNING)) {
                if (counts.getOrDefault(s, 0) > 0) {
                    return s;
                }
            }
            return Severity.INFO;
        }
    }

    /**
     * One listed line: a finding, or the findings of one kind on partitions of the top-level table {@code parent}
     * (largest first; {@code first} stands for them).
     */
    public record Entry(List<Finding> members, String parent) {
        public Finding first() {
            return members.get(0);
        }

        public boolean grouped() {
            return parent != null;
        }

        public Severity severity() {
            return members.stream().map(Finding::severity).max(Comparator.naturalOrder()).orElse(Severity.INFO);
        }

        public long reclaimBytes() {
            return members.stream().mapToLong(Finding::reclaimBytes).sum();
        }

        /** The finding's object, or the parent's with the number of partitions. */
        public String object() {
            return grouped() ? parent + " (" + members.size() + " partitions)" : ReportModel.object(first());
        }
    }

    public static FindingLayout of(List<Finding> all, Listing listing, Partitions partitions) {
        Map<String, List<Finding>> byKind = new LinkedHashMap<>();
        int below = 0;
        for (Finding f : all) {
            if (f.severity().compareTo(listing.minSeverity()) < 0) {
                below++;
            } else {
                byKind.computeIfAbsent(f.kind(), k -> new ArrayList<>()).add(f);
            }
        }
        List<Kind> kinds = new ArrayList<>();
        byKind.forEach((kind, findings) -> kinds.add(kind(kind, findings, listing, partitions)));
        kinds.sort(Comparator.comparing(Kind::severity).reversed()
                .thenComparing(Comparator.comparingLong(Kind::reclaimBytes).reversed())
                .thenComparing(Kind::kind));
        List<Finding> considered = byKind.values().stream().flatMap(List::stream).toList();
        return new FindingLayout(considered.size(), below, counts(considered),
                (int) considered.stream().filter(Finding::weak).count(), reclaimed(considered), List.copyOf(kinds));
    }

    private static Kind kind(String kind, List<Finding> findings, Listing listing, Partitions partitions) {
        List<Finding> listed = listing.weak() ? findings : findings.stream().filter(f -> !f.weak()).toList();
        List<Entry> entries = entries(listed, partitions);
        List<Entry> shown = new ArrayList<>();
        int notShown = 0;
        for (Entry e : entries) {
            if (listing.limits(shown.size())) {
                notShown += e.members().size();
            } else {
                shown.add(e);
            }
        }
        Finding largest = findings.stream().filter(f -> f.reclaimBytes() > 0)
                .max(Comparator.comparingLong(Finding::reclaimBytes)).orElse(null);
        int weak = (int) findings.stream().filter(Finding::weak).count();
        return new Kind(kind, findings.size(), counts(findings), weak, reclaimed(findings), List.copyOf(shown),
                notShown, findings.size() - listed.size(), largest);
    }

    /** Partitions of one parent from {@link #GROUP_FROM} on as one entry; the entries by impact. */
    private static List<Entry> entries(List<Finding> findings, Partitions partitions) {
        Map<String, List<Finding>> byParent = new LinkedHashMap<>();
        List<Entry> entries = new ArrayList<>();
        for (Finding f : findings) {
            String root = partitions.rootOf(f.schema(), f.table());
            if (root == null) {
                entries.add(new Entry(List.of(f), null));
            } else {
                byParent.computeIfAbsent(root, r -> new ArrayList<>()).add(f);
            }
        }
        byParent.forEach((parent, members) -> {
            if (members.size() < GROUP_FROM) {
                members.forEach(f -> entries.add(new Entry(List.of(f), null)));
            } else {
                List<Entry> singles = members.stream().map(f -> new Entry(List.of(f), null)).sorted(BY_IMPACT).toList();
                entries.add(new Entry(singles.stream().map(Entry::first).toList(), parent));
            }
        });
        entries.sort(BY_IMPACT);
        return entries;
    }

    private static Map<Severity, Integer> counts(List<Finding> findings) {
        Map<Severity, Integer> counts = new LinkedHashMap<>();
        for (Severity s : List.of(Severity.CRITICAL, Severity.WARNING, Severity.INFO)) {
            counts.put(s, 0);
        }
        findings.forEach(f -> counts.merge(f.severity(), 1, Integer::sum));
        return counts;
    }

    /**
     * The space the findings' suggestions free, each object once: an index both unused and duplicate is
     * counted once, with the larger figure.
     */
    private static long reclaimed(List<Finding> findings) {
        Map<String, Long> byObject = new HashMap<>();
        for (Finding f : findings) {
            if (f.reclaimBytes() > 0) {
                String object = f.schema() + '\0' + f.table() + '\0' + (f.indexes().isEmpty() ? "" : f.indexes().get(0));
                byObject.merge(object, f.reclaimBytes(), Math::max);
            }
        }
        return byObject.values().stream().mapToLong(Long::longValue).sum();
    }
}
