package org.pgmaint.report;

import java.util.List;

/** Action ids in short: "3-66" for 3, 4, ..., 66; ids that are not numbers as they are. */
final class IdRanges {
    private IdRanges() {
    }

    static String of(List<String> ids) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < ids.size()) {
            int j = i;
            while (j + 1 < ids.size() && next(ids.get(j), ids.get(j + 1))) {
                j++;
            }
            if (out.length() > 0) {
                out.append(", ");
            }
            out.append(ids.get(i));
            if (j > i) {
                out.append(j == i + 1 ? ", " : "-").append(ids.get(j));
            }
            i = j + 1;
        }
        return out.toString();
    }

    private static boolean next(String a, String b) {
        try {
            return Long.parseLong(b) == Long.parseLong(a) + 1;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
