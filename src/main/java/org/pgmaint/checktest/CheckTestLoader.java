package org.pgmaint.checktest;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.pgmaint.catalog.Catalog;
import org.pgmaint.catalog.CatalogLoader;
import org.pgmaint.catalog.Check;
import org.pgmaint.collect.Collector;
import org.pgmaint.config.Config;
import org.pgmaint.config.ConfigLoader;
import org.pgmaint.config.InvalidInputException;
import org.pgmaint.config.Problem;
import org.pgmaint.config.YamlFile;
import org.pgmaint.db.Identifiers;
import org.pgmaint.model.ActionKind;
import org.pgmaint.model.Mode;
import org.pgmaint.model.Severity;
import org.pgmaint.rules.Thresholds;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Reads the {@code <id>.test.yaml} files of the check folders as strictly as the checks: unknown and duplicate keys,
 * bad values and a test without its check are errors naming the file, line and key, all reported together.
 */
public final class CheckTestLoader {
    static final List<String> TOP_KEYS = List.of("requires", "setup", "sessions", "await", "mode", "settings", "expect",
            "expect_not", "teardown");
    static final List<String> SETUP_KEYS = List.of("fails", "await");
    static final List<String> SESSION_KEYS = List.of("application_name", "sql");
    static final List<String> EXPECTATION_KEYS = List.of("kind", "action", "object", "index", "severity", "contains");
    static final String DEFAULT_SESSION_APPLICATION = "pgmaint test session";

    private final List<Problem> problems = new ArrayList<>();

    private CheckTestLoader() {
    }

    /** The test files below the folders, by check id; each must belong to a check of the catalog. */
    public static List<CheckTest> load(List<Path> dirs, Catalog catalog) {
        Set<String> checkIds = new TreeSet<>(catalog.checks().stream().map(Check::id).toList());
        CheckTestLoader loader = new CheckTestLoader();
        List<CheckTest> tests = new ArrayList<>();
        Map<String, Path> seen = new HashMap<>();
        for (Path dir : dirs) {
            for (Path file : files(dir)) {
                CheckTest test = loader.loadFile(file, checkIds, catalog);
                if (test == null) {
                    continue;
                }
                Path other = seen.putIfAbsent(test.checkId(), file);
                if (other != null) {
                    loader.problems.add(Problem.of(file.toString(), "", "a second test for check " + test.checkId()
                            + " (also " + other + "): one test file per check"));
                } else {
                    tests.add(test);
                }
            }
        }
        if (!loader.problems.isEmpty()) {
            throw new InvalidInputException("check tests", loader.problems);
        }
        tests.sort(Comparator.comparing(CheckTest::checkId));
        return tests;
    }

