package org.pgmaint.model;

import java.util.Locale;

/** The closed set of actions the executor knows how to run safely. */
public enum ActionKind {
    VACUUM, ANALYZE, REINDEX, CANCEL_QUERY, RETENTION_DELETE;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ActionKind fromId(String id) {
        return valueOf(id.toUpperCase(Locale.ROOT));
    }
}
