package org.pgmaint.collect;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.pgmaint.catalog.Catalog;
import org.pgmaint.catalog.Check;
import org.pgmaint.catalog.NamedSql;
import org.pgmaint.catalog.ParamSpec;
import org.pgmaint.config.InvalidInputException;
import org.pgmaint.config.Problem;
import org.pgmaint.db.Connections;
import org.pgmaint.db.DatabaseUnavailableException;
import org.pgmaint.model.Mode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the checks of a mode (each through a {@link CheckRunner}: its own read-only transaction and
 * statement_timeout) on the given connection and, when asked, on more connections in parallel: each connection
 * takes the next check not yet taken. Results come back in catalog order whatever finished first. A failing
 * check fails alone; a check whose columns do not match its declared fact is a catalog error.
 */
public final class Collector {
    private static final Logger log = LoggerFactory.getLogger(Collector.class);

    private final Connection connection;
    private final Supplier<Connection> moreConnections;
    private final int connections;
    private final Duration defaultTimeout;
    private final Map<String, ?> paramOverrides;

    /**
     * @param paramOverrides values for check parameters, keyed "check_id.param": text as written in the config,
     *                       a value of the parameter's type (a list, kept exactly), or a Supplier of one (read
     *                       when the check runs)
     */
    public Collector(Connection connection, Duration defaultTimeout, Map<String, ?> paramOverrides) {
        this(connection, null, 1, defaultTimeout, paramOverrides);
    }

    /**
     * @param moreConnections opens a further connection to the same database (closed again by the collector);
     *                        null to use only {@code connection}
     * @param connections     how many connections run checks at once, {@code connection} included; a further
     *                        connection that cannot be opened is done without
     */
    public Collector(Connection connection, Supplier<Connection> moreConnections, int connections,
                     Duration defaultTimeout, Map<String, ?> paramOverrides) {
        this.connection = connection;
        this.moreConnections = moreConnections;
        this.connections = moreConnections == null ? 1 : Math.max(1, connections);
        this.defaultTimeout = defaultTimeout;
        this.paramOverrides = paramOverrides;
    }

    /** Checks every config override names a declared check and parameter and parses as its type. */
    public static List<Problem> validateParams(Catalog catalog, Map<String, String> overrides, String source) {
        List<Problem> problems = new ArrayList<>();
        overrides.forEach((key, text) -> {
            String[] parts = key.split("\\.", 2);
            Check check = catalog.check(parts[0]).orElse(null);
            ParamSpec spec = check == null ? null : check.params().get(parts[1]);
            if (check == null) {
                problems.add(Problem.of(source, "params." + key, "no check has id '" + parts[0] + "'"));
            } else if (spec == null) {
                problems.add(Problem.of(source, "params." + key, "check " + parts[0] + " has no parameter '" + parts[1]
                        + "'; its parameters: " + check.params().keySet()));
            } else {
                try {
                    spec.type().fromText(text);
                } catch (RuntimeException e) {
                    problems.add(Problem.of(source, "params." + key, "'" + text + "' is not a valid " + spec.type().yamlName()));
                }
            }
        });
        return problems;
    }

    /** Runs the catalog's checks of the planned server (not those of {@code scope: replica}). */
    public CollectedFacts collect(Catalog catalog, Mode mode) {
        return collect(catalog, mode, false);
    }

    /**
     * Runs only the catalog's {@code scope: replica} checks, on a connection to a replica (each node keeps its own
     * statistics): their SQL for the replica's major, read-only, parameters bound, as every check.
     */
    public CollectedFacts collectOnReplica(Catalog catalog, Mode mode) {
        return collect(catalog, mode, true);
    }

