package org.pgmaint.engine;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.pgmaint.catalog.Catalog;
import org.pgmaint.catalog.CatalogLoader;
import org.pgmaint.catalog.Check;
import org.pgmaint.collect.BuiltInCollector;
import org.pgmaint.catalog.ParamSources;
import org.pgmaint.collect.CollectedFacts;
import org.pgmaint.collect.Collector;
import org.pgmaint.collect.Exclusions;
import org.pgmaint.collect.CheckNotRun;
import org.pgmaint.collect.UniqueDuplicatesCollector;
import org.pgmaint.config.Config;
import org.pgmaint.config.ConfigKeys;
import org.pgmaint.config.InvalidInputException;
import org.pgmaint.config.Problem;
import org.pgmaint.db.ConnectionSettings;
import org.pgmaint.db.Connections;
import org.pgmaint.db.DatabaseTarget;
import org.pgmaint.db.DatabaseUnavailableException;
import org.pgmaint.db.Identifiers;
import org.pgmaint.db.Standby;
import org.pgmaint.execute.ExecutorSettings;
import org.pgmaint.execute.HandlerRegistry;
import org.pgmaint.history.HistoryCollector;
import org.pgmaint.history.HistoryReader;
import org.pgmaint.history.HistorySettings;
import org.pgmaint.history.TargetKey;
import org.pgmaint.model.ActionKind;
import org.pgmaint.model.Mode;
import org.pgmaint.plan.ApprovalPolicy;
import org.pgmaint.plan.Plan;
import org.pgmaint.plan.Reconciler;
import org.pgmaint.plan.ScriptCatalog;
import org.pgmaint.plan.Planner;
import org.pgmaint.retention.RetentionCollector;
import org.pgmaint.retention.RetentionDeleteHandler;
import org.pgmaint.retention.RetentionSettings;
import org.pgmaint.rules.Evaluation;
import org.pgmaint.rules.RuleBase;
import org.pgmaint.rules.RuleCache;
import org.pgmaint.rules.RuleEngine;
import org.pgmaint.rules.Thresholds;

/**
 * The loaded catalog, configuration and (being built) rule base; {@link #plan} runs
 * collect -&gt; rules -&gt; plan. The rule base compiles on another thread while the caller connects and
 * collects, since neither needs the other.
 */
