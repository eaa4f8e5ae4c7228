package org.pgmaint.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import org.pgmaint.config.Config;
import org.pgmaint.db.ConnectionSettings;
import org.pgmaint.engine.Engine;
import org.pgmaint.engine.Installation;
import org.pgmaint.report.ReportSettings;
import org.pgmaint.report.Templates;
import org.pgmaint.rules.RuleBase;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Validates the catalog, the rules and the configuration without a database. */
@Command(name = "validate", description = "Check the check catalog, rules and configuration (no database needed).")
public class ValidateCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        Config config = common.loadConfig(Map.of());
        Engine engine = Engine.load(config, Installation.home());
        RuleBase rules = engine.ruleBase();
        Templates.in(ReportSettings.from(config, Installation.home(), null).templatesDir()).validate();
        ConnectionSettings connection = ConnectionSettings.from(config);
        System.out.printf("valid: %d checks, %d rule files, %d rules, %d thresholds, %d report templates%n",
                engine.catalog().checks().size(), rules.files().size(), rules.ruleCount(), engine.thresholds().all().size(),
                Templates.ALL.size());
        System.out.println("connection: " + connection.summary() + " (not tried)");
        return ExitCodes.OK;
    }
}
