package org.pgmaint.checktest;

import java.util.stream.Collectors;
import org.pgmaint.model.Finding;
import org.pgmaint.model.Text;
import org.pgmaint.plan.PlannedAction;

/** One-line descriptions of what a plan found, for the diff of a failed test (names escaped: they are the database's). */
final class Describe {
    private Describe() {
    }

    private static final java.util.regex.Pattern PLAIN = java.util.regex.Pattern.compile("[a-z_][a-z0-9_$]*");

    /** schema.table as a test file's object: names written as in SQL, quoted where they need it. */
    static String object(String schema, String table) {
        return table == null ? "-" : name(schema) + "." + name(table);
    }

    /** A name as SQL would need it written (double-quoted unless plain lower case), control characters escaped. */
    static String name(String name) {
        if (name == null) {
            return "-";
        }
        return Text.escape(PLAIN.matcher(name).matches() ? name : "\"" + name.replace("\"", "\"\"") + "\"");
    }

    static String finding(Finding f) {
        String indexes = f.indexes().isEmpty() ? "" : " indexes " + f.indexes().stream().map(Describe::name)
                .collect(Collectors.joining(", ", "[", "]"));
        return "finding " + f.kind() + " on " + object(f.schema(), f.table()) + ", severity " + f.severity().id() + indexes
                + ": " + Text.escape(f.message());
    }

    static String action(PlannedAction a) {
        return "action " + a.action().kind().id() + " on " + object(a.action().schema(), a.action().table())
                + (a.action().index() == null ? "" : ", index " + name(a.action().index())) + ": " + Text.escape(a.sql())
                + (a.detail() == null ? "" : " [" + Text.escape(a.detail()) + "]");
    }
}
