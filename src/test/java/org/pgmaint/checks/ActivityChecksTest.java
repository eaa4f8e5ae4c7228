package org.pgmaint.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.pgmaint.testing.TestDatabase;

/** long_running_query and idle_in_transaction against real backends; the engine's own backend never shows. */
@Covers({"long_running_query", "idle_in_transaction"})
class ActivityChecksTest {

    private static int pid(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); var rs = s.executeQuery("select pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static int detailPid(Map<String, Object> finding) {
        return ((Number) ((Map<?, ?>) finding.get("details")).get("pid")).intValue();
    }

    @Test
    void longRunningStatementIsReportedWithItsIdentityAndNothingElse() throws Exception {
        try (TestDatabase db = TestDatabase.create(); Connection sleeper = db.newClientConnection("report job")) {
            int sleeperPid = pid(sleeper);
            CompletableFuture<Void> sleeping = CompletableFuture.runAsync(() -> {
                try (Statement s = sleeper.createStatement()) {
                    s.execute("select pg_sleep(60)");
                } catch (SQLException cancelled) {
                    // cancelled at the end of the test
                }
            });
            try {
                TestDatabase.await("the sleeper runs for a second", () -> Boolean.TRUE.equals(db.value(
                        "select now() - query_start > interval '1 second' from pg_stat_activity where pid = " + sleeperPid
                                + " and state = 'active'")));
                // a limit of 0 would catch the engine's own collecting backend too, if it were not left out
                PlanRun run = PlanRun.of(db, "--set", "thresholds.long_query_minutes=0");
                List<Map<String, Object>> found = run.findings("long_running_query");
                assertEquals(1, found.size(), found::toString);
                Map<String, Object> f = found.get(0);
                assertEquals(sleeperPid, detailPid(f));
                Map<?, ?> details = (Map<?, ?>) f.get("details");
                assertTrue(details.get("backend_start") != null && details.get("query_start") != null, f.toString());
                assertTrue(f.get("message").toString().contains("pg_sleep(60)"), f.toString());
                assertEquals("long_running_query", f.get("check"));

                assertEquals(List.of(), PlanRun.of(db).findings("long_running_query"), "10 minutes by default");
            } finally {
                db.exec("select pg_cancel_backend(" + sleeperPid + ")");
                sleeping.join();
            }
        }
    }

    @Test
    void idleInTransactionIsReportedAboveItsLimit() throws Exception {
        try (TestDatabase db = TestDatabase.create(); Connection idle = db.newClientConnection("report job")) {
            idle.setAutoCommit(false);
            try (Statement s = idle.createStatement()) {
                s.execute("select 1");
            }
            int idlePid = pid(idle);
            PlanRun quiet = PlanRun.of(db);
            assertEquals(List.of(), quiet.findings("idle_in_transaction"), "5 minutes by default");

            PlanRun run = PlanRun.of(db, "--set", "thresholds.idle_in_transaction_minutes=0");
            List<Map<String, Object>> found = run.findings("idle_in_transaction");
            assertEquals(1, found.size(), found::toString);
            assertEquals(idlePid, detailPid(found.get(0)));
            assertEquals("idle in transaction", ((Map<?, ?>) found.get(0).get("details")).get("state"));
            assertEquals(List.of(), run.findings("long_running_query"), "an idle session runs no statement");
            idle.rollback();
        }
    }

}
