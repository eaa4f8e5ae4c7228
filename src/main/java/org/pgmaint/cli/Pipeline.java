package org.pgmaint.cli;

import java.sql.Connection;
import java.sql.SQLException;
import org.pgmaint.config.Config;
import org.pgmaint.db.ConnectionSettings;
import org.pgmaint.db.Connections;
import org.pgmaint.db.DatabaseTarget;
import org.pgmaint.engine.Engine;
import org.pgmaint.engine.Installation;
import org.pgmaint.execute.ExecutorSettings;
import org.pgmaint.execute.HandlerRegistry;
import org.pgmaint.execute.Interruption;
import org.pgmaint.execute.RunLock;
import org.pgmaint.model.Mode;

/**
 * The steps plan, report, run and apply share: configuration -&gt; engine -&gt; connect -&gt; evaluate. The engine
 * loads before anything touches the database, so a configuration or catalog error is reported (exit 2) before
 * anything the database said, and no connection sits idle while it loads (idle_session_timeout ends such a one).
 * One pipeline serves one database ({@link DatabaseTarget}: target and database); a run over several databases
 * makes one per database on the same engine ({@link #on}).
 */
final class Pipeline {
    private final DatabaseTarget database;
    private final ConnectionSettings target;
    private final Engine engine;

    private Pipeline(DatabaseTarget database, Engine engine) {
        this.database = database;
        this.target = database.connection();
        this.engine = engine;
    }

    /** Loads the engine; the database is reached later, at {@link #lock} and {@link #evaluate}. */
    static Pipeline start(Config config, ConnectionSettings target) {
        return new Pipeline(DatabaseTarget.single(target), Engine.load(config, Installation.home()));
    }

    /** The pipeline of one database on an engine already loaded (its catalog and rule base shared by every database). */
    static Pipeline on(Engine engine, DatabaseTarget database) {
        return new Pipeline(database, engine);
    }

    /** The target and database this pipeline serves. */
    DatabaseTarget database() {
        return database;
    }

    ConnectionSettings target() {
        return target;
    }

    /** Acquires the run lock (run, apply), the caller's to close: before {@link #evaluate}, so one run plans and acts. */
    RunLock lock(Interruption interruption) {
        return RunLock.acquire(target, interruption);
    }

    /** Collects (read-only), evaluates the rules and plans, on a connection opened for it (then closed). */
    Engine.Planned evaluate(Mode mode) throws SQLException {
        try (Connection db = Connections.openReadOnly(target)) {
            return engine.evaluate(db, mode, target);
        }
    }

    /** The action handlers of this run ({@link Engine#handlers}). */
    HandlerRegistry handlers(ExecutorSettings settings) {
        return engine.handlers(settings);
    }
}
