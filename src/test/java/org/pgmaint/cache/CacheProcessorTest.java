package org.pgmaint.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.pgmaint.config.InvalidInputException;
import org.pgmaint.testing.TestDatabase;
import org.pgmaint.testing.TestRedis;
import org.slf4j.LoggerFactory;

/** The processor against real PostgreSQL and Redis: deletions, marking, patterns, NOTIFY, instances, outages. */
class CacheProcessorTest {

    private static Thread start(CacheProcessor processor) {
        Thread thread = new Thread(processor::run, "processor");
        thread.start();
        return thread;
    }

    @Test
    void deletesEveryKeyThenMarksItsEventOnceWithHostileNames() {
        try (TestDatabase db = TestDatabase.create(); TestRedis redis = TestRedis.shared()) {
            EventsFixture events = new EventsFixture(db, EventsFixture.hostileTable(), redis);
            List<String> keys = events.backlog("user", 2500);
            List<String> bystanders = List.of(redis.key("other:1"), redis.key("user"), redis.key("user:1x"));
            redis.set(bystanders);
            try (CacheProcessor processor = new CacheProcessor(events.settings(300), db.settings(), new StopSignal())) {
                processor.drain();
                assertEquals(2500, processor.processedCount());
            }
            assertEquals(0, redis.countExisting(keys));
            assertEquals(3, redis.countExisting(bystanders), "keys without an event are left alone");
            assertEquals(0, events.pending());
            assertEquals(2500, events.processed());
            assertEquals(2500, events.marks());
            assertEquals(2500, events.distinctMarks());
        }
    }

    @Test
    void patternsDeleteMatchingKeysOnlyWhenEnabled() {
        try (TestDatabase db = TestDatabase.create(); TestRedis redis = TestRedis.shared()) {
            EventsFixture events = new EventsFixture(db, EventTable.defaults(), redis);
            List<String> sessions = List.of(redis.key("session:1"), redis.key("session:2:x"), redis.key("session:"));
            List<String> untouched = List.of(redis.key("sessions"), redis.key("user:1"), redis.key("session?"));
            String literalStar = redis.key("weird*key");
            redis.set(sessions);
            redis.set(untouched);
            redis.set(List.of(literalStar, redis.key("weird-other-key")));

            // disabled: "*" is an ordinary character of a key name
            events.insertEvents(List.of(redis.key("session:*"), literalStar));
            try (CacheProcessor off = new CacheProcessor(events.settings(100), db.settings(), new StopSignal())) {
                off.drain();
            }
            assertEquals(3, redis.countExisting(sessions));
            assertFalse(redis.exists(literalStar));
            assertTrue(redis.exists(redis.key("weird-other-key")));

            CacheSettings base = events.settings(100);
            CacheSettings on = new CacheSettings(base.table(), 100, base.pollInterval(), base.channel(), true,
                    base.redis(), base.redisTimeout(), base.maxBackoff());
            // "?" must not act as a wildcard: only "*" is documented as one
            events.insertEvents(List.of(redis.key("session:*"), redis.key("sessio?")));
            try (CacheProcessor processor = new CacheProcessor(on, db.settings(), new StopSignal())) {
                processor.drain();
            }
            assertEquals(0, redis.countExisting(sessions));
            assertEquals(3, redis.countExisting(untouched));
            assertEquals(0, events.pending());
        }
    }

