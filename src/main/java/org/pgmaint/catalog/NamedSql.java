package org.pgmaint.catalog;

import java.util.ArrayList;
import java.util.List;

/**
 * SQL text with {@code :name} parameters, rewritten to JDBC {@code ?} markers with the names in order.
 * Skips string literals, quoted identifiers, dollar quotes, comments and {@code ::} casts.
 */
public record NamedSql(String original, String jdbcSql, List<String> parameterOrder) {

    public static NamedSql parse(String sql) {
        StringBuilder out = new StringBuilder(sql.length());
        List<String> names = new ArrayList<>();
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            int end;
            if (c == '\'' || c == '"') {
                end = skipQuoted(sql, i, c);
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                end = sql.indexOf('\n', i);
                end = end < 0 ? n : end;
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                end = sql.indexOf("*/", i + 2);
                end = end < 0 ? n : end + 2;
            } else if (c == '$' && dollarTag(sql, i) != null) {
                String tag = dollarTag(sql, i);
                int close = sql.indexOf(tag, i + tag.length());
                end = close < 0 ? n : close + tag.length();
            } else if (c == ':' && i + 1 < n && sql.charAt(i + 1) == ':') {
                end = i + 2;
            } else if (c == ':' && i + 1 < n && isIdentStart(sql.charAt(i + 1)) && (i == 0 || sql.charAt(i - 1) != ':')) {
                int j = i + 1;
                while (j < n && isIdentPart(sql.charAt(j))) {
                    j++;
                }
                names.add(sql.substring(i + 1, j));
                out.append('?');
                i = j;
                continue;
            } else if (c == '?') {
                throw new IllegalArgumentException("a bare '?' would be read as a bind marker: use :name parameters,"
                        + " and jsonb_exists(a, b) instead of the jsonb ? operator");
            } else {
                end = i + 1;
            }
            out.append(sql, i, end);
            i = end;
        }
        return new NamedSql(sql, out.toString(), List.copyOf(names));
    }

    private static int skipQuoted(String sql, int start, char quote) {
        int i = start + 1;
        while (i < sql.length()) {
            if (sql.charAt(i) == quote) {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return sql.length();
    }

    private static String dollarTag(String sql, int start) {
        int j = start + 1;
        while (j < sql.length() && (Character.isLetterOrDigit(sql.charAt(j)) || sql.charAt(j) == '_')) {
            j++;
        }
        if (j < sql.length() && sql.charAt(j) == '$' && (j == start + 1 || !Character.isDigit(sql.charAt(start + 1)))) {
            return sql.substring(start, j + 1);
        }
        return null;
    }

    private static boolean isIdentStart(char c) {
        return Character.isLetter(c) || c == '_';
    }

    private static boolean isIdentPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }
}
