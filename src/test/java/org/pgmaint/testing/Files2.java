package org.pgmaint.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes test files, creating folders. */
public final class Files2 {
    private Files2() {
    }

    public static Path write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            return Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A minimal valid check with the given id, returning schema_name and table_name of user tables. */
    public static String check(String id) {
        return "id: " + id + "\n"
                + "description: test check\n"
                + "fact:\n  type: T" + id.replace("_", "") + "\n  fields:\n    schema_name: text\n    table_name: text\n"
                + "sql:\n  13: |\n    select /* pgmaint:" + id + " */ schemaname::text as schema_name, relname::text as table_name\n"
                + "    from pg_catalog.pg_stat_user_tables\n";
    }
}
