package org.pgmaint.plan;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.pgmaint.db.Identifiers;

/**
 * Names for the indexes a script creates without one, as PostgreSQL would choose them ({@code table_col1_col2_idx},
 * then {@code ..._idx1}, ...; at most 63 bytes), so that the revert script can drop exactly what the script made.
 */
final class IndexNames {
    private static final int MAX_BYTES = 63;
    private static final Pattern UNNAMED = Pattern.compile("^(\\s*CREATE\\s+(?:UNIQUE\\s+)?INDEX\\s+(?:CONCURRENTLY\\s+)?)(ON\\s)",
            Pattern.CASE_INSENSITIVE);

    private IndexNames() {
    }

    /** The names to try, in order. */
    static List<String> candidates(String table, List<String> columns) {
        String stem = table + (columns.isEmpty() ? "" : "_" + String.join("_", columns));
        List<String> names = new ArrayList<>();
        for (int n = 0; n < 10; n++) {
            String suffix = "_idx" + (n == 0 ? "" : String.valueOf(n));
            names.add(cut(stem, MAX_BYTES - suffix.length()) + suffix);
        }
        return names;
    }

    /** The CREATE INDEX text with the name put in before ON, or null when the text is not of that form. */
    static String withName(String sql, String name) {
        Matcher m = UNNAMED.matcher(sql);
        if (!m.find()) {
            return null;
        }
        return m.replaceFirst(Matcher.quoteReplacement(m.group(1) + Identifiers.quote(name) + " " + m.group(2)));
    }

    private static String cut(String text, int maxBytes) {
        StringBuilder out = new StringBuilder();
        int bytes = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int size = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (bytes + size > maxBytes) {
                break;
            }
            out.appendCodePoint(cp);
            bytes += size;
            i += Character.charCount(cp);
        }
        return out.toString();
    }
}
