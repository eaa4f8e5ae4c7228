package org.pgmaint.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pgmaint.testing.Cli;
import org.pgmaint.testing.JsonRead;
import org.pgmaint.testing.TestDatabase;

/** `pgmaint apply plan.json` re-checks each saved action against the live database. */
class ApplyAcceptanceTest {
    private static final String HOSTILE = "drop table app.customer; --";

    @TempDir
    Path dir;

    private static Map<String, Map<String, Object>> byTable(Cli.Result result) {
        return RunAcceptanceTest.actionsByTable(JsonRead.object(result.out()));
    }

    @Test
    void appliesSavedPlanAndSkipsTheActionTheLiveDatabaseNoLongerNeeds() throws Exception {
        try (TestDatabase db = TestDatabase.create()) {
            RunAcceptanceTest.hostileFixture(db);
            Path plan = dir.resolve("plan.json");
            assertEquals(0, Cli.run("plan", db, "--out", plan.toString()).exitCode());
            // someone vacuums one of the two tables between review and apply
            db.exec("vacuum (analyze) \"Weird Schema\".\"Odd \"\"Name\"\" Table\"");
            db.flushStats();

            Cli.Result result = Cli.run("apply", db, plan.toString(), "--format", "json");

            assertEquals(0, result.exitCode(), result::toString);
            Map<String, Map<String, Object>> actions = byTable(result);
            assertEquals("done", actions.get("app." + HOSTILE).get("status"), actions::toString);
            Map<String, Object> stale = actions.get("Weird Schema.Odd \"Name\" Table");
            assertEquals("skipped", stale.get("status"));
            assertTrue(stale.get("detail").toString().startsWith("stale: the live database no longer needs it"), stale::toString);
            db.flushStats();
            TestDatabase.await("the vacuum", () -> ((Number) db.value("select vacuum_count from pg_stat_user_tables"
                    + " where relname = '" + HOSTILE + "'")).intValue() == 1);
        }
    }

    @Test
    void onlyRunsTheNamedActions() throws Exception {
        try (TestDatabase db = TestDatabase.create()) {
            RunAcceptanceTest.hostileFixture(db);
            Path plan = dir.resolve("plan.json");
            Cli.Result planned = Cli.run("plan", db, "--out", plan.toString(), "--format", "json");
            String hostileId = byTable(planned).get("app." + HOSTILE).get("id").toString();

            Cli.Result result = Cli.run("apply", db, plan.toString(), "--only", hostileId, "--format", "json");

            assertEquals(0, result.exitCode(), result::toString);
            Map<String, Map<String, Object>> actions = byTable(result);
            assertEquals("done", actions.get("app." + HOSTILE).get("status"));
            assertEquals("not selected (--only)", actions.get("Weird Schema.Odd \"Name\" Table").get("detail"));
            Cli.Result unknown = Cli.run("apply", db, plan.toString(), "--only", "99");
            assertEquals(2, unknown.exitCode());
            assertTrue(unknown.err().contains("no action with this id in " + plan), unknown.err());
        }
    }

    @Test
    void savedCancelIsSkippedWhenTheBackendRunsAnotherQueryUnderTheSamePid() throws Exception {
        try (TestDatabase db = TestDatabase.create(); Connection victim = db.newClientConnection("report job")) {
            int pid = ((Number) query(victim, "select pg_backend_pid()")).intValue();
            CompletableFuture<Object> first = CompletableFuture.supplyAsync(() -> sleep(victim));
            TestDatabase.await("the first query", () -> ((Number) db.value("select count(*) from pg_stat_activity where pid = "
                    + pid + " and state = 'active' and query like 'select pg_sleep%'")).intValue() == 1);
            Thread.sleep(61_000); // cancel.query_timeout is at least a minute
            Path plan = dir.resolve("plan.json");
            Cli.Result planned = Cli.run("plan", db, "--out", plan.toString(), "--format", "json",
                    "--set", "cancel.query_timeout=1min");
            List<Map<String, Object>> saved = JsonRead.list(JsonRead.object(planned.out()), "actions");
            assertEquals(1, saved.size(), planned::toString);
            assertEquals(pid, ((Map<?, ?>) saved.get(0).get("details")).get("pid"));
            // the same backend (pid and backend_start) now runs another query
            db.exec("select pg_cancel_backend(" + pid + ")");
            first.get();
            CompletableFuture<Object> second = CompletableFuture.supplyAsync(() -> sleep(victim));
            TestDatabase.await("the second query", () -> ((Number) db.value("select count(*) from pg_stat_activity where pid = "
                    + pid + " and state = 'active' and query like 'select pg_sleep%'")).intValue() == 1);
            Thread.sleep(61_000); // cancel.query_timeout is at least a minute

            Cli.Result result = Cli.run("apply", db, plan.toString(), "--format", "json", "--set", "cancel.query_timeout=1min");

            assertEquals(0, result.exitCode(), result::toString);
            Map<String, Object> cancel = JsonRead.list(JsonRead.object(result.out()), "actions").get(0);
            assertEquals("skipped", cancel.get("status"), cancel::toString);
            assertTrue(cancel.get("detail").toString().startsWith("stale: backend pid " + pid), cancel::toString);
            assertEquals(1, ((Number) db.value("select count(*) from pg_stat_activity where pid = " + pid
                    + " and state = 'active'")).intValue(), "the new query must keep running");
            db.exec("select pg_cancel_backend(" + pid + ")");
            second.get();
        }
    }