    static List<Path> files(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().endsWith(CatalogLoader.TEST_SUFFIX))
                    .sorted(Comparator.comparing(p -> dir.relativize(p).toString()))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private CheckTest loadFile(Path file, Set<String> checkIds, Catalog catalog) {
        int before = problems.size();
        String name = file.getFileName().toString();
        String id = name.substring(0, name.length() - CatalogLoader.TEST_SUFFIX.length());
        YamlFile yaml = YamlFile.collectingInto(file.toString(), problems);
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            problems.add(Problem.of(file.toString(), "", "cannot read file: " + e.getMessage()));
            return null;
        }
        Node root = yaml.parse(new StringReader(text));
        Map<String, Node> top = root == null ? null : yaml.mapping(root, "");
        if (top == null) {
            return null;
        }
        if (!checkIds.contains(id)) {
            yaml.problem(root, "", "no check '" + id + "' in the catalog: a test file is named <check id>.test.yaml");
        }
        yaml.rejectUnknownKeys(top, "", TOP_KEYS);
        Map<String, String> requires = requires(yaml, top.get("requires"));
        List<CheckTest.SetupStep> setup = setup(yaml, top.get("setup"));
        List<CheckTest.Session> sessions = sessions(yaml, top.get("sessions"));
        List<String> await = top.get("await") == null ? List.of() : statements(yaml, top.get("await"), "await");
        List<String> teardown = top.get("teardown") == null ? List.of() : statements(yaml, top.get("teardown"), "teardown");
        Mode mode = mode(yaml, top.get("mode"));
        TestSettings settings = settings(file, text, top.get("settings"), catalog);
        List<Expectation> expect = expectations(yaml, top.get("expect"), "expect");
        List<Expectation> expectNot = expectations(yaml, top.get("expect_not"), "expect_not");
        if (top.get("expect") == null) {
            yaml.problem(root, "expect", "missing (required): the findings or actions the fixture provokes,"
                    + " e.g. - {kind: fk_without_index, object: app.orders}");
        }
        return problems.size() > before ? null
                : new CheckTest(id, file, requires, setup, sessions, await, mode, settings, expect, expectNot, teardown);
    }

    private Map<String, String> requires(YamlFile yaml, Node node) {
        Map<String, String> requires = new java.util.TreeMap<>();
        Map<String, Node> entries = node == null ? null : yaml.mapping(node, "requires");
        if (entries == null) {
            return requires;
        }
        entries.forEach((setting, value) -> {
            String key = "requires." + setting;
            String text = yaml.scalar(value, key);
            if (!setting.matches("[a-z][a-z0-9_.]*")) {
                yaml.problem(value, key, "should name a server setting, such as max_prepared_transactions");
            } else if (text != null && text.isBlank()) {
                yaml.problem(value, key, "is empty: give the setting's least value (a number) or its exact value (on)");
            } else if (text != null) {
                requires.put(setting, text);
            }
        });
        return requires;
    }

    private List<CheckTest.SetupStep> setup(YamlFile yaml, Node node) {
        List<CheckTest.SetupStep> steps = new ArrayList<>();
        List<Node> items = node == null ? List.of() : yaml.sequence(node, "setup");
        for (Node item : items == null ? List.<Node>of() : items) {
            if (item instanceof ScalarNode) {
                String sql = nonBlank(yaml, item, "setup");
                if (sql != null) {
                    steps.add(new CheckTest.SetupStep(CheckTest.SetupStep.Kind.RUN, sql, YamlFile.line(item)));
                }
                continue;
            }
            Map<String, Node> entry = yaml.mapping(item, "setup");
            if (entry == null) {
                continue;
            }
            yaml.rejectUnknownKeys(entry, "setup", SETUP_KEYS);
            if (entry.size() != 1 || !SETUP_KEYS.containsAll(entry.keySet())) {
                if (entry.size() != 1) {
                    yaml.problem(item, "setup", "an item is a statement, {fails: statement} or {await: condition}, one of them");
                }
                continue;
            }
            String key = entry.keySet().iterator().next();
            String sql = nonBlank(yaml, entry.get(key), "setup." + key);
            if (sql != null) {
                steps.add(new CheckTest.SetupStep(key.equals("fails") ? CheckTest.SetupStep.Kind.FAILS
                        : CheckTest.SetupStep.Kind.AWAIT, sql, YamlFile.line(item)));
            }
        }
        return steps;
    }

    private List<CheckTest.Session> sessions(YamlFile yaml, Node node) {
        List<CheckTest.Session> sessions = new ArrayList<>();
        List<Node> items = node == null ? List.of() : yaml.sequence(node, "sessions");
        for (Node item : items == null ? List.<Node>of() : items) {
            Map<String, Node> entry = yaml.mapping(item, "sessions");
            if (entry == null) {
                continue;
            }
            yaml.rejectUnknownKeys(entry, "sessions", SESSION_KEYS);
            String application = entry.get("application_name") == null ? DEFAULT_SESSION_APPLICATION
                    : nonBlank(yaml, entry.get("application_name"), "sessions.application_name");
            if (entry.get("sql") == null) {
                yaml.problem(item, "sessions.sql", "missing (required): the statements the session runs, e.g. [begin, select 1]");
                continue;
            }
            List<String> statements = statements(yaml, entry.get("sql"), "sessions.sql");
            if (application != null && !statements.isEmpty()) {
                sessions.add(new CheckTest.Session(application, statements, YamlFile.line(item)));
            }
        }
        return sessions;
    }

    private List<String> statements(YamlFile yaml, Node node, String key) {
        List<String> texts = yaml.scalarList(node, key);
        if (texts == null) {
            return List.of();
        }
        if (texts.stream().anyMatch(String::isBlank)) {
            yaml.problem(node, key, "holds an empty statement");
        }
        return texts;
    }

    private Mode mode(YamlFile yaml, Node node) {
        if (node == null) {
            return Mode.STANDARD;
        }
        String text = yaml.scalar(node, "mode");
        Optional<Mode> mode = text == null ? Optional.empty() : Mode.of(text);
        if (text != null && mode.isEmpty()) {
            yaml.problem(node, "mode", "'" + text + "' is not a mode; valid: " + Mode.valid() + " (the plan of --full)");
        }
        return mode.orElse(Mode.STANDARD);
    }

    /**
     * The settings block, checked now as the engine will (config keys, thresholds and params the catalog declares),
     * problems at the test file's lines.
     */
    private TestSettings settings(Path file, String text, Node node, Catalog catalog) {
        if (node == null) {
            return TestSettings.none(file);
        }
        TestSettings settings = TestSettings.cut(file, text, node);
        try {
            settings.withSettingsFile(path -> {
                Config config = ConfigLoader.load(new ConfigLoader.Sources(path, Map.of(), Map.of(), null));
                Thresholds.resolve(catalog, config);
                List<Problem> params = Collector.validateParams(catalog, config.params(), path.toString());
                if (!params.isEmpty()) {
                    throw new InvalidInputException("settings", params);
                }
                return config;
            });
        } catch (InvalidInputException e) {
            problems.addAll(e.problems());
        }
        return settings;
    }

    private List<Expectation> expectations(YamlFile yaml, Node node, String key) {
        List<Expectation> list = new ArrayList<>();
        List<Node> items = node == null ? List.of() : yaml.sequence(node, key);
        for (Node item : items == null ? List.<Node>of() : items) {
            Map<String, Node> entry = yaml.mapping(item, key);
            if (entry == null) {
                continue;
            }
            int before = problems.size();
            yaml.rejectUnknownKeys(entry, key, EXPECTATION_KEYS);
            Map<String, String> values = new HashMap<>();
            entry.forEach((name, value) -> {
                String text = EXPECTATION_KEYS.contains(name) ? nonBlank(yaml, value, key + "." + name) : null;
                if (text != null) {
                    values.put(name, text);
                }
            });
            String kind = values.get("kind");
            String action = values.get("action");
            if ((kind == null) == (action == null)) {
                yaml.problem(item, key, "give either kind: <finding kind> or action: <" + actionIds() + ">, one of them");
            }
            if (action != null && Arrays.stream(ActionKind.values()).noneMatch(a -> a.id().equals(action))) {
                yaml.problem(entry.get("action"), key + ".action", "'" + action + "' is not an action; valid: " + actionIds());
            }
            Severity severity = severity(yaml, entry.get("severity"), values.get("severity"), key);
            if (action != null && severity != null) {
                yaml.problem(entry.get("severity"), key + ".severity", "actions have no severity; only findings do");
            }
            String[] object = object(yaml, entry.get("object"), values.get("object"), key);
            if (problems.size() == before) {
                list.add(new Expectation(YamlFile.line(item), kind, action, object == null ? null : object[0],
                        object == null ? null : object[1], values.get("index"), severity, values.get("contains")));
            }
        }
        return list;
    }

    private Severity severity(YamlFile yaml, Node node, String text, String key) {
        if (text == null) {
            return null;
        }
        try {
            return Severity.fromId(text);
        } catch (IllegalArgumentException e) {
            yaml.problem(node, key + ".severity", "'" + text + "' is not a severity; valid: "
                    + Arrays.stream(Severity.values()).map(Severity::id).collect(Collectors.joining(", ")));
            return null;
        }
    }

    private String[] object(YamlFile yaml, Node node, String text, String key) {
        if (text == null) {
            return null;
        }
        try {
            return Identifiers.parseQualified(text);
        } catch (IllegalArgumentException e) {
            yaml.problem(node, key + ".object", e.getMessage());
            return null;
        }
    }

    private String nonBlank(YamlFile yaml, Node node, String key) {
        String text = yaml.scalar(node, key);
        if (text != null && text.isBlank()) {
            yaml.problem(node, key, "is empty");
            return null;
        }
        return text;
    }

    private static String actionIds() {
        return Arrays.stream(ActionKind.values()).map(ActionKind::id).collect(Collectors.joining(", "));
    }

    /** The ids of the checks that have no test file among {@code tests}, sorted. */
    public static Set<String> untested(Set<String> checkIds, List<CheckTest> tests) {
        Set<String> untested = new TreeSet<>(checkIds);
        tests.forEach(t -> untested.remove(t.checkId()));
        return untested;
    }
}
