package org.pgmaint.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Which checks run and how hard maintenance goes: {@code standard} (nightly) or {@code full} (weekend: reindexing,
 * more aggressive vacuum, full analyze). {@link #id} is the word in check files, plan files, reports and metrics.
 */
public enum Mode {
    STANDARD, FULL;

    /** The mode's word: "standard" or "full". */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The mode a word names, if any (exact, lower case, as written in check and plan files). */
    public static Optional<Mode> of(String id) {
        return Arrays.stream(values()).filter(mode -> mode.id().equals(id)).findFirst();
    }

    /** The valid words, for messages: "standard or full". */
    public static String valid() {
        return "standard or full";
    }

    @Override
    public String toString() {
        return id();
    }
}
