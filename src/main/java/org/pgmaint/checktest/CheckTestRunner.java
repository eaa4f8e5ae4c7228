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
            } finally {
                String failed = tearDown(db, test);
                error = error == null ? failed : failed == null ? error : error + "; " + failed;
            }
        }
        return new TestOutcome(test, mismatches, error, null, (System.nanoTime() - start) / 1_000_000);
    }

    /**
     * "needs max_prepared_transactions >= 1 (this server: 0)", "needs archive_mode = on (this server: off)", or null
     * when the server has what the test needs.
     */
    private String missingRequirement(CheckTest test) {
        if (test.requires().isEmpty()) {
            return null;
        }
        try (Connection c = Connections.open(server);
             java.sql.PreparedStatement s = c.prepareStatement("select pg_catalog.current_setting(?, true)")) {
            for (Map.Entry<String, String> required : test.requires().entrySet()) {
                s.setString(1, required.getKey());
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    String missing = missing(required.getKey(), required.getValue(), rs.getString(1));
                    if (missing != null) {
                        return missing;
                    }
                }
            }
            return null;
        } catch (SQLException e) {
            throw new org.pgmaint.db.DatabaseUnavailableException("cannot read the server's settings: "
                    + Connections.firstLine(e), e);
        }
    }

    /** A number is the least value, a word the value (compared case-insensitively); null when the server has it. */
    static String missing(String setting, String required, String value) {
        boolean least = required.matches("-?[0-9.]+");
        boolean has = value != null && (least ? value.matches("-?[0-9.]+") && Double.parseDouble(value) >= Double.parseDouble(required)
                : value.equalsIgnoreCase(required));
        return has ? null : "needs " + setting + (least ? " >= " : " = ") + required + " (this server: "
                + (value == null ? "not set" : value) + ")";
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

    /** Runs the test's teardown on a connection of its own; what failed, or null. */
    private static String tearDown(ScratchDatabase db, CheckTest test) {
        if (test.teardown().isEmpty()) {
            return null;
        }
        try (Connection c = db.openClient("pgmaint test teardown"); Statement s = c.createStatement()) {
            for (String sql : test.teardown()) {
                try {
                    s.execute(sql);
                } catch (SQLException e) {
                    return "teardown: " + Connections.firstLine(e) + "\n    in: " + sql.strip();
                }
            }
            return null;
        } catch (SQLException e) {
            return "teardown: " + Connections.firstLine(e);
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
                String sql = step.sql().strip().toLowerCase(Locale.ROOT);
                if (sql.startsWith("analyze") || sql.startsWith("vacuum")) {
                    // 15+: counters flushed after an ANALYZE or VACUUM would be added on top of its figures
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
