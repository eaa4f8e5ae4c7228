package org.pgmaint.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * PostgreSQL SQL text cut into the spans its lexer sees: string literals ({@code '...'} with {@code ''} doubling,
 * {@code E'...'} with backslash escapes), quoted identifiers ({@code "..."}), dollar quotes ({@code $$...$$},
 * {@code $tag$...$tag$}), comments ({@code --} to the end of the line, nested {@code /* *}{@code /}) and the code
 * between them. Only code counts: a {@code ;} or a parenthesis inside a literal or a comment is not one.
 *
 * <p>Text the server or the JDBC driver could cut differently is refused rather than guessed at
 * ({@link IllegalArgumentException}): an unterminated literal, identifier, dollar quote or comment; a backslash
 * in a {@code '...'} literal that changes where it ends with {@code standard_conforming_strings} off (the text is
 * scanned both ways and must give the same spans); {@code E'...'} glued to a digit or a quote, or a dollar quote
 * glued to a digit ({@code 1e'x'}, {@code 1$a$}), which the server and the JDBC driver read differently.
 */
public final class SqlTokens {
    public enum Kind { CODE, STRING, IDENTIFIER, DOLLAR_QUOTED, COMMENT }

    /** [start, end) of the text. */
    public record Span(Kind kind, int start, int end) {
    }

    private final String sql;
    private final List<Span> spans;

    private SqlTokens(String sql, List<Span> spans) {
        this.sql = sql;
        this.spans = List.copyOf(spans);
    }

    /** Scans the text; throws {@link IllegalArgumentException} saying what and where when it cannot be cut safely. */
    public static SqlTokens scan(String sql) {
        List<Span> conforming = new Scanner(sql, true).run();
        List<Span> escaping;
        try {
            escaping = new Scanner(sql, false).run();
        } catch (IllegalArgumentException e) {
            escaping = null;
        }
        if (!conforming.equals(escaping)) {
            String where = conforming.stream().filter(s -> s.kind() == Kind.STRING && sql.charAt(s.start()) == '\''
                    && sql.substring(s.start(), s.end()).indexOf('\\') >= 0).findFirst()
                    .map(s -> " at character " + (s.start() + 1)).orElse("");
            throw new IllegalArgumentException("a backslash in the '...' literal" + where + " changes where it ends when"
                    + " standard_conforming_strings is off; write it as E'...' with \\' and \\\\ instead");
        }
        return new SqlTokens(sql, conforming);
    }

    /** Scans as a server with the given standard_conforming_strings would (for tests). */
    static SqlTokens scan(String sql, boolean standardConformingStrings) {
        return new SqlTokens(sql, new Scanner(sql, standardConformingStrings).run());
    }

    public List<Span> spans() {
        return spans;
    }

    /** Statements that hold anything but white space and comments; a {@code ;} in code ends one. */
    public int statements() {
        int count = 0;
        boolean current = false;
        for (Span span : spans) {
            if (span.kind() == Kind.COMMENT) {
                continue;
            }
            if (span.kind() != Kind.CODE) {
                current = true;
                continue;
            }
            for (int i = span.start(); i < span.end(); i++) {
                char c = sql.charAt(i);
                if (c == ';') {
                    count += current ? 1 : 0;
                    current = false;
                } else if (!Character.isWhitespace(c)) {
                    current = true;
                }
            }
        }
        return count + (current ? 1 : 0);
    }

    /**
     * The statements' texts, each from its first word (comments before it left out) to before its {@code ;},
     * trimmed; those of only white space and comments left out.
     */
    public List<String> statementTexts() {
        List<String> texts = new ArrayList<>();
        int start = -1;
        for (Span span : spans) {
            if (span.kind() == Kind.COMMENT) {
                continue;
            }
            if (span.kind() != Kind.CODE) {
                start = start < 0 ? span.start() : start;
                continue;
            }
            for (int i = span.start(); i < span.end(); i++) {
                char c = sql.charAt(i);
                if (c == ';') {
                    if (start >= 0) {
                        texts.add(sql.substring(start, i).strip());
                    }
                    start = -1;
                } else if (start < 0 && !Character.isWhitespace(c)) {
                    start = i;
                }
            }
        }
        if (start >= 0) {
            texts.add(sql.substring(start).strip());
        }
        return texts;
    }

    public boolean hasComments() {
        return spans.stream().anyMatch(s -> s.kind() == Kind.COMMENT);
    }

    /**
     * Null when the parentheses in code balance (the depth never goes below zero and ends at zero), else what is
     * wrong and where.
     */
    public String parenthesisProblem() {
        int depth = 0;
        int lastOpen = -1;
        for (Span span : code()) {
            for (int i = span.start(); i < span.end(); i++) {
                char c = sql.charAt(i);
                if (c == '(') {
                    depth++;
                    lastOpen = i;
                } else if (c == ')' && --depth < 0) {
                    return "the ')' at character " + (i + 1) + " closes a parenthesis the text did not open";
                }
            }
        }
        return depth == 0 ? null : depth + " parenthesis" + (depth == 1 ? "" : "es") + " opened and not closed (the last at character "
                + (lastOpen + 1) + ")";
    }

    /** The first position of the character in code, or -1. */
    public int indexInCode(char wanted) {
        for (Span span : code()) {
            for (int i = span.start(); i < span.end(); i++) {
                if (sql.charAt(i) == wanted) {
                    return i;
                }
            }
        }
        return -1;
    }

    /** The text with every {@code ;} in code replaced by a space. */
    public String withoutSemicolons() {
        StringBuilder out = new StringBuilder(sql);
        for (Span span : code()) {
            for (int i = span.start(); i < span.end(); i++) {
                if (sql.charAt(i) == ';') {
                    out.setCharAt(i, ' ');
                }
            }
        }
        return out.toString();
    }

    private List<Span> code() {
        return spans.stream().filter(s -> s.kind() == Kind.CODE).toList();
    }

    /** One pass of PostgreSQL's lexer rules, as far as they decide where literals, identifiers and comments end. */
    private static final class Scanner {
        /** Characters after which the JDBC driver, like the server, reads E'...' as an escape string. */
        private static final String DRIVER_ENDS_WORD = ",()[].;:+-*/%^<>=~!@#&|`?\"";
        private final String sql;
        private final boolean standardConformingStrings;
        private final List<Span> spans = new ArrayList<>();
        private int codeStart;

        Scanner(String sql, boolean standardConformingStrings) {
            this.sql = sql;
            this.standardConformingStrings = standardConformingStrings;
        }

        List<Span> run() {
            int n = sql.length();
            int i = 0;
            while (i < n) {
                char c = sql.charAt(i);
                if (identStart(c)) {
                    int end = i + 1;
                    while (end < n && identPart(sql.charAt(end))) {
                        end++;
                    }
                    if (end == i + 1 && (c == 'e' || c == 'E') && end < n && sql.charAt(end) == '\'') {
                        if (i > 0 && !Character.isWhitespace(sql.charAt(i - 1)) && DRIVER_ENDS_WORD.indexOf(sql.charAt(i - 1)) < 0) {
                            throw new IllegalArgumentException("E'...' right after '" + sql.charAt(i - 1) + "' at character "
                                    + (i + 1) + " is read differently by the server and the JDBC driver; put a space before it");
                        }
                        i = special(Kind.STRING, i, literalEnd(i + 1, true));
                    } else {
                        i = end;
                    }
                } else if (c == '\'') {
                    i = special(Kind.STRING, i, literalEnd(i, !standardConformingStrings));
                } else if (c == '"') {
                    i = special(Kind.IDENTIFIER, i, identifierEnd(i));
                } else if (c == '-' && next(i) == '-') {
                    int end = i + 2;
                    while (end < n && sql.charAt(end) != '\n' && sql.charAt(end) != '\r') {
                        end++;
                    }
                    i = special(Kind.COMMENT, i, end);
                } else if (c == '/' && next(i) == '*') {
                    i = special(Kind.COMMENT, i, blockCommentEnd(i));
                } else if (c == '$') {
                    String tag = dollarTag(i);
                    if (tag != null) {
                        if (i > 0 && digit(sql.charAt(i - 1))) {
                            throw new IllegalArgumentException("a dollar quote right after a digit at character " + (i + 1)
                                    + " is read differently by the server and the JDBC driver; put a space before it");
                        }
                        int close = sql.indexOf(tag, i + tag.length());
                        if (close < 0) {
                            throw unterminated("dollar-quoted text " + tag, i);
                        }
                        i = special(Kind.DOLLAR_QUOTED, i, close + tag.length());
                    } else {
                        // a parameter ($1) or a lone $: code
                        i++;
                        while (i < n && digit(sql.charAt(i))) {
                            i++;
                        }
                    }
                } else {
                    i++;
                }
            }
            if (codeStart < n) {
                spans.add(new Span(Kind.CODE, codeStart, n));
            }
            return spans;
        }

        private int special(Kind kind, int start, int end) {
            if (codeStart < start) {
                spans.add(new Span(Kind.CODE, codeStart, start));
            }
            spans.add(new Span(kind, start, end));
            codeStart = end;
            return end;
        }

        private char next(int i) {
            return i + 1 < sql.length() ? sql.charAt(i + 1) : 0;
        }

        /** The end of the literal whose opening quote is at {@code quote}; with escapes, a backslash takes the next character. */
        private int literalEnd(int quote, boolean backslashEscapes) {
            int i = quote + 1;
            while (i < sql.length()) {
                char c = sql.charAt(i);
                if (c == '\\' && backslashEscapes) {
                    i += 2;
                } else if (c == '\'') {
                    if (next(i) != '\'') {
                        return i + 1;
                    }
                    i += 2;
                } else {
                    i++;
                }
            }
            throw unterminated("quoted string", quote);
        }

        private int identifierEnd(int quote) {
            int i = quote + 1;
            while (i < sql.length()) {
                if (sql.charAt(i) == '"') {
                    if (next(i) != '"') {
                        return i + 1;
                    }
                    i += 2;
                } else {
                    i++;
                }
            }
            throw unterminated("quoted identifier", quote);
        }

        /** Block comments nest, as in PostgreSQL. */
        private int blockCommentEnd(int start) {
            int depth = 0;
            int i = start;
            while (i < sql.length()) {
                if (sql.startsWith("/*", i)) {
                    depth++;
                    i += 2;
                } else if (sql.startsWith("*/", i)) {
                    depth--;
                    i += 2;
                    if (depth == 0) {
                        return i;
                    }
                } else {
                    i++;
                }
            }
            throw unterminated("comment", start);
        }

        /** {@code $$} or {@code $tag$} at i (a tag does not start with a digit), else null. */
        private String dollarTag(int start) {
            int j = start + 1;
            if (j < sql.length() && identStart(sql.charAt(j))) {
                j++;
                while (j < sql.length() && (identStart(sql.charAt(j)) || digit(sql.charAt(j)))) {
                    j++;
                }
            }
            return j < sql.length() && sql.charAt(j) == '$' ? sql.substring(start, j + 1) : null;
        }

        private IllegalArgumentException unterminated(String what, int at) {
            return new IllegalArgumentException("unterminated " + what + " starting at character " + (at + 1));
        }

        private static boolean digit(char c) {
            return c >= '0' && c <= '9';
        }

        private static boolean identStart(char c) {
            return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c >= 0x80;
        }

        /** Identifiers continue with letters, digits, _ and $ (so {@code a$b$} is one identifier, not a dollar quote). */
        private static boolean identPart(char c) {
            return identStart(c) || digit(c) || c == '$';
        }
    }
}
