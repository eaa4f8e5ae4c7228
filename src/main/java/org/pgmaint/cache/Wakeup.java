package org.pgmaint.cache;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.pgmaint.db.ConnectionSettings;
import org.pgmaint.db.Connections;
import org.pgmaint.db.Identifiers;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * LISTENs on the channel the trigger notifies, on a connection of its own, so the processor wakes as soon as
 * events are committed; without the trigger the wait simply lasts the poll interval.
 */
public final class Wakeup implements AutoCloseable {
    private static final long SLICE_MILLIS = 200;

    private final ConnectionSettings settings;
    private final String channel;
    private Connection connection;

    public Wakeup(ConnectionSettings settings, String channel) {
        this.settings = settings;
        this.channel = channel;
    }

    /** Waits until a notification arrives, the interval has passed, or stop is raised. */
    public void await(Duration interval, StopSignal stop) throws SQLException {
        PGConnection listener = listening();
        long deadline = System.nanoTime() + interval.toNanos();
        while (!stop.isRaised()) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                return;
            }
            PGNotification[] notifications = listener.getNotifications((int) Math.min(left, SLICE_MILLIS));
            if (notifications != null && notifications.length > 0) {
                return;
            }
        }
    }

    private PGConnection listening() throws SQLException {
        if (connection == null) {
            Connection opened = Connections.open(settings);
            try (Statement listen = opened.createStatement()) {
                listen.execute("listen " + Identifiers.quote(channel));
            } catch (SQLException e) {
                opened.close();
                throw e;
            }
            connection = opened;
        }
        return connection.unwrap(PGConnection.class);
    }

    public void disconnect() {
        Connections.closeQuietly(connection);
        connection = null;
    }

    @Override
    public void close() {
        disconnect();
    }
}
