package org.pgmaint.checktest;

import java.util.stream.Collectors;
import org.pgmaint.model.Finding;
import org.pgmaint.model.Text;
import org.pgmaint.plan.PlannedAction;

/** One-line descriptions of what a plan found, for the diff of a failed test (names escaped: they are the database's). */
final class Describe {
    private Describe() {
    }

    static String object(String schema, String table) {
        return table == null ? "-" : name(schema) + "." + name(table);
    }

    static String name(String name) {
        return name == null ? "-" : Text.escape(name);
    }

    static String finding(Finding f) {
        String indexes = f.indexes().isEmpty() ? "" : " indexes " + f.indexes().stream().map(Describe::name)
                .collect(Collectors.joining(", ", "[", "]"));
        return "finding " + f.kind() + " on " + object(f.schema(), f.table()) + ", severity " + f.severity().id() + indexes
                + ": " + Text.escape(f.message());
    }

    static String action(PlannedAction a) {
        return "action " + a.action().kind().id() + " on " + object(a.action().schema(), a.action().table())
                + (a.action().index() == null ? "" : ", index " + name(a.action().index())) + ": " + Text.escape(a.sql());
    }
}
