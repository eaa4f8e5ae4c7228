package org.pgmaint.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pgmaint.config.Config;
import org.pgmaint.config.ConfigKeys;
import org.pgmaint.config.ValueType;
import org.pgmaint.config.ConfigLoader;
import org.pgmaint.config.InvalidInputException;
import org.pgmaint.config.Problem;
import picocli.CommandLine.Option;

/** Options every command shares: config file, extra catalog folders, overrides, debug. */
public class CommonOptions {
    @Option(names = "--config", paramLabel = "FILE", description = "Configuration file (default: $PGMAINT_CONFIG, ./pgmaint.yaml, /etc/pgmaint/pgmaint.yaml).")
    Path configFile;

    @Option(names = "--checks", paramLabel = "DIR", description = "An extra folder of check YAML files (repeatable).")
    List<String> checkDirs = new ArrayList<>();

    @Option(names = "--rules", paramLabel = "DIR", description = "An extra folder of rule .drl files (repeatable).")
    List<String> ruleDirs = new ArrayList<>();

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Set a config key, e.g. --set thresholds.vacuum_dead_tuple_pct=15 (repeatable).")
    List<String> settings = new ArrayList<>();

    @Option(names = {"-?", "--help"}, usageHelp = true, description = "Show this help.")
    boolean help;

    @Option(names = "--debug", description = "Log debug details and show stack traces.")
    boolean debug;

    /** Flags as config keys, applied over file and environment. */
    Map<String, String> flags() {
        Map<String, String> flags = new LinkedHashMap<>();
        if (!checkDirs.isEmpty()) {
            flags.put(ConfigKeys.CHECK_DIRS.name(), ValueType.listText(checkDirs));
        }
        if (!ruleDirs.isEmpty()) {
            flags.put(ConfigKeys.RULE_DIRS.name(), ValueType.listText(ruleDirs));
        }
        for (String setting : settings) {
            int eq = setting.indexOf('=');
            if (eq <= 0) {
                throw new InvalidInputException("command line", Problem.of("--set", setting,
                        "should look like --set key=value, e.g. --set executor.jobs=2"));
            }
            flags.put(setting.substring(0, eq).trim(), setting.substring(eq + 1));
        }
        return flags;
    }

    Config loadConfig(Map<String, String> moreFlags) {
        return loadConfig(Map.of(), moreFlags);
    }

    /**
     * The configuration with {@code under} (a fleet target's own keys) over the file and environment, and the
     * command line over them.
     */
    Config loadConfig(Map<String, String> under, Map<String, String> moreFlags) {
        Map<String, String> flags = new LinkedHashMap<>(under);
        flags.putAll(flags());
        flags.putAll(moreFlags);
        return ConfigLoader.load(new ConfigLoader.Sources(configFile, System.getenv(), flags, Path.of("")));
    }
}
