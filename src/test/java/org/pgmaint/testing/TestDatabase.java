package org.pgmaint.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.pgmaint.db.ConnectionSettings;
import org.pgmaint.db.Connections;

/** A scratch database a test creates and drops, on the {@link TestServer}. */
public final class TestDatabase implements AutoCloseable {
    private final ConnectionSettings settings;
    private final Connection connection;

    private TestDatabase(ConnectionSettings settings) {
        this.settings = settings;
        this.connection = open(settings);
    }

    /**
     * A connection like pgmaint's (application_name pgmaint) that is not one of pgmaint's own: tests run pgmaint
     * in this process, and the connections Connections.open made are pgmaint's own backends (never cancelled).
     */
    private static Connection open(ConnectionSettings settings) {
        try {
            return DriverManager.getConnection(Connections.url(settings), Connections.properties(settings));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot connect to " + settings.describe() + ": " + e.getMessage(), e);
        }
    }

    public static TestDatabase create() {
        ConnectionSettings admin = TestServer.admin();
        String name = "pgmaint_t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = Connections.open(admin); Statement s = c.createStatement()) {
            s.execute("create database " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create scratch database: " + e.getMessage(), e);
        }
        return new TestDatabase(new ConnectionSettings(admin.host(), admin.port(), admin.user(), name,
                admin.password(), admin.connectTimeout(), admin.sslmode()));
    }

    public ConnectionSettings settings() {
        return settings;
    }

    public String name() {
        return settings.dbname();
    }

    /** The test's own connection (autocommit). */
    public Connection connection() {
        return connection;
    }

    public Connection newConnection() {
        return open(settings);
    }

    /**
     * A connection that looks like the application's, not pgmaint's: pgmaint leaves out its own connections
     * (application_name pgmaint) when it looks at activity.
     */
    public Connection newClientConnection(String application) {
        Connection connection = newConnection();
        try (PreparedStatement s = connection.prepareStatement("select pg_catalog.set_config('application_name', ?, false)")) {
            s.setString(1, application);
            s.execute();
            return connection;
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** Connection flags for the CLI: -h host -p port -U user -d dbname. */
    public String[] cliArgs() {
        return new String[] {"-h", settings.host(), "-p", String.valueOf(settings.port()), "-U", settings.user(),
                "-d", settings.dbname()};
    }

    public void exec(String... statements) {
        try (Statement s = connection.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** Runs a statement that must fail (e.g. a CREATE UNIQUE INDEX CONCURRENTLY on duplicates, to leave an invalid index). */
    public void execFailing(String sql) {
        try {
            exec(sql);
        } catch (IllegalStateException expected) {
            return;
        }
        throw new AssertionError("expected to fail: " + sql);
    }

    /**
     * Runs statements, flushing this session's statistics before each ANALYZE: on 15+ a backend's counters
     * reach the shared statistics lazily, and counters flushed after an ANALYZE would be added on top of it.
     */
    public void execFlushed(String... statements) {
        for (String sql : statements) {
            if (sql.trim().toLowerCase(java.util.Locale.ROOT).startsWith("analyze")) {
                flushStats();
            }
            exec(sql);
        }
        flushStats();
    }

    public List<List<Object>> query(String sql) {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            List<List<Object>> rows = new ArrayList<>();
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    row.add(rs.getObject(i));
                }
                rows.add(row);
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    public Object value(String sql) {
        List<List<Object>> rows = query(sql);
        return rows.isEmpty() ? null : rows.get(0).get(0);
    }

    public int serverMajor() {
        return ((Number) value("select current_setting('server_version_num')::int / 10000")).intValue();
    }

    /** Makes this session's statistics visible to others (15+: flush now; older: wait for the collector). */
    public void flushStats() {
        if (serverMajor() >= 15) {
            exec("select pg_stat_force_next_flush()");
        } else {
            exec("select pg_sleep(0.7)");
        }
    }

    /** Polls until the condition holds, up to ten seconds. */
    public static void await(String what, BooleanSupplier condition) {
        // generous: it returns as soon as the condition holds, and CI machines run many JVMs on two cores
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
    }

    /** Waits until pg_stat_user_tables shows the table's dead tuples at or above the given count. */
    public void awaitDeadTuples(String schema, String table, long atLeast) {
        flushStats();
        await("dead tuples of " + schema + "." + table, () -> {
            Object n = value("select n_dead_tup from pg_stat_user_tables where schemaname = '" + schema.replace("'", "''")
                    + "' and relname = '" + table.replace("'", "''") + "'");
            return n != null && ((Number) n).longValue() >= atLeast;
        });
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // dropping follows regardless
        }
        try (Connection c = Connections.open(TestServer.admin()); Statement s = c.createStatement()) {
            s.execute("drop database if exists " + settings.dbname() + " with (force)");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop scratch database: " + e.getMessage(), e);
        }
    }
}
