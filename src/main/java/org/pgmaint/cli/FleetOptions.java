package org.pgmaint.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.TreeMap;
import org.pgmaint.config.Config;
import org.pgmaint.config.InvalidInputException;
import org.pgmaint.config.Problem;
import org.pgmaint.db.ConnectionSettings;
import org.pgmaint.db.DatabaseTarget;
import org.pgmaint.fleet.FleetTarget;
import org.pgmaint.fleet.Shard;
import org.pgmaint.fleet.TargetsFile;
import java.util.List;
import java.util.Map;
import org.pgmaint.config.ConfigKeys;
import org.pgmaint.config.ValueType;
import picocli.CommandLine.Option;

/** The options of a run over several databases of a server (plan, run): which databases, how many at once. */
public class FleetOptions {
    @Option(names = {"-a", "--all-databases"}, description = "Every database of the server that allows connections, not templates (as vacuumdb -a; connection.databases: all).")
    boolean allDatabases;

    @Option(names = "--exclude-database", paramLabel = "PATTERN", description = "Leave out the databases matching PATTERN (* any characters, ? one; repeatable; connection.exclude_databases).")
    List<String> excludeDatabases = new ArrayList<>();

    @Option(names = "--targets", paramLabel = "FILE", description = "A fleet of clusters from a YAML file: targets: [{name, conninfo, databases, exclude_databases, tags, config}] (docs/fleet.md).")
    Path targetsFile;

    @Option(names = "--target", paramLabel = "NAME", description = "Only this target of the targets file (repeatable).")
    List<String> targetNames = new ArrayList<>();

    @Option(names = "--tag", paramLabel = "TAG", description = "Only the targets of the file with this tag (repeatable: any of them).")
    List<String> tags = new ArrayList<>();

    @Option(names = "--shard", paramLabel = "I/N", description = "Only the I-th of N stable partitions of the targets file's targets (by a hash of the name), e.g. 2/4.")
    String shard;

    @Option(names = "--parallel", paramLabel = "N", description = "Plan or maintain up to N databases at once (default: fleet.parallel, 2).")
    String parallel;

    /** The options as config flags, so they are validated and reported like any other key. */
    Map<String, String> flags(Map<String, String> flags) {
        if (allDatabases) {
            flags.put(ConfigKeys.DATABASES.name(), ConfigKeys.ALL_DATABASES);
        }
        if (!excludeDatabases.isEmpty()) {
            flags.put(ConfigKeys.EXCLUDE_DATABASES.name(), ValueType.listText(excludeDatabases));
        }
        if (parallel != null) {
            flags.put(ConfigKeys.PARALLEL.name(), parallel);
        }
        return flags;
    }

    /** True when this command line runs over several databases: a targets file, or connection.databases. */
    boolean requested(Config config) {
        return targetsFile != null || FleetRun.requested(config);
    }

    /**
     * The targets of the run: those of the targets file (each with its own configuration: its keys over the
     * file and environment, the command line over them), else the configured server's.
     */
    List<FleetRun.Target> targets(Config config, CommonOptions common, Map<String, String> connectionFlags,
                                  Map<String, String> otherFlags) {
        if (targetsFile == null) {
            if (!targetNames.isEmpty() || !tags.isEmpty() || shard != null) {
                throw new InvalidInputException("command line", Problem.of("--target/--tag/--shard", "",
                        "select targets of a targets file: give --targets FILE"));
            }
            return FleetRun.fromConfig(config);
        }
        if (!connectionFlags.isEmpty()) {
            throw new InvalidInputException("command line", Problem.of(String.join(", ", connectionFlags.keySet()), "",
                    "cannot be combined with --targets: each target's conninfo says where it is"));
        }
        Shard part = null;
        if (shard != null) {
            try {
                part = Shard.parse(shard);
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("command line", Problem.of("--shard", shard, e.getMessage()));
            }
        }
        List<FleetTarget> all = TargetsFile.load(targetsFile);
        Map<String, String> approvals = new TreeMap<>();
        ConfigKeys.all().keySet().stream().filter(k -> k.startsWith("approval."))
                .forEach(k -> approvals.put(k, String.valueOf(config.value(ConfigKeys.find(k)))));
        List<Problem> widening = TargetsFile.approvalWidening(targetsFile, all, approvals);
        if (!widening.isEmpty()) {
            throw new InvalidInputException("targets file", widening);
        }
        List<FleetRun.Target> targets = new ArrayList<>();
        for (FleetTarget target : TargetsFile.select(targetsFile, all, targetNames, tags)) {
            if (part != null && !part.holds(target.name())) {
                continue;
            }
            Map<String, String> own = new LinkedHashMap<>(target.config());
            own.put(ConfigKeys.DBNAME.name(), target.conninfo());
            if (!target.databases().isEmpty()) {
                own.put(ConfigKeys.DATABASES.name(), ValueType.listText(target.databases()));
            }
            if (!target.excludeDatabases().isEmpty()) {
                own.put(ConfigKeys.EXCLUDE_DATABASES.name(), ValueType.listText(target.excludeDatabases()));
            }
            Config targetConfig = common.loadConfig(own, otherFlags);
            ConnectionSettings settings = ConnectionSettings.from(targetConfig);
            List<String> databases = targetConfig.list(ConfigKeys.DATABASES);
            targets.add(new FleetRun.Target(new DatabaseTarget(target.name(), settings),
                    databases.isEmpty() ? List.of(settings.dbname()) : databases,
                    targetConfig.list(ConfigKeys.EXCLUDE_DATABASES), target.config().isEmpty() ? null : targetConfig,
                    target.replicas().stream().map(replica -> ConnectionSettings.from(common.loadConfig(
                            Map.of(ConfigKeys.DBNAME.name(), replica), otherFlags))).toList()));
        }
        return targets;
    }
}
