package org.pgmaint.cli;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
import org.pgmaint.execute.RunResult;
import org.pgmaint.history.HistoryRecorder;
import org.pgmaint.history.TargetKey;
import org.pgmaint.model.Finding;
import org.pgmaint.model.Mode;
import org.pgmaint.plan.Plan;

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
    private final Engine.FindingsReview review;
    /** The history's state this database's run is recorded against, read beside the remediation script's catalog ({@link #evaluate}). */
    private HistoryRecorder.Prepared historyReadAhead;

    private Pipeline(DatabaseTarget database, Engine engine, Engine.FindingsReview review) {
        this.database = database;
        this.target = database.connection();
        this.engine = engine;
        this.review = review;
    }

    /** Loads the engine; the database is reached later, at {@link #lock} and {@link #evaluate}. */
    static Pipeline start(Config config, ConnectionSettings target) {
        return new Pipeline(DatabaseTarget.single(target), Engine.load(config, Installation.home()), null);
    }

    /** The pipeline of one database on an engine already loaded (its catalog and rule base shared by every database). */
    static Pipeline on(Engine engine, DatabaseTarget database) {
        return new Pipeline(database, engine, null);
    }

    /** This pipeline with its findings reviewed before the plan is made of them (the replicas' verdict). */
    Pipeline reviewedBy(Engine.FindingsReview value) {
        return new Pipeline(database, engine, value);
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
        return evaluate(mode, null);
    }

    /**
     * As {@link #evaluate(Mode)}; with {@code clusterChecksIn} (another database of the same cluster in this run),
     * the cluster-wide checks are left to that database.
     */
    Engine.Planned evaluate(Mode mode, String clusterChecksIn) throws SQLException {
        Instant begun = Instant.now();
        try (Connection db = Connections.openReadOnly(target)) {
            return engine.evaluate(db, mode, database, clusterChecksIn, review, early -> historyReadAhead =
                    new HistoryRecorder(engine.history()).prepare(TargetKey.of(database), begun));
        }
    }

    /**
     * A plan (nothing run) that started at {@code started}, evaluated as {@link #evaluate(Mode, String)} and recorded
     * as {@link #recorded}, its history written while the plan is finished: begun once the findings are final, beside
     * the remediation script's catalog read (the database works, a core is idle), committed when the plan is done and
     * rolled back when it fails.
     */
    RunResult planned(Mode mode, String clusterChecksIn, Instant started, String command) throws SQLException {
        HistoryRecorder recorder = new HistoryRecorder(engine.history());
        List<HistoryRecorder.Recording> recording = new ArrayList<>(1);
        Engine.Planned planned;
        try (Connection db = Connections.openReadOnly(target)) {
            planned = engine.evaluate(db, mode, database, clusterChecksIn, review, early -> {
                RunResult provisional = planOnly(early, started);
                recording.add(recorder.begin(provisional, TargetKey.of(database), command, ExitCodes.of(provisional),
                        version()));
            });
        } catch (SQLException | RuntimeException e) {
            recording.forEach(HistoryRecorder.Recording::abandon);
            throw e;
        }
        RunResult result = planOnly(planned, started);
        return withHistory(result, recording.isEmpty()
                ? recorder.record(result, TargetKey.of(database), command, ExitCodes.of(result), version(), null)
                : recording.get(0).finish(result.finishedAt()));
    }

    private static RunResult planOnly(Engine.Planned planned, Instant started) {
        return new RunResult(planned.plan(), true, started, Instant.now(), List.of(), planned.collection().results());
    }

    private static String version() {
        return new Main.Version().getVersion()[0];
    }

    /**
     * Records the finished run in the history, keyed by target and database: the one place plan, report, run and
     * apply record. A store that cannot be written adds the finding history_not_recorded, which always alerts (so
     * exit 1, and the report and the alert file say so); the run's own outcome stands.
     */
    RunResult recorded(RunResult result, String command) {
        return withHistory(result, new HistoryRecorder(engine.history())
                .record(result, TargetKey.of(database), command, ExitCodes.of(result), version(), historyReadAhead));
    }

    private static RunResult withHistory(RunResult result, HistoryRecorder.Recorded recorded) {
        List<Finding> findings = new ArrayList<>(recorded.changes().map(c -> c.annotate(result.plan().findings()))
                .orElse(result.plan().findings()));
        recorded.failure().ifPresent(failure -> findings.add(Finding.warning("history_not_recorded", null, null, failure
                + "; this run is missing from the history (windows and trends pass over it)").alertAlways()));
        Plan plan = result.plan();
        // the findings keep their positions (history only adds details and appends its own findings, which suggest
        // nothing), so the remediation reconciled with the database, its revert and lock timeout, still applies
        return new RunResult(new Plan(plan.database(), plan.serverVersion(), plan.serverMajor(), plan.mode(),
                plan.actions(), findings, plan.skippedChecks(), plan.failedChecks(), plan.standby(), plan.remediation()),
                result.dryRun(), result.startedAt(), result.finishedAt(), result.errors(), result.facts());
    }

    /** This database's history as the HTML report's charts and its folder's index.html read it. */
    org.pgmaint.report.RunHistory reportHistory() {
        return new ReportHistory(engine.history(), TargetKey.of(database));
    }

    /** The action handlers of this run ({@link Engine#handlers}). */
    HandlerRegistry handlers(ExecutorSettings settings) {
        return engine.handlers(settings);
    }
}
