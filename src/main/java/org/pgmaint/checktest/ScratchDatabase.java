package org.pgmaint.checktest;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.pgmaint.db.ConnectionSettings;
import org.pgmaint.db.Connections;
import org.pgmaint.db.DatabaseUnavailableException;
import org.pgmaint.db.Identifiers;

/**
 * A database a check's test creates on the connected server and always drops: when the test ends, fails, or the
 * process is interrupted (a shutdown hook, removed once dropped). Prepared transactions a test left in it are
 * rolled back first, since a database they belong to cannot be dropped.
 */
final class ScratchDatabase implements AutoCloseable {
    static final String PREFIX = "pgmaint_test_";
    private final ConnectionSettings admin;
    private final ConnectionSettings settings;
    private final Thread dropOnExit;
    private boolean dropped;

    private ScratchDatabase(ConnectionSettings admin, String name) {
        this.admin = admin;
        this.settings = new ConnectionSettings(admin.host(), admin.port(), admin.user(), name, admin.password(),
                admin.connectTimeout(), admin.sslmode());
        this.dropOnExit = new Thread(this::drop, "pgmaint-drop-scratch-database");
        Runtime.getRuntime().addShutdownHook(dropOnExit);
    }

    static ScratchDatabase create(ConnectionSettings admin) {
        String name = PREFIX + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = Connections.open(admin); Statement s = c.createStatement()) {
            s.execute("create database " + Identifiers.quote(name));
        } catch (SQLException e) {
            throw new DatabaseUnavailableException("cannot create the scratch database: " + Connections.firstLine(e), e);
        }
        return new ScratchDatabase(admin, name);
    }

    /** True when the role may create databases (CREATEDB or superuser). */
    static boolean mayCreate(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(
                "select rolcreatedb or rolsuper from pg_catalog.pg_roles where rolname = current_user")) {
            return rs.next() && rs.getBoolean(1);
        }
    }

    ConnectionSettings settings() {
        return settings;
    }

    /**
     * A connection that is not one of pgmaint's own (those are left out of the activity checks): the fixture's
     * sessions must look like the application's.
     */
    Connection openClient(String applicationName) throws SQLException {
        Connection connection = DriverManager.getConnection(Connections.url(settings), Connections.properties(settings));
        try (PreparedStatement s = connection.prepareStatement("select pg_catalog.set_config('application_name', ?, false)")) {
            s.setString(1, applicationName);
            s.execute();
        } catch (SQLException e) {
            Connections.closeQuietly(connection);
            throw e;
        }
        return connection;
    }

    @Override
    public void close() {
        drop();
        try {
            Runtime.getRuntime().removeShutdownHook(dropOnExit);
        } catch (IllegalStateException exiting) {
            // the hook is running or has run: dropped either way
        }
    }

    private synchronized void drop() {
        if (dropped) {
            return;
        }
        rollbackPrepared();
        try (Connection c = Connections.open(admin); Statement s = c.createStatement()) {
            s.execute("drop database if exists " + Identifiers.quote(settings.dbname()) + " with (force)");
            dropped = true;
        } catch (SQLException | RuntimeException e) {
            throw new DatabaseUnavailableException("cannot drop the scratch database " + settings.dbname() + ": "
                    + e.getMessage() + " (drop it by hand)", e);
        }
    }

    private void rollbackPrepared() {
        try (Connection c = Connections.open(settings); Statement s = c.createStatement()) {
            List<String> gids = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("select gid from pg_catalog.pg_prepared_xacts where database = current_database()")) {
                while (rs.next()) {
                    gids.add(rs.getString(1));
                }
            }
            for (String gid : gids) {
                try (PreparedStatement quote = c.prepareStatement("select pg_catalog.quote_literal(?)")) {
                    quote.setString(1, gid);
                    try (ResultSet rs = quote.executeQuery()) {
                        rs.next();
                        // ROLLBACK PREPARED takes a literal, not a parameter: quoted by the server's own function
                        s.execute("rollback prepared " + rs.getString(1));
                    }
                }
            }
        } catch (SQLException | RuntimeException e) {
            // the drop that follows reports what is left
        }
    }
}
