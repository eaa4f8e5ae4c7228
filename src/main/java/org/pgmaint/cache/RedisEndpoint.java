package org.pgmaint.cache;

import java.net.URI;
import java.net.URISyntaxException;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.util.JedisURIHelper;

/**
 * Where Redis is: parsed by Jedis from {@code redis://[user:password@]host[:port][/db]}; {@code rediss://} means TLS.
 * The password never appears in {@link #toString()} or {@link #describe()}.
 */
public record RedisEndpoint(String host, int port, String user, String password, int database, boolean tls) {
    public static final String DEFAULT_URL = "redis://127.0.0.1:6379";
    public static final int DEFAULT_PORT = 6379;

    /**
     * Parses a Redis URL with Jedis' own reading of it (JedisURIHelper), plus two forms Jedis' helper refuses and
     * redis-cli accepts: no port means 6379, and a user-info without a colon is the password. Throws
     * IllegalArgumentException with what a valid URL looks like.
     */
    public static RedisEndpoint parse(String text) {
        URI uri;
        try {
            uri = new URI(text.trim());
        } catch (URISyntaxException e) {
            throw invalid("not a URI (" + e.getReason() + ")");
        }
        boolean tls = JedisURIHelper.isRedisSSLScheme(uri);
        if (!tls && !JedisURIHelper.isRedisScheme(uri)) {
            throw invalid("the scheme must be redis:// or rediss:// (TLS)");
        }
        HostAndPort hostAndPort = JedisURIHelper.getHostAndPort(uri);
        if (hostAndPort.getHost() == null || hostAndPort.getHost().isEmpty()) {
            throw invalid("no host");
        }
        String userInfo = uri.getUserInfo();
        boolean passwordOnly = userInfo != null && !userInfo.contains(":");
        int database;
        try {
            database = JedisURIHelper.getDBIndex(uri);
        } catch (NumberFormatException e) {
            throw invalid("the path must be a database number such as /2");
        }
        if (database < 0) {
            throw invalid("the database number must be 0 or more");
        }
        return new RedisEndpoint(hostAndPort.getHost(), hostAndPort.getPort() < 0 ? DEFAULT_PORT : hostAndPort.getPort(),
                passwordOnly ? null : JedisURIHelper.getUser(uri),
                passwordOnly ? userInfo : JedisURIHelper.getPassword(uri), database, tls);
    }

    private static IllegalArgumentException invalid(String why) {
        return new IllegalArgumentException(why + "; should look like redis://:password@host:6379/0 or rediss://host:6380/0");
    }

    public RedisEndpoint withDatabase(int newDatabase) {
        return new RedisEndpoint(host, port, user, password, newDatabase, tls);
    }

    /** redis[s]://host:port/db, without credentials. */
    public String describe() {
        return (tls ? "rediss://" : "redis://") + host + ":" + port + "/" + database;
    }

    @Override
    public String toString() {
        return "RedisEndpoint[" + describe() + (password == null ? "" : ", password=********") + "]";
    }
}
