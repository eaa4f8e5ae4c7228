package org.pgmaint.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.pgmaint.config.Config;
import org.pgmaint.config.ConfigKeys;
import org.pgmaint.config.InvalidInputException;
import org.pgmaint.db.ClusterDatabases;
import org.pgmaint.db.ConnectionSettings;
import org.pgmaint.db.Connections;
import org.pgmaint.db.DatabaseTarget;
import org.pgmaint.db.DatabaseUnavailableException;
import org.pgmaint.engine.Engine;
import org.pgmaint.engine.Installation;
import org.pgmaint.execute.AnotherRunException;
import org.pgmaint.execute.Interruption;
import org.pgmaint.execute.RunResult;
import org.pgmaint.fleet.ReplicaIndexUsage;
import org.pgmaint.model.LogContext;
import org.pgmaint.model.Mode;
import org.pgmaint.model.Text;
import org.pgmaint.report.FleetEntry;
import org.pgmaint.report.FleetReport;
import org.pgmaint.report.Metrics;
import org.pgmaint.report.PathNames;
import org.pgmaint.report.PlanText;
import org.pgmaint.report.ReportSettings;
import org.pgmaint.report.RunFiles;
import org.pgmaint.report.RunIndex;
import org.pgmaint.report.RunLog;
import org.pgmaint.report.Templates;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A plan or run over several databases (connection.databases, -a): one engine (checks, rules) loaded once and
 * shared, the databases of each target listed on its connection, then up to fleet.parallel databases at once,
 * each through its own {@link Pipeline}. A database that fails (unreachable, login refused, another run, a
 * policy it refuses, a bug) becomes a failure entry with its alert; every other database completes. The
 * cluster-wide checks run in the first database of each target only.
 */
final class FleetRun {
    private static final Logger log = LoggerFactory.getLogger(FleetRun.class);

    /** What is done with one database: plan it, or plan and execute (the body of plan or run). */
    interface Body {
        RunResult run(Pipeline pipeline, String clusterChecksIn) throws SQLException;
    }

    /** One target as the run sees it: its name, connection, which databases, which left out. */
    record Target(DatabaseTarget connection, List<String> databases, List<String> excluded, Config config,
                  List<ConnectionSettings> replicas) {
        Target {
            replicas = replicas == null ? List.of() : List.copyOf(replicas);
        }
    }

    private final Engine engine;
    private final int parallel;
    private final ReportSettings reports;
    private final boolean writeFiles;
    private final Interruption interruption;
    private final Instant started;

    private FleetRun(Engine engine, int parallel, ReportSettings reports, boolean writeFiles, Interruption interruption,
                     Instant started) {
        this.engine = engine;
        this.writeFiles = writeFiles;
        this.parallel = parallel;
        this.reports = reports;
        this.interruption = interruption;
        this.started = started;
    }

    /** True when the configuration asks for more than connection.dbname (connection.databases). */
    static boolean requested(Config config) {
        return !config.list(ConfigKeys.DATABASES).isEmpty();
    }

    /** The one target of a run without a targets file: the configured server, its databases. */
    static List<Target> fromConfig(Config config) {
        ConnectionSettings settings = ConnectionSettings.from(config);
        List<String> databases = config.list(ConfigKeys.DATABASES);
        return List.of(new Target(DatabaseTarget.single(settings),
                databases.isEmpty() ? List.of(settings.dbname()) : databases, config.list(ConfigKeys.EXCLUDE_DATABASES),
                null, List.of()));
    }

    /**
     * Runs {@code body} on every selected database, writing run files when {@code writeFiles} (run; not plan).
     * Prints the result (one database: as a run of it alone; several: every report and the summary) and returns
     * the exit code.
     */
    static int run(Config config, List<Target> targets, Format format, ReportSettings reports, boolean writeFiles,
                   Interruption interruption, Body body) throws IOException {
        Instant started = Instant.now();
        Engine engine = Engine.load(config, Installation.home());
        Templates templates = Templates.in(reports.templatesDir());
        templates.validate();
        templates.validate(Templates.FLEET);
        FleetRun fleet = new FleetRun(engine, config.integer(ConfigKeys.PARALLEL), reports, writeFiles, interruption,
                started);
        if (!writeFiles) {
            return fleet.visit(targets, format, body);
        }
        try (RunLog runLog = RunFiles.startLog(reports, started)) {
            log.info("fleet run over {} target(s), {} database(s) at once", targets.size(), fleet.parallel);
            return fleet.visit(targets, format, body);
        }
    }

