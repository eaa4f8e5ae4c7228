package org.pgmaint.cache;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Where Redis is: parsed from {@code redis://[user:password@]host[:port][/db]}; {@code rediss://} means TLS.
 * The password never appears in {@link #toString()} or {@link #describe()}.
 */
public record RedisEndpoint(String host, int port, String user, String password, int database, boolean tls) {
    public static final String DEFAULT_URL = "redis://127.0.0.1:6379";
    public static final int DEFAULT_PORT = 6379;

    /** Parses a Redis URL; throws IllegalArgumentException with what a valid URL looks like. */
    public static RedisEndpoint parse(String text) {
        URI uri;
        try {
            uri = new URI(text.trim());
        } catch (URISyntaxException e) {
            throw invalid("not a URI (" + e.getReason() + ")");
        }
        String scheme = uri.getScheme();
        if (!"redis".equals(scheme) && !"rediss".equals(scheme)) {
            throw invalid("the scheme must be redis:// or rediss:// (TLS)");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw invalid("no host");
        }
        String user = null;
        String password = null;
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            if (parts.length == 2) {
                user = parts[0].isEmpty() ? null : decode(parts[0]);
                password = decode(parts[1]);
            } else {
                password = decode(parts[0]);
            }
        }
        int database = 0;
        String path = uri.getRawPath();
        if (path != null && path.length() > 1) {
            try {
                database = Integer.parseInt(path.substring(1));
            } catch (NumberFormatException e) {
                throw invalid("the path must be a database number such as /2");
            }
            if (database < 0) {
                throw invalid("the database number must be 0 or more");
            }
        }
        return new RedisEndpoint(uri.getHost(), uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort(), user, password,
                database, "rediss".equals(scheme));
    }

    private static IllegalArgumentException invalid(String why) {
        return new IllegalArgumentException(why + "; should look like redis://:password@host:6379/0 or rediss://host:6380/0");
    }

    private static String decode(String text) {
        return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
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
