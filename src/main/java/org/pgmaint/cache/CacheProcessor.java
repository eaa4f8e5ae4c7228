package org.pgmaint.cache;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.pgmaint.config.ConfigKeys;
import org.pgmaint.config.InvalidInputException;
import org.pgmaint.config.Problem;
import org.pgmaint.config.ValueType;
import org.pgmaint.db.ConnectionSettings;
import org.pgmaint.db.Connections;
import org.pgmaint.db.DatabaseUnavailableException;
import org.pgmaint.db.SqlState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Turns pending events into Redis deletions: claim a batch (FOR UPDATE SKIP LOCKED), delete its keys and wait
 * for Redis to confirm, then mark the events processed and commit. A batch is never marked before Redis
 * confirmed; a failed or interrupted batch is rolled back and claimed again later (deleting a key twice is
 * harmless). Outages of Redis or PostgreSQL are retried with backoff and logged once each; a one-shot drain gives
 * up after {@link #ONCE_GIVE_UP} of one outage. A refused Redis login is a configuration error, never retried.
 */
public final class CacheProcessor implements AutoCloseable {
    static final String REDIS = "Redis";
    static final String POSTGRES = "PostgreSQL";
    /** How long {@link #drain()} (--once) retries one outage before it gives up with {@link GaveUpException}. */
    public static final Duration ONCE_GIVE_UP = Duration.ofSeconds(30);
    private static final Logger log = LoggerFactory.getLogger(CacheProcessor.class);

    private final CacheSettings settings;
    private final EventStore store;
    private final RedisInvalidator redis;
    private final Wakeup wakeup;
    private final StopSignal stop;
    private final Backoff backoff;
    private final OutageLog outages = new OutageLog();
    private final AtomicLong processed = new AtomicLong();

    public CacheProcessor(CacheSettings settings, ConnectionSettings database, StopSignal stop) {
        this.settings = settings;
        this.store = new EventStore(database, settings.table());
        this.redis = new RedisInvalidator(settings.redis(), settings.redisTimeout(), settings.patternsEnabled());
        this.wakeup = new Wakeup(database, settings.channel());
        this.stop = stop;
        this.backoff = new Backoff(settings.maxBackoff());
    }

    /** Runs until stop is raised. */
    public void run() {
        loop(false);
    }

    /**
     * Processes until no pending event is left (or stop is raised); for one-shot runs and tests. Throws
     * {@link GaveUpException} when Redis or PostgreSQL stays unavailable for {@link #ONCE_GIVE_UP}.
     */
    public void drain() {
        loop(true);
    }

    private void loop(boolean untilEmpty) {
        log.info("cache processor started: events in {}, Redis at {}, batch size {}, channel {}, poll every {}",
                settings.table().describe(), settings.redis().describe(), settings.batchSize(), settings.channel(),
                ValueType.format(settings.pollInterval()));
        try {
            redis.ping(); // a refused login ends the processor now, not when the first event arrives
        } catch (JedisException e) {
            outages.failed(REDIS, e.getMessage()); // the first batch waits for Redis
        } catch (RedisRefusedException e) {
            throw refused(e);
        }
        while (!stop.isRaised()) {
            try {
                int count = processBatch();
                backoff.reset();
                if (count == 0 && untilEmpty) {
                    break;
                }
                if (count < settings.batchSize() && !untilEmpty) {
                    wakeup.await(settings.pollInterval(), stop);
                    outages.recovered(POSTGRES);
                }
            } catch (RedisRefusedException e) {
                store.rollback();
                throw refused(e);
            } catch (JedisException e) {
                store.rollback();
                outages.failed(REDIS, e.getMessage());
                retryLater(untilEmpty, REDIS, e.getMessage());
            } catch (SQLException e) {
                failIfMisconfigured(e);
                store.rollback();
                store.disconnect();
                wakeup.disconnect();
                outages.failed(POSTGRES, Connections.firstLine(e));
                retryLater(untilEmpty, POSTGRES, Connections.firstLine(e));
            } catch (DatabaseUnavailableException e) {
                store.disconnect();
                wakeup.disconnect();
                outages.failed(POSTGRES, e.getMessage());
                retryLater(untilEmpty, POSTGRES, e.getMessage());
            }
        }
        store.rollback();
        log.info("cache processor stopped after {} events", processed.get());
    }

    /** One batch: returns how many events it claimed (and marked). */
    int processBatch() throws SQLException {
        if (outages.isDown(REDIS)) {
            redis.ping(); // wait for Redis before taking row locks again
            outages.recovered(REDIS);
        }
        List<Event> events = store.claim(settings.batchSize());
        outages.recovered(POSTGRES);
        if (events.isEmpty()) {
            store.commit();
            return 0;
        }
        List<String> keys = new ArrayList<>(events.size());
        for (Event event : events) {
            if (event.key() == null || event.key().isEmpty()) {
                log.warn("event {} names no key: nothing to delete, marked processed", event.id());
            } else {
                keys.add(event.key());
            }
        }
        redis.invalidate(keys);
        outages.recovered(REDIS);
        int marked = store.markProcessedAndCommit(events);
        processed.addAndGet(marked);
        return events.size();
    }

    /** Waits before the next attempt; a one-shot drain gives up once the outage has lasted ONCE_GIVE_UP. */
    private void retryLater(boolean untilEmpty, String service, String reason) {
        Duration wait = backoff.next();
        if (untilEmpty) {
            Duration down = outages.downFor(service);
            if (down.compareTo(ONCE_GIVE_UP) >= 0) {
                store.rollback();
                throw new GaveUpException("cache processor --once gave up: " + service + " unavailable for "
                        + down.toMillis() / 1000.0 + " s (" + reason + "); " + processed.get()
                        + " events processed before, none marked while it was unavailable");
            }
            Duration left = ONCE_GIVE_UP.minus(down);
            wait = wait.compareTo(left) > 0 ? left : wait;
        }
        stop.sleep(wait);
    }

    private InvalidInputException refused(RedisRefusedException e) {
        return new InvalidInputException("cache processor configuration", Problem.of(ConfigKeys.CACHE_REDIS_URL.name()
                + " (else $" + CacheSettings.REDIS_URL_ENV + ")", "", e.getMessage()
                + " (check the user and password in the URL; not retried: a refused login does not heal)"));
    }

    /**
     * Errors of class 42 (no such table or column, no privilege) and 22 (an id that is not an integer) will not
     * heal by retrying.
     */
    private void failIfMisconfigured(SQLException e) {
        if (SqlState.isMisconfiguration(e)) {
            store.rollback();
            throw new InvalidInputException("cache processor configuration", Problem.of("events table "
                    + settings.table().describe(), "cache.table",
                    Connections.firstLine(e) + " (check cache.schema, cache.table and the cache.*_column keys (the id column"
                            + " must be integer or bigint), and the role's privileges)"));
        }
    }

    public long processedCount() {
        return processed.get();
    }

    @Override
    public void close() {
        store.close();
        wakeup.close();
        redis.close();
    }
}
