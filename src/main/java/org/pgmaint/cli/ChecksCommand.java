package org.pgmaint.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import org.pgmaint.catalog.Catalog;
import org.pgmaint.catalog.CatalogLoader;
import org.pgmaint.catalog.Check;
import org.pgmaint.config.Config;
import org.pgmaint.engine.Engine;
import org.pgmaint.engine.Installation;
import org.pgmaint.model.Mode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Lists the check catalog. */
@Command(name = "checks", description = "List the checks: id, modes, fact type, PostgreSQL versions, description.")
public class ChecksCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        Config config = common.loadConfig(Map.of());
        Catalog catalog = CatalogLoader.load(Engine.checkDirs(config, Installation.home()));
        int idWidth = catalog.checks().stream().mapToInt(c -> c.id().length()).max().orElse(2);
        int typeWidth = catalog.checks().stream().mapToInt(c -> c.fact().type().length()).max().orElse(4);
        String row = "%-" + idWidth + "s  %-14s  %-" + typeWidth + "s  %-8s  %s%n";
        System.out.printf(row, "ID", "MODES", "FACT", "VERSIONS", "DESCRIPTION");
        for (Check check : catalog.checks()) {
            System.out.printf(row, check.id(), check.modes().stream().map(Mode::id).collect(java.util.stream.Collectors.joining(",")), check.fact().type(), check.versions(),
                    check.description().replaceAll("\\s+", " ").trim());
        }
        return ExitCodes.OK;
    }
}
