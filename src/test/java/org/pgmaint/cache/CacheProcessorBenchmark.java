package org.pgmaint.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.pgmaint.testing.TestDatabase;
import org.pgmaint.testing.TestRedis;

/**
 * Acceptance figures, not part of the fast suite (the name does not end in Test, and it needs
 * -Dpgmaint.benchmark=true): mvn -o test -Dtest=CacheProcessorBenchmark -Dpgmaint.benchmark=true
 * Runs on the shipped table definition (sql/cache_invalidation_trigger.sql) with the default batch size.
 */
@EnabledIfSystemProperty(named = "pgmaint.benchmark", matches = "true")
class CacheProcessorBenchmark {
    private static final int EVENTS = 100_000;

    private static TestDatabase shippedSchema() throws Exception {
        TestDatabase db = TestDatabase.create();
        db.exec(Files.readString(Path.of("sql/cache_invalidation_trigger.sql")));
        return db;
    }

    private static CacheSettings settings(TestRedis redis) {
        return new CacheSettings(EventTable.defaults(), 1000, Duration.ofSeconds(5), "pgmaint_cache_invalidation",
                false, redis.endpoint(), Duration.ofSeconds(2), Duration.ofSeconds(1));
    }

    private static List<String> backlog(TestDatabase db, TestRedis redis, String name) {
        List<String> keys = new ArrayList<>(EVENTS);
        for (int i = 0; i < EVENTS; i++) {
            keys.add(redis.key(name + ":" + i));
        }
        redis.set(keys);
        db.exec("insert into cache_invalidation_events (cache_key) select '" + redis.prefix() + name + ":' || g"
                + " from generate_series(0, " + (EVENTS - 1) + ") g", "vacuum analyze cache_invalidation_events");
        return keys;
    }

    private static double drain(TestDatabase db, TestRedis redis, int instances) throws Exception {
        List<CacheProcessor> processors = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < instances; i++) {
            CacheProcessor processor = new CacheProcessor(settings(redis), db.settings(), new StopSignal());
            processors.add(processor);
            threads.add(new Thread(processor::drain));
        }
        long start = System.nanoTime();
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            thread.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long total = 0;
        for (CacheProcessor processor : processors) {
            total += processor.processedCount();
            processor.close();
        }
        assertEquals(EVENTS, total);
        return seconds;
    }

    @Test
    void throughputWithOneAndTwoInstances() throws Exception {
        try (TestRedis redis = TestRedis.shared()) {
            try (TestDatabase warmUp = shippedSchema()) { // JIT warm-up, not measured
                backlog(warmUp, redis, "warm");
                drain(warmUp, redis, 1);
            }
            for (int instances = 1; instances <= 2; instances++) {
                try (TestDatabase db = shippedSchema()) {
                    List<String> keys = backlog(db, redis, "tp" + instances);
                    double seconds = drain(db, redis, instances);
                    assertEquals(0, redis.countExisting(keys));
                    assertEquals(0L, ((Number) db.value("select count(*) from cache_invalidation_events where processed_at is null")).longValue());
                    System.out.printf("BENCH throughput: %d instance(s), %d events in %.2f s = %.0f events/s%n",
                            instances, EVENTS, seconds, EVENTS / seconds);
                }
            }
        }
    }

    /**
     * Instances as separate processes (java -cp ..., full JIT, as bin/cache-processor runs them), started idle on
     * the empty table; the clock runs from the commit of the 100,000-event insert (their NOTIFY wakes them) until
     * no event is pending.
     */
    @Test
    void throughputWithSeparateProcesses() throws Exception {
        try (TestRedis redis = TestRedis.shared()) {
            for (int instances = 1; instances <= 2; instances++) {
                Path log = Files.createTempFile("cache-bench", ".log");
                List<Process> processes = new ArrayList<>();
                try (TestDatabase db = shippedSchema()) {
                    for (int i = 0; i < instances; i++) {
                        processes.add(ProcessorProcessTest.launch(db, redis.url(), log, "--set", "cache.poll_interval=5s"));
                    }
                    TestDatabase.await("processors idle", () -> ((Number) db.value("select count(*) from pg_stat_activity"
                            + " where datname = current_database() and query like 'listen%'")).intValue() == processes.size());
                    List<String> keys = new ArrayList<>(EVENTS);
                    for (int i = 0; i < EVENTS; i++) {
                        keys.add(redis.key("proc" + instances + ":" + i));
                    }
                    redis.set(keys);
                    long start = System.nanoTime();
                    db.exec("insert into cache_invalidation_events (cache_key) select '" + redis.prefix() + "proc" + instances
                            + ":' || g from generate_series(0, " + (EVENTS - 1) + ") g");
                    long inserted = System.nanoTime();
                    while (((Number) db.value("select count(*) from cache_invalidation_events where processed_at is null"))
                            .longValue() > 0) {
                        Thread.sleep(20);
                    }
                    double seconds = (System.nanoTime() - inserted) / 1e9;
                    assertEquals(0, redis.countExisting(keys));
                    System.out.printf("BENCH throughput, separate processes: %d process(es), %d events in %.2f s after the"
                            + " insert committed (insert took %.2f s) = %.0f events/s%n", instances, EVENTS, seconds,
                            (inserted - start) / 1e9, EVENTS / seconds);
                } finally {
                    for (Process process : processes) {
                        process.destroy();
                        process.waitFor();
                    }
                    Files.deleteIfExists(log);
                }
            }
        }
    }

    /** Events inserted one per transaction at a steady rate; latency = processed_at (set after Redis confirmed) - commit returned. */
    @Test
    void latencyFromCommitToKeyGoneWithNotify() throws Exception {
        int count = 3000;
        long intervalNanos = 4_000_000; // 250 events per second
        try (TestRedis redis = TestRedis.shared(); TestDatabase db = shippedSchema()) {
            List<String> keys = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                keys.add(redis.key("lat:" + i));
            }
            redis.set(keys);
            StopSignal stop = new StopSignal();
            Map<Long, Instant> committed = new HashMap<>();
            try (CacheProcessor processor = new CacheProcessor(settings(redis), db.settings(), stop);
                 Connection producer = db.newConnection();
                 PreparedStatement insert = producer.prepareStatement(
                         "insert into cache_invalidation_events (cache_key) values (?) returning id")) {
                Thread work = new Thread(processor::run);
                work.start();
                Thread.sleep(1000);
                long next = System.nanoTime();
                for (String key : keys) {
                    insert.setString(1, key);
                    try (ResultSet id = insert.executeQuery()) {
                        id.next();
                        committed.put(id.getLong(1), Instant.now());
                    }
                    next += intervalNanos;
                    long wait = next - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                }
                TestDatabase.await("all processed", () -> ((Number) db.value(
                        "select count(*) from cache_invalidation_events where processed_at is null")).longValue() == 0);
                stop.raise();
                work.join(5000);
            }
            List<Double> millis = new ArrayList<>(count);
            try (Connection c = db.newConnection(); PreparedStatement select = c.prepareStatement(
                    "select id, processed_at from cache_invalidation_events")) {
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        Timestamp processedAt = rows.getTimestamp(2);
                        Instant commit = committed.get(rows.getLong(1));
                        millis.add(Duration.between(commit, processedAt.toInstant()).toNanos() / 1e6);
                    }
                }
            }
            Collections.sort(millis);
            assertEquals(count, millis.size());
            assertEquals(0, redis.countExisting(keys));
            System.out.printf("BENCH latency (NOTIFY, %d events at 250/s, one per transaction): p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                    count, millis.get(count / 2), millis.get((int) (count * 0.99)), millis.get(count - 1));
        }
    }
}