    private int visit(List<Target> targets, Format format, Body body) throws IOException {
        ExecutorService pool = Executors.newFixedThreadPool(parallel, r -> {
            Thread thread = new Thread(r, "pgmaint-database");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<FleetEntry> entries = new ArrayList<>();
            List<FleetReport.Skipped> skipped = new ArrayList<>();
            List<Future<Listed>> listings = new ArrayList<>();
            for (Target target : targets) {
                listings.add(pool.submit(() -> list(target)));
            }
            List<Future<FleetEntry>> running = new ArrayList<>();
            for (Future<Listed> listing : listings) {
                Listed listed = join(listing);
                if (listed.failure() != null) {
                    entries.add(listed.failure());
                    continue;
                }
                listed.selected().skipped().forEach(s -> skipped.add(
                        new FleetReport.Skipped(listed.target().connection().target(), s.database(), s.reason())));
                List<String> databases = listed.selected().databases();
                // a target with keys of its own: the same checks and rules, its thresholds and approvals
                Engine targetEngine = listed.target().config() == null ? engine
                        : engine.reconfigured(listed.target().config());
                for (String database : databases) {
                    // the cluster-wide checks in the first database only
                    String clusterChecksIn = database.equals(databases.get(0)) ? null : databases.get(0);
                    DatabaseTarget one = listed.target().connection().withDatabase(database);
                    List<ConnectionSettings> replicas = listed.target().replicas();
                    running.add(pool.submit(() -> one(targetEngine, one, replicas, clusterChecksIn, body)));
                }
            }
            for (Future<FleetEntry> entry : running) {
                entries.add(join(entry));
            }
            return finish(entries, skipped, format);
        } finally {
            pool.shutdownNow();
        }
    }

    private record Listed(Target target, ClusterDatabases.Selected selected, FleetEntry failure) {
    }

    /** The databases of one target, listed on its own connection; an unreachable target is its failure entry. */
    private Listed list(Target target) {
        DatabaseTarget connection = target.connection();
        try (Connection db = Connections.openReadOnly(connection.connection())) {
            return new Listed(target, ClusterDatabases.select(db, target.databases(), ConfigKeys.ALL_DATABASES,
                    target.excluded()), null);
        } catch (DatabaseUnavailableException | SQLException e) {
            String error = e instanceof SQLException sql ? Connections.firstLine(sql) : e.getMessage();
            return new Listed(target, null, failed(connection, error, ExitCodes.DATABASE_UNAVAILABLE));
        }
    }

    /** One database, isolated: whatever goes wrong there becomes its failure entry, with its alert file. */
    private FleetEntry one(Engine engine, DatabaseTarget database, List<ConnectionSettings> replicas,
                           String clusterChecksIn, Body body) {
        if (interruption.raised()) {
            return failed(database, "not started: the run was interrupted (" + interruption.signal() + ")",
                    SignalTrap.exitCode(interruption.signal()));
        }
        try (LogContext.Scope named = LogContext.database(database.target(), database.database())) {
            Pipeline pipeline = Pipeline.on(engine, database).reviewedBy(replicaVerdict(engine, database, replicas));
            RunResult result = body.run(pipeline, clusterChecksIn);
            String folder = null;
            if (writeFiles) {
                folder = folder(database);
                try {
                    // the metrics of every database go into one file at the end (target and database labels)
                    RunFiles.write(result, reports.withDir(reports.dir().resolve(folder)).withMetricsFile(null)
                            .withHistory(pipeline.reportHistory()));
                } catch (IOException | UncheckedIOException e) {
                    log.error("the run files of {} were not all written: {}", database.database(), e.getMessage());
                }
            }
            return new FleetEntry(database.target(), database.database(), result, null, ExitCodes.of(result), folder);
        } catch (DatabaseUnavailableException e) {
            return failed(database, e.getMessage(), ExitCodes.DATABASE_UNAVAILABLE);
        } catch (AnotherRunException e) {
            return failed(database, e.getMessage(), ExitCodes.ANOTHER_RUN);
        } catch (InvalidInputException e) {
            return failed(database, e.describe(), ExitCodes.INVALID_INPUT);
        } catch (SQLException e) {
            return failed(database, Connections.firstLine(e), ExitCodes.DATABASE_UNAVAILABLE);
        } catch (RuntimeException e) {
            log.error("internal error in database {}", database.database(), e);
            return failed(database, "internal error: " + e, ExitCodes.INTERNAL_ERROR);
        }
    }

    /**
     * The replicas' verdict on the primary's findings: an index is unused only if no node used it; a replica that
     * cannot be read withholds every unused-index verdict of the database. Replicas are only read. Null without
     * replicas.
     */
    private static Engine.FindingsReview replicaVerdict(Engine engine, DatabaseTarget database,
                                                       List<ConnectionSettings> replicas) {
        if (replicas.isEmpty()) {
            return null;
        }
        return (mode, findings, facts) -> {
            List<ReplicaIndexUsage.NodeScans> read = new ArrayList<>();
            List<ReplicaIndexUsage.Unreadable> unreadable = new ArrayList<>();
            for (ConnectionSettings replica : replicas) {
                String node = DatabaseTarget.defaultName(replica);
                try (Connection db = Connections.openReadOnly(replica.withDbname(database.database()))) {
                    read.add(ReplicaIndexUsage.read(db, node, engine.catalog(), mode, engine.checkTimeout()));
                } catch (DatabaseUnavailableException | IllegalStateException e) {
                    unreadable.add(new ReplicaIndexUsage.Unreadable(node, e.getMessage()));
                } catch (SQLException e) {
                    unreadable.add(new ReplicaIndexUsage.Unreadable(node, Connections.firstLine(e)));
                }
            }
            ReplicaIndexUsage.Windows windows = new ReplicaIndexUsage.Windows(
                    ((Number) engine.param("unused_index", "last_scan_older_than_days")).doubleValue(),
                    (schema, table) -> engine.thresholds().get("unused_index_min_stats_age_days", schema, table));
            return ReplicaIndexUsage.apply(findings, ReplicaIndexUsage.primaryScans(facts), read, unreadable, windows,
                    Instant.now());
        };
    }

    /** A failure entry, with its alert file in the database's folder when the run writes files. */
    private FleetEntry failed(DatabaseTarget database, String error, int exitCode) {
        log.error("{} / {}: {}", database.target(), database.database(), error);
        String folder = null;
        if (writeFiles) {
            folder = folder(database);
            try {
                RunFiles.writeFailure(reports.withDir(reports.dir().resolve(folder)).withMetricsFile(null),
                        database.database(), Mode.STANDARD,
                        error, started);
            } catch (IOException | UncheckedIOException e) {
                log.error("the alert file of {} was not written: {}", database.database(), e.getMessage());
            }
        }
        return FleetEntry.failed(database.target(), database.database(), error, exitCode, folder);
    }

    /** {@code <target>/<database>} under report.dir, each name made one safe folder name. */
    private static String folder(DatabaseTarget database) {
        return PathNames.component(database.target()) + "/" + PathNames.component(database.database());
    }

    private int finish(List<FleetEntry> entries, List<FleetReport.Skipped> skipped, Format format) throws IOException {
        int exitCode = ExitCodes.worst(entries.stream().map(FleetEntry::exitCode).toList());
        boolean single = entries.size() == 1 && entries.get(0).completed() && skipped.isEmpty();
        if (writeFiles) {
            if (!single) {
                FleetReport.write(reports, entries, skipped, started, exitCode).forEach(f -> log.info("wrote {}", f));
            }
            try {
                // every database's runs, linked into their folders
                RunIndex.write(reports.dir(), new ReportHistory(engine.history(), null), reports.zone(), true, started)
                        .ifPresent(f -> log.info("wrote {}", f));
            } catch (IOException | UncheckedIOException e) {
                log.error("the runs' index was not written: {}", e.getMessage());
            }
            if (reports.metricsFile() != null) {
                try {
                    Metrics.write(reports.metricsFile(), Metrics.renderFleet(entries, reports.topTables(), Mode.STANDARD,
                            Instant.now()));
                } catch (IOException e) {
                    System.err.println("pgmaint: ALERT: the metrics file was not written: cannot write "
                            + reports.metricsFile() + ": " + org.pgmaint.report.PrivateFiles.reason(e));
                    exitCode = exitCode == ExitCodes.OK ? ExitCodes.ALERTS : exitCode;
                }
            }
        }
        if (single) {
            // one database: the same output as a run of it alone
            int code = RunOutput.finish(entries.get(0).result(), format, reports.listing());
            return exitCode == ExitCodes.ALERTS && code == ExitCodes.OK ? exitCode : code;
        }
        if (format == Format.json) {
            StandardOutput.print(FleetReport.stdoutJson(entries, skipped, exitCode));
        } else {
            StringBuilder out = new StringBuilder();
            for (FleetEntry entry : entries) {
                out.append("=== ").append(Text.escape(entry.target())).append(" / ").append(Text.escape(entry.database()))
                        .append(" ===\n");
                out.append(entry.completed() ? PlanText.render(entry.result(), reports.listing())
                        : "FAILED (exit " + entry.exitCode() + "): " + Text.escape(entry.error()) + "\n");
                out.append('\n');
            }
            out.append(FleetReport.text(Templates.in(reports.templatesDir()), entries, skipped, started, exitCode,
                    reports.listing()));
            StandardOutput.print(out.toString());
        }
        return exitCode;
    }

    private static <T> T join(Future<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a database", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        }
    }
}
