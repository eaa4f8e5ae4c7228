package org.pgmaint.db;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.pgmaint.config.Config;
import org.pgmaint.config.ConfigKeys;
import org.pgmaint.config.InvalidInputException;
import org.pgmaint.config.Problem;
import org.pgmaint.config.Secrets;

/** Where and how to connect, resolved like psql does. The password is never part of {@link #toString()}. */
public record ConnectionSettings(String host, int port, String user, String dbname, String password,
                                 Duration connectTimeout, String sslmode) {

    public static ConnectionSettings from(Config config) {
        String user = config.string(ConfigKeys.USER);
        if (user == null || user.isBlank()) {
            user = System.getProperty("user.name");
        }
        String dbname = config.string(ConfigKeys.DBNAME);
        ConnectionSettings settings = new ConnectionSettings(config.string(ConfigKeys.HOST), config.integer(ConfigKeys.PORT),
                user, dbname == null || dbname.isBlank() ? user : dbname, config.string(ConfigKeys.PASSWORD),
                config.duration(ConfigKeys.CONNECT_TIMEOUT), config.string(ConfigKeys.SSLMODE));
        return isUri(dbname) ? settings.withUri(dbname, config.origin(ConfigKeys.DBNAME.name())) : settings;
    }

    public static boolean isUri(String text) {
        return text != null && (text.startsWith("postgresql://") || text.startsWith("postgres://"));
    }

    /** Applies a postgresql://user:password@host:port/dbname?sslmode=... URI over these settings. */
    public ConnectionSettings withUri(String text, String origin) {
        try {
            URI uri = new URI(text);
            String newUser = user;
            String newPassword = password;
            if (uri.getRawUserInfo() != null) {
                String[] parts = uri.getRawUserInfo().split(":", 2);
                newUser = decode(parts[0]);
                if (parts.length == 2) {
                    newPassword = decode(parts[1]);
                }
            }
            String path = uri.getRawPath();
            String newDb = path == null || path.length() <= 1 ? newUser : decode(path.substring(1));
            String newSsl = sslmode;
            Duration newTimeout = connectTimeout;
            if (uri.getRawQuery() != null) {
                for (String pair : uri.getRawQuery().split("&")) {
                    String[] kv = pair.split("=", 2);
                    String value = kv.length == 2 ? decode(kv[1]) : "";
                    switch (kv[0]) {
                        case "sslmode" -> newSsl = value;
                        case "connect_timeout" -> newTimeout = Duration.ofSeconds(Long.parseLong(value));
                        case "application_name" -> { }
                        default -> throw new IllegalArgumentException("unsupported URI parameter '" + kv[0]
                                + "' (supported: sslmode, connect_timeout)");
                    }
                }
            }
            return new ConnectionSettings(uri.getHost() == null ? host : uri.getHost(),
                    uri.getPort() < 0 ? port : uri.getPort(), newUser, newDb, newPassword, newTimeout, newSsl);
        } catch (URISyntaxException e) {
            // the reason and position only: the exception's message repeats the URI, password included
            throw invalidUri(origin, e.getReason() + (e.getIndex() < 0 ? "" : " at character " + (e.getIndex() + 1)));
        } catch (IllegalArgumentException e) {
            throw invalidUri(origin, Secrets.maskUri(e.getMessage()));
        }
    }

    private static InvalidInputException invalidUri(String origin, String why) {
        return new InvalidInputException("connection URI", Problem.of(origin, "connection.dbname",
                "not a valid URI (should look like postgresql://user:password@host:5432/dbname): " + why));
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            // the decoder's message quotes the text, which may be the password
            throw new IllegalArgumentException("a %-escape is not valid (should be % and two hex digits, e.g. %40 for @)");
        }
    }

    /** host:port/dbname as user, for messages. */
    public String describe() {
        return host + ":" + port + "/" + dbname + " as " + user;
    }

    public Map<String, String> environmentForPsql() {
        return Map.of("PGHOST", host, "PGPORT", String.valueOf(port), "PGUSER", user, "PGDATABASE", dbname);
    }

    @Override
    public String toString() {
        return "ConnectionSettings[" + describe() + (password == null || password.isEmpty() ? "" : ", password=********") + "]";
    }
}
