package org.pgmaint.db;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pgmaint.testing.TestDatabase;

/** The checks (PostgreSQL's regular expressions) and the exclusions (Java's) judge a schema name alike. */
class SystemSchemasTest {
    private static final List<String> NAMES = List.of("pg_catalog", "pg_toast", "pg_temp_3", "pg_toast_temp_12",
            "information_schema", "public", "app", "pg_catalogue", "pg_temp_", "pg_temp_x", "my_pg_catalog",
            "Information_Schema", "information_schema2", "pg_toast_temp_", "Odd \"Name\"", "drop table x; --",
            "line\nbreak", "pg_catalog\n");

    @Test
    void javaAndPostgresqlAgreeOnEveryName() throws Exception {
        List<String> system = List.of("pg_catalog", "pg_toast", "pg_temp_3", "pg_toast_temp_12", "information_schema");
        try (TestDatabase db = TestDatabase.create();
             PreparedStatement s = db.connection().prepareStatement("select ? ~ ?")) {
            for (String name : NAMES) {
                s.setString(1, name);
                s.setString(2, SystemSchemas.REGEX);
                try (ResultSet r = s.executeQuery()) {
                    r.next();
                    assertEquals(system.contains(name), r.getBoolean(1), "PostgreSQL on " + name);
                }
                assertEquals(system.contains(name), SystemSchemas.is(name), "Java on " + name);
            }
        }
    }
}
