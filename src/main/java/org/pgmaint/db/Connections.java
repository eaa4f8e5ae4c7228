package org.pgmaint.db;

import java.net.InetAddress;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.WeakHashMap;
import org.postgresql.PGConnection;
import org.postgresql.jdbcurlresolver.PgPassParser;

/**
 * Opens JDBC connections with application_name=pgmaint; ~/.pgpass is honoured by the driver. Every connection
 * opened here is remembered with its backend pid while it is open ({@link #ownBackendPids()}): any client can set
 * application_name=pgmaint, but only this process holds these connections, so the pids are what marks pgmaint's
 * own backends (never cancelled).
 */
public final class Connections {
    public static final String APPLICATION_NAME = "pgmaint";
    /** Open connections of this process and their backend pids; identity keys, dropped once closed or collected. */
    private static final Map<Connection, Integer> OWN = new WeakHashMap<>();

    private Connections() {
    }

    /**
     * A connection to the first endpoint that accepts it and matches target_session_attrs, tried in order as libpq
     * does (prefer-standby: a standby first, else any); when none does, the failure of each, the way psql says it.
     */
    public static Connection open(ConnectionSettings settings) {
        Attempts attempts = new Attempts(new ArrayList<>(), new ArrayList<>());
        List<String> passes = settings.targetSessionAttrs().equals("prefer-standby")
                ? List.of("standby", "any") : List.of(settings.targetSessionAttrs());
        for (String target : passes) {
            for (Endpoint endpoint : settings.endpoints()) {
                Connection connection = tryEndpoint(settings, endpoint, target, attempts);
                if (connection != null) {
                    return connection;
                }
            }
        }
        throw new DatabaseUnavailableException(String.join("\n", attempts.failures()) + " (database \""
                + settings.dbname() + "\", user \"" + settings.user() + "\", sslmode " + settings.sslmode() + ")",
                attempts.errors().isEmpty() ? null : attempts.errors().get(attempts.errors().size() - 1));
    }

    /** What each endpoint tried answered, in psql's words, and the driver's errors (for --debug). */
    private record Attempts(List<String> failures, List<SQLException> errors) {
    }

    private static Connection tryEndpoint(ConnectionSettings settings, Endpoint endpoint, String target,
                                          Attempts attempts) {
        Connection connection;
        try {
            connection = DriverManager.getConnection(url(settings, endpoint), properties(settings, endpoint));
        } catch (SQLException e) {
            attempts.errors().add(e);
            attempts.failures().add(failure(endpoint, reason(endpoint, e)));
            return null;
        }
        try {
            String mismatch = SessionAttributes.mismatch(connection, target);
            if (mismatch != null) {
                closeQuietly(connection);
                attempts.failures().add(failure(endpoint, mismatch));
                return null;
            }
            int pid = connection.unwrap(PGConnection.class).getBackendPID();
            synchronized (OWN) {
                OWN.put(connection, pid);
            }
            return connection;
        } catch (SQLException e) {
            closeQuietly(connection);
            attempts.errors().add(e);
            attempts.failures().add(failure(endpoint, firstLine(e)));
            return null;
        }
    }

    /** psql's words: connection to server at "db1" (10.0.0.1), port 5432 failed: ...; an unknown host says so. */
    private static String failure(Endpoint endpoint, String reason) {
        if (endpoint.isSocket() || !endpoint.hostaddr().isEmpty()) {
            return "connection to server " + endpoint.describe(endpoint.hostaddr()) + " failed: " + reason;
        }
        try {
            String address = InetAddress.getByName(endpoint.host()).getHostAddress();
            return "connection to server " + endpoint.describe(address) + " failed: " + reason;
        } catch (UnknownHostException e) {
            return "could not translate host name \"" + endpoint.host() + "\" to address: unknown host";
        }
    }

