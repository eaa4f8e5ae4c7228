package org.pgmaint.testing;

import java.util.List;
import java.util.UUID;
import org.pgmaint.cache.RedisEndpoint;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * The Redis named by REDIS_URL (default redis://127.0.0.1:6379) seen through a key prefix of its own, so tests
 * never touch other keys (no FLUSHALL, ever). Close removes the prefix's keys.
 */
public final class TestRedis implements AutoCloseable {
    private final RedisEndpoint endpoint;
    private final String prefix;
    private final Jedis jedis;

    public TestRedis(RedisEndpoint endpoint) {
        this.endpoint = endpoint;
        this.prefix = "pgmaint-test:" + UUID.randomUUID().toString().substring(0, 8) + ":";
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .database(endpoint.database()).ssl(endpoint.tls()).socketTimeoutMillis(5000);
        if (endpoint.password() != null) {
            config.user(endpoint.user()).password(endpoint.password());
        }
        this.jedis = new Jedis(new HostAndPort(endpoint.host(), endpoint.port()), config.build());
    }

    public static TestRedis shared() {
        String url = System.getenv("REDIS_URL");
        return new TestRedis(RedisEndpoint.parse(url == null || url.isBlank() ? RedisEndpoint.DEFAULT_URL : url));
    }

    public RedisEndpoint endpoint() {
        return endpoint;
    }

    /** The URL of this Redis (with its password, if any): for cache.redis_url. */
    public String url() {
        String auth = endpoint.password() == null ? "" : (endpoint.user() == null ? "" : endpoint.user()) + ":" + endpoint.password() + "@";
        return (endpoint.tls() ? "rediss://" : "redis://") + auth + endpoint.host() + ":" + endpoint.port() + "/" + endpoint.database();
    }

    public String key(String name) {
        return prefix + name;
    }

    public String prefix() {
        return prefix;
    }

    public void set(List<String> keys) {
        Pipeline pipeline = jedis.pipelined();
        for (String key : keys) {
            pipeline.set(key, "v");
        }
        pipeline.sync();
    }

    public boolean exists(String key) {
        return jedis.exists(key);
    }

    /** How many of these keys exist. */
    public long countExisting(List<String> keys) {
        long count = 0;
        for (int from = 0; from < keys.size(); from += 1000) {
            count += jedis.exists(keys.subList(from, Math.min(keys.size(), from + 1000)).toArray(String[]::new));
        }
        return count;
    }

    public Jedis jedis() {
        return jedis;
    }

    @Override
    public void close() {
        try {
            ScanParams params = new ScanParams().match(prefix + "*").count(1000);
            String cursor = ScanParams.SCAN_POINTER_START;
            do {
                ScanResult<String> page = jedis.scan(cursor, params);
                if (!page.getResult().isEmpty()) {
                    jedis.unlink(page.getResult().toArray(String[]::new));
                }
                cursor = page.getCursor();
            } while (!ScanParams.SCAN_POINTER_START.equals(cursor));
        } catch (RuntimeException ignored) {
            // a stopped test server has nothing left to clean
        } finally {
            jedis.close();
        }
    }
}
