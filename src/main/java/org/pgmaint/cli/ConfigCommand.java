package org.pgmaint.cli;

import java.util.concurrent.Callable;
import org.pgmaint.config.Config;
import org.pgmaint.db.ConnectionSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Prints the effective configuration, sorted, secrets masked, each value with where it came from. */
@Command(name = "config", description = "Print the effective configuration (sorted, secrets masked, with origins).")
public class ConfigCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;
    @Mixin
    ConnectionOptions connection;

    @Override
    public Integer call() {
        Config config = common.loadConfig(connection.flags());
        System.out.println("# config file: " + config.file().map(Object::toString).orElse("(none)"));
        config.describe().forEach(System.out::println);
        // resolved as plan and run resolve it (service file, connection string, PG* variables): the same errors
        System.out.println("# connection: " + ConnectionSettings.from(config).summary());
        return ExitCodes.OK;
    }
}
