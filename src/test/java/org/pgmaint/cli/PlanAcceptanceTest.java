package org.pgmaint.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.pgmaint.checks.Covers;
import org.pgmaint.testing.Cli;
import org.pgmaint.testing.JsonRead;
import org.pgmaint.testing.TestDatabase;

/** The dry run plans the right vacuum/analyze actions, with exact names, and changes nothing. */
@Covers("table_activity")
class PlanAcceptanceTest {
    private static final String ODD_SCHEMA = "Weird Schema";
    private static final String ODD_TABLE = "Odd \"Name\" Table";
    private static final String HOSTILE = "drop table app.customer; --";

    private static void fixture(TestDatabase db) {
        db.execFlushed("create schema app", "create schema \"Weird Schema\"",
                "create table app.customer(id int primary key, email text) with (autovacuum_enabled = false)",
                "insert into app.customer select g, 'c' || g from generate_series(1, 2000) g",
                "analyze app.customer",
                // 40% dead tuples, autovacuum off
                "create table app.dead(id int primary key, v text) with (autovacuum_enabled = false)",
                "insert into app.dead select g, 'x' from generate_series(1, 10000) g",
                "analyze app.dead",
                "delete from app.dead where id % 10 < 4",
                // clean: analyzed, no dead tuples
                "create table app.clean(id int primary key) with (autovacuum_enabled = false)",
                "insert into app.clean select generate_series(1, 10000)",
                "analyze app.clean",
                // 30% more rows since its analyze, no dead tuples
                "create table app.modified(id int primary key) with (autovacuum_enabled = false)",
                "insert into app.modified select generate_series(1, 10000)",
                "analyze app.modified",
                "insert into app.modified select generate_series(10001, 13000)",
                // hostile names with many dead tuples
                "create table \"Weird Schema\".\"Odd \"\"Name\"\" Table\"(id int) with (autovacuum_enabled = false)",
                "insert into \"Weird Schema\".\"Odd \"\"Name\"\" Table\" select generate_series(1, 10000)",
                "analyze \"Weird Schema\".\"Odd \"\"Name\"\" Table\"",
                "delete from \"Weird Schema\".\"Odd \"\"Name\"\" Table\" where id <= 6000",
                "create table app.\"drop table app.customer; --\"(id int) with (autovacuum_enabled = false)",
                "insert into app.\"drop table app.customer; --\" select generate_series(1, 10000)",
                "analyze app.\"drop table app.customer; --\"",
                "delete from app.\"drop table app.customer; --\" where id <= 5000");
        db.awaitDeadTuples("app", HOSTILE, 5000);
        db.awaitDeadTuples("app", "dead", 4000);
        db.awaitDeadTuples(ODD_SCHEMA, ODD_TABLE, 6000);
    }

    private static Map<String, Map<String, Object>> actionsByTable(Map<String, Object> report) {
        return JsonRead.list(report, "actions").stream()
                .collect(Collectors.toMap(a -> a.get("schema") + "." + a.get("table"), a -> a));
    }

    @Test
    void plansVacuumAndAnalyzeWithExactNamesAndRunnableSql() {
        try (TestDatabase db = TestDatabase.create()) {
            fixture(db);
            Cli.Result result = Cli.run("plan", db, "--format", "json");
            assertEquals(0, result.exitCode(), result::toString);
            Map<String, Object> report = JsonRead.object(result.out());
            assertEquals(1, report.get("schema_version"));
            assertEquals(true, report.get("dry_run"));
            assertEquals("standard", report.get("mode"));
            Map<String, Map<String, Object>> actions = actionsByTable(report);

            for (String table : List.of("app.dead", ODD_SCHEMA + "." + ODD_TABLE, "app." + HOSTILE)) {
                Map<String, Object> action = actions.get(table);
                assertTrue(action != null, "no action for " + table + " in " + actions.keySet());
                assertEquals("vacuum", action.get("kind"));
                assertEquals(true, action.get("approved"));
                assertEquals("planned", action.get("status"));
                assertEquals("table_activity", action.get("check"));
                assertTrue(action.get("rule").toString().contains("vacuum: dead tuples"), action.toString());
            }
            assertEquals(ODD_TABLE, actions.get(ODD_SCHEMA + "." + ODD_TABLE).get("table"));
            // the deletes also count as modifications since the analyze, so vacuum and analyze merge
            assertEquals("VACUUM (ANALYZE) \"Weird Schema\".\"Odd \"\"Name\"\" Table\"",
                    actions.get(ODD_SCHEMA + "." + ODD_TABLE).get("sql"));
            assertTrue(actions.get("app.dead").get("reason").toString().contains("dead tuples 40.0% >= 20%"),
                    actions.get("app.dead").toString());
            assertTrue(actions.get("app.dead").get("reason").toString().contains("autovacuum is disabled"));
            assertFalse(actions.containsKey("app.clean"), "clean table must not be planned: " + actions.get("app.clean"));
            assertFalse(actions.containsKey("app.customer"));
            Map<String, Object> modified = actions.get("app.modified");
            assertEquals("analyze", modified.get("kind"), modified.toString());
            assertEquals("ANALYZE \"app\".\"modified\"", modified.get("sql"));

            // each statement runs as-is and touches only its table
            long customerRows = ((Number) db.value("select count(*) from app.customer")).longValue();
            for (Map<String, Object> action : actions.values()) {
                db.exec(action.get("sql").toString());
            }
            assertEquals(customerRows, ((Number) db.value("select count(*) from app.customer")).longValue());
            db.flushStats();
            TestDatabase.await("vacuum counters", () -> ((Number) db.value(
                    "select count(*) from pg_stat_user_tables where vacuum_count > 0")).intValue() == 3);
            List<List<Object>> vacuumed = db.query(
                    "select schemaname || '.' || relname from pg_stat_user_tables where vacuum_count > 0 order by 1");
            assertEquals(List.of(List.of(ODD_SCHEMA + "." + ODD_TABLE), List.of("app.dead"), List.of("app." + HOSTILE)),
                    vacuumed);
            assertEquals(0L, ((Number) db.value(
                    "select vacuum_count + analyze_count from pg_stat_user_tables where relname = 'clean'")).longValue() - 1);
        }
    }

