package org.pgmaint.db;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.WeakHashMap;
import org.postgresql.PGConnection;

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

    public static Connection open(ConnectionSettings settings) {
        Connection connection;
        try {
            connection = DriverManager.getConnection(url(settings), properties(settings));
        } catch (SQLException e) {
            throw new DatabaseUnavailableException("cannot connect to " + settings.describe() + ": "
                    + (isUnknownHost(e) ? "could not translate host name \"" + settings.host() + "\" to address: unknown host"
                            : firstLine(e)), e);
        }
        try {
            int pid = connection.unwrap(PGConnection.class).getBackendPID();
            synchronized (OWN) {
                OWN.put(connection, pid);
            }
        } catch (SQLException e) {
            closeQuietly(connection);
            throw new DatabaseUnavailableException("cannot connect to " + settings.describe() + ": " + firstLine(e), e);
        }
        return connection;
    }

    /** True when the driver failed because the host name does not resolve (its own message only says "failed"). */
    private static boolean isUnknownHost(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.net.UnknownHostException) {
                return true;
            }
        }
        return false;
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

    /** The driver properties of a connection: user, password, application_name, timeouts, sslmode. */
    public static Properties properties(ConnectionSettings settings) {
        Properties props = new Properties();
        props.setProperty("user", settings.user());
        if (settings.password() != null && !settings.password().isEmpty()) {
            props.setProperty("password", settings.password());
        }
        props.setProperty("ApplicationName", settings.applicationName());
        props.setProperty("connectTimeout", String.valueOf(Math.max(1, settings.connectTimeout().toSeconds())));
        props.setProperty("loginTimeout", String.valueOf(Math.max(1, settings.connectTimeout().toSeconds())));
        props.setProperty("sslmode", settings.sslmode());
        props.setProperty("tcpKeepAlive", "true");
        return props;
    }

    /** The JDBC URL of the settings' host, port and database (no user or password in it). */
    public static String url(ConnectionSettings settings) {
        String host = settings.host().contains(":") && !settings.host().startsWith("[")
                ? "[" + settings.host() + "]" : settings.host();
        return "jdbc:postgresql://" + host + ":" + settings.port() + "/"
                + URLEncoder.encode(settings.dbname(), StandardCharsets.UTF_8);
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
