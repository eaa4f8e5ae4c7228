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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pgmaint.testing.Cli;
import org.pgmaint.testing.JsonRead;
import org.pgmaint.testing.TestDatabase;

/** Issue 5 acceptance: `pgmaint apply plan.json` re-checks each saved action against the live database. */
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
            Thread.sleep(2200);
            Path plan = dir.resolve("plan.json");
            Cli.Result planned = Cli.run("plan", db, "--out", plan.toString(), "--format", "json",
                    "--set", "cancel.query_timeout=2s");
            List<Map<String, Object>> saved = JsonRead.list(JsonRead.object(planned.out()), "actions");
            assertEquals(1, saved.size(), planned::toString);
            assertEquals(pid, ((Map<?, ?>) saved.get(0).get("details")).get("pid"));
            // the same backend (pid and backend_start) now runs another query
            db.exec("select pg_cancel_backend(" + pid + ")");
            first.get();
            CompletableFuture<Object> second = CompletableFuture.supplyAsync(() -> sleep(victim));
            TestDatabase.await("the second query", () -> ((Number) db.value("select count(*) from pg_stat_activity where pid = "
                    + pid + " and state = 'active' and query like 'select pg_sleep%'")).intValue() == 1);
            Thread.sleep(2200);

            Cli.Result result = Cli.run("apply", db, plan.toString(), "--format", "json", "--set", "cancel.query_timeout=2s");

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
            s.execute("select pg_sleep(60)");
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
