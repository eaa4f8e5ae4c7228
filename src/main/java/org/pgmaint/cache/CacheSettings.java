package org.pgmaint.cache;

import java.time.Duration;
import java.util.Map;
import org.pgmaint.config.Config;
import org.pgmaint.config.ConfigKeys;
import org.pgmaint.config.InvalidInputException;
import org.pgmaint.config.Problem;

/** The cache processor's settings; the Redis URL is checked here, the other values when the config loads. */
public record CacheSettings(EventTable table, int batchSize, Duration pollInterval, String channel,
                            boolean patternsEnabled, RedisEndpoint redis, Duration redisTimeout, Duration maxBackoff) {
    public static final String REDIS_URL_ENV = "REDIS_URL";

    /**
     * Reads the cache.* keys. The Redis URL comes from cache.redis_url, else the REDIS_URL environment
     * variable (not a PGMAINT_* key, so it is read here rather than by the config loader), else
     * redis://127.0.0.1:6379.
     */
    public static CacheSettings from(Config config, Map<String, String> env) {
        // names, channel, batch size, poll interval, timeouts: checked where their keys are declared (ConfigKeys)
        EventTable table = new EventTable(config.string(ConfigKeys.CACHE_SCHEMA), config.string(ConfigKeys.CACHE_TABLE),
                config.string(ConfigKeys.CACHE_ID_COLUMN), config.string(ConfigKeys.CACHE_KEY_COLUMN),
                config.string(ConfigKeys.CACHE_CREATED_COLUMN), config.string(ConfigKeys.CACHE_PROCESSED_COLUMN));
        RedisEndpoint redis;
        String url = config.string(ConfigKeys.CACHE_REDIS_URL);
        String source = config.origin(ConfigKeys.CACHE_REDIS_URL.name());
        if (url == null || url.isBlank()) {
            url = env.get(REDIS_URL_ENV);
            source = "environment variable " + REDIS_URL_ENV;
        }
        if (url == null || url.isBlank()) {
            url = RedisEndpoint.DEFAULT_URL;
        }
        try {
            redis = RedisEndpoint.parse(url);
        } catch (IllegalArgumentException e) {
            // the URL may hold a password: name where it came from, never echo it
            throw new InvalidInputException("cache processor configuration",
                    Problem.of(source, ConfigKeys.CACHE_REDIS_URL.name(), e.getMessage()));
        }
        return new CacheSettings(table, config.integer(ConfigKeys.CACHE_BATCH_SIZE),
                config.duration(ConfigKeys.CACHE_POLL_INTERVAL), config.string(ConfigKeys.CACHE_CHANNEL),
                config.bool(ConfigKeys.CACHE_PATTERNS), redis, config.duration(ConfigKeys.CACHE_REDIS_TIMEOUT),
                config.duration(ConfigKeys.CACHE_MAX_BACKOFF));
    }
}
