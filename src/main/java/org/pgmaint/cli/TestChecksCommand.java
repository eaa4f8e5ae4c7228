package org.pgmaint.cli;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.pgmaint.catalog.Catalog;
import org.pgmaint.catalog.CatalogLoader;
import org.pgmaint.checktest.CheckTest;
import org.pgmaint.checktest.CheckTestLoader;
import org.pgmaint.checktest.CheckTestRunner;
import org.pgmaint.checktest.OutcomeTable;
import org.pgmaint.checktest.TestOutcome;
import org.pgmaint.config.Config;
import org.pgmaint.config.ConfigKeys;
import org.pgmaint.config.InvalidInputException;
import org.pgmaint.config.Nearest;
import org.pgmaint.config.Problem;
import org.pgmaint.config.ValueType;
import org.pgmaint.db.ConnectionSettings;
import org.pgmaint.db.Connections;
import org.pgmaint.engine.Engine;
import org.pgmaint.engine.Installation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** Runs the checks' own tests ({@code <id>.test.yaml}) in scratch databases of the connected server. */
@Command(name = "test-checks", description = "Run the checks' test files (<id>.test.yaml) in scratch databases of the"
        + " connected server (the role needs CREATEDB); print a pass/fail table. Exit 0: all pass, 1: some fail.")
public class TestChecksCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;
    @Mixin
    ConnectionOptions connection;

    @Parameters(paramLabel = "ID", arity = "0..*", description = "Only the tests of these checks (default: all).")
    List<String> ids = new ArrayList<>();

    @Override
    public Integer call() throws SQLException {
        Config config = common.loadConfig(connection.flags());
        Catalog catalog = CatalogLoader.load(Engine.checkDirs(config, Installation.home()));
        List<CheckTest> tests = selected(CheckTestLoader.load(Engine.checkDirs(config, Installation.home()), catalog));
        ConnectionSettings server = ConnectionSettings.from(config);
        try (Connection c = Connections.open(server)) {
            if (!CheckTestRunner.mayCreateDatabases(c)) {
                throw new InvalidInputException("connection", Problem.of(server.describe(), "",
                        "role " + server.user() + " may not create databases: test-checks runs each test in a scratch"
                                + " database; connect as a role with CREATEDB"));
            }
        }
        CheckTestRunner runner = new CheckTestRunner(server, Installation.home(), catalogFlags(config));
        List<TestOutcome> outcomes = new ArrayList<>();
        for (CheckTest test : tests) {
            outcomes.add(runner.run(test));
        }
        StandardOutput.print(OutcomeTable.render(outcomes));
        return outcomes.stream().allMatch(TestOutcome::passed) ? ExitCodes.OK : ExitCodes.ALERTS;
    }

    private List<CheckTest> selected(List<CheckTest> tests) {
        if (ids.isEmpty()) {
            return tests;
        }
        List<String> tested = tests.stream().map(CheckTest::checkId).toList();
        List<Problem> problems = new ArrayList<>();
        for (String id : ids) {
            if (!tested.contains(id)) {
                String didYouMean = Nearest.didYouMean(Nearest.names(id, tested));
                problems.add(Problem.of("command line", id, "no test file for this check" + (didYouMean.isEmpty() ? "" : "; " + didYouMean)));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException("command line", problems);
        }
        return tests.stream().filter(t -> ids.contains(t.checkId())).toList();
    }

    /** The catalog folders and the rule cache of the configuration: the only keys of it a test runs with. */
    private static Map<String, String> catalogFlags(Config config) {
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put(ConfigKeys.CHECK_DIRS.name(), ValueType.listText(config.list(ConfigKeys.CHECK_DIRS)));
        flags.put(ConfigKeys.RULE_DIRS.name(), ValueType.listText(config.list(ConfigKeys.RULE_DIRS)));
        flags.put(ConfigKeys.RULE_CACHE_DIR.name(), config.string(ConfigKeys.RULE_CACHE_DIR));
        return flags;
    }
}
