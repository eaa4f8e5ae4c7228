package org.pgmaint.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.pgmaint.cli.Main;
import org.pgmaint.testing.OwnRedisServer;
import org.pgmaint.testing.TestDatabase;
import org.pgmaint.testing.TestRedis;
import org.pgmaint.testing.VersionIndependent;

/** The processor as its own process (java -cp ... cache-processor): SIGTERM and SIGKILL. */
@VersionIndependent
class ProcessorProcessTest {

    private static Process launch(TestDatabase db, TestRedis redis, Path log, String... more) throws Exception {
        return launch(db, redis.url(), log, more);
    }

    static Process launch(TestDatabase db, String redisUrl, Path log, String... more) throws Exception {
        return launch(List.of(), db, redisUrl, log, more);
    }

    static Process launch(List<String> jvmOptions, TestDatabase db, String redisUrl, Path log, String... more) throws Exception {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", classpath, Main.class.getName(), "cache-processor"));
        command.addAll(List.of(db.cliArgs()));
        command.addAll(List.of("--set", "cache.redis_url=" + redisUrl, "--set", "cache.poll_interval=200ms"));
        command.addAll(List.of(more));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("PGMAINT_"));
        return builder.start();
    }

    @Test
    void sigtermFinishesTheBatchAndExitsZeroWithinSeconds() throws Exception {
        Path log = Files.createTempFile("cache-processor", ".log");
        try (TestDatabase db = TestDatabase.create(); TestRedis redis = TestRedis.shared()) {
            EventsFixture events = new EventsFixture(db, EventTable.defaults(), redis);
            events.backlog("term", 50_000);
            Process processor = launch(db, redis, log, "--set", "cache.batch_size=200");
            TestDatabase.await("the child process at work", () -> events.processed() > 0);
            long sent = System.nanoTime();
            processor.destroy(); // SIGTERM
            assertTrue(processor.waitFor(10, TimeUnit.SECONDS), "stopped within seconds");
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent);
            String output = Files.readString(log);
            assertEquals(0, processor.exitValue(), output);
            assertTrue(millis < 5000, "stopped in " + millis + " ms");
            assertTrue(output.contains("cache processor stopped after"), output);
            assertEquals(events.marks(), events.distinctMarks());
            assertEquals(events.processed(), events.marks());
            assertEquals(0L, ((Number) db.value("select count(*) from pg_locks l join pg_stat_activity a using (pid)"
                    + " where a.datname = current_database() and a.pid <> pg_backend_pid()")).longValue(), "no batch left open");
            System.out.printf("SIGTERM: exit 0 after %d ms, %d of 50000 processed before%n", millis, events.processed());
        } finally {
            Files.deleteIfExists(log);
        }
    }

    @Test
    void sigtermDuringARedisOutageExitsZeroAndMarksNothing() throws Exception {
        Path log = Files.createTempFile("cache-processor", ".log");
        try (TestDatabase db = TestDatabase.create(); TestRedis redis = TestRedis.shared();
             OwnRedisServer neverStarted = new OwnRedisServer(false)) {
            EventsFixture events = new EventsFixture(db, EventTable.defaults(), redis);
            events.backlog("down", 100);
            String url = "redis://127.0.0.1:" + neverStarted.endpoint().port() + "/0";
            Process processor = launch(db, url, log, "--set", "cache.max_backoff=1s");
            TestDatabase.await("the outage logged", () -> read(log).contains("Redis unavailable"));
            Thread.sleep(2500); // several failed attempts
            long sent = System.nanoTime();
            processor.destroy();
            assertTrue(processor.waitFor(10, TimeUnit.SECONDS));
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent);
            String output = Files.readString(log);
            assertEquals(0, processor.exitValue(), output);
            assertTrue(millis < 3000, "stopped in " + millis + " ms");
            assertEquals(1, output.lines().filter(line -> line.contains("Redis unavailable")).count(), output);
            assertEquals(0, events.processed());
            assertEquals(100, redis.countExisting(pendingKeys(redis)), "no key touched, none marked");
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<String> pendingKeys(TestRedis redis) {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            keys.add(redis.key("down:" + i));
        }
        return keys;
    }

    @Test
    void twoProcessesOnOneBacklogMarkEveryEventOnce() throws Exception {
        Path log = Files.createTempFile("cache-processor", ".log");
        try (TestDatabase db = TestDatabase.create(); TestRedis redis = TestRedis.shared()) {
            EventsFixture events = new EventsFixture(db, EventTable.defaults(), redis);
            Process first = launch(db, redis, log, "--set", "cache.batch_size=100");
            Process second = launch(db, redis, log, "--set", "cache.batch_size=100");
            // both idle and listening before the backlog arrives, so both take part
            TestDatabase.await("both processes listening", () -> ((Number) db.value("select count(*) from pg_stat_activity"
                    + " where datname = current_database() and query like 'listen%'")).intValue() == 2);
            List<String> keys = events.backlog("pair", 30_000);
            TestDatabase.await("the backlog processed", () -> events.pending() == 0);
            first.destroy();
            second.destroy();
            assertTrue(first.waitFor(10, TimeUnit.SECONDS) && second.waitFor(10, TimeUnit.SECONDS));
            assertEquals(0, first.exitValue(), Files.readString(log));
            assertEquals(0, second.exitValue(), Files.readString(log));
            assertEquals(30_000, events.marks(), "none marked twice");
            assertEquals(30_000, events.distinctMarks());
            assertEquals(0, redis.countExisting(keys));
            List<List<Object>> perBackend = db.query("select marked_by, count(*) from marks group by 1 order by 2 desc");
            System.out.println("two processes: events marked per backend " + perBackend);
            assertEquals(2, perBackend.size(), "both processes took part: " + perBackend);
        } finally {
            Files.deleteIfExists(log);
        }
    }

    @Test
    void sigkillMidBatchThenRestartProcessesEverythingAndMarksNothingTwice() throws Exception {
        Path log = Files.createTempFile("cache-processor", ".log");
        try (TestDatabase db = TestDatabase.create(); TestRedis redis = TestRedis.shared()) {
            EventsFixture events = new EventsFixture(db, EventTable.defaults(), redis);
            List<String> keys = events.backlog("kill", 20_000);
            // each marking statement takes 300 ms, so a kill lands in the middle of a batch
            db.exec("create function slow_mark() returns trigger language plpgsql as $$ begin perform pg_sleep(0.3); return null; end $$",
                    "create trigger slow_mark before update on cache_invalidation_events for each statement execute function slow_mark()");
            Process first = launch(db, redis, log, "--set", "cache.batch_size=500");
            TestDatabase.await("a batch being marked", () -> events.processed() > 0 && markingInProgress(db));
            first.destroyForcibly(); // SIGKILL
            assertTrue(first.waitFor(10, TimeUnit.SECONDS));
            assertEquals(137, first.exitValue(), "killed by SIGKILL");
            TestDatabase.await("the killed backend gone", () -> ((Number) db.value("select count(*) from pg_stat_activity"
                    + " where datname = current_database() and pid <> pg_backend_pid()")).longValue() == 0);
            long processedAfterKill = events.processed();
            assertEquals(0, processedAfterKill % 500, "whole batches only: the one in flight was rolled back, not half marked");
            assertTrue(events.pending() > 0);

            Process second = launch(db, redis, log, "--once", "--set", "cache.batch_size=2000");
            assertTrue(second.waitFor(120, TimeUnit.SECONDS));
            assertEquals(0, second.exitValue(), Files.readString(log));
            assertEquals(0, events.pending());
            assertEquals(20_000, events.marks(), "none marked twice");
            assertEquals(20_000, events.distinctMarks());
            assertEquals(0, redis.countExisting(keys));
            System.out.printf("SIGKILL: killed with %d of 20000 marked and one batch in flight; restart processed the rest%n",
                    processedAfterKill);
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static boolean markingInProgress(TestDatabase db) {
        return ((Number) db.value("select count(*) from pg_stat_activity where datname = current_database()"
                + " and state = 'active' and query like 'update%'")).longValue() > 0;
    }

    /** Waits for the process at most the given seconds (killing it after) and returns how long it ran. */
    private static double secondsUntilExit(Process process, long atMostSeconds) throws InterruptedException {
        long start = System.nanoTime();
        boolean ended = process.waitFor(atMostSeconds, TimeUnit.SECONDS);
        double seconds = (System.nanoTime() - start) / 1e9;
        if (!ended) {
            process.destroyForcibly().waitFor();
        }
        assertTrue(ended, "still running after " + atMostSeconds + " s");
        return seconds;
    }

    /** --once against a closed Redis port gives up after 30 s of outage with exit 3, marking nothing. */
    @Test
    void safety19_onceGivesUpOnRedisDownWithExit3() throws Exception {
        Path log = Files.createTempFile("cache-processor", ".log");
        try (TestDatabase db = TestDatabase.create(); TestRedis redis = TestRedis.shared();
             OwnRedisServer neverStarted = new OwnRedisServer(false)) {
            EventsFixture events = new EventsFixture(db, EventTable.defaults(), redis);
            events.backlog("gone", 100);
            String url = "redis://127.0.0.1:" + neverStarted.endpoint().port() + "/0";
            Process processor = launch(db, url, log, "--once");
            double seconds = secondsUntilExit(processor, 90);
            String output = Files.readString(log);
            assertEquals(3, processor.exitValue(), output);
            assertTrue(output.contains("gave up") && output.contains("Redis unavailable for"), output);
            assertTrue(seconds >= 30 && seconds < 45, "gave up after " + seconds + " s");
            assertEquals(0, events.processed());
            System.out.printf("safety19: --once with Redis down: exit 3 after %.1f s, 0 of 100 events marked%n", seconds);
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /**
     * A wrong password (WRONGPASS) or none at all (NOAUTH) will not heal by retrying: exit 2 at once, with --once
     * and as the service, nothing marked and the password not shown.
     */
    @Test
    void safety19_aRefusedRedisLoginExitsTwoAtOnceInBothModes() throws Exception {
        Path log = Files.createTempFile("cache-processor", ".log");
        try (TestDatabase db = TestDatabase.create(); TestRedis redis = TestRedis.shared();
             OwnRedisServer guarded = new OwnRedisServer(false, "right-secret")) {
            guarded.start();
            EventsFixture events = new EventsFixture(db, EventTable.defaults(), redis);
            events.backlog("auth", 100);
            int port = guarded.endpoint().port();
            String wrong = "redis://:wrong-secret@127.0.0.1:" + port + "/0";
            String none = "redis://127.0.0.1:" + port + "/0";
            for (String[] run : List.of(new String[] {wrong, "--once"}, new String[] {wrong}, new String[] {none})) {
                Files.writeString(log, "");
                Process processor = launch(db, run[0], log, java.util.Arrays.copyOfRange(run, 1, run.length));
                double seconds = secondsUntilExit(processor, 30);
                String output = Files.readString(log);
                assertEquals(2, processor.exitValue(), output);
                assertTrue(output.contains("refused") && output.contains("cache.redis_url"), output);
                assertTrue(!output.contains("wrong-secret"), output);
                assertTrue(seconds < 15, "exited after " + seconds + " s");
                System.out.printf("safety19: %s %s: exit 2 after %.1f s: %s%n", run[0].replace("wrong-secret", "***"),
                        run.length > 1 ? run[1] : "(service)", seconds,
                        output.lines().filter(l -> l.contains("refused")).findFirst().orElse(""));
            }
            assertEquals(0, events.processed());
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