    private CollectedFacts collect(Catalog catalog, Mode mode, boolean replica) {
        try {
            int major = Connections.serverMajor(connection);
            String version = serverVersion();
            String database = connection.getCatalog();
            List<Check> checks = new ArrayList<>();
            List<NamedSql> sqls = new ArrayList<>();
            List<CheckNotRun> skipped = new ArrayList<>();
            RequiredRoles roles = new RequiredRoles(connection);
            for (Check check : catalog.checks()) {
                if (!check.runsIn(mode) || check.collector() != null || check.onReplicas() != replica) {
                    continue;
                }
                NamedSql sql = check.sqlFor(major).orElse(null);
                String missingRole = sql == null ? null : roles.missing(check.requiredRole());
                if (sql == null) {
                    skipped.add(new CheckNotRun(check.id(), "no SQL for PostgreSQL " + major + " (versions " + check.versions() + ")"));
                } else if (missingRole != null) {
                    skipped.add(new CheckNotRun(check.id(), missingRole));
                } else {
                    checks.add(check);
                    sqls.add(sql);
                }
            }
            CheckRunner.Ran[] ran = runAll(checks, sqls, major);
            List<CheckResult> results = new ArrayList<>();
            List<CheckNotRun> failed = new ArrayList<>();
            List<Problem> problems = new ArrayList<>();
            for (CheckRunner.Ran r : ran) {
                if (r.result() != null) {
                    results.add(r.result());
                } else {
                    failed.add(r.failure());
                }
                problems.addAll(r.problems());
            }
            if (!problems.isEmpty()) {
                throw new InvalidInputException("check catalog", problems);
            }
            return new CollectedFacts(major, version, database, results, skipped, failed);
        } catch (SQLException e) {
            throw lost(e);
        }
    }

    private String serverVersion() throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("show server_version")) {
            rs.next();
            return rs.getString(1).split(" ")[0];
        }
    }

    /** Runs every check once, on this thread's connection and on the further ones, indexed like {@code checks}. */
    private CheckRunner.Ran[] runAll(List<Check> checks, List<NamedSql> sqls, int major) throws SQLException {
        CheckRunner.Ran[] ran = new CheckRunner.Ran[checks.size()];
        AtomicInteger next = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        int helpers = Math.min(connections - 1, checks.size() - 1);
        ExecutorService pool = helpers > 0 ? Executors.newFixedThreadPool(helpers, r -> {
            Thread thread = new Thread(r, "pgmaint-collect");
            thread.setDaemon(true);
            return thread;
        }) : null;
        List<Future<?>> running = new ArrayList<>();
        for (int i = 0; i < helpers; i++) {
            running.add(pool.submit(org.pgmaint.model.LogContext.carried(() -> {
                Connection more;
                try {
                    more = moreConnections.get();
                } catch (DatabaseUnavailableException e) {
                    log.debug("collecting without a further connection: {}", e.getMessage());
                    return null;
                }
                try (more) {
                    work(more, checks, sqls, major, ran, next, stop);
                }
                return null;
            })));
        }
        try {
            work(connection, checks, sqls, major, ran, next, stop);
        } finally {
            if (pool != null) {
                pool.shutdown();
            }
        }
        for (Future<?> helper : running) {
            try {
                helper.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while collecting facts", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof SQLException sql) {
                    throw sql;
                }
                if (e.getCause() instanceof RuntimeException runtime) {
                    throw runtime;
                }
                throw new IllegalStateException("collecting facts failed: " + e.getCause(), e.getCause());
            }
        }
        return ran;
    }

    private void work(Connection on, List<Check> checks, List<NamedSql> sqls, int major, CheckRunner.Ran[] ran,
                      AtomicInteger next, AtomicBoolean stop) throws SQLException {
        CheckRunner runner = new CheckRunner(on, defaultTimeout, paramOverrides);
        runner.start();
        try {
            for (int i = next.getAndIncrement(); i < checks.size() && !stop.get(); i = next.getAndIncrement()) {
                ran[i] = runner.run(checks.get(i), sqls.get(i), major);
            }
        } catch (RuntimeException e) {
            stop.set(true);
            throw e;
        }
        runner.finish();
    }

    private static RuntimeException lost(SQLException e) {
        if (Connections.isConnectionLost(e)) {
            return new DatabaseUnavailableException("lost the connection: " + Connections.firstLine(e), e);
        }
        return new IllegalStateException("collecting facts failed: " + Connections.firstLine(e), e);
    }
}
