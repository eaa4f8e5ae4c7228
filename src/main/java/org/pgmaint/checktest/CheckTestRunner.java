package org.pgmaint.checktest;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.pgmaint.collect.CheckNotRun;
import org.pgmaint.config.ConfigLoader;
import org.pgmaint.db.ConnectionSettings;
import org.pgmaint.db.Connections;
import org.pgmaint.engine.Engine;
import org.pgmaint.plan.Plan;

/**
 * Runs check tests on a server: per test a scratch database, its setup, its sessions, then {@code plan} on that
 * database only (read-only, as plan always is), the expectations compared with the plan, and the database
 * dropped whatever happened. The engine runs with the built-in defaults, the catalog folders and the test's
 * settings, never a site's configuration, so a test means the same on every machine.
 */
public final class CheckTestRunner {
    private static final long AWAIT_LIMIT_MILLIS = 90_000;
    private final ConnectionSettings server;
    private final Path home;
    private final Map<String, String> catalogFlags;
    private final Map<String, Engine> engines = new HashMap<>();

    /**
     * @param server       where the scratch databases are created (the role needs CREATEDB)
     * @param catalogFlags the config keys naming the extra check and rule folders and the rule cache
     */
    public CheckTestRunner(ConnectionSettings server, Path home, Map<String, String> catalogFlags) {
        this.server = server;
        this.home = home;
        this.catalogFlags = Map.copyOf(catalogFlags);
    }

    /** True when the connected role may create the scratch databases (CREATEDB or superuser). */
    public static boolean mayCreateDatabases(Connection connection) throws SQLException {
        return ScratchDatabase.mayCreate(connection);
    }

    public TestOutcome run(CheckTest test) {
        long start = System.nanoTime();
        String missing = missingRequirement(test);
        if (missing != null) {
            return new TestOutcome(test, List.of(), null, missing, 0);
        }
        List<Mismatch> mismatches = new ArrayList<>();
        String error = null;
        try (ScratchDatabase db = ScratchDatabase.create(server)) {
            try {
                Plan plan = planWithFixture(db, test);
                mismatches = Comparison.compare(test, plan);
            } catch (SQLException e) {
                error = Connections.firstLine(e);
            } catch (FixtureException e) {
                error = e.getMessage();
            }
        }
        return new TestOutcome(test, mismatches, error, null, (System.nanoTime() - start) / 1_000_000);
    }

    /** "needs max_prepared_transactions >= 1 (this server: 0)", or null when the server has what the test needs. */
    private String missingRequirement(CheckTest test) {
        if (test.requires().isEmpty()) {
            return null;
        }
        try (Connection c = Connections.open(server);
             java.sql.PreparedStatement s = c.prepareStatement("select pg_catalog.current_setting(?, true)")) {
            for (Map.Entry<String, Double> required : test.requires().entrySet()) {
                s.setString(1, required.getKey());
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    String value = rs.getString(1);
                    if (value == null || !value.matches("-?[0-9.]+") || Double.parseDouble(value) < required.getValue()) {
                        return "needs " + required.getKey() + " >= " + org.pgmaint.model.Text.num(required.getValue())
                                + " (this server: " + (value == null ? "not set" : value) + ")";
                    }
                }
            }
            return null;
        } catch (SQLException e) {
            throw new org.pgmaint.db.DatabaseUnavailableException("cannot read the server's settings: "
                    + Connections.firstLine(e), e);
        }
    }

    private Plan planWithFixture(ScratchDatabase db, CheckTest test) throws SQLException {
        try (Connection setup = db.openClient("pgmaint test setup")) {
            int major = Connections.serverMajor(setup);
            for (CheckTest.SetupStep step : test.setup()) {
                runStep(setup, step, major);
            }
            flushStats(setup, major);
            try (HeldSessions held = HeldSessions.start(db, test.sessions())) {
                for (String condition : test.await()) {
                    await(setup, condition, "await");
                }
                Engine engine = engine(test.settings());
                try (Connection readOnly = Connections.openReadOnly(db.settings())) {
                    Plan plan = engine.evaluate(readOnly, test.mode(), (org.pgmaint.db.ConnectionSettings) null).plan();
                    notRun(test, plan.skippedChecks(), "was skipped");
                    notRun(test, plan.failedChecks(), "failed");
                    return plan;
                }
            }
        }
    }

    private static void notRun(CheckTest test, List<CheckNotRun> notRun, String what) {
        for (CheckNotRun check : notRun) {
            if (check.id().equals(test.checkId())) {
                throw new FixtureException("check " + check.id() + " " + what + ": " + check.reason());
            }
        }
    }

    private void runStep(Connection setup, CheckTest.SetupStep step, int major) throws SQLException {
        String where = "setup (line " + step.line() + ")";
        switch (step.kind()) {
            case RUN -> {
                if (step.sql().strip().toLowerCase(Locale.ROOT).startsWith("analyze")) {
                    // 15+: counters flushed after an ANALYZE would be added on top of its estimate
                    flushStats(setup, major);
                }
                try (Statement s = setup.createStatement()) {
                    s.execute(step.sql());
                } catch (SQLException e) {
                    throw new FixtureException(where + ": " + Connections.firstLine(e) + "\n    in: " + step.sql().strip());
                }
            }
            case FAILS -> {
                try (Statement s = setup.createStatement()) {
                    s.execute(step.sql());
                } catch (SQLException expected) {
                    return;
                }
                throw new FixtureException(where + ": expected to fail, but succeeded: " + step.sql().strip());
            }
            case AWAIT -> await(setup, step.sql(), where);
        }
    }

    private static void await(Connection connection, String condition, String where) throws SQLException {
        long limit = System.currentTimeMillis() + AWAIT_LIMIT_MILLIS;
        while (true) {
            try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(condition)) {
                if (rs.next() && rs.getBoolean(1)) {
                    return;
                }
            } catch (SQLException e) {
                throw new FixtureException(where + ": " + Connections.firstLine(e) + "\n    in: " + condition.strip());
            }
            if (System.currentTimeMillis() > limit) {
                throw new FixtureException(where + ": still false after " + AWAIT_LIMIT_MILLIS / 1000 + " s: " + condition.strip());
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new FixtureException(where + ": interrupted");
            }
        }
    }

    /** Makes the setup's statistics visible to the check (15+: flush now; 13, 14: give the collector its 500 ms). */
    private static void flushStats(Connection connection, int major) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute(major >= 15 ? "select pg_catalog.pg_stat_force_next_flush()" : "select pg_catalog.pg_sleep(0.7)");
        }
    }

    /** One engine per distinct settings block (the rule base is compiled once and cached). */
    private Engine engine(TestSettings settings) {
        return engines.computeIfAbsent(settings.yaml(), text -> settings.withSettingsFile(path ->
                Engine.load(ConfigLoader.load(new ConfigLoader.Sources(path, Map.of(), catalogFlags, null)), home)));
    }

    /** A fixture that could not be built or a check that did not run: the test errs, it neither passes nor fails. */
    static final class FixtureException extends RuntimeException {
        FixtureException(String message) {
            super(message);
        }
    }
}
