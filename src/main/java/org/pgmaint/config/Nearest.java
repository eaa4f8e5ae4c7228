package org.pgmaint.config;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** The names nearest to a mistyped one, for "did you mean ...?" (commands, options, config keys). */
public final class Nearest {
    private static final int MAX_SUGGESTIONS = 3;

    private Nearest() {
    }

    /**
     * The candidates at the smallest edit distance from {@code typed} (at most 3, sorted), if that distance is
     * small for its length (a third of it, at least 1); empty when nothing is that close.
     */
    public static List<String> names(String typed, Collection<String> candidates) {
        int limit = Math.max(1, typed.length() / 3);
        TreeMap<Integer, TreeSet<String>> byDistance = new TreeMap<>();
        for (String candidate : candidates) {
            int distance = distance(typed, candidate);
            if (distance <= limit && !candidate.equals(typed)) {
                byDistance.computeIfAbsent(distance, d -> new TreeSet<>()).add(candidate);
            }
        }
        Map.Entry<Integer, TreeSet<String>> nearest = byDistance.firstEntry();
        return nearest == null ? List.of() : nearest.getValue().stream().limit(MAX_SUGGESTIONS).toList();
    }

    /** "did you mean a?" / "did you mean a or b?", or empty for no names. */
    public static String didYouMean(List<String> names) {
        if (names.isEmpty()) {
            return "";
        }
        String last = names.get(names.size() - 1);
        return "did you mean " + (names.size() == 1 ? last
                : String.join(", ", names.subList(0, names.size() - 1)) + " or " + last) + "?";
    }

    /** Edits (insert, delete, replace, or swap of two neighbours) that turn a into b. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
