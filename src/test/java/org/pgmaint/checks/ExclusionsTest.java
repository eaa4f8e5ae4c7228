package org.pgmaint.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pgmaint.testing.Cli;
import org.pgmaint.testing.TestDatabase;

/** The exclusions section: globs on schema, table and index, globally or per check, and its errors. */
class ExclusionsTest {
    @TempDir
    Path dir;

    private Path config(String yaml) throws IOException {
        Path file = dir.resolve("pgmaint.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    private static void fixture(TestDatabase db) {
        db.exec("create schema app", "create schema audit_2024", "create schema \"Weird Schema\"",
                "create table app.site(id int primary key)",
                "create table app.child(id int primary key, site_id int references app.site)",
                "create table app.tmp_child(id int primary key, site_id int references app.site, note text)",
                "create index tmp_note on app.tmp_child (note)",
                "create table audit_2024.child(id int primary key, site_id int references app.site)",
                "create table \"Weird Schema\".\"Odd \"\"Name\"\" Table\"(id int primary key, site_id int references app.site, v int)",
                "create index \"odd v 1\" on \"Weird Schema\".\"Odd \"\"Name\"\" Table\" (v)",
                "create index \"odd v 2\" on \"Weird Schema\".\"Odd \"\"Name\"\" Table\" (v)");
    }

    @Test
    void excludedObjectsAreNotExamined() throws IOException {
        try (TestDatabase db = TestDatabase.create()) {
            fixture(db);
            PlanRun all = PlanRun.of(db);
            assertEquals(4, all.findings("fk_without_index").size(), () -> all.findings("fk_without_index").toString());
            all.finding("duplicate_index", "Weird Schema", "Odd \"Name\" Table");

            Path file = config("""
                    exclusions:
                      - schema: "audit_*"
                      - table: "tmp_*"
                        checks: [fk_without_index]
                      - schema: Weird Schema
                        index: "odd v ?"
                    """);
            PlanRun run = PlanRun.of(db, "--config", file.toString());
            List<String> tables = run.findings("fk_without_index").stream().map(f -> f.get("schema") + "." + f.get("table")).sorted().toList();
            assertEquals(List.of("Weird Schema.Odd \"Name\" Table", "app.child"), tables);
            run.assertNone("duplicate_index", "Weird Schema", "Odd \"Name\" Table");
            // the tmp_ exclusion is for fk_without_index only
            run.finding("unused_index", "app", "tmp_child");
        }
    }

    @Test
    void badEntriesAreReportedWithFileLineAndKey() throws IOException {
        try (TestDatabase db = TestDatabase.create()) {
            Path file = config("""
                    exclusions:
                      - schema: app
                        checks: [no_such_check]
                      - tabel: x
                      - {}
                    """);
            Cli.Result result = Cli.run("plan", db, "--config", file.toString());
            assertEquals(2, result.exitCode(), result::toString);
            String err = result.err();
            assertTrue(err.contains("pgmaint.yaml:3") && err.contains("exclusions[0].checks") && err.contains("no_such_check"), err);
            assertTrue(err.contains("pgmaint.yaml:4") && err.contains("exclusions[1].tabel") && err.contains("valid keys here"), err);
            assertTrue(err.contains("exclusions[2]") && err.contains("names nothing to exclude"), err);
        }
    }
}
