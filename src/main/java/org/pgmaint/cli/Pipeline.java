package org.pgmaint.cli;

import java.sql.Connection;
import java.sql.SQLException;
import org.pgmaint.config.Config;
import org.pgmaint.db.ConnectionSettings;
import org.pgmaint.db.Connections;
import org.pgmaint.engine.Engine;
import org.pgmaint.engine.Installation;
import org.pgmaint.execute.ExecutorSettings;
import org.pgmaint.execute.HandlerRegistry;
import org.pgmaint.execute.Interruption;
import org.pgmaint.execute.RunLock;
import org.pgmaint.model.Mode;

/**
 * The steps plan, report, run and apply share: configuration -&gt; engine -&gt; connect -&gt; evaluate. The
 * read-only connection (and, for run and apply, the run lock) opens on another thread while the engine loads
 * ({@link Ahead}); a configuration or catalog error still wins, reported before anything the database said.
 */
final class Pipeline implements AutoCloseable {
    private final ConnectionSettings target;
    private final Ahead<RunLock> locking;
    private final Ahead<Connection> connecting;
    private final Engine engine;

    private Pipeline(ConnectionSettings target, Ahead<RunLock> locking, Ahead<Connection> connecting, Engine engine) {
        this.target = target;
        this.locking = locking;
        this.connecting = connecting;
        this.engine = engine;
    }

    /** For the commands that only read (plan, report, run --dry-run). */
    static Pipeline start(Config config, ConnectionSettings target) {
        return start(config, target, null);
    }

    /** For the commands that act (run, apply): the run lock is acquired too; {@link #lock} hands it over. */
    static Pipeline startLocked(Config config, ConnectionSettings target, Interruption interruption) {
        return start(config, target, Ahead.open(() -> RunLock.acquire(target, interruption)));
    }

    private static Pipeline start(Config config, ConnectionSettings target, Ahead<RunLock> locking) {
        Ahead<Connection> connecting = Ahead.open(() -> Connections.openReadOnly(target));
        try {
            return new Pipeline(target, locking, connecting, Engine.load(config, Installation.home()));
        } catch (RuntimeException | Error e) {
            connecting.close();
            if (locking != null) {
                locking.close();
            }
            throw e;
        }
    }

    ConnectionSettings target() {
        return target;
    }

    /** The run lock, now the caller's to close: take it before {@link #evaluate}, so only one run plans and acts. */
    RunLock lock() {
        return locking.take();
    }

    /** Collects (read-only), evaluates the rules and plans, on the connection opened for it (then closed). */
    Engine.Planned evaluate(Mode mode) throws SQLException {
        try (Connection db = connecting.take()) {
            return engine.evaluate(db, mode, target);
        }
    }

    /** The action handlers of this run ({@link Engine#handlers}). */
    HandlerRegistry handlers(ExecutorSettings settings) {
        return engine.handlers(settings);
    }

    @Override
    public void close() {
        connecting.close();
        if (locking != null) {
            locking.close();
        }
    }
}
