package org.pgmaint.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.pgmaint.testing.Cli;
import org.pgmaint.testing.JsonRead;
import org.pgmaint.testing.PgmaintProcess;
import org.pgmaint.testing.SlowMaintenance;
import org.pgmaint.testing.TestDatabase;

/**
 * The run lock's session ended by the server (idle_session_timeout, pg_terminate_backend) and an executor backend
 * terminated mid-run, on a real server that stays up.
 */
class ExecutorFaultTest {

    @Test
    void safety03_terminatedLockSessionStopsTheRunSoASecondRunNeverActsAlongside() throws Exception {
        Path dir = SlowMaintenance.workDir("locklost");
        Path second = SlowMaintenance.workDir("locklost-second");
        try (TestDatabase db = TestDatabase.create()) {
            SlowMaintenance.tables(db, 3, 30_000);
            PgmaintProcess first;
            PgmaintProcess next;
            int firstExit;
            int nextExit;
            int most;
            try (SlowMaintenance.Sampler sampler = new SlowMaintenance.Sampler(db)) {
                first = PgmaintProcess.start(dir, "run", db, "--format", "json");
                SlowMaintenance.awaitRunning(db, first);
                int lockPid = SlowMaintenance.lockHolder(db);
                assertTrue(lockPid > 0);
                db.value("select pg_terminate_backend(" + lockPid + ")");
                TestDatabase.await("the lock released", () -> SlowMaintenance.lockHolders(db) == 0);
                next = PgmaintProcess.start(second, "run", db, "--format", "json");
                firstExit = first.waitFor(120);
                nextExit = next.waitFor(120);
                most = sampler.most();
            }
            List<Map<String, Object>> actions = JsonRead.list(JsonRead.object(first.out()), "actions");
            List<Path> alerts = first.files("alert_*.txt");
            System.out.printf("lock session terminated: first run exit %d (%s), second run exit %d;"
                            + " most maintenance statements at once: %d%n", firstExit,
                    actions.stream().map(a -> a.get("table") + "=" + a.get("status")).toList(), nextExit, most);

            assertEquals(1, most, "the two runs never acted at once\nfirst:\n" + first + "\nsecond:\n" + next);
            assertEquals(ExitCodes.DATABASE_UNAVAILABLE, firstExit, first::toString);
            assertTrue(first.err().contains("run lock lost"), first.err());
            assertEquals("done", actions.get(0).get("status"), actions::toString);
            for (Map<String, Object> later : actions.subList(1, actions.size())) {
                assertEquals("skipped", later.get("status"), actions::toString);
                assertEquals("not started: run lock lost", later.get("detail"), actions::toString);
            }
            assertEquals(1, alerts.size(), first::toString);
            assertTrue(Files.readString(alerts.get(0)).contains("run lock lost"));
            assertEquals(ExitCodes.OK, nextExit, next::toString);
        }
    }

    @Test
    void safety03_idleSessionTimeoutOnTheDatabaseDoesNotEndTheLockSession() throws Exception {
        Path dir = SlowMaintenance.workDir("idlelock");
        Path second = SlowMaintenance.workDir("idlelock-second");
        try (TestDatabase db = TestDatabase.create()) {
            assumeTrue(db.serverMajor() >= 14, "idle_session_timeout exists from PostgreSQL 14");
            SlowMaintenance.tables(db, 2, 60_000);
            db.exec("alter database " + db.name() + " set idle_session_timeout = '5s'");
            PgmaintProcess first;
            PgmaintProcess next;
            int nextExit;
            int most;
            try (SlowMaintenance.Sampler sampler = new SlowMaintenance.Sampler(db)) {
                first = PgmaintProcess.start(dir, "run", db, "--format", "json");
                SlowMaintenance.awaitRunning(db, first);
                Thread.sleep(6500); // the lock session has been idle longer than idle_session_timeout
                assertTrue(first.isAlive(), "the first run still runs its vacuums");
                next = PgmaintProcess.start(second, "run", db, "--format", "json");
                nextExit = next.waitFor(120);
                first.waitFor(180);
                most = sampler.most();
            }
            System.out.printf("idle_session_timeout=5s: second run exit %d; first run exit %d;"
                    + " most maintenance statements at once: %d%n", nextExit, first.waitFor(1), most);

            assertEquals(ExitCodes.ANOTHER_RUN, nextExit, next::toString);
            assertTrue(next.err().contains("another pgmaint run is in progress"), next.err());
            assertEquals(1, most, "the two runs never acted at once");
            assertEquals(ExitCodes.OK, first.waitFor(1), first::toString);
        }
    }

    @Test
    void safety16_terminatedExecutorBackendFailsItsActionAndTheRunGoesOn() throws Exception {
        try (TestDatabase db = TestDatabase.create()) {
            SlowMaintenance.tables(db, 3, 30_000);
            CompletableFuture<Cli.Result> run = CompletableFuture.supplyAsync(() -> Cli.run("run", db, "--format", "json"));
            RunAcceptanceTest.awaitLong("a vacuum running", () -> !SlowMaintenance.running(db).isEmpty());
            int backend = SlowMaintenance.running(db).get(0);
            db.value("select pg_terminate_backend(" + backend + ")");
            Cli.Result result = run.get(120, TimeUnit.SECONDS);
            List<Map<String, Object>> actions = JsonRead.list(JsonRead.object(result.out()), "actions");
            System.out.printf("executor backend %d terminated: exit %d, %s%n", backend, result.exitCode(),
                    actions.stream().map(a -> a.get("table") + "=" + a.get("status")).toList());

            assertEquals(ExitCodes.ALERTS, result.exitCode(), result::toString);
            assertEquals(3, actions.size(), actions::toString);
            assertEquals("failed", actions.get(0).get("status"), actions::toString);
            assertTrue(String.valueOf(actions.get(0).get("detail")).contains("terminating connection due to administrator command"),
                    actions::toString);
            assertEquals("done", actions.get(1).get("status"), actions::toString);
            assertEquals("done", actions.get(2).get("status"), actions::toString);
            assertTrue(result.err().contains("reconnected"), result.err());
        }
    }
}
