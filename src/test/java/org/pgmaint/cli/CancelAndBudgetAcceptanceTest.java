package org.pgmaint.cli;

import org.pgmaint.checks.Covers;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.pgmaint.testing.Cli;
import org.pgmaint.testing.Files2;
import org.pgmaint.testing.JsonRead;
import org.pgmaint.testing.TestDatabase;

/** Cancelling long queries (and only those), and the runtime budget. */
@Covers("cancel_candidates")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CancelAndBudgetAcceptanceTest {
    /**
     * cancel.query_timeout is at least a minute (safety02): the cancel tests' client queries start together, before
     * every test, each test in its own database, and each waits only for what is left of their first minute.
     */
    private static final long AGE_MILLIS = 61_000;
    private static final List<AutoCloseable> OPEN = new java.util.ArrayList<>();
    private static long agedFrom;
    private static TestDatabase onlyOlderDb;
    private static Sleeper old;
    private static Sleeper excluded;
    private static TestDatabase exactDb;
    private static Sleeper spaced;
    private static Sleeper comma;
    private static Sleeper plain;
    private static TestDatabase ownDb;
    private static Sleeper impostor;
    private static Sleeper ours;

    @BeforeAll
    static void startTheClientQueriesThatAge() throws SQLException {
        onlyOlderDb = opened(TestDatabase.create());
        old = Sleeper.start(opened(onlyOlderDb.newConnection()), "report job");
        excluded = Sleeper.start(opened(onlyOlderDb.newConnection()), "nightly batch");
        exactDb = opened(TestDatabase.create());
        spaced = Sleeper.start(opened(exactDb.newConnection()), " app");
        comma = Sleeper.start(opened(exactDb.newConnection()), "a,b");
        plain = Sleeper.start(opened(exactDb.newConnection()), "app");
        ownDb = opened(TestDatabase.create());
        impostor = Sleeper.start(opened(ownDb.newConnection()), "pgmaint");
        // a connection this pgmaint process opened, whatever application_name it shows
        ours = Sleeper.start(opened(org.pgmaint.db.Connections.open(ownDb.settings())), "report job");
        TestDatabase.await("the client queries", () -> active(onlyOlderDb, old.pid()) && active(onlyOlderDb, excluded.pid())
                && active(exactDb, spaced.pid()) && active(exactDb, comma.pid()) && active(exactDb, plain.pid())
                && active(ownDb, impostor.pid()) && active(ownDb, ours.pid()));
        agedFrom = System.nanoTime();
    }

    @AfterAll
    static void closeThem() throws Exception {
        // a connection whose statement still runs would wait for it to end before closing
        for (TestDatabase db : List.of(onlyOlderDb, exactDb, ownDb)) {
            db.exec("select pg_cancel_backend(pid) from pg_stat_activity where datname = current_database()"
                    + " and pid <> pg_backend_pid()");
        }
        for (int i = OPEN.size() - 1; i >= 0; i--) {
            OPEN.get(i).close();
        }
    }

    private static <T extends AutoCloseable> T opened(T resource) {
        OPEN.add(resource);
        return resource;
    }

    /** Waits until the shared client queries are older than the shortest cancel.query_timeout (1min). */
    private static void awaitAMinute() throws InterruptedException {
        long left = AGE_MILLIS - (System.nanoTime() - agedFrom) / 1_000_000;
        if (left > 0) {
            Thread.sleep(left);
        }
    }

    /** Starts `select pg_sleep(300)` on the connection, as application_name, and returns its pid and outcome. */
    private record Sleeper(int pid, CompletableFuture<SQLException> outcome) {
        static Sleeper start(Connection connection, String applicationName) throws SQLException {
            int pid;
            try (Statement s = connection.createStatement()) {
                s.execute("set application_name = '" + applicationName + "'");
                var rs = s.executeQuery("select pg_backend_pid()");
                rs.next();
                pid = rs.getInt(1);
            }
            CompletableFuture<SQLException> outcome = CompletableFuture.supplyAsync(() -> {
                try (Statement s = connection.createStatement()) {
                    s.execute("select pg_sleep(300)");
                    return null;
                } catch (SQLException e) {
                    return e;
                }
            });
            return new Sleeper(pid, outcome);
        }
    }

    private static boolean active(TestDatabase db, int pid) {
        return ((Number) db.value("select count(*) from pg_stat_activity where pid = " + pid
                + " and state = 'active' and query like 'select pg_sleep%'")).intValue() == 1;
    }

    private static List<Map<String, Object>> cancels(Cli.Result result) {
        return JsonRead.list(JsonRead.object(result.out()), "actions").stream()
                .filter(a -> "cancel_query".equals(a.get("kind"))).toList();
    }

    @Test
    @Order(1)
    void safety02_queryTimeoutUnderAMinuteIsRefusedAndCancelsNothing() throws Exception {
        try (TestDatabase db = TestDatabase.create(); Connection client = db.newConnection()) {
            Sleeper query = Sleeper.start(client, "report job");
            TestDatabase.await("the client query", () -> active(db, query.pid()));
            Thread.sleep(1500);
            for (String timeout : List.of("0", "30s", "59s")) {
                for (String command : List.of("run", "plan")) {
                    Cli.Result result = Cli.run(command, db, "--set", "cancel.query_timeout=" + timeout);
                    assertEquals(ExitCodes.INVALID_INPUT, result.exitCode(), result::toString);
                    assertTrue(result.err().contains("cancel.query_timeout: '" + timeout
                            + "' is not valid: should be a duration from 1min to 30d"), result::toString);
                }
                for (String command : List.of("validate", "config")) {
                    Cli.Result result = Cli.run(command, "--set", "cancel.query_timeout=" + timeout);
                    assertEquals(ExitCodes.INVALID_INPUT, result.exitCode(), result::toString);
                    assertTrue(result.err().contains("cancel.query_timeout: '" + timeout + "' is not valid"), result::toString);
                }
            }
            // the check parameter the key feeds cannot go around the floor
            Cli.Result viaParam = Cli.run("run", db, "--set", "params.cancel_candidates.min_age_seconds=0");
            assertEquals(ExitCodes.INVALID_INPUT, viaParam.exitCode(), viaParam::toString);
            assertTrue(viaParam.err().contains("params.cancel_candidates.min_age_seconds: is set by cancel.query_timeout"),
                    viaParam::toString);
            assertTrue(active(db, query.pid()), "the client query must keep running");
            assertEquals(ExitCodes.OK, Cli.run("validate", "--set", "cancel.query_timeout=1min").exitCode());
            db.exec("select pg_cancel_backend(" + query.pid() + ")");
        }
    }

    @Test
    @Order(10)
    void cancelsOnlyTheQueryOlderThanTheTimeoutNeverYoungerExcludedOrOwn() throws Exception {
        TestDatabase db = onlyOlderDb;
        try (Connection c3 = db.newConnection()) {
            awaitAMinute();
            Sleeper young = Sleeper.start(c3, "report job");
            TestDatabase.await("the young sleeper", () -> active(db, young.pid()));

            Cli.Result result = Cli.run("run", db, "--format", "json", "--set", "cancel.query_timeout=1min",
                    "--set", "cancel.exclude_applications=nightly batch");

            assertEquals(0, result.exitCode(), result::toString);
            List<Map<String, Object>> cancels = cancels(result);
            assertEquals(1, cancels.size(), cancels::toString);
            Map<String, Object> cancel = cancels.get(0);
            assertEquals("done", cancel.get("status"), cancel::toString);
            assertEquals(true, cancel.get("urgent"));
            @SuppressWarnings("unchecked")
            Map<String, Object> details = (Map<String, Object>) cancel.get("details");
            assertEquals(old.pid(), details.get("pid"));
            assertTrue(cancel.get("reason").toString().contains("application 'report job'"), cancel::toString);
            SQLException cancelled = old.outcome().get(10, TimeUnit.SECONDS);
            assertEquals("57014", cancelled.getSQLState(), cancelled::toString);
            assertTrue(cancelled.getMessage().contains("canceling statement due to user request"), cancelled::getMessage);
            assertTrue(active(db, young.pid()), "the younger query must keep running");
            assertTrue(active(db, excluded.pid()), "the excluded application's query must keep running");

            db.exec("select pg_cancel_backend(" + young.pid() + ")", "select pg_cancel_backend(" + excluded.pid() + ")");
        }
    }

    @Test
    @Order(11)
    void safety10_excludedApplicationNamesMatchExactlyNeitherTrimmedNorSplit() throws Exception {
        Path config = Files.createTempDirectory("pgmaint-exclude").resolve("pgmaint.yaml");
        Files2.write(config, "cancel:\n  exclude_applications: [\" app\", \"a,b\"]\n");
        TestDatabase db = exactDb;
        awaitAMinute();

        Cli.Result result = Cli.run("run", db, "--format", "json", "--config", config.toString(),
                "--set", "cancel.query_timeout=1min");

        assertEquals(0, result.exitCode(), result::toString);
        Set<Object> pids = cancels(result).stream().map(a -> ((Map<?, ?>) a.get("details")).get("pid"))
                .collect(Collectors.toSet());
        assertEquals(Set.of(plain.pid()), pids, "only 'app' is not excluded: " + result);
        assertEquals("57014", plain.outcome().get(10, TimeUnit.SECONDS).getSQLState());
        assertTrue(active(db, spaced.pid()), "' app' is excluded and must keep running");
        assertTrue(active(db, comma.pid()), "'a,b' is excluded and must keep running");
        db.exec("select pg_cancel_backend(" + spaced.pid() + ")", "select pg_cancel_backend(" + comma.pid() + ")");
    }

    @Test
    @Order(2)
    void safety10_anExclusionListThatCannotMatchExactlyIsRefused() throws Exception {
        Cli.Result joined = Cli.run("validate", "--set", "cancel.exclude_applications=nightly,batch");
        assertEquals(2, joined.exitCode(), joined::toString);
        assertTrue(joined.err().contains("cancel.exclude_applications"), joined::toString);

        Path config = Files.createTempDirectory("pgmaint-exclude").resolve("pgmaint.yaml");
        Files2.write(config, "cancel:\n  exclude_roles: \"batch, etl\"\n");
        Cli.Result scalar = Cli.run("validate", "--config", config.toString());
        assertEquals(2, scalar.exitCode(), scalar::toString);
        assertTrue(scalar.err().contains("cancel.exclude_roles"), scalar::toString);

        Cli.Result exact = Cli.run("config", "--set", "cancel.exclude_applications=[\" app\", \"a,b\"]");
        assertEquals(0, exact.exitCode(), exact::toString);
        assertTrue(exact.out().contains("cancel.exclude_applications = [\" app\", \"a,b\"]"), exact::toString);
    }

    @Test
    @Order(12)
    void safety20_aClientCallingItselfPgmaintIsCancelledPgmaintsOwnBackendsAreNot() throws Exception {
        TestDatabase db = ownDb;
        awaitAMinute();

        Cli.Result result = Cli.run("run", db, "--format", "json", "--set", "cancel.query_timeout=1min");

        assertEquals(0, result.exitCode(), result::toString);
        Set<Object> pids = cancels(result).stream().map(a -> ((Map<?, ?>) a.get("details")).get("pid"))
                .collect(Collectors.toSet());
        assertEquals(Set.of(impostor.pid()), pids, result::toString);
        assertEquals("57014", impostor.outcome().get(10, TimeUnit.SECONDS).getSQLState(),
                "a client that sets application_name=pgmaint is cancelled");
        assertTrue(active(db, ours.pid()), "pgmaint's own backend must keep running");
        db.exec("select pg_cancel_backend(" + ours.pid() + ")");
    }

    @Test
    @Order(3)
    void jobsRunActionsOnDifferentTablesInParallel() throws Exception {
        try (TestDatabase db = TestDatabase.create()) {
            slowTables(db, 4);
            java.util.concurrent.atomic.AtomicInteger most = new java.util.concurrent.atomic.AtomicInteger();
            CompletableFuture<Cli.Result> run = CompletableFuture.supplyAsync(() -> Cli.run("run", db, "--jobs", "2"));
            while (!run.isDone()) {
                int vacuums = ((Number) db.value("select count(*) from pg_stat_activity where datname = current_database()"
                        + " and query like 'VACUUM%' and state = 'active'")).intValue();
                most.accumulateAndGet(vacuums, Math::max);
                Thread.sleep(20);
            }
            assertEquals(0, run.get().exitCode(), () -> run.join().toString());
            assertEquals(2, most.get(), "two vacuums at once with --jobs 2");
            assertTrue(run.get().err().contains("pgmaint: 4 done, 0 failed, 0 skipped"), () -> run.join().err());
        }
    }

    /** Tables with 1000 dead tuples each, and a cost-based vacuum delay that makes each vacuum take a moment. */
    private static void slowTables(TestDatabase db, int count) {
        for (int i = 1; i <= count; i++) {
            db.exec("create table slow_" + i + "(id int) with (autovacuum_enabled = false)",
                    "insert into slow_" + i + " select generate_series(1, 2000)", "analyze slow_" + i,
                    "delete from slow_" + i + " where id <= 1000");
        }
        db.flushStats();
        for (int i = 1; i <= count; i++) {
            db.awaitDeadTuples("public", "slow_" + i, 1000);
        }
        db.exec("alter database " + db.name() + " set vacuum_cost_delay = '20ms'",
                "alter database " + db.name() + " set vacuum_cost_limit = 1");
    }

    @Test
    @Order(4)
    void spentBudgetStopsNewActionsAndReportsTheRestSkippedWithDetailBudget() {
        try (TestDatabase db = TestDatabase.create()) {
            slowTables(db, 8);

            long start = System.nanoTime();
            Cli.Result result = Cli.run("run", db, "--format", "json", "--max-runtime", "2s");
            long wallMillis = (System.nanoTime() - start) / 1_000_000;

            assertEquals(0, result.exitCode(), result::toString);
            List<Map<String, Object>> actions = JsonRead.list(JsonRead.object(result.out()), "actions");
            assertEquals(8, actions.size());
            long done = actions.stream().filter(a -> "done".equals(a.get("status"))).count();
            List<Map<String, Object>> budget = actions.stream().filter(a -> "skipped".equals(a.get("status"))
                    && a.get("detail").toString().startsWith("budget")).toList();
            assertTrue(done >= 1, "the first actions complete: " + actions);
            assertEquals(8 - done, budget.size(), actions::toString);
            long executing = actions.stream().filter(a -> a.get("duration_ms") != null)
                    .mapToLong(a -> ((Number) a.get("duration_ms")).longValue()).sum();
            assertTrue(executing >= 1900 && executing <= 2500, "actions ran " + executing + " ms for a 2 s budget");
            assertTrue(result.err().contains("skipped (budget:" + budget.size() + ")"), result.err());
            System.out.printf("budget run: %d done, %d skipped (budget), actions %d ms, whole command %d ms%n",
                    done, budget.size(), executing, wallMillis);
        }
    }
}
