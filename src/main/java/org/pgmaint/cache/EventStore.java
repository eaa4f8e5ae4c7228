package org.pgmaint.cache;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.pgmaint.config.InvalidInputException;
import org.pgmaint.config.Problem;
import org.pgmaint.db.ConnectionSettings;
import org.pgmaint.db.Connections;
import org.pgmaint.db.Standby;

/**
 * The events table as a work queue: claim a batch (row locks held until commit or rollback), mark it
 * processed, commit. One connection, opened lazily and dropped after a failure so the next call reconnects; a
 * connection to a hot standby is refused (InvalidInputException): events are marked on the primary only.
 */
public final class EventStore implements AutoCloseable {
    private final ConnectionSettings settings;
    private final EventTable table;
    private final String claimSql;
    private final String markSql;
    private Connection connection;

    public EventStore(ConnectionSettings settings, EventTable table) {
        this.settings = settings;
        this.table = table;
        this.claimSql = table.claimSql();
        this.markSql = table.markSql();
    }

    /** Starts a transaction and locks up to batchSize pending events, oldest first, skipping locked ones. */
    public List<Event> claim(int batchSize) throws SQLException {
        Connection db = connection();
        try (PreparedStatement claim = db.prepareStatement(claimSql)) {
            claim.setInt(1, batchSize);
            List<Event> events = new ArrayList<>(Math.min(batchSize, 4096));
            try (ResultSet rows = claim.executeQuery()) {
                while (rows.next()) {
                    events.add(new Event(rows.getLong(1), rows.getString(2)));
                }
            }
            return events;
        }
    }

    /** Marks the claimed events processed and commits; returns how many rows were marked. */
    public int markProcessedAndCommit(List<Event> events) throws SQLException {
        Connection db = connection();
        Long[] ids = new Long[events.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = events.get(i).id();
        }
        int marked;
        try (PreparedStatement mark = db.prepareStatement(markSql)) {
            Array array = db.createArrayOf("bigint", ids);
            mark.setArray(1, array);
            marked = mark.executeUpdate();
        }
        db.commit();
        return marked;
    }

    /** Ends the transaction without marking anything: the claimed events become pending again. */
    public void rollback() {
        if (connection != null) {
            try {
                connection.rollback();
            } catch (SQLException e) {
                disconnect();
            }
        }
    }

    public void commit() throws SQLException {
        connection().commit();
    }

    private Connection connection() throws SQLException {
        if (connection == null) {
            Connection opened = Connections.open(settings);
            try {
                if (Standby.is(opened)) {
                    // events can only be marked on the primary; retrying would wait for a promotion forever
                    throw new InvalidInputException("cache processor configuration", Problem.of(settings.describe(),
                            "connection", Standby.MESSAGE + ": point the cache processor at the primary"));
                }
                opened.setAutoCommit(false);
            } catch (SQLException | RuntimeException e) {
                Connections.closeQuietly(opened);
                throw e;
            }
            connection = opened;
        }
        return connection;
    }

    /** Drops the connection (after a failure); the next call opens a new one. */
    public void disconnect() {
        Connections.closeQuietly(connection);
        connection = null;
    }

    public EventTable table() {
        return table;
    }

    @Override
    public void close() {
        rollback();
        disconnect();
    }
}
