package org.pgmaint.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pgmaint.config.Config;
import org.pgmaint.config.ConfigLoader;
import org.pgmaint.config.InvalidInputException;

class CacheSettingsTest {

    private static Config config(Map<String, String> flags) {
        return ConfigLoader.load(new ConfigLoader.Sources(null, Map.of(), flags, Path.of("target")));
    }

    @Test
    void defaults() {
        CacheSettings settings = CacheSettings.from(config(Map.of()), Map.of());
        assertEquals(EventTable.defaults(), settings.table());
        assertEquals(1000, settings.batchSize());
        assertEquals(Duration.ofSeconds(5), settings.pollInterval());
        assertEquals("pgmaint_cache_invalidation", settings.channel());
        assertFalse(settings.patternsEnabled());
        assertEquals(RedisEndpoint.parse("redis://127.0.0.1:6379"), settings.redis());
    }

    @Test
    void redisUrlFromConfigWinsOverTheEnvironment() {
        CacheSettings fromEnv = CacheSettings.from(config(Map.of()), Map.of("REDIS_URL", "redis://envhost:7000/4"));
        assertEquals("envhost", fromEnv.redis().host());
        assertEquals(4, fromEnv.redis().database());
        CacheSettings fromConfig = CacheSettings.from(config(Map.of("cache.redis_url", "rediss://cfg:6380/1")),
                Map.of("REDIS_URL", "redis://envhost:7000/4"));
        assertEquals("cfg", fromConfig.redis().host());
        assertTrue(fromConfig.redis().tls());
    }

    @Test
    void everyProblemIsReportedWithItsKeyAndAValidExample() {
        InvalidInputException error = assertThrows(InvalidInputException.class, () -> CacheSettings.from(config(Map.of(
                "cache.redis_url", "http://:topsecret@host")), Map.of()));
        String text = error.describe();
        assertEquals(1, error.problems().size(), text);
        assertTrue(text.contains("cache.redis_url: the scheme must be redis:// or rediss://"), text);
        assertFalse(text.contains("topsecret"), "the Redis password is never echoed: " + text);
        // names, the channel, numbers and durations are checked when the config loads, all together
        InvalidInputException ranges = assertThrows(InvalidInputException.class, () -> config(Map.of(
                "cache.batch_size", "0", "cache.poll_interval", "0s", "cache.channel", "bad channel", "cache.table", "")));
        assertEquals(4, ranges.problems().size(), ranges.describe());
        assertTrue(ranges.describe().contains("cache.channel: 'bad channel' is not valid: should be a channel name:"),
                ranges.describe());
        assertTrue(ranges.describe().contains("cache.table: '' is not valid: should be a name"), ranges.describe());
        assertTrue(ranges.describe().contains("cache.batch_size: '0' is not valid: should be a whole number from 1 to 100000"),
                ranges.describe());
        assertTrue(ranges.describe().contains("cache.poll_interval: '0s' is not valid: should be a duration from 10ms to 1h"),
                ranges.describe());
    }

    @Test
    void aBadRedisUrlFromTheEnvironmentNamesTheVariable() {
        InvalidInputException error = assertThrows(InvalidInputException.class,
                () -> CacheSettings.from(config(Map.of()), Map.of("REDIS_URL", "localhost:6379")));
        assertTrue(error.describe().contains("environment variable REDIS_URL: cache.redis_url"), error.describe());
    }
}