    /** A one-table plan saved to plan.json: a VACUUM of a table with 5000 dead tuples. */
    private Path savedVacuumPlan(TestDatabase db, String... more) {
        db.execFlushed("create table bloated(id int) with (autovacuum_enabled = false)",
                "insert into bloated select generate_series(1, 10000)", "analyze bloated",
                "delete from bloated where id <= 5000");
        db.awaitDeadTuples("public", "bloated", 5000);
        Path plan = dir.resolve("plan.json");
        List<String> args = new java.util.ArrayList<>(List.of("--out", plan.toString()));
        args.addAll(List.of(more));
        Cli.Result planned = Cli.run("plan", db, args.toArray(String[]::new));
        assertEquals(0, planned.exitCode(), planned::toString);
        return plan;
    }

    /** Rewrites the saved plan's only action with {@code edit}. */
    private static void editAction(Path plan, java.util.function.Consumer<ObjectNode> edit) throws Exception {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = (ObjectNode) json.readTree(plan.toFile());
        assertEquals(1, root.get("actions").size(), root::toString);
        edit.accept((ObjectNode) root.get("actions").get(0));
        json.writeValue(plan.toFile(), root);
    }

    private static Object filenode(TestDatabase db) {
        return db.value("select pg_relation_filenode('public.bloated')");
    }

    @Test
    void safety05_editedOptionsNeverRunVacuumFull() throws Exception {
        try (TestDatabase db = TestDatabase.create()) {
            Path plan = savedVacuumPlan(db);
            Object before = filenode(db);
            String liveSql = "VACUUM (ANALYZE) \"public\".\"bloated\"";
            String fullSql = "VACUUM (FULL, ANALYZE) \"public\".\"bloated\"";
            editAction(plan, a -> {
                assertEquals(liveSql, a.get("sql").asText());
                ((com.fasterxml.jackson.databind.node.ArrayNode) a.get("options")).add("FULL");
                a.put("sql", fullSql);
            });

            Cli.Result result = Cli.run("apply", db, plan.toString(), "--format", "json");

            assertEquals(0, result.exitCode(), result::toString);
            Map<String, Object> action = JsonRead.list(JsonRead.object(result.out()), "actions").get(0);
            assertEquals("skipped", action.get("status"), action::toString);
            assertEquals("options differ from the live plan: file VACUUM (ANALYZE, FULL), live VACUUM (ANALYZE)",
                    action.get("detail"));
            assertEquals(before, filenode(db), "VACUUM FULL rewrites the table: its filenode must not change");
            db.flushStats();
            assertEquals(0L, ((Number) db.value("select vacuum_count from pg_stat_user_tables where relname = 'bloated'"))
                    .longValue(), "nothing ran");

            // the statement text alone cannot smuggle anything either: what runs is built from the live action
            editAction(plan, a -> a.putArray("options").add("ANALYZE"));
            Cli.Result sqlOnly = Cli.run("apply", db, plan.toString(), "--format", "json");
            Map<String, Object> skipped = JsonRead.list(JsonRead.object(sqlOnly.out()), "actions").get(0);
            assertEquals("skipped", skipped.get("status"), skipped::toString);
            assertEquals("sql differs from the live plan: file " + fullSql + ", live " + liveSql, skipped.get("detail"));
            assertEquals(before, filenode(db));

            // the unedited action runs, as the live plan's VACUUM
            editAction(plan, a -> a.put("sql", liveSql));
            Cli.Result honest = Cli.run("apply", db, plan.toString(), "--format", "json");
            Map<String, Object> done = JsonRead.list(JsonRead.object(honest.out()), "actions").get(0);
            assertEquals("done", done.get("status"), done::toString);
            assertEquals(liveSql, done.get("sql"));
            assertEquals(before, filenode(db), "a plain VACUUM keeps the filenode");
        }
    }