    /** Why the driver failed, in libpq's words where they differ (the driver's own only say "failed"). */
    private static String reason(Endpoint endpoint, SQLException e) {
        if (e.getSQLState() != null && !e.getSQLState().startsWith(SqlState.CONNECTION_EXCEPTION_CLASS)) {
            return firstLine(e);
        }
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.net.SocketTimeoutException) {
                return "timeout expired";
            }
            if (cause instanceof java.net.SocketException) {
                if (endpoint.isSocket() && !Files.exists(endpoint.socketFile())) {
                    return "No such file or directory\n\tIs the server running locally and accepting connections"
                            + " on that socket?";
                }
                String message = cause.getMessage() == null ? "" : cause.getMessage();
                return (message.toLowerCase(java.util.Locale.ROOT).contains("refused") ? "Connection refused" : message)
                        + (endpoint.isSocket() ? "" : "\n\tIs the server running on that host and accepting TCP/IP"
                                + " connections?");
            }
        }
        return firstLine(e);
    }

    /** The backend pids of the connections this process opened and has not closed yet, ascending. */
    public static List<Integer> ownBackendPids() {
        synchronized (OWN) {
            OWN.keySet().removeIf(Connections::isClosed);
            return OWN.values().stream().sorted().toList();
        }
    }

    private static boolean isClosed(Connection connection) {
        try {
            return connection.isClosed();
        } catch (SQLException e) {
            return true;
        }
    }

    /**
     * The driver properties of a connection to one endpoint: user, password, application_name, timeouts, sslmode,
     * options, certificate files; for a socket the junixsocket factory and no SSL (libpq never uses SSL on a
     * Unix-domain socket, whatever sslmode says).
     */
    public static Properties properties(ConnectionSettings settings, Endpoint endpoint) {
        Properties props = new Properties();
        props.setProperty("user", settings.user());
        String password = settings.password();
        if ((password == null || password.isEmpty()) && !endpoint.pgpassHost().equals(driverHost(endpoint))) {
            // the driver reads ~/.pgpass for the host of its URL; libpq matches host, not hostaddr
            password = PgPassParser.getPassword(endpoint.pgpassHost(), String.valueOf(endpoint.port()),
                    settings.dbname(), settings.user());
        }
        if (password != null && !password.isEmpty()) {
            props.setProperty("password", password);
        }
        props.setProperty("ApplicationName", settings.applicationName());
        props.setProperty("connectTimeout", String.valueOf(Math.max(1, settings.connectTimeout().toSeconds())));
        props.setProperty("loginTimeout", String.valueOf(Math.max(1, settings.connectTimeout().toSeconds())));
        if (!settings.options().isEmpty()) {
            props.setProperty("options", settings.options());
        }
        if (endpoint.isSocket()) {
            props.setProperty("socketFactory", UnixSocketFactory.class.getName());
            props.setProperty("socketFactoryArg", endpoint.socketFile().toString());
            props.setProperty("sslmode", "disable");
            props.setProperty("PGHOST", driverHost(endpoint));
            props.setProperty("PGPORT", String.valueOf(endpoint.port()));
            return props;
        }
        props.setProperty("sslmode", settings.sslmode());
        ConnectionSettings.SslFiles files = settings.sslFiles();
        setIfGiven(props, "sslrootcert", files.rootcert());
        setIfGiven(props, "sslcert", files.cert());
        setIfGiven(props, "sslkey", files.key());
        props.setProperty("tcpKeepAlive", "true");
        return props;
    }

    /** The driver properties of the first endpoint. */
    public static Properties properties(ConnectionSettings settings) {
        return properties(settings, settings.endpoints().get(0));
    }

    private static void setIfGiven(Properties props, String name, String value) {
        if (!value.isEmpty()) {
            props.setProperty(name, value);
        }
    }

    /**
     * The host the driver is given: for a socket the name of its ~/.pgpass lines (the driver never resolves it:
     * the socket comes connected), for TCP hostaddr if given, else host.
     */
    private static String driverHost(Endpoint endpoint) {
        if (endpoint.isSocket()) {
            return endpoint.pgpassHost();
        }
        return endpoint.hostaddr().isEmpty() ? endpoint.host() : endpoint.hostaddr();
    }

    /** The JDBC URL of an endpoint and the database (no user or password in it; a socket's host is a property). */
    public static String url(ConnectionSettings settings, Endpoint endpoint) {
        String dbname = URLEncoder.encode(settings.dbname(), StandardCharsets.UTF_8);
        if (endpoint.isSocket()) {
            return "jdbc:postgresql:" + dbname;
        }
        String host = driverHost(endpoint);
        return "jdbc:postgresql://" + (host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host) + ":"
                + endpoint.port() + "/" + dbname;
    }

    /** The JDBC URL of the first endpoint. */
    public static String url(ConnectionSettings settings) {
        return url(settings, settings.endpoints().get(0));
    }

    /**
     * A connection for reading only (collecting facts for plan, run, report and apply): every transaction on it is
     * read-only by default ({@code default_transaction_read_only} for the session), so that even SQL that ends its
     * transaction, or a function with side effects, cannot write. pgmaint's own writes (executor, retention deletes,
     * run lock, cache processor) open their connections with {@link #open}.
     */
    public static Connection openReadOnly(ConnectionSettings settings) {
        Connection connection = open(settings);
        try (Statement statement = connection.createStatement()) {
            statement.execute("set session characteristics as transaction read only");
            return connection;
        } catch (SQLException e) {
            closeQuietly(connection);
            throw new DatabaseUnavailableException("cannot make the connection to " + settings.describe()
                    + " read-only: " + firstLine(e), e);
        }
    }

    /** The driver's message without the stack of causes; never contains the password. */
    public static String firstLine(SQLException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    /** True when the error means the connection is gone (server restart, network), not a failed statement. */
    public static boolean isConnectionLost(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.startsWith(SqlState.CONNECTION_EXCEPTION_CLASS)
                || state.equals(SqlState.ADMIN_SHUTDOWN) || state.equals(SqlState.CRASH_SHUTDOWN)
                || state.equals(SqlState.CANNOT_CONNECT_NOW));
    }

    /** Closes a connection that may be broken already (after a failure, or a session-scoped lock's end). */
    public static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // broken already: nothing more to do with it
            }
        }
    }

    public static int serverMajor(Connection connection) throws SQLException {
        return connection.getMetaData().getDatabaseMajorVersion();
    }
}
