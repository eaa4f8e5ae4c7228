package org.pgmaint.cli;

import org.pgmaint.checks.Covers;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pgmaint.testing.Cli;
import org.pgmaint.testing.Files2;
import org.pgmaint.testing.JsonRead;
import org.pgmaint.testing.TestDatabase;

/** Full runs rebuild the indexes of important tables concurrently and leave no _ccnew behind. */
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

    /**
     * Runs REINDEX INDEX CONCURRENTLY on its own connection, holds it (an open snapshot) once it has built the
     * {@code _ccnew} copy, and terminates it with pg_terminate_backend, as a crash or a killed pgmaint would leave it.
     */
    static void interruptedReindex(TestDatabase db, String quotedIndex) throws Exception {
        try (Connection snapshot = db.newConnection(); Connection reindexer = db.newConnection()) {
            snapshot.setAutoCommit(false);
            try (Statement s = snapshot.createStatement()) {
                s.execute("set transaction isolation level repeatable read");
                s.execute("select count(*) from pg_class");
            }
            int pid;
            try (Statement s = reindexer.createStatement(); var rs = s.executeQuery("select pg_backend_pid()")) {
                rs.next();
                pid = rs.getInt(1);
            }
            AtomicReference<SQLException> error = new AtomicReference<>();
            Thread reindex = new Thread(() -> {
                try (Statement s = reindexer.createStatement()) {
                    s.execute("REINDEX INDEX CONCURRENTLY " + quotedIndex);
                } catch (SQLException e) {
                    error.set(e);
                }
            });
            reindex.start();
            TestDatabase.await("REINDEX waiting for old snapshots", () -> "waiting for old snapshots".equals(
                    db.value("select phase from pg_stat_progress_create_index where pid = " + pid)));
            db.value("select pg_terminate_backend(" + pid + ")");
            reindex.join(10_000);
            snapshot.rollback();
            assertTrue(error.get() != null, "the reindex was terminated");
        }
    }

    @TempDir
    Path reports;

    @Test
    void safety17_interruptedReindexLeftoverIsCriticalWithItsDropAndAlerts() throws Exception {
        try (TestDatabase db = TestDatabase.create()) {
            fixture(db);
            String newline = "odd\nidx";
            db.exec("create index \"" + newline + "\" on \"Weird Schema\".\"Odd \"\"Name\"\" Table\"(id)",
                    // a user's own index that only looks like a leftover: valid, so never reported
                    "create index lookalike_ccnew on app.other(id)");
            interruptedReindex(db, "app.orders_note_idx");
            interruptedReindex(db, "\"Weird Schema\".\"" + newline + "\"");
            assertEquals(List.of(List.of("odd\nidx_ccnew"), List.of("orders_note_idx_ccnew")),
                    db.query("select c.relname::text from pg_index i join pg_class c on c.oid = i.indexrelid"
                            + " where not i.indisvalid order by 1"), "the terminated reindexes left their _ccnew");

            Cli.Result plan = Cli.run("plan", db, "--format", "json");
            assertEquals(ExitCodes.ALERTS, plan.exitCode(), plan::toString);
            List<Map<String, Object>> invalid = JsonRead.list(JsonRead.object(plan.out()), "findings").stream()
                    .filter(f -> "invalid_index".equals(f.get("kind"))).toList();
            assertEquals(2, invalid.size(), invalid::toString);
            Map<String, Object> orders = invalid.stream().filter(f -> "orders".equals(f.get("table"))).findFirst().orElseThrow();
            assertEquals("critical", orders.get("severity"), orders::toString);
            assertEquals(List.of("orders_note_idx_ccnew"), orders.get("indexes"));
            assertTrue(orders.get("message").toString().contains(
                    "leftover of an interrupted REINDEX CONCURRENTLY of index orders_note_idx"), orders::toString);
            assertEquals("DROP INDEX CONCURRENTLY \"app\".\"orders_note_idx_ccnew\";", orders.get("suggestion"));
            Map<String, Object> odd = invalid.stream().filter(f -> "Odd \"Name\" Table".equals(f.get("table"))).findFirst().orElseThrow();
            assertEquals("critical", odd.get("severity"), odd::toString);
            assertTrue(odd.get("message").toString().contains("of index " + newline), odd::toString);
            assertEquals("DROP INDEX CONCURRENTLY \"Weird Schema\".\"" + newline + "_ccnew\";", odd.get("suggestion"));
            assertTrue(invalid.stream().noneMatch(f -> f.toString().contains("lookalike_ccnew")), "a valid look-alike is not reported");

            // a full run over the table reindexes its valid indexes only, never the leftover
            Cli.Result run = Cli.run("run", db, "--full", "--format", "json", "--set", "report.dir=" + reports,
                    "--set", "reindex.important_tables=app.orders");
            assertEquals(1, run.exitCode(), run::toString);
            assertEquals(List.of("orders_note_idx", "orders_pkey"),
                    reindexes(run).stream().map(a -> a.get("index").toString()).sorted().toList());
            Path alert;
            try (Stream<Path> files = Files.list(reports)) {
                alert = files.filter(p -> p.getFileName().toString().startsWith("alert_")).findFirst().orElseThrow();
            }
            String text = Files.readString(alert);
            assertTrue(text.contains("Critical invalid_index on app.orders"), text);
            assertTrue(text.contains("Run: DROP INDEX CONCURRENTLY \"app\".\"orders_note_idx_ccnew\";"), text);

            // the suggestions are the fix: run as given, they leave no invalid index
            db.exec((String) orders.get("suggestion"), (String) odd.get("suggestion"));
            assertEquals(0L, db.value("select count(*) from pg_index where not indisvalid"));
        }
    }

    @Test
    void safety17_aLeftoverIsNeverReindexedEvenWhenARulePlansIt(@TempDir Path rules) throws Exception {
        try (TestDatabase db = TestDatabase.create()) {
            fixture(db);
            interruptedReindex(db, "app.orders_note_idx");
            // a DBA's own rule that "repairs" every invalid index by reindexing it
            Files.writeString(rules.resolve("repair.drl"), """
                    package pgmaint;
                    import org.pgmaint.model.Action;
                    rule "repair: reindex invalid indexes"
                    when
                        $i : InvalidIndex( )
                    then
                        insert(Action.reindex($i.getSchemaName(), $i.getTableName(), $i.getIndexName(), "invalid"));
                    end
                    """);
            Cli.Result run = Cli.run("run", db, "--format", "json", "--set", "report.dir=" + reports,
                    "--set", "catalog.rule_dirs=" + rules, "--set", "approval.reindex=auto");
            assertEquals(1, run.exitCode(), run::toString);
            Map<String, Object> action = reindexes(run).stream().findFirst().orElseThrow(() -> new AssertionError(run));
            assertEquals("orders_note_idx_ccnew", action.get("index"));
            assertEquals("skipped", action.get("status"), action::toString);
            assertTrue(action.get("detail").toString().contains(
                    "DROP INDEX CONCURRENTLY \"app\".\"orders_note_idx_ccnew\""), action::toString);
            assertEquals(List.of(List.of("orders_note_idx_ccnew")), db.query("select c.relname::text from pg_index i"
                    + " join pg_class c on c.oid = i.indexrelid where not i.indisvalid"), "no _ccnew_ccnew was built");
        }
    }
}
