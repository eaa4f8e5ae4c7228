package org.pgmaint.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.pgmaint.sql.SqlTokens;

/**
 * One statement of a finding's suggestion, as the remediation script sees it: what it does to which object and
 * whether it may run inside a transaction block. Read from the suggestion's text ({@link #parse}), so rules keep
 * writing {@code .withSuggestion(sql)} and a drop-in rule's DROP is recognised (and checked) like a built-in one.
 *
 * @param effect        what the statement does; its order is the order of the script's phases
 * @param schema        the object's schema (the finding's when the statement does not name one)
 * @param table         the table it works on, when the statement names it (DROP INDEX does not)
 * @param name          the index or constraint, when the effect is about one (a CREATE INDEX: when it names one)
 * @param transactional false for statements PostgreSQL refuses in a transaction block (CONCURRENTLY, VACUUM, ...)
 * @param refused       why the statement may not go into a script (null when it may)
 */
public record Statement(String sql, Effect effect, String schema, String table, String name, boolean transactional,
                        String refused) {

    /** What a statement does, in the order a script runs them. */
    public enum Effect {
        /** ends a prepared transaction: first, since it holds locks and the snapshot concurrent builds wait for */
        RELEASE,
        DROP_CONSTRAINT,
        DROP_INDEX,
        /** VACUUM (FULL), CLUSTER: rewrites the table and rebuilds all its indexes */
        REWRITE_TABLE,
        VACUUM,
        REINDEX_INDEX,
        REINDEX_TABLE,
        CREATE_INDEX,
        OTHER,
        /** drops or deletes something the script cannot recreate (DROP TABLE, TRUNCATE, DROP ... CASCADE): never run */
        DESTRUCTIVE
    }

    // a script is run later, often on a copy: what changes the whole server, or names a session or slot as it was
    // when the plan was made (a pid is another session's once it is reused), is a decision for a human at the time
    static final String SERVER_WIDE = "changes the whole server's configuration (ALTER SYSTEM), not this database's"
            + " objects, and a copy of the database shares the server: run it by hand, on purpose";
    static final String CALL_AT_PLAN_TIME = "calls a function on what the plan saw (a session's pid, a replication slot,"
            + " the server's configuration), which may be another by the time the script runs: run it by hand";

    private static final Set<String> NOT_IN_TRANSACTION_FIRST = Set.of("VACUUM");
    private static final Set<String> DESTRUCTIVE_FIRST = Set.of("DROP", "TRUNCATE", "DELETE", "UPDATE");

    /** The suggestion's statements; none for null or blank text. */
    public static List<Statement> parse(String suggestion, String defaultSchema) {
        if (suggestion == null || suggestion.isBlank()) {
            return List.of();
        }
        List<String> texts;
        try {
            texts = SqlTokens.scan(suggestion).statementTexts();
        } catch (IllegalArgumentException e) {
            return List.of(new Statement(suggestion.strip(), Effect.OTHER, defaultSchema, null, null, true,
                    "cannot be cut into statements safely: " + e.getMessage()));
        }
        List<Statement> statements = new ArrayList<>();
        for (String text : texts) {
            statements.add(one(text, defaultSchema));
        }
        return statements;
    }

    private static Statement one(String sql, String defaultSchema) {
        SqlTokens tokens = SqlTokens.scan(sql);
        List<Word> words = Word.of(sql, tokens);
        String refused = tokens.indexInCode('\\') >= 0
                ? "has a backslash outside literals and identifiers: psql would run it as a meta-command"
                : psqlVariable(sql, tokens) ? "has a :name outside literals and identifiers: psql would put a variable's value there"
                : startsWith(words, "ALTER", "SYSTEM") ? SERVER_WIDE
                : startsWith(words, "SELECT") ? CALL_AT_PLAN_TIME
                : null;
        boolean transactional = !(words.stream().anyMatch(w -> w.keyword("CONCURRENTLY"))
                || (!words.isEmpty() && NOT_IN_TRANSACTION_FIRST.contains(words.get(0).upper()))
                || startsWith(words, "ROLLBACK", "PREPARED") || startsWith(words, "COMMIT", "PREPARED")
                || startsWith(words, "CREATE", "DATABASE") || startsWith(words, "DROP", "DATABASE")
                || startsWith(words, "ALTER", "SYSTEM")
                || startsWith(words, "REINDEX", "SYSTEM") || startsWith(words, "REINDEX", "DATABASE"));
        Statement read = new Reader(words, defaultSchema).read(sql, transactional);
        return refused == null ? read : new Statement(sql, read.effect(), read.schema(), read.table(), read.name(),
                transactional, refused);
    }

    /** psql replaces {@code :name}, {@code :'name'}, {@code :"name"} and tests {@code :{?name}} in code ({@code ::} is a cast). */
    private static boolean psqlVariable(String sql, SqlTokens tokens) {
        for (SqlTokens.Span span : tokens.spans()) {
            if (span.kind() != SqlTokens.Kind.CODE) {
                continue;
            }
            for (int i = span.start(); i < span.end(); i++) {
                if (sql.charAt(i) != ':') {
                    continue;
                }
                if (i + 1 < sql.length() && sql.charAt(i + 1) == ':') {
                    i++;
                    continue;
                }
                if (i + 1 < sql.length()) {
                    char next = sql.charAt(i + 1);
                    if (Character.isLetter(next) || next == '_' || next == '\'' || next == '"' || next == '{') {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static boolean startsWith(List<Word> words, String... keywords) {
        if (words.size() < keywords.length) {
            return false;
        }
        for (int i = 0; i < keywords.length; i++) {
            if (!words.get(i).keyword(keywords[i])) {
                return false;
            }
        }
        return true;
    }

    /** The same statement with other text and index name (a CREATE INDEX given a name by the script). */
    public Statement named(String text, String index) {
        return new Statement(text, effect, schema, table, index, transactional, refused);
    }

    /** The object's key in a script: one statement of an effect per object. */
    public String objectKey() {
        return effect + "|" + schema + "|" + table + "|" + name;
    }

    /**
     * A word of a statement: a keyword or unquoted name (as the server folds it), a quoted identifier (exactly),
     * punctuation, or a literal.
     */
    record Word(String text, boolean quoted, boolean literal) {
        static List<Word> of(String sql, SqlTokens tokens) {
            List<Word> words = new ArrayList<>();
            for (SqlTokens.Span span : tokens.spans()) {
                switch (span.kind()) {
                    case COMMENT -> { }
                    case IDENTIFIER -> words.add(new Word(sql.substring(span.start() + 1, span.end() - 1)
                            .replace("\"\"", "\""), true, false));
                    case STRING, DOLLAR_QUOTED -> words.add(new Word(sql.substring(span.start(), span.end()), false, true));
                    case CODE -> {
                        StringBuilder word = new StringBuilder();
                        for (int i = span.start(); i < span.end(); i++) {
                            char c = sql.charAt(i);
                            if (Character.isWhitespace(c) || "(),.;=".indexOf(c) >= 0) {
                                flush(word, words);
                                if (!Character.isWhitespace(c)) {
                                    words.add(new Word(String.valueOf(c), false, false));
                                }
                            } else {
                                word.append(c);
                            }
                        }
                        flush(word, words);
                    }
                }
            }
            return words;
        }

        private static void flush(StringBuilder word, List<Word> words) {
            if (!word.isEmpty()) {
                words.add(new Word(word.toString(), false, false));
                word.setLength(0);
            }
        }

        boolean keyword(String upper) {
            return !quoted && !literal && text.equalsIgnoreCase(upper);
        }

        String upper() {
            return quoted || literal ? "" : text.toUpperCase(Locale.ROOT);
        }

        /** The name as the server reads it: unquoted names fold to lower case. */
        String name() {
            return quoted ? text : text.toLowerCase(Locale.ROOT);
        }

        boolean isName() {
            return !literal && (quoted || (!text.isEmpty() && (Character.isLetter(text.charAt(0)) || text.charAt(0) == '_')));
        }
    }

    /** Reads the statement forms the script reconciles; anything else is OTHER (or DESTRUCTIVE). */
    private static final class Reader {
        private final List<Word> words;
        private final String defaultSchema;
        private int at;

        Reader(List<Word> words, String defaultSchema) {
            this.words = words;
            this.defaultSchema = defaultSchema;
        }

        Statement read(String sql, boolean transactional) {
            Statement known = known(sql, transactional);
            if (known != null) {
                return known;
            }
            at = 0;
            boolean destructive = !words.isEmpty() && DESTRUCTIVE_FIRST.contains(words.get(0).upper())
                    || words.stream().anyMatch(w -> w.keyword("CASCADE"))
                    || (startsWith(words, "ALTER") && words.stream().anyMatch(w -> w.keyword("DROP")));
            return destructive
                    ? new Statement(sql, Effect.DESTRUCTIVE, defaultSchema, null, null, transactional,
                            "drops or deletes something the script cannot recreate")
                    : new Statement(sql, Effect.OTHER, defaultSchema, null, null, transactional, null);
        }

        private Statement known(String sql, boolean transactional) {
            at = 0;
            if (take("DROP") && take("INDEX")) {
                take("CONCURRENTLY");
                if (take("IF")) {
                    expect("EXISTS");
                }
                String[] name = qualified();
                take("RESTRICT");
                return name != null && done() ? of(sql, Effect.DROP_INDEX, name[0], null, name[1], transactional) : null;
            }
            at = 0;
            if (take("ALTER") && take("TABLE")) {
                if (take("IF")) {
                    expect("EXISTS");
                }
                take("ONLY");
                String[] table = qualified();
                if (table == null || !take("DROP") || !take("CONSTRAINT")) {
                    return null;
                }
                if (take("IF")) {
                    expect("EXISTS");
                }
                String constraint = name();
                take("RESTRICT");
                return constraint != null && done()
                        ? of(sql, Effect.DROP_CONSTRAINT, table[0], table[1], constraint, transactional) : null;
            }
            at = 0;
            if (take("REINDEX")) {
                skipParenthesis();
                boolean index = take("INDEX");
                if (!index && !take("TABLE")) {
                    return null;
                }
                take("CONCURRENTLY");
                String[] name = qualified();
                if (name == null || !done()) {
                    return null;
                }
                return index ? of(sql, Effect.REINDEX_INDEX, name[0], null, name[1], transactional)
                        : of(sql, Effect.REINDEX_TABLE, name[0], name[1], null, transactional);
            }
            at = 0;
            if (take("VACUUM")) {
                boolean full = false;
                if (at < words.size() && words.get(at).text().equals("(")) {
                    int open = at;
                    skipParenthesis();
                    full = words.subList(open, at).stream().anyMatch(w -> w.keyword("FULL"));
                } else {
                    while (at < words.size() && Set.of("FULL", "FREEZE", "VERBOSE", "ANALYZE").contains(words.get(at).upper())) {
                        full |= words.get(at++).keyword("FULL");
                    }
                }
                String[] table = qualified();
                return table != null && done()
                        ? of(sql, full ? Effect.REWRITE_TABLE : Effect.VACUUM, table[0], table[1], null, transactional) : null;
            }
            at = 0;
            if (take("CLUSTER")) {
                String[] table = qualified();
                return table != null && done() ? of(sql, Effect.REWRITE_TABLE, table[0], table[1], null, transactional) : null;
            }
            at = 0;
            if (take("CREATE")) {
                take("UNIQUE");
                if (!take("INDEX")) {
                    return null;
                }
                take("CONCURRENTLY");
                if (take("IF")) {
                    take("NOT");
                    take("EXISTS");
                }
                String index = at < words.size() && !words.get(at).keyword("ON") ? name() : null;
                if (!take("ON")) {
                    return null;
                }
                take("ONLY");
                String[] table = qualified();
                return table == null ? null : of(sql, Effect.CREATE_INDEX, table[0], table[1], index, transactional);
            }
            at = 0;
            if ((take("ROLLBACK") || take("COMMIT")) && take("PREPARED")) {
                return of(sql, Effect.RELEASE, defaultSchema, null, null, transactional);
            }
            return null;
        }

        private Statement of(String sql, Effect effect, String schema, String table, String name, boolean transactional) {
            return new Statement(sql, effect, schema, table, name, transactional, null);
        }

        private boolean take(String keyword) {
            if (at < words.size() && words.get(at).keyword(keyword)) {
                at++;
                return true;
            }
            return false;
        }

        private void expect(String keyword) {
            take(keyword);
        }

        private boolean done() {
            return at == words.size();
        }

        private void skipParenthesis() {
            if (at < words.size() && words.get(at).text().equals("(") && !words.get(at).quoted()) {
                int depth = 0;
                do {
                    Word w = words.get(at++);
                    if (!w.quoted() && !w.literal()) {
                        depth += w.text().equals("(") ? 1 : w.text().equals(")") ? -1 : 0;
                    }
                } while (depth > 0 && at < words.size());
            }
        }

        private String name() {
            if (at < words.size() && words.get(at).isName()) {
                return words.get(at++).name();
            }
            return null;
        }

        /** {@code [schema .] name}: {schema or the default, name}, or null. */
        private String[] qualified() {
            String first = name();
            if (first == null) {
                return null;
            }
            if (at < words.size() && words.get(at).text().equals(".") && !words.get(at).quoted()) {
                at++;
                String second = name();
                return second == null ? null : new String[] {first, second};
            }
            return new String[] {defaultSchema, first};
        }
    }
}
