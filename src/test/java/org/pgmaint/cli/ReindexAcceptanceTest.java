package org.pgmaint.cli;

import org.pgmaint.checks.Covers;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pgmaint.testing.Cli;
import org.pgmaint.testing.Files2;
import org.pgmaint.testing.JsonRead;
import org.pgmaint.testing.TestDatabase;

/** Issue 5 acceptance: full runs rebuild the indexes of important tables concurrently and leave no _ccnew behind. */
@Covers({"important_table_indexes", "important_tables_missing"})
class ReindexAcceptanceTest {
    private static final String IMPORTANT = "[app.orders, '\"Weird Schema\".\"Odd \"\"Name\"\" Table\"']";

    private static void fixture(TestDatabase db) {
        db.exec("create schema app", "create schema \"Weird Schema\"",
                "create table app.orders(id int primary key, note text) with (autovacuum_enabled = false)",
                "insert into app.orders select g, 'n' || g from generate_series(1, 5000) g",
                "create index orders_note_idx on app.orders(note)",
                "create table \"Weird Schema\".\"Odd \"\"Name\"\" Table\"(id int) with (autovacuum_enabled = false)",
                "insert into \"Weird Schema\".\"Odd \"\"Name\"\" Table\" select generate_series(1, 100)",
                "create index \"odd \"\"idx\"\"; drop table app.orders; --\" on \"Weird Schema\".\"Odd \"\"Name\"\" Table\"(id)",
                "create table app.other(id int primary key) with (autovacuum_enabled = false)",
                "insert into app.other select generate_series(1, 100)",
                "analyze");
    }

    private static List<Map<String, Object>> reindexes(Cli.Result result) {
        return JsonRead.list(JsonRead.object(result.out()), "actions").stream()
                .filter(a -> "reindex".equals(a.get("kind"))).toList();
    }

    private static String filenodes(TestDatabase db) {
        return (String) db.value("select string_agg(c.relname || '=' || c.relfilenode, ',' order by c.relname) from pg_class c"
                + " join pg_namespace n on n.oid = c.relnamespace where c.relkind = 'i' and n.nspname in ('app', 'Weird Schema')");
    }

    @Test
    void fullRunReindexesIndexesOfImportantTablesConcurrentlyAndNothingElse() {
        try (TestDatabase db = TestDatabase.create()) {
            fixture(db);
            Object otherIndex = db.value("select relfilenode from pg_class where relname = 'other_pkey'");
            Object noteIndex = db.value("select relfilenode from pg_class where relname = 'orders_note_idx'");

            Cli.Result standard = Cli.run("run", db, "--format", "json", "--set", "reindex.important_tables=" + IMPORTANT);
            assertEquals(0, standard.exitCode(), standard::toString);
            assertEquals(List.of(), reindexes(standard), "standard runs do not reindex");
            assertEquals(noteIndex, db.value("select relfilenode from pg_class where relname = 'orders_note_idx'"));

            Cli.Result full = Cli.run("run", db, "--full", "--format", "json", "--set", "reindex.important_tables=" + IMPORTANT);

            assertEquals(0, full.exitCode(), full::toString);
            List<Map<String, Object>> reindexes = reindexes(full);
            assertEquals(List.of("odd \"idx\"; drop table app.orders; --", "orders_note_idx", "orders_pkey"),
                    reindexes.stream().map(a -> a.get("index").toString()).sorted().toList());
            for (Map<String, Object> action : reindexes) {
                assertEquals("done", action.get("status"), action::toString);
                assertTrue(action.get("sql").toString().startsWith("REINDEX INDEX CONCURRENTLY \""), action::toString);
            }
            assertNotEquals(noteIndex, db.value("select relfilenode from pg_class where relname = 'orders_note_idx'"));
            assertEquals(otherIndex, db.value("select relfilenode from pg_class where relname = 'other_pkey'"));
            assertEquals(0L, db.value("select count(*) from pg_index where not indisvalid"));
            assertEquals(5000L, db.value("select count(*) from app.orders"));
        }
    }

    @Test
    void safety10_importantTablesMatchSchemaAndTableExactlyAndAMissingOneIsAWarning() throws Exception {
        try (TestDatabase db = TestDatabase.create()) {
            db.exec("create schema app", "create schema \"select\"", "create schema \"a.b\"",
                    "create table app.orders(id int primary key)",
                    "create table \"select\".\"app.orders\"(id int primary key)",
                    "create table \"a.b\".c(id int primary key)",
                    "create table app.c(id int primary key)");

            Path config = Files2.write(Files.createTempDirectory("pgmaint-important").resolve("pgmaint.yaml"),
                    "reindex:\n  important_tables: [app.orders, '\"a.b\".c', app.missing]\n");

            Cli.Result plan = Cli.run("plan", db, "--full", "--format", "json", "--config", config.toString());

            assertEquals(0, plan.exitCode(), plan::toString);
            assertEquals(List.of("a.b.c_pkey", "app.orders_pkey"), reindexes(plan).stream()
                    .map(a -> a.get("schema") + "." + a.get("index")).sorted().toList(), plan::toString);
            List<Map<String, Object>> missing = JsonRead.list(JsonRead.object(plan.out()), "findings").stream()
                    .filter(f -> "important_table_missing".equals(f.get("kind"))).toList();
            assertEquals(1, missing.size(), plan::toString);
            assertEquals("warning", missing.get(0).get("severity"));
            assertEquals("app", missing.get(0).get("schema"));
            assertEquals("missing", missing.get(0).get("table"));
        }
    }

    @Test
    void safety10_anImportantTableThatIsNotSchemaDotTableIsRefused() {
        for (String entry : List.of("public.x.y", "orders", "\"unclosed.x", "app. orders")) {
            Cli.Result result = Cli.run("validate", "--set", "reindex.important_tables=" + entry);
            assertEquals(2, result.exitCode(), entry + ": " + result);
            assertTrue(result.err().contains("reindex.important_tables"), result::toString);
        }
    }

    @Test
    void failedConcurrentReindexLeavesNoCcnewIndexBehind() throws Exception {
        try (TestDatabase db = TestDatabase.create(); Connection old = db.newConnection()) {
            fixture(db);
            String before = filenodes(db);
            // an open snapshot makes REINDEX CONCURRENTLY wait (after building _ccnew) until the lock timeout
            old.setAutoCommit(false);
            try (Statement s = old.createStatement()) {
                s.execute("set transaction isolation level repeatable read");
                s.execute("select count(*) from app.other");
            }
            Cli.Result full = Cli.run("run", db, "--full", "--format", "json", "--set", "reindex.important_tables=app.orders",
                    "--set", "executor.lock_timeout=1s");
            old.rollback();

            List<Map<String, Object>> reindexes = reindexes(full);
            assertEquals(2, reindexes.size(), full::toString);
            for (Map<String, Object> action : reindexes) {
                assertEquals("skipped", action.get("status"), action::toString);
                assertTrue(action.get("detail").toString().matches(
                        "lock timeout \\(1000 ms\\); dropped leftover invalid index orders_(note_idx|pkey)_ccnew"), action::toString);
            }
            assertEquals(0L, db.value("select count(*) from pg_class where relname like '%\\_ccnew%'"));
            assertEquals(0L, db.value("select count(*) from pg_index where not indisvalid"));
            assertEquals(before, filenodes(db));
        }
    }
}
