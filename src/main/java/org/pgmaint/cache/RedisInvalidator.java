package org.pgmaint.cache;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLParameters;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisAccessControlException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * Deletes keys in Redis and returns only once Redis has answered every command: pipelined UNLINK for plain
 * keys, SCAN + UNLINK for patterns. Any failure is thrown (JedisException), so the caller marks nothing.
 * One connection, opened lazily and dropped after a failure so the next call reconnects. TLS (rediss://) uses the
 * JVM's trust store (-Djavax.net.ssl.trustStore=...) and verifies the host name.
 */
public final class RedisInvalidator implements AutoCloseable {
    private static final int SCAN_COUNT = 1000;

    private final RedisEndpoint endpoint;
    private final Duration timeout;
    private final boolean patternsEnabled;
    private Jedis jedis;

    public RedisInvalidator(RedisEndpoint endpoint, Duration timeout, boolean patternsEnabled) {
        this.endpoint = endpoint;
        this.timeout = timeout;
        this.patternsEnabled = patternsEnabled;
    }

    /** Connects (if needed) and pings; throws when Redis is not there. */
    public void ping() {
        try {
            connection().ping();
        } catch (RuntimeException e) {
            disconnect();
            throw refusedOr(e);
        }
    }

    /** Removes the keys; returns how many existed. Throws unless Redis confirmed every deletion. */
    public long invalidate(List<String> keys) {
        Set<String> plain = new LinkedHashSet<>();
        Set<String> patterns = new LinkedHashSet<>();
        for (String key : keys) {
            (patternsEnabled && key.indexOf('*') >= 0 ? patterns : plain).add(key);
        }
        try {
            long removed = unlink(plain);
            for (String pattern : patterns) {
                removed += unlinkMatching(pattern);
            }
            return removed;
        } catch (RuntimeException e) {
            disconnect();
            throw refusedOr(e);
        }
    }

    private long unlink(Set<String> keys) {
        if (keys.isEmpty()) {
            return 0;
        }
        Pipeline pipeline = connection().pipelined();
        List<Response<Long>> answers = new ArrayList<>(keys.size());
        for (String key : keys) {
            answers.add(pipeline.unlink(key));
        }
        pipeline.sync();
        long removed = 0;
        for (Response<Long> answer : answers) {
            removed += answer.get();
        }
        return removed;
    }

    private long unlinkMatching(String pattern) {
        ScanParams params = new ScanParams().match(onlyStarIsWild(pattern)).count(SCAN_COUNT);
        String cursor = ScanParams.SCAN_POINTER_START;
        long removed = 0;
        do {
            ScanResult<String> page = connection().scan(cursor, params);
            if (!page.getResult().isEmpty()) {
                removed += connection().unlink(page.getResult().toArray(String[]::new));
            }
            cursor = page.getCursor();
        } while (!ScanParams.SCAN_POINTER_START.equals(cursor));
        return removed;
    }

    /** Redis globs also know ?, [...] and \; escape them so that only * is a wildcard, as documented. */
    static String onlyStarIsWild(String pattern) {
        StringBuilder escaped = new StringBuilder(pattern.length() + 8);
        for (char c : pattern.toCharArray()) {
            if (c == '?' || c == '[' || c == ']' || c == '\\') {
                escaped.append('\\');
            }
            escaped.append(c);
        }
        return escaped.toString();
    }

    /** NOAUTH (no password given), WRONGPASS, NOPERM: the server refused these credentials, whatever the command. */
    private RuntimeException refusedOr(RuntimeException e) {
        if (e instanceof JedisAccessControlException) {
            return new RedisRefusedException("Redis at " + endpoint.describe() + " refused the login: " + e.getMessage(), e);
        }
        return e;
    }

    private Jedis connection() {
        if (jedis == null) {
            int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
            DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                    .connectionTimeoutMillis(millis).socketTimeoutMillis(millis)
                    .database(endpoint.database()).ssl(endpoint.tls()).clientName("pgmaint-cache-processor");
            if (endpoint.password() != null) {
                config.user(endpoint.user()).password(endpoint.password());
            }
            if (endpoint.tls()) {
                // Jedis checks the certificate chain but not the host name unless asked to
                SSLParameters tls = new SSLParameters();
                tls.setEndpointIdentificationAlgorithm("HTTPS");
                config.sslParameters(tls);
            }
            try {
                jedis = new Jedis(new HostAndPort(endpoint.host(), endpoint.port()), config.build());
            } catch (JedisDataException e) {
                // an error reply to AUTH, SELECT or CLIENT SETNAME while connecting: the settings, not an outage
                throw e instanceof JedisAccessControlException ? refusedOr(e) : new RedisRefusedException("Redis at "
                        + endpoint.describe() + " refused the connection setup: " + e.getMessage(), e);
            }
        }
        return jedis;
    }

    private void disconnect() {
        if (jedis != null) {
            try {
                jedis.close();
            } catch (RuntimeException ignored) {
                // already broken: nothing to release
            }
            jedis = null;
        }
    }

    @Override
    public void close() {
        disconnect();
    }
}
