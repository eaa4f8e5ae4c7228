package org.pgmaint.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pgmaint.db.Identifiers;
import org.pgmaint.testing.OwnRedisServer;
import org.pgmaint.testing.TestDatabase;
import org.pgmaint.testing.TestRedis;
import org.slf4j.LoggerFactory;
import org.pgmaint.testing.VersionIndependent;

/**
 * Redis stopped (SHUTDOWN NOSAVE) in the middle of a backlog and started again. While it runs, a watcher checks
 * the invariant over and over: no event is marked processed while its key still exists.
 */
@VersionIndependent
class RedisOutageTest {

    /**
     * @param persistent false: Redis comes back empty and the application refills the keys of pending events;
     *                   true: Redis keeps an append-only file, so a key not deleted before the stop is there after it
     *                   (this is the case that catches an event marked before its deletion was confirmed)
     */
    @ParameterizedTest(name = "persistent Redis: {0}")
    @ValueSource(booleans = {false, true})
    void nothingIsMarkedWhileRedisIsDownAndEverythingIsDoneWhenItReturns(boolean persistent) throws Exception {
        Logger outageLogger = (Logger) LoggerFactory.getLogger(OutageLog.class);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        outageLogger.addAppender(logged);
        outageLogger.setLevel(ch.qos.logback.classic.Level.INFO);
        long pendingAtStopForReport = 0;
        try (OwnRedisServer server = new OwnRedisServer(persistent); TestDatabase db = TestDatabase.create()) {
            server.start();
            TestRedis redis = new TestRedis(server.endpoint());
            EventsFixture events = new EventsFixture(db, EventTable.defaults(), redis);
            List<String> keys = events.backlog("outage", 30_000);
            InvariantWatcher watcher = new InvariantWatcher(events, server);
            StopSignal stop = new StopSignal();
            try (CacheProcessor processor = new CacheProcessor(events.settings(50), db.settings(), stop)) {
                Thread work = new Thread(processor::run, "processor");
                watcher.start();
                work.start();
                TestDatabase.await("first batches", () -> events.processed() > 0);

                server.stop();
                long pendingAtStop = events.pending();
                assertTrue(pendingAtStop > 0, "Redis stopped mid-backlog");
                pendingAtStopForReport = pendingAtStop;
                Thread.sleep(300); // a batch Redis confirmed just before the shutdown may still commit
                long processedWhileDown = events.processed();
                Thread.sleep(2000);
                assertEquals(processedWhileDown, events.processed(), "no event marked while Redis is down");

                if (persistent) {
                    server.start();
                } else {
                    refillAndStart(events, server);
                }
                TestDatabase.await("every event processed after Redis returned", () -> events.pending() == 0);
                stop.raise();
                work.join(5000);
            } finally {
                watcher.finish();
                outageLogger.detachAppender(logged);
            }
            try (TestRedis after = new TestRedis(server.endpoint())) {
                assertEquals(0, after.countExisting(keys), "every key deleted in the end");
            }
            assertEquals(30_000, events.processed());
            assertEquals(30_000, events.distinctMarks());
            assertEquals(30_000, events.marks(), "none marked twice");
            assertTrue(watcher.rounds.get() >= 5, "the invariant was checked while processing: " + watcher.rounds.get() + " rounds");
            assertEquals(0, watcher.violations.get(), "events marked processed while their key existed");
            long down = logged.list.stream().filter(e -> e.getFormattedMessage().startsWith("Redis unavailable")).count();
            long back = logged.list.stream().filter(e -> e.getFormattedMessage().startsWith("Redis available again")).count();
            assertEquals(1, down, "one message per outage, not per attempt: " + logged.list);
            assertEquals(1, back);
            System.out.printf("redis outage (persistent %s): %d events, %d pending at stop, invariant checked %d rounds, %d violations%n",
                    persistent, keys.size(), pendingAtStopForReport, watcher.rounds.get(), watcher.violations.get());
        } finally {
            outageLogger.detachAppender(logged);
            outageLogger.setLevel(null);
        }
    }

    /**
     * Redis comes back empty (no persistence); the application refills the cache with the keys of pending events
     * before the processor can reach it (the table lock keeps it from claiming meanwhile).
     */
    private static void refillAndStart(EventsFixture events, OwnRedisServer server) throws Exception {
        try (Connection c = events.db.newConnection(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.execute("lock table " + events.table.qualifiedName() + " in exclusive mode");
            server.start();
            List<String> pendingKeys = new ArrayList<>();
            try (var rows = s.executeQuery("select cache_key from cache_invalidation_events where processed_at is null")) {
                while (rows.next()) {
                    pendingKeys.add(rows.getString(1));
                }
            }
            try (TestRedis refill = new TestRedis(server.endpoint())) {
                refill.set(pendingKeys);
            }
            c.commit();
        }
    }

    /** Reads the committed processed events, then checks their keys are gone from Redis; repeats. */
    private static final class InvariantWatcher extends Thread {
        final AtomicLong rounds = new AtomicLong();
        final AtomicLong violations = new AtomicLong();
        private final EventsFixture events;
        private final OwnRedisServer server;
        private volatile boolean finished;

        InvariantWatcher(EventsFixture events, OwnRedisServer server) {
            super("invariant-watcher");
            this.events = events;
            this.server = server;
        }

        @Override
        public void run() {
            try (Connection c = events.db.newConnection(); Statement s = c.createStatement()) {
                while (!finished) {
                    List<String> processed = new ArrayList<>();
                    try (var rows = s.executeQuery("select " + Identifiers.quote(events.table.keyColumn()) + " from "
                            + events.table.qualifiedName() + " where " + Identifiers.quote(events.table.processedColumn())
                            + " is not null")) {
                        while (rows.next()) {
                            processed.add(rows.getString(1));
                        }
                    }
                    try (TestRedis redis = new TestRedis(server.endpoint())) {
                        violations.addAndGet(redis.countExisting(processed));
                        rounds.incrementAndGet();
                    } catch (RuntimeException redisDown) {
                        Thread.sleep(20);
                    }
                }
            } catch (Exception e) {
                violations.set(Long.MIN_VALUE);
                throw new IllegalStateException(e);
            }
        }

        void finish() throws InterruptedException {
            finished = true;
            join(10_000);
        }
    }
}