    @Test
    void notifyWakesTheProcessorLongBeforeThePollInterval() throws Exception {
        try (TestDatabase db = TestDatabase.create(); TestRedis redis = TestRedis.shared()) {
            EventsFixture events = new EventsFixture(db, EventsFixture.hostileTable(), redis);
            CacheSettings base = events.settings(100);
            try (Connection c = db.newConnection()) {
                TriggerInstaller.install(c, base.table(), base.channel());
            }
            CacheSettings slowPoll = new CacheSettings(base.table(), 100, Duration.ofHours(1), base.channel(), false,
                    base.redis(), base.redisTimeout(), base.maxBackoff());
            StopSignal stop = new StopSignal();
            try (CacheProcessor processor = new CacheProcessor(slowPoll, db.settings(), stop)) {
                Thread thread = start(processor);
                Thread.sleep(500); // let it go idle in its wait
                for (int round = 0; round < 3; round++) {
                    List<String> keys = List.of(redis.key("n" + round));
                    redis.set(keys);
                    long inserted = System.nanoTime();
                    events.insertEvents(keys);
                    TestDatabase.await("key deleted after NOTIFY", () -> !redis.exists(keys.get(0)));
                    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - inserted);
                    assertTrue(millis < 2000, "woken by NOTIFY, not by the 1 h poll: " + millis + " ms");
                }
                stop.raise();
                thread.join(5000);
                assertFalse(thread.isAlive());
            }
            assertEquals(0, events.pending());
        }
    }

    @Test
    void pollingFindsEventsWithoutTheTrigger() throws Exception {
        try (TestDatabase db = TestDatabase.create(); TestRedis redis = TestRedis.shared()) {
            EventsFixture events = new EventsFixture(db, EventTable.defaults(), redis);
            StopSignal stop = new StopSignal();
            try (CacheProcessor processor = new CacheProcessor(events.settings(100), db.settings(), stop)) {
                Thread thread = start(processor);
                List<String> keys = events.backlog("poll", 10);
                TestDatabase.await("events processed by polling", () -> events.pending() == 0);
                assertEquals(0, redis.countExisting(keys));
                stop.raise();
                thread.join(5000);
            }
        }
    }

    @Test
    void twoInstancesShareOneBacklogWithoutProcessingAnEventTwice() throws Exception {
        try (TestDatabase db = TestDatabase.create(); TestRedis redis = TestRedis.shared()) {
            EventsFixture events = new EventsFixture(db, EventTable.defaults(), redis);
            List<String> keys = events.backlog("two", 20_000);
            try (CacheProcessor first = new CacheProcessor(events.settings(200), db.settings(), new StopSignal());
                 CacheProcessor second = new CacheProcessor(events.settings(200), db.settings(), new StopSignal())) {
                Thread a = new Thread(first::drain);
                Thread b = new Thread(second::drain);
                a.start();
                b.start();
                a.join(120_000);
                b.join(120_000);
                assertTrue(first.processedCount() > 0 && second.processedCount() > 0,
                        "both instances worked: " + first.processedCount() + " + " + second.processedCount());
                assertEquals(20_000, first.processedCount() + second.processedCount());
            }
            assertEquals(0, events.pending());
            assertEquals(20_000, events.marks(), "each event marked once");
            assertEquals(20_000, events.distinctMarks());
            assertEquals(2, ((Number) db.value("select count(distinct marked_by) from marks")).intValue());
            assertEquals(0, redis.countExisting(keys));
        }
    }

    @Test
    void lostDatabaseConnectionsAreReopenedAndLoggedOncePerOutage() throws Exception {
        Logger outageLogger = (Logger) LoggerFactory.getLogger(OutageLog.class);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        outageLogger.addAppender(logged);
        try (TestDatabase db = TestDatabase.create(); TestRedis redis = TestRedis.shared()) {
            EventsFixture events = new EventsFixture(db, EventTable.defaults(), redis);
            StopSignal stop = new StopSignal();
            try (CacheProcessor processor = new CacheProcessor(events.settings(10), db.settings(), stop)) {
                List<String> keys = new ArrayList<>(events.backlog("pg", 20_000));
                Thread thread = start(processor);
                TestDatabase.await("first batches", () -> events.processed() > 0);
                assertTrue(events.pending() > 0, "terminated while the backlog is being worked on");
                Object terminated = db.value("select count(*) filter (where pg_terminate_backend(pid)) from pg_stat_activity"
                        + " where datname = current_database() and pid <> pg_backend_pid()");
                assertEquals(1L, ((Number) terminated).longValue(), "the processor's work connection");
                keys.addAll(events.backlog("pg-after", 100));
                TestDatabase.await("all events processed after reconnecting", () -> events.pending() == 0);
                assertEquals(0, redis.countExisting(keys));
                stop.raise();
                thread.join(5000);
            } finally {
                outageLogger.detachAppender(logged);
            }
            assertEquals(events.marks(), events.distinctMarks());
            long down = logged.list.stream().filter(e -> e.getFormattedMessage().startsWith("PostgreSQL unavailable")).count();
            assertEquals(1, down, "one outage, one message: " + logged.list);
        }
    }

    @Test
    void anEventWithoutAKeyIsMarkedAndTheOthersDeleted() {
        try (TestDatabase db = TestDatabase.create(); TestRedis redis = TestRedis.shared()) {
            db.exec("create table cache_invalidation_events (id bigserial primary key, cache_key text,"
                    + " created_at timestamptz default now(), processed_at timestamptz)");
            List<String> keys = List.of(redis.key("a"), redis.key("b"));
            redis.set(keys);
            db.exec("insert into cache_invalidation_events (cache_key) values (null), ('" + keys.get(0) + "'), (''), ('"
                    + keys.get(1) + "')");
            CacheSettings settings = new CacheSettings(EventTable.defaults(), 10, Duration.ofSeconds(1), "c", false,
                    redis.endpoint(), Duration.ofSeconds(2), Duration.ofMillis(100));
            try (CacheProcessor processor = new CacheProcessor(settings, db.settings(), new StopSignal())) {
                processor.drain();
                assertEquals(4, processor.processedCount());
            }
            assertEquals(0, redis.countExisting(keys));
        }
    }

    @Test
    void aNonIntegerIdColumnIsAConfigurationError() {
        try (TestDatabase db = TestDatabase.create(); TestRedis redis = TestRedis.shared()) {
            db.exec("create table cache_invalidation_events (id uuid primary key default gen_random_uuid(), cache_key text,"
                    + " created_at timestamptz default now(), processed_at timestamptz)",
                    "insert into cache_invalidation_events (cache_key) values ('x')");
            CacheSettings settings = new CacheSettings(EventTable.defaults(), 10, Duration.ofSeconds(1), "c", false,
                    redis.endpoint(), Duration.ofSeconds(2), Duration.ofMillis(100));
            try (CacheProcessor processor = new CacheProcessor(settings, db.settings(), new StopSignal())) {
                InvalidInputException error = assertThrows(InvalidInputException.class, processor::drain);
                assertTrue(error.describe().contains("must be integer or bigint"), error.describe());
            }
            assertEquals(1L, ((Number) db.value("select count(*) from cache_invalidation_events where processed_at is null"))
                    .longValue());
        }
    }

    @Test
    void aMissingTableIsAConfigurationErrorNotAnOutage() {
        try (TestDatabase db = TestDatabase.create(); TestRedis redis = TestRedis.shared()) {
            CacheSettings settings = new CacheSettings(new EventTable("public", "no_such_events", "id", "cache_key",
                    "created_at", "processed_at"), 10, Duration.ofSeconds(1), "c", false, redis.endpoint(),
                    Duration.ofSeconds(2), Duration.ofMillis(100));
            try (CacheProcessor processor = new CacheProcessor(settings, db.settings(), new StopSignal())) {
                InvalidInputException error = assertThrows(InvalidInputException.class, processor::drain);
                assertTrue(error.describe().contains("no_such_events") && error.describe().contains("cache.table"),
                        error.describe());
            }
        }
    }
}