    @Test
    void planChangesNothing() {
        try (TestDatabase db = TestDatabase.create()) {
            fixture(db);
            String snapshot = "select string_agg(concat_ws('|', schemaname, relname, vacuum_count, autovacuum_count,"
                    + " analyze_count, autoanalyze_count, last_vacuum, last_autovacuum, last_analyze, last_autoanalyze,"
                    + " n_tup_ins, n_tup_upd, n_tup_del), E'\\n' order by relid) from pg_stat_user_tables";
            Object before = db.value(snapshot);
            assertEquals(0, Cli.run("plan", db).exitCode());
            assertEquals(0, Cli.run("plan", db, "--full", "--format", "json").exitCode());
            db.flushStats();
            assertEquals(before, db.value(snapshot));
        }
    }

    @Test
    void partitionedParentIsOnlyAnalyzedAndItsPartitionVacuumed() {
        try (TestDatabase db = TestDatabase.create()) {
            db.execFlushed("create table events(id int, at date) partition by range (at)",
                    "create table events_2026 partition of events for values from ('2026-01-01') to ('2027-01-01')"
                            + " with (autovacuum_enabled = false)",
                    "insert into events select g, date '2026-03-01' from generate_series(1, 10000) g",
                    "analyze events_2026",
                    "delete from events where id <= 5000");
            db.awaitDeadTuples("public", "events_2026", 5000);
            Map<String, Map<String, Object>> actions = actionsByTable(
                    JsonRead.object(Cli.run("plan", db, "--full", "--format", "json").out()));
            assertEquals("VACUUM (ANALYZE) \"public\".\"events_2026\"", actions.get("public.events_2026").get("sql"));
            // the parent holds no rows to vacuum; autovacuum never analyzes it, so a full run does
            assertEquals("ANALYZE \"public\".\"events\"", actions.get("public.events").get("sql"), actions::toString);
        }
    }

    @Test
    void fullRunUsesLowerVacuumThresholdAndAnalyzesEveryTable() {
        try (TestDatabase db = TestDatabase.create()) {
            db.execFlushed("create table t15(id int) with (autovacuum_enabled = false)",
                    "insert into t15 select generate_series(1, 10000)", "analyze t15",
                    "delete from t15 where id <= 1500",
                    "create table quiet(id int) with (autovacuum_enabled = false)",
                    "insert into quiet select generate_series(1, 100)", "analyze quiet");
            db.awaitDeadTuples("public", "t15", 1500);
            Map<String, Map<String, Object>> standard = actionsByTable(
                    JsonRead.object(Cli.run("plan", db, "--format", "json").out()));
            assertEquals("ANALYZE \"public\".\"t15\"", standard.get("public.t15").get("sql"),
                    "15% dead is below the standard 20%: analyze only");
            Map<String, Map<String, Object>> full = actionsByTable(
                    JsonRead.object(Cli.run("plan", db, "--full", "--format", "json").out()));
            assertEquals("VACUUM (ANALYZE) \"public\".\"t15\"", full.get("public.t15").get("sql"));
            assertEquals("ANALYZE \"public\".\"quiet\"", full.get("public.quiet").get("sql"));
        }
    }
}
