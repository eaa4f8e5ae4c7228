package org.pgmaint.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.pgmaint.cache.CacheSettings;
import org.pgmaint.config.Config;
import org.pgmaint.config.ConfigKeys;
import org.pgmaint.config.InvalidInputException;
import org.pgmaint.db.ConnectionSettings;
import org.pgmaint.engine.Engine;
import org.pgmaint.engine.Installation;
import org.pgmaint.report.ReportSettings;
import org.pgmaint.report.Templates;
import org.pgmaint.rules.RuleBase;
import org.pgmaint.rules.RuleCache;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * Validates the catalog, the rules and the configuration without a database: everything {@code run} and
 * {@code cache-processor} check before they connect, every problem reported together.
 */
@Command(name = "validate", description = "Check the check catalog, rules and configuration (no database needed).")
public class ValidateCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        Config config = common.loadConfig(Map.of());
        List<InvalidInputException> failures = new ArrayList<>();
        Engine engine = attempt(failures, () -> Engine.load(config, Installation.home()));
        ConnectionSettings connection = attempt(failures, () -> ConnectionSettings.from(config));
        attempt(failures, () -> CacheSettings.from(config, System.getenv()));
        if (failures.size() == 1) {
            throw failures.get(0);
        } else if (!failures.isEmpty()) {
            throw new InvalidInputException("input", failures.stream().flatMap(f -> f.problems().stream()).toList());
        }
        RuleBase rules = engine.ruleBase();
        // parsed once per set of template files: FreeMarker is most of what `validate` would load otherwise
        Templates.in(ReportSettings.from(config, Installation.home(), null).templatesDir())
                .validate(RuleCache.fromSetting(config.string(ConfigKeys.RULE_CACHE_DIR)));
        System.out.printf("valid: %d checks, %d rule files, %d rules, %d thresholds, %d report templates%n",
                engine.catalog().checks().size(), rules.files().size(), rules.ruleCount(), engine.thresholds().all().size(),
                Templates.ALL.size());
        System.out.println("connection: " + connection.summary() + " (not tried)");
        return ExitCodes.OK;
    }

    private static <T> T attempt(List<InvalidInputException> failures, Supplier<T> part) {
        try {
            return part.get();
        } catch (InvalidInputException e) {
            failures.add(e);
            return null;
        }
    }
}
