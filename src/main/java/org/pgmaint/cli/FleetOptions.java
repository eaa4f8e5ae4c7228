package org.pgmaint.cli;

import java.util.ArrayList;
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
}
