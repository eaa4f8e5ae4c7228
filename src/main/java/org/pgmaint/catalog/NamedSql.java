package org.pgmaint.catalog;

import java.util.ArrayList;
import java.util.List;
import org.pgmaint.sql.SqlTokens;

/**
 * SQL text with {@code :name} parameters, rewritten to JDBC {@code ?} markers with the names in order. The text is
 * cut by {@link SqlTokens}: parameters are found only in code (not in literals, quoted identifiers, dollar quotes or
 * comments), {@code ::} casts are left alone, and the text must be exactly one statement. A trailing {@code ;} is
 * allowed and left out of what is sent, so the driver and the server always see one statement.
 */
public record NamedSql(String original, String jdbcSql, List<String> parameterOrder) {

    /** Throws {@link IllegalArgumentException} saying what is wrong: not one statement, unterminated text, a bare ?. */
    public static NamedSql parse(String sql) {
        SqlTokens tokens = SqlTokens.scan(sql);
        int statements = tokens.statements();
        if (statements != 1) {
            throw new IllegalArgumentException("holds " + statements + " statements: a check is exactly one statement"
                    + " (a ';' may only end it), so that it runs inside its read-only transaction");
        }
        String text = tokens.withoutSemicolons();
        StringBuilder out = new StringBuilder(text.length());
        List<String> names = new ArrayList<>();
        for (SqlTokens.Span span : tokens.spans()) {
            if (span.kind() == SqlTokens.Kind.CODE) {
                code(text, span.start(), span.end(), out, names);
            } else {
                out.append(text, span.start(), span.end());
            }
        }
        return new NamedSql(sql, out.toString(), List.copyOf(names));
    }

    private static void code(String sql, int from, int to, StringBuilder out, List<String> names) {
        int i = from;
        while (i < to) {
            char c = sql.charAt(i);
            if (c == ':' && i + 1 < to && sql.charAt(i + 1) == ':') {
                out.append("::");
                i += 2;
            } else if (c == ':' && i + 1 < to && isIdentStart(sql.charAt(i + 1))) {
                int j = i + 1;
                while (j < to && isIdentPart(sql.charAt(j))) {
                    j++;
                }
                names.add(sql.substring(i + 1, j));
                out.append('?');
                i = j;
            } else if (c == '?') {
                throw new IllegalArgumentException("a bare '?' would be read as a bind marker: use :name parameters,"
                        + " and jsonb_exists(a, b) instead of the jsonb ? operator");
            } else {
                out.append(c);
                i++;
            }
        }
    }

    private static boolean isIdentStart(char c) {
        return Character.isLetter(c) || c == '_';
    }

    private static boolean isIdentPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }
}