    @Test
    void safety05_editedApprovedCannotOverrideManualApproval() throws Exception {
        try (TestDatabase db = TestDatabase.create()) {
            Path plan = savedVacuumPlan(db, "--set", "approval.vacuum=manual");
            editAction(plan, a -> {
                assertEquals(false, a.get("approved").booleanValue());
                a.put("approved", true);
                a.remove("detail");
            });

            Cli.Result result = Cli.run("apply", db, plan.toString(), "--format", "json", "--set", "approval.vacuum=manual");

            assertEquals(0, result.exitCode(), result::toString);
            Map<String, Object> action = JsonRead.list(JsonRead.object(result.out()), "actions").get(0);
            assertEquals("skipped", action.get("status"), action::toString);
            assertEquals("not approved (approval.vacuum: manual)", action.get("detail"));
            db.flushStats();
            assertEquals(0L, ((Number) db.value("select vacuum_count from pg_stat_user_tables where relname = 'bloated'"))
                    .longValue(), "nothing ran");
        }
    }

    @Test
    void safety07_planFileOverThreeMegabytesIsReadBack() throws Exception {
        try (TestDatabase db = TestDatabase.create()) {
            Path plan = savedVacuumPlan(db);
            // a plan as pgmaint writes it for a large database: thousands of actions and findings
            ObjectMapper json = new ObjectMapper();
            ObjectNode root = (ObjectNode) json.readTree(plan.toFile());
            com.fasterxml.jackson.databind.node.ArrayNode actions = (com.fasterxml.jackson.databind.node.ArrayNode) root.get("actions");
            ObjectNode real = (ObjectNode) actions.get(0);
            for (int i = 2; i <= 4001; i++) {
                ObjectNode copy = real.deepCopy();
                copy.put("id", String.valueOf(i));
                copy.put("table", "gone_" + i);
                copy.put("sql", "VACUUM (ANALYZE) \"public\".\"gone_" + i + "\"");
                actions.add(copy);
            }
            com.fasterxml.jackson.databind.node.ArrayNode findings = root.putArray("findings");
            for (int i = 0; i < 8000; i++) {
                findings.addObject().put("kind", "unused_index").put("severity", "info").put("schema", "public")
                        .put("table", "gone_" + i).put("message", "index gone_" + i + "_idx has not been scanned since "
                                + "the statistics were reset; it costs writes and space").put("suggestion",
                                "DROP INDEX CONCURRENTLY \"public\".\"gone_" + i + "_idx\";");
            }
            json.writeValue(plan.toFile(), root);
            long size = Files.size(plan);
            assertTrue(size > 3 * 1024 * 1024, "plan file of " + size + " bytes");

            Cli.Result result = Cli.run("apply", db, plan.toString(), "--format", "json");

            assertEquals(0, result.exitCode(), result::toString);
            com.fasterxml.jackson.databind.JsonNode applied = json.readTree(result.out()).get("actions");
            assertEquals(4001, applied.size());
            assertEquals("done", applied.get(0).get("status").asText(), applied.get(0)::toString);
            for (int i = 1; i < applied.size(); i++) {
                assertTrue(applied.get(i).get("detail").asText().startsWith("stale: "), applied.get(i)::toString);
            }
        }
    }

    @Test
    void brokenPlanFileIsRejectedNamingTheFileAndKey() throws Exception {
        try (TestDatabase db = TestDatabase.create()) {
            Path plan = dir.resolve("broken.json");
            Files.writeString(plan, "{\"schema_version\": 1, \"database\": \"" + db.name() + "\", \"mode\": \"standard\","
                    + " \"actions\": [{\"id\": \"1\", \"kind\": \"truncate\", \"schema\": \"app\", \"table\": \"t\", \"approved\": true}]}");
            Cli.Result result = Cli.run("apply", db, plan.toString());
            assertEquals(2, result.exitCode(), result::toString);
            assertTrue(result.err().contains(plan.toString()), result.err());
            assertTrue(result.err().contains("actions[0].kind"), result.err());
            assertTrue(result.err().contains("'truncate' is not valid: should be one of [vacuum, analyze, reindex, cancel_query, retention_delete]"),
                    result.err());
        }
    }

    private static Object sleep(Connection connection) {
        try (Statement s = connection.createStatement()) {
            s.execute("select pg_sleep(300)");
            return null;
        } catch (SQLException e) {
            return e;
        }
    }

    private static Object query(Connection connection, String sql) throws SQLException {
        try (Statement s = connection.createStatement(); var rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getObject(1);
        }
    }
}
