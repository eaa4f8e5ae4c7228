package org.pgmaint.db;

/**
 * The one identifier-quoting function. Every name that goes into SQL text passes through here;
 * values never do (they are bound). Always quotes, so case and hostile characters round-trip: PostgreSQL's rule
 * is a double quote around the name and every double quote inside doubled (written out here rather than through
 * jOOQ's renderer, which cost much of a large plan's allocations: docs/performance.md).
 */
public final class Identifiers {
    private Identifiers() {
    }

    /** {@code quote("Weird Schema", "Odd \"Name\" Table")} is {@code "Weird Schema"."Odd ""Name"" Table"}. */
    public static String quote(String... parts) {
        for (String part : parts) {
            if (part == null || part.isEmpty()) {
                throw new IllegalArgumentException("an identifier part is empty");
            }
            if (part.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("an identifier contains a NUL character");
            }
        }
        StringBuilder quoted = new StringBuilder();
        for (String part : parts) {
            if (quoted.length() > 0) {
                quoted.append('.');
            }
            quoted.append('"').append(part.replace("\"", "\"\"")).append('"');
        }
        return quoted.toString();
    }

    /**
     * Reads {@code schema.table} as SQL does: a part in double quotes is taken exactly ({@code ""} is a quote), an
     * unquoted part is a plain identifier folded to lower case. {@code "a.b".c} is table c in schema a.b;
     * {@code App."Odd ""Name"""} is table Odd "Name" in schema app. Anything else (one part, three, spaces,
     * an unclosed quote) is refused, since a name that can be read two ways cannot be matched exactly.
     *
     * @return the schema and the table, as stored in the catalog
     */
    public static String[] parseQualified(String text) {
        java.util.List<String> parts = new java.util.ArrayList<>();
        int i = 0;
        while (true) {
            StringBuilder part = new StringBuilder();
            if (i < text.length() && text.charAt(i) == '"') {
                i++;
                while (true) {
                    if (i >= text.length()) {
                        throw invalidQualified(text, "a double quote is not closed");
                    }
                    char c = text.charAt(i++);
                    if (c == '"') {
                        if (i < text.length() && text.charAt(i) == '"') {
                            part.append('"');
                            i++;
                        } else {
                            break;
                        }
                    } else {
                        part.append(c);
                    }
                }
                if (part.length() == 0) {
                    throw invalidQualified(text, "a quoted name is empty");
                }
            } else {
                while (i < text.length() && text.charAt(i) != '.') {
                    char c = text.charAt(i++);
                    boolean letter = Character.isLetter(c) || c == '_';
                    if (!letter && !(part.length() > 0 && (Character.isDigit(c) || c == '$'))) {
                        throw invalidQualified(text, "'" + c + "' needs double quotes around the name");
                    }
                    part.append(c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c);
                }
                if (part.length() == 0) {
                    throw invalidQualified(text, "a name is empty");
                }
            }
            parts.add(part.toString());
            if (i == text.length()) {
                break;
            }
            if (text.charAt(i) != '.') {
                throw invalidQualified(text, "a quoted name is followed by '" + text.charAt(i) + "' instead of a dot");
            }
            i++;
        }
        if (parts.size() != 2) {
            throw invalidQualified(text, parts.size() == 1 ? "the schema is missing" : parts.size() + " names instead of two");
        }
        return parts.toArray(String[]::new);
    }

    private static IllegalArgumentException invalidQualified(String text, String why) {
        return new IllegalArgumentException("'" + text + "' is not valid (" + why + "): should be schema.table as in SQL,"
                + " e.g. public.orders, or \"a.b\".\"Odd Name\" with double quotes around names with dots, spaces or capitals");
    }
}
