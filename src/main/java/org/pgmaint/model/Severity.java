package org.pgmaint.model;

import java.util.Locale;

public enum Severity {
    INFO, WARNING, CRITICAL;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Severity fromId(String id) {
        return valueOf(id.toUpperCase(Locale.ROOT));
    }
}
