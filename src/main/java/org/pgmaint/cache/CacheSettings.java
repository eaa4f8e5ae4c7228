package org.pgmaint.cache;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.pgmaint.config.Config;
import org.pgmaint.config.ConfigKey;
import org.pgmaint.config.ConfigKeys;
import org.pgmaint.config.InvalidInputException;
import org.pgmaint.config.Problem;

/** The cache processor's settings, validated; every problem reported together. */
public record CacheSettings(EventTable table, int batchSize, Duration pollInterval, String channel,
                            boolean patternsEnabled, RedisEndpoint redis, Duration redisTimeout, Duration maxBackoff) {
    public static final String REDIS_URL_ENV = "REDIS_URL";
    private static final Pattern CHANNEL = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

    /**
     * Reads the cache.* keys. The Redis URL comes from cache.redis_url, else the REDIS_URL environment
     * variable (not a PGMAINT_* key, so it is read here rather than by the config loader), else
     * redis://127.0.0.1:6379.
     */
    public static CacheSettings from(Config config, Map<String, String> env) {
        List<Problem> problems = new ArrayList<>();
        EventTable table = new EventTable(name(config, ConfigKeys.CACHE_SCHEMA, problems),
                name(config, ConfigKeys.CACHE_TABLE, problems), name(config, ConfigKeys.CACHE_ID_COLUMN, problems),
                name(config, ConfigKeys.CACHE_KEY_COLUMN, problems), name(config, ConfigKeys.CACHE_CREATED_COLUMN, problems),
                name(config, ConfigKeys.CACHE_PROCESSED_COLUMN, problems));
        // batch size, poll interval, timeouts: range-checked where their keys are declared (ConfigKeys)
        int batchSize = config.integer(ConfigKeys.CACHE_BATCH_SIZE);
        Duration poll = config.duration(ConfigKeys.CACHE_POLL_INTERVAL);
        Duration redisTimeout = config.duration(ConfigKeys.CACHE_REDIS_TIMEOUT);
        Duration maxBackoff = config.duration(ConfigKeys.CACHE_MAX_BACKOFF);
        String channel = config.string(ConfigKeys.CACHE_CHANNEL);
        if (channel == null || !CHANNEL.matcher(channel).matches()) {
            problems.add(problem(config, ConfigKeys.CACHE_CHANNEL, "'" + channel
                    + "' is not a valid channel name: letters, digits and _, at most 63, e.g. pgmaint_cache_invalidation"));
        }
        RedisEndpoint redis = null;
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
            problems.add(Problem.of(source, ConfigKeys.CACHE_REDIS_URL.name(), e.getMessage()));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException("cache processor configuration", problems);
        }
        return new CacheSettings(table, batchSize, poll, channel, config.bool(ConfigKeys.CACHE_PATTERNS), redis,
                redisTimeout, maxBackoff);
    }

    private static String name(Config config, ConfigKey key, List<Problem> problems) {
        String value = config.string(key);
        if (value == null || value.isEmpty() || value.indexOf('\0') >= 0) {
            problems.add(problem(config, key, "must name a table or column (any characters, quoted for you), e.g. "
                    + key.defaultValue()));
            return String.valueOf(key.defaultValue());
        }
        return value;
    }

    private static Problem problem(Config config, ConfigKey key, String message) {
        return Problem.of(config.origin(key.name()), key.name(), message);
    }
}