public final class Engine {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Engine.class);
    private final Config config;
    private final Catalog catalog;
    private final Thresholds thresholds;
    private final ApprovalPolicy approvalPolicy;
    private final CompletableFuture<RuleBase> ruleBase;
    private final Exclusions exclusions;
    private final RetentionSettings retention;
    private final int collectConnections;
    private final HistorySettings history;

    private Engine(Config config, Catalog catalog, Thresholds thresholds, ApprovalPolicy approvalPolicy,
                   CompletableFuture<RuleBase> ruleBase, Exclusions exclusions,
                   RetentionSettings retention, int collectConnections, HistorySettings history) {
        this.history = history;
        this.collectConnections = collectConnections;
        this.exclusions = exclusions;
        this.config = config;
        this.catalog = catalog;
        this.thresholds = thresholds;
        this.approvalPolicy = approvalPolicy;
        this.ruleBase = ruleBase;
        this.retention = retention;
    }

    /** Loads and validates everything that needs no database; starts compiling the rules. */
    public static Engine load(Config config, Path home) {
        return load(config, home, java.time.Clock.systemUTC());
    }

    /** As {@link #load(Config, Path)}, with the clock the history's figures are computed by (tests set it). */
    public static Engine load(Config config, Path home, java.time.Clock clock) {
        List<Path> checkDirs = checkDirs(config, home);
        List<Path> ruleDirs = dirs(home.resolve("rules"), config.list(ConfigKeys.RULE_DIRS));
        long start = System.nanoTime();
        Catalog catalog = CatalogLoader.load(checkDirs);
        log.debug("catalog: {} checks loaded in {} ms", catalog.checks().size(), (System.nanoTime() - start) / 1_000_000);
        // validated before the rules start compiling: a configuration error is exit 2 at once
        Engine configured = configured(config, catalog, null, clock);
        RuleCache cache = RuleCache.fromSetting(config.string(ConfigKeys.RULE_CACHE_DIR));
        CompletableFuture<RuleBase> rules = CompletableFuture.supplyAsync(() -> {
            long building = System.nanoTime();
            RuleBase built = RuleBase.build(catalog, ruleDirs, cache);
            log.debug("rule base: {} rules {} in {} ms", built.ruleCount(), built.fromCache() ? "loaded from the cache" : "compiled",
                    (System.nanoTime() - building) / 1_000_000);
            return built;
        });
        return configured.withRules(rules);
    }

    /**
     * This engine's catalog and rule base (loaded once, shared) with another configuration: a target of a fleet
     * that sets its own thresholds, parameters or approvals. The configuration must name the same check and rule
     * folders (the targets file cannot set catalog keys).
     */
    public Engine reconfigured(Config other) {
        return configured(other, catalog, ruleBase, history.clock());
    }

    private Engine withRules(CompletableFuture<RuleBase> rules) {
        return new Engine(config, catalog, thresholds, approvalPolicy, rules, exclusions, retention, collectConnections,
                history);
    }

    private static Engine configured(Config config, Catalog catalog, CompletableFuture<RuleBase> rules,
                                     java.time.Clock clock) {
        List<Problem> problems = new ArrayList<>();
        Thresholds thresholds = InvalidInputException.collecting(problems, () -> Thresholds.resolve(catalog, config));
        problems.addAll(Collector.validateParams(catalog, config.params(), "configuration"));
        problems.addAll(ParamSources.problems(catalog, config));
        problems.addAll(importantTableProblems(config));
        Exclusions exclusions = Exclusions.parse(config.section(ConfigKeys.EXCLUSIONS).orElse(null), catalog, problems);
        RetentionSettings retention = InvalidInputException.collecting(problems, () -> RetentionSettings.from(config));
        if (!problems.isEmpty()) {
            throw new InvalidInputException("configuration", problems);
        }
        return new Engine(config, catalog, thresholds, ApprovalPolicy.from(config), rules, exclusions, retention,
                config.integer(ConfigKeys.COLLECT_CONNECTIONS), HistorySettings.from(config, clock));
    }

    /** Entries of reindex.important_tables that are not schema.table as in SQL (the checks parse them with parse_ident). */
    private static List<Problem> importantTableProblems(Config config) {
        List<Problem> problems = new ArrayList<>();
        for (String entry : config.list(ConfigKeys.IMPORTANT_TABLES)) {
            try {
                Identifiers.parseQualified(entry);
            } catch (IllegalArgumentException e) {
                problems.add(Problem.of(config.origin(ConfigKeys.IMPORTANT_TABLES.name()),
                        ConfigKeys.IMPORTANT_TABLES.name(), e.getMessage()));
            }
        }
        return problems;
    }

    /** The built-in checks/ folder, then the configured extra ones (catalog.check_dirs, --checks). */
    public static List<Path> checkDirs(Config config, Path home) {
        return dirs(home.resolve("checks"), config.list(ConfigKeys.CHECK_DIRS));
    }

    private static List<Path> dirs(Path builtIn, List<String> extra) {
        List<Path> dirs = new ArrayList<>();
        dirs.add(builtIn);
        extra.forEach(d -> dirs.add(Path.of(d)));
        return dirs;
    }

    /**
     * Collects facts (read-only), evaluates the rules and returns the ordered, approved plan, together with the
     * facts it was made from (the reports list the largest tables from them). Retention policies are checked
     * against the database first: an invalid one stops the run before anything is planned; one whose table
     * another session holds locked is skipped (a failed check naming the pid) and the others go on. On a hot
     * standby nothing is planned and only the checks of the server's own sessions run ({@link Standby}). With
     * {@code settings} (those of {@code connection}) the checks run on up to {@code collect.connections}
     * connections at once, the further ones opened for the collection; with null, all on {@code connection}.
     */
    public Planned evaluate(Connection connection, Mode mode, ConnectionSettings settings) {
        return evaluate(connection, mode, settings == null ? null : DatabaseTarget.single(settings), null);
    }

    /**
     * As {@link #evaluate(Connection, Mode, ConnectionSettings)} for one database of a named target (its history's
     * key); with {@code clusterChecksIn} (the database of the same cluster that runs them) the cluster-wide checks
     * ({@code scope: cluster}) are not run here but listed as skipped, so a run over every database of a cluster runs
     * them once; null runs every check.
     */
    public Planned evaluate(Connection connection, Mode mode, DatabaseTarget database, String clusterChecksIn) {
        return evaluate(connection, mode, database, clusterChecksIn, null, null);
    }

    /**
     * A second opinion on the rules' findings before the remediation script is made of them: the fleet's
     * replica-aware unused-index verdict ({@code fleet.ReplicaIndexUsage}), which reads other servers.
     */
    @FunctionalInterface
    public interface FindingsReview {
        List<org.pgmaint.model.Finding> review(Mode mode, List<org.pgmaint.model.Finding> findings,
                                               List<org.pgmaint.collect.CheckResult> facts);
    }

    /**
     * As {@link #evaluate(Connection, Mode, DatabaseTarget, String)}, the findings reviewed (null: as the rules made
     * them), and {@code whileScriptRead} (null: none) given the plan once its findings and actions are final (its
     * remediation script not yet made) and started beside the remediation
     * script's catalog read: the database works and pgmaint waits, so a core is idle (the collection, on its
     * connections, and the rules, with the garbage collector's threads, keep both busy).
     */
    public Planned evaluate(Connection connection, Mode mode, DatabaseTarget database, String clusterChecksIn,
                            FindingsReview review,
                            java.util.function.Consumer<Planned> whileScriptRead) {
        ConnectionSettings settings = database == null ? null : database.connection();
        boolean standby = isStandby(connection);
        Duration checkTimeout = config.duration(ConfigKeys.CHECK_TIMEOUT);
        // built before the catalog's checks run: an invalid retention policy stops the run before anything is collected
        List<BuiltInCollector> builtIn = standby ? List.of() : List.of(
                // after the exclusions: only the invalid unique indexes still reported are looked at
                new UniqueDuplicatesCollector(connection, checkTimeout, exclusions),
                RetentionCollector.validated(connection, retention, checkTimeout),
                // without connection settings (check tests) there is no target whose history to read
                new HistoryCollector(connection, new HistoryReader(settings == null ? history.disabled() : history),
                        database == null ? new TargetKey("", "") : TargetKey.of(database), thresholds, history.clock(),
                        checkTimeout, config.capacities()));
        Collector collector = new Collector(connection, settings == null ? null : () -> Connections.openReadOnly(settings),
                collectConnections, checkTimeout,
                ParamSources.values(catalog, config, Connections::ownBackendPids));
        long start = System.nanoTime();
        // exclusions narrow the checks; retention policies name their tables explicitly and are not narrowed
        Catalog checks = clusterChecksIn == null ? catalog : catalog.databaseScoped();
        CollectedFacts collection = exclusions.apply(standby ? onStandby(collector, checks, mode)
                : collector.collect(checks, mode));
        if (clusterChecksIn != null) {
            collection = withClusterChecksSkipped(collection, mode, clusterChecksIn);
        }
        for (BuiltInCollector extra : builtIn) {
            collection = extra.addTo(collection, catalog, mode);
        }
        long collected = System.nanoTime();
        RuleBase rules = ruleBase();
        long built = System.nanoTime();
        Evaluation evaluation = new RuleEngine(rules).evaluate(collection, mode, thresholds, catalog.checks());
        long evaluated = System.nanoTime();
        // the script is reconciled once, below, from the reviewed findings and the database's objects
        Plan plan = new Planner(approvalPolicy).plan(collection, evaluation, mode, standby,
                org.pgmaint.plan.Remediation.NONE);
        List<org.pgmaint.model.Finding> findings = review != null && !standby
                ? review.review(mode, plan.findings(), collection.results()) : plan.findings();
        long planned = System.nanoTime();
        if (whileScriptRead != null) {
            whileScriptRead.accept(new Planned(plan.withFindings(findings, plan.remediation()), collection));
        }
        // the script's objects as the database has them now: what each drop backs, and how to recreate it
        Reconciler.Parsed suggested = Reconciler.parse(findings);
        ScriptCatalog objects = ScriptCatalog.read(connection, suggested.indexesNamed(), suggested.constraintsNamed(),
                suggested.relationsNamed(), checkTimeout);
        long read = System.nanoTime();
        plan = plan.withFindings(findings, Reconciler.reconcile(suggested, objects)
                .withLockTimeout(config.duration(ConfigKeys.LOCK_TIMEOUT)));
        log.debug("collect {} ms ({} rows), wait for rule base {} ms, rules {} ms ({} firings), plan {} ms (actions and"
                        + " review {} ms, script objects read {} ms, reconciled {} ms)",
                (collected - start) / 1_000_000, collection.results().stream().mapToInt(r -> r.rows().size()).sum(),
                (built - collected) / 1_000_000, (evaluated - built) / 1_000_000,
                evaluation.rulesFired(), (System.nanoTime() - evaluated) / 1_000_000, (planned - evaluated) / 1_000_000,
                (read - planned) / 1_000_000, (System.nanoTime() - read) / 1_000_000);
        return new Planned(plan, collection);
    }

    public record Planned(Plan plan, CollectedFacts collection) {
    }

    /** Where and how the history is kept (the recording after the run uses the same). */
    public HistorySettings history() {
        return history;
    }

    private static boolean isStandby(Connection connection) {
        try {
            return Standby.is(connection);
        } catch (SQLException e) {
            throw new DatabaseUnavailableException("cannot ask the server whether it is a standby: "
                    + Connections.firstLine(e), e);
        }
    }

    /**
     * On a hot standby only the checks of this server's own sessions run (check key {@code standby: true}); the
     * others, retention included, are listed as skipped: their data is the primary's, and so is the maintenance.
     */
    private CollectedFacts onStandby(Collector collector, Catalog checks, Mode mode) {
        List<Check> local = new ArrayList<>();
        List<CheckNotRun> skipped = new ArrayList<>();
        for (Check check : checks.checks()) {
            if (check.onStandby()) {
                local.add(check);
            } else if (check.runsIn(mode) && !check.onReplicas()) {
                skipped.add(new CheckNotRun(check.id(), Standby.SKIPPED));
            }
        }
        CollectedFacts collected = collector.collect(new Catalog(local, catalog.thresholds()), mode);
        skipped.addAll(0, collected.skipped());
        return new CollectedFacts(collected.serverMajor(), collected.serverVersion(), collected.database(),
                collected.results(), skipped, collected.failed());
    }

    private CollectedFacts withClusterChecksSkipped(CollectedFacts collected, Mode mode, String database) {
        List<CheckNotRun> skipped = new ArrayList<>(collected.skipped());
        catalog.checks().stream().filter(c -> c.clusterWide() && c.runsIn(mode)).forEach(c -> skipped.add(
                new CheckNotRun(c.id(), "cluster-wide: run once for the cluster, in database " + database)));
        return new CollectedFacts(collected.serverMajor(), collected.serverVersion(), collected.database(),
                collected.results(), skipped, collected.failed());
    }

    /** The compiled rule base; rule build errors surface here as {@link InvalidInputException}. */
    public RuleBase ruleBase() {
        try {
            return ruleBase.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw e;
        }
    }

    public Catalog catalog() {
        return catalog;
    }

    /**
     * The built-in action handlers for one run, the retention purge's with this configuration's policies (one
     * instance per run: it validates every policy against the database before its first delete).
     */
    public HandlerRegistry handlers(ExecutorSettings settings) {
        return HandlerRegistry.standard(settings)
                .register(ActionKind.RETENTION_DELETE, new RetentionDeleteHandler(retention));
    }

    /** A check parameter's value in this configuration (params.<check>.<name>), else its default. */
    public Object param(String checkId, String name) {
        org.pgmaint.catalog.ParamSpec spec = catalog.check(checkId).map(c -> c.params().get(name))
                .orElseThrow(() -> new IllegalArgumentException("no parameter " + checkId + "." + name));
        String text = config.params().get(checkId + "." + name);
        return text == null ? spec.defaultValue() : spec.type().fromText(text);
    }

    /** collect.check_timeout: the statement_timeout of a check that sets none. */
    public Duration checkTimeout() {
        return config.duration(ConfigKeys.CHECK_TIMEOUT);
    }

    public Thresholds thresholds() {
        return thresholds;
    }
}
