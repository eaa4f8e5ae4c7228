package org.pgmaint.checktest;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.pgmaint.db.Connections;

/**
 * The sessions of a test: each runs its statements in order on its own connection (autocommit, so {@code begin}
 * opens a transaction that stays open). Once every statement but the last has finished, a last one still running
 * after {@link #SETTLE_MILLIS} (a {@code pg_sleep}, a lock wait) is held: it runs while the check runs and is
 * cancelled when the sessions close.
 */
final class HeldSessions implements AutoCloseable {
    static final long SETTLE_MILLIS = 500;
    private static final long START_LIMIT_MILLIS = 30_000;
    private final List<Held> held = new ArrayList<>();

    private HeldSessions() {
    }

    /** Starts the sessions; a statement that fails (other than a held one being cancelled later) fails the test. */
    static HeldSessions start(ScratchDatabase db, List<CheckTest.Session> sessions) throws SQLException {
        HeldSessions all = new HeldSessions();
        try {
            for (CheckTest.Session session : sessions) {
                Held one = new Held(session, db.openClient(session.applicationName()));
                all.held.add(one);
                one.thread.start();
                one.awaitSettled();
            }
        } catch (SQLException | RuntimeException e) {
            all.close();
            throw e;
        }
        return all;
    }

    @Override
    public void close() {
        for (Held one : held) {
            one.stop();
        }
    }

    private static final class Held {
        private final CheckTest.Session session;
        private final Connection connection;
        private final Thread thread;
        private volatile Statement running;
        private volatile int next;
        private volatile SQLException failure;
        private volatile boolean stopping;

        Held(CheckTest.Session session, Connection connection) {
            this.session = session;
            this.connection = connection;
            this.thread = new Thread(this::runAll, "pgmaint-test-session");
            thread.setDaemon(true);
        }

        private void runAll() {
            try {
                for (String sql : session.statements()) {
                    try (Statement s = connection.createStatement()) {
                        running = s;
                        next++;
                        s.execute(sql);
                    } finally {
                        running = null;
                    }
                }
            } catch (SQLException e) {
                if (!stopping) {
                    failure = e;
                }
            }
        }

        /** Waits until the statements are done, or all but the last are and the last has run SETTLE_MILLIS. */
        void awaitSettled() throws SQLException {
            long limit = System.currentTimeMillis() + START_LIMIT_MILLIS;
            try {
                while (next < session.statements().size() && thread.isAlive()) {
                    if (System.currentTimeMillis() > limit) {
                        throw new SQLException("session (line " + session.line() + ") still runs statement " + next
                                + " of " + session.statements().size() + " after 30 s; only the last one may be held");
                    }
                    Thread.sleep(10);
                }
                thread.join(SETTLE_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("interrupted while the sessions start");
            }
            if (failure != null) {
                throw new SQLException("session (line " + session.line() + ") statement " + next + " failed: "
                        + Connections.firstLine(failure), failure);
            }
        }

        void stop() {
            stopping = true;
            Statement statement = running;
            try {
                if (statement != null) {
                    statement.cancel();
                }
            } catch (SQLException ignored) {
                // closing the connection below ends it too; the scratch database is dropped WITH (FORCE)
            }
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Connections.closeQuietly(connection);
        }
    }
}
