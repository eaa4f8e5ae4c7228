package org.pgmaint.model;

import org.pgmaint.db.Identifiers;

/**
 * Quoting for suggestions built in rules ({@code Sql.quote(schema, index)} in DRL). It delegates to
 * {@link Identifiers#quote}, so suggestions and executed SQL quote names by the one same function, and the
 * checks return real, unquoted names the report can show as they are.
 */
public final class Sql {
    private Sql() {
    }

    public static String quote(String... parts) {
        return Identifiers.quote(parts);
    }

    /** {@code "a", "B c"} as {@code "a", "B c"} quoted, comma separated: a column list for CREATE INDEX. */
    public static String quoteEach(java.util.List<String> names) {
        return String.join(", ", names.stream().map(Identifiers::quote).toList());
    }

    /**
     * A text value as an SQL string literal for a suggestion ({@code 'it''s'}), for names that are values rather
     * than identifiers (a replication slot's, a prepared transaction's gid). Executed SQL binds values instead.
     */
    public static String literal(String value) {
        if (value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a value contains a NUL character");
        }
        return "'" + value.replace("'", "''") + "'";
    }
}
