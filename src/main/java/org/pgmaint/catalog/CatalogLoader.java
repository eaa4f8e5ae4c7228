package org.pgmaint.catalog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.pgmaint.config.InvalidInputException;
import org.pgmaint.config.Problem;
import org.pgmaint.config.ValueType;
import org.pgmaint.config.YamlFile;
import org.pgmaint.model.Mode;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Loads {@code checks/**.yaml} strictly: unknown keys, missing keys, bad types, duplicate ids, undeclared
 * parameters and missing query markers are errors naming the file, line and key. All problems are
 * collected and thrown together.
 */
public final class CatalogLoader {
    static final List<String> TOP_KEYS = List.of("id", "description", "modes", "fact", "params", "thresholds",
            "statement_timeout", "sql", "collector", "standby", "report", "requires", "scope");
    /**
     * The predefined roles a check may require ({@code requires: {role: pg_monitor}}), those of PostgreSQL 13 to 18;
     * a role a server does not have yet is one the connected role lacks there.
     */
    public static final Set<String> PREDEFINED_ROLES = Set.of("pg_monitor", "pg_read_all_settings", "pg_read_all_stats",
            "pg_stat_scan_tables", "pg_read_server_files", "pg_write_server_files", "pg_execute_server_program",
            "pg_signal_backend", "pg_read_all_data", "pg_write_all_data", "pg_checkpoint", "pg_maintain",
            "pg_use_reserved_connections", "pg_create_subscription", "pg_signal_autovacuum_worker");
    /**
     * Built-in Java collectors a check may name instead of giving sql, for facts whose query depends on the
     * configuration (the check still declares the fact type, modes, thresholds and statement_timeout).
     */
    public static final Set<String> COLLECTORS = Set.of("retention", "unique_duplicates", "history");
    private static final Pattern SNAKE = Pattern.compile("[a-z][a-z0-9_]*");
    private static final Pattern TYPE_NAME = Pattern.compile("[A-Z][A-Za-z0-9]*");
    /** Names the engine itself declares or uses in rules; a check may not declare them. */
    private static final Set<String> RESERVED_TYPES = Set.of("Run", "Action", "Finding", "Thresholds", "Object",
            "String", "List", "Map");
    private static final int OLDEST_MAJOR = 13;
    /** A check's test file ({@code <id>.test.yaml}, beside it): read by org.pgmaint.checktest, never as a check. */
    public static final String TEST_SUFFIX = ".test.yaml";

    private final List<Problem> problems = new ArrayList<>();
    private final Map<String, Path> idToFile = new HashMap<>();
    private final Map<String, FactSpec> factTypes = new HashMap<>();
    private final Map<String, Path> factTypeFiles = new HashMap<>();
    private final Map<String, ThresholdSpec> thresholds = new TreeMap<>();
    private final Map<String, String> sectionChecks = new HashMap<>();

    private CatalogLoader() {
    }

    /** Loads every *.yaml / *.yml below the folders (but not the *.test.yaml files), in a stable order (folder order, then path). */
    public static Catalog load(List<Path> dirs) {
        return new CatalogLoader().loadAll(dirs);
    }

    public static List<Path> files(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().endsWith(".yaml") || p.getFileName().toString().endsWith(".yml"))
                    .filter(p -> !p.getFileName().toString().endsWith(TEST_SUFFIX))
                    .sorted(Comparator.comparing(p -> dir.relativize(p).toString()))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Catalog loadAll(List<Path> dirs) {
        List<Check> checks = new ArrayList<>();
        for (Path dir : dirs) {
            if (!Files.isDirectory(dir)) {
                problems.add(Problem.of(dir.toString(), "", "checks folder not found"));
                continue;
            }
            for (Path file : files(dir)) {
                Check check = loadFile(file);
                if (check != null) {
                    checks.add(check);
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException("check catalog", problems);
        }
        checks.sort(Comparator.comparing(Check::id));
        return new Catalog(checks, thresholds);
    }

    private Check loadFile(Path file) {
        int before = problems.size();
        YamlFile yaml = YamlFile.collectingInto(file.toString(), problems);
        Node root = yaml.parse(file);
        Map<String, Node> top = root == null ? null : yaml.mapping(root, "");
        if (top == null) {
            return null;
        }
        yaml.rejectUnknownKeys(top, "", TOP_KEYS);
        String id = requiredScalar(yaml, top, root, "id");
        String description = requiredScalar(yaml, top, root, "description");
        if (id != null) {
            checkId(yaml, top.get("id"), id, file);
        }
        Set<Mode> modes = modes(yaml, top.get("modes"));
        FactSpec fact = fact(yaml, top, root, file);
        Map<String, ParamSpec> params = params(yaml, top.get("params"));
        Map<String, ThresholdSpec> declared = thresholds(yaml, top.get("thresholds"), file);
        Duration timeout = timeout(yaml, top.get("statement_timeout"));
        String collector = collector(yaml, top);
        TreeMap<Integer, NamedSql> sql = collector != null ? new TreeMap<>() : sql(yaml, top, root, id, params);
        boolean onStandby = standby(yaml, top.get("standby"));
        Check.Scope scope = scope(yaml, top.get("scope"));
        List<ReportSection> report = SectionLoader.parse(yaml, top.get("report"), fact, id, sectionChecks);
        String requiredRole = requiredRole(yaml, top.get("requires"));
        if (problems.size() > before || id == null) {
            return null;
        }
        return new Check(id, description, modes, fact, params, declared, timeout, sql, file, collector, onStandby,
                report, requiredRole, scope);
    }

    /**
     * scope: database (the default: the connected database's data), cluster (the same from every database) or
     * replica (read on a target's replicas).
     */
    private Check.Scope scope(YamlFile yaml, Node node) {
        String value = node == null ? "database" : yaml.scalar(node, "scope");
        if (value == null) {
            return Check.Scope.DATABASE;
        }
        for (Check.Scope scope : Check.Scope.values()) {
            if (scope.name().toLowerCase(java.util.Locale.ROOT).equals(value)) {
                return scope;
            }
        }
        yaml.problem(node, "scope", "'" + value + "' should be database (the default: the check reads the connected"
                + " database's data), cluster (its rows are the same from every database of the server, so a run"
                + " over several databases runs it once) or replica (run on a target's replicas only)");
        return Check.Scope.DATABASE;
    }

    /** {@code requires: {role: pg_monitor}}: the predefined role the check's SQL needs, or null. */
    private String requiredRole(YamlFile yaml, Node node) {
        Map<String, Node> entries = node == null ? null : yaml.mapping(node, "requires");
        if (entries == null) {
            return null;
        }
        yaml.rejectUnknownKeys(entries, "requires", List.of("role"));
        Node roleNode = entries.get("role");
        if (roleNode == null) {
            yaml.problem(node, "requires.role", "missing: the predefined role the check needs, like pg_monitor");
            return null;
        }
        String role = yaml.scalar(roleNode, "requires.role");
        if (role != null && !PREDEFINED_ROLES.contains(role)) {
            yaml.problem(roleNode, "requires.role", "'" + role + "' is not a predefined role; valid: "
                    + new TreeSet<>(PREDEFINED_ROLES));
            return null;
        }
        return role;
    }

    private boolean standby(YamlFile yaml, Node node) {
        String value = node == null ? "false" : yaml.scalar(node, "standby");
        if (value != null && !"true".equals(value) && !"false".equals(value)) {
            yaml.problem(node, "standby", "'" + value + "' should be true (the check also runs on a hot standby) or false");
        }
        return "true".equals(value);
    }

    private String collector(YamlFile yaml, Map<String, Node> top) {
        Node node = top.get("collector");
        if (node == null) {
            return null;
        }
        String name = yaml.scalar(node, "collector");
        if (name != null && !COLLECTORS.contains(name)) {
            yaml.problem(node, "collector", "'" + name + "' is not a built-in collector; known: " + new TreeSet<>(COLLECTORS)
                    + " (most checks give sql instead)");
        }
        if (top.containsKey("sql")) {
            yaml.problem(top.get("sql"), "sql", "a check gives either sql or collector, not both");
        }
        return name;
    }

    private String requiredScalar(YamlFile yaml, Map<String, Node> top, Node root, String key) {
        Node node = top.get(key);
        if (node == null) {
            yaml.problem(root, key, "missing (required)");
            return null;
        }
        String value = yaml.scalar(node, key);
        if (value != null && value.isBlank()) {
            yaml.problem(node, key, "is empty");
            return null;
        }
        return value;
    }

    private void checkId(YamlFile yaml, Node node, String id, Path file) {
        if (!SNAKE.matcher(id).matches()) {
            yaml.problem(node, "id", "'" + id + "' should be snake_case, like table_dead_tuples");
        }
        String base = file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
        if (!base.equals(id)) {
            yaml.problem(node, "id", "'" + id + "' should equal the file name (" + base + ")");
        }
        Path other = idToFile.putIfAbsent(id, file);
        if (other != null) {
            yaml.problem(node, "id", "duplicate id '" + id + "': also defined in " + other);
        }
    }

    private Set<Mode> modes(YamlFile yaml, Node node) {
        if (node == null) {
            return EnumSet.allOf(Mode.class);
        }
        List<String> given = yaml.scalarList(node, "modes");
        // an EnumSet: canonical order, whatever the file's (standard before full)
        Set<Mode> modes = EnumSet.noneOf(Mode.class);
        if (given != null) {
            for (String word : given) {
                Mode.of(word).ifPresentOrElse(modes::add, () -> yaml.problem(node, "modes",
                        "'" + word + "' is not a mode; valid: [standard, full]"));
            }
        }
        return modes;
    }

    private FactSpec fact(YamlFile yaml, Map<String, Node> top, Node root, Path file) {
        Node node = top.get("fact");
        if (node == null) {
            yaml.problem(root, "fact", "missing (required): fact: {type: TypeName, fields: {column: type}}");
            return null;
        }
        Map<String, Node> entries = yaml.mapping(node, "fact");
        if (entries == null) {
            return null;
        }
        yaml.rejectUnknownKeys(entries, "fact", List.of("type", "fields"));
        String type = entries.get("type") == null ? null : yaml.scalar(entries.get("type"), "fact.type");
        if (type == null) {
            yaml.problem(node, "fact.type", "missing (required): a type name such as TableActivity");
        } else if (!TYPE_NAME.matcher(type).matches() || RESERVED_TYPES.contains(type)) {
            yaml.problem(entries.get("type"), "fact.type", "'" + type
                    + "' should be a CamelCase name such as TableActivity, other than " + RESERVED_TYPES);
            type = null;
        }
        Map<String, FieldType> fields = new LinkedHashMap<>();
        Node fieldsNode = entries.get("fields");
        Map<String, Node> given = fieldsNode == null ? null : yaml.mapping(fieldsNode, "fact.fields");
        if (fieldsNode == null) {
            yaml.problem(node, "fact.fields", "missing (required): column: type lines");
        }
        if (given != null) {
            if (given.isEmpty()) {
                yaml.problem(fieldsNode, "fact.fields", "declares no column");
            }
            given.forEach((column, typeNode) -> {
                String key = "fact.fields." + column;
                String typeName = yaml.scalar(typeNode, key);
                FieldType fieldType = typeName == null ? null : FieldType.fromYaml(typeName);
                if (!SNAKE.matcher(column).matches()) {
                    yaml.problem(typeNode, key, "column names should be snake_case");
                } else if (typeName != null && fieldType == null) {
                    yaml.problem(typeNode, key, "unknown type '" + typeName + "'; valid: " + FieldType.validNames());
                } else if (fieldType != null) {
                    fields.put(column, fieldType);
                }
            });
        }
        if (type == null) {
            return null;
        }
        FactSpec spec = new FactSpec(type, fields);
        FactSpec previous = factTypes.putIfAbsent(type, spec);
        if (previous != null && !previous.equals(spec)) {
            yaml.problem(entries.get("type"), "fact.type", "type " + type + " is also declared with other fields in "
                    + factTypeFiles.get(type) + "; checks sharing a type must declare the same fields");
        }
        factTypeFiles.putIfAbsent(type, file);
        return spec;
    }

    private Map<String, ParamSpec> params(YamlFile yaml, Node node) {
        Map<String, ParamSpec> params = new LinkedHashMap<>();
        Map<String, Node> entries = node == null ? null : yaml.mapping(node, "params");
        if (entries == null) {
            return params;
        }
        entries.forEach((name, specNode) -> {
            String key = "params." + name;
            Map<String, Node> spec = yaml.mapping(specNode, key);
            if (spec == null) {
                return;
            }
            yaml.rejectUnknownKeys(spec, key, List.of("type", "default", "from"));
            String typeName = spec.get("type") == null ? null : yaml.scalar(spec.get("type"), key + ".type");
            FieldType type = typeName == null ? null : FieldType.fromYaml(typeName);
            if (typeName == null) {
                yaml.problem(specNode, key + ".type", "missing; valid: " + FieldType.validNames());
            } else if (type == null) {
                yaml.problem(spec.get("type"), key + ".type", "unknown type '" + typeName + "'; valid: " + FieldType.validNames());
            }
            Node defaultNode = spec.get("default");
            Node fromNode = spec.get("from");
            String from = fromNode == null ? null : yaml.scalar(fromNode, key + ".from");
            Object fixed = BuiltInSource.named(from).map(BuiltInSource::fixedValue).orElse(null);
            if (fixed != null) {
                // a value pgmaint fixes (PostgreSQL's own schemas), also where a check runs without the configuration
                if (defaultNode != null) {
                    yaml.problem(defaultNode, key + ".default", "not allowed with from: " + from + " (its value is fixed)");
                }
                ParamSources.problem(from, type).ifPresent(problem -> yaml.problem(fromNode, key + ".from", problem));
                params.put(name, new ParamSpec(name, type, fixed, from));
                return;
            }
            if (defaultNode == null) {
                yaml.problem(specNode, key + ".default", "missing: every parameter needs a default");
                return;
            }
            if (type == null) {
                return;
            }
            List<String> text = type == FieldType.TEXT_ARRAY || type == FieldType.INT_ARRAY
                    ? yaml.scalarList(defaultNode, key + ".default") : null;
            String scalar = text != null ? String.join(",", text) : yaml.scalar(defaultNode, key + ".default");
            if (scalar == null) {
                return;
            }
            Object defaultValue;
            try {
                defaultValue = type.fromText(scalar);
            } catch (RuntimeException e) {
                yaml.problem(defaultNode, key + ".default", "'" + scalar + "' is not a valid " + type.yamlName());
                return;
            }
            if (from != null) {
                ParamSources.problem(from, type).ifPresent(problem -> yaml.problem(fromNode, key + ".from", problem));
            }
            params.put(name, new ParamSpec(name, type, defaultValue, from));
        });
        return params;
    }

    private Map<String, ThresholdSpec> thresholds(YamlFile yaml, Node node, Path file) {
        Map<String, ThresholdSpec> declared = new LinkedHashMap<>();
        Map<String, Node> entries = node == null ? null : yaml.mapping(node, "thresholds");
        if (entries == null) {
            return declared;
        }
        entries.forEach((name, specNode) -> {
            String key = "thresholds." + name;
            Map<String, Node> spec = yaml.mapping(specNode, key);
            if (spec == null) {
                return;
            }
            yaml.rejectUnknownKeys(spec, key, List.of("default", "description"));
            if (!SNAKE.matcher(name).matches()) {
                yaml.problem(specNode, key, "threshold names should be snake_case");
            }
            String text = spec.get("default") == null ? null : yaml.scalar(spec.get("default"), key + ".default");
            String description = spec.get("description") == null ? null
                    : yaml.scalar(spec.get("description"), key + ".description");
            if (text == null || description == null) {
                yaml.problem(specNode, key, "needs default: <number> and description: <text>");
                return;
            }
            try {
                double value = (Double) ValueType.NUMBER.parse(text);
                ThresholdSpec threshold = new ThresholdSpec(name, value, description, file.toString());
                ThresholdSpec other = thresholds.putIfAbsent(name, threshold);
                if (other != null) {
                    yaml.problem(specNode, key, "threshold '" + name + "' is already declared in " + other.declaredIn());
                } else {
                    declared.put(name, threshold);
                }
            } catch (IllegalArgumentException e) {
                yaml.problem(spec.get("default"), key + ".default", e.getMessage());
            }
        });
        return declared;
    }

    private Duration timeout(YamlFile yaml, Node node) {
        if (node == null) {
            return null;
        }
        String text = yaml.scalar(node, "statement_timeout");
        try {
            return text == null ? null : (Duration) ValueType.DURATION.parse(text);
        } catch (IllegalArgumentException e) {
            yaml.problem(node, "statement_timeout", e.getMessage());
            return null;
        }
    }

    private TreeMap<Integer, NamedSql> sql(YamlFile yaml, Map<String, Node> top, Node root, String id,
                                           Map<String, ParamSpec> params) {
        TreeMap<Integer, NamedSql> result = new TreeMap<>();
        Node node = top.get("sql");
        if (node == null) {
            yaml.problem(root, "sql", "missing (required): sql: {13: select ...} keyed by the lowest PostgreSQL major");
            return result;
        }
        Map<String, Node> entries = yaml.mapping(node, "sql");
        if (entries == null) {
            return result;
        }
        Set<String> used = new LinkedHashSet<>();
        entries.forEach((version, textNode) -> {
            String key = "sql." + version;
            int major;
            try {
                major = Integer.parseInt(version);
            } catch (NumberFormatException e) {
                yaml.problem(textNode, key, "version keys are PostgreSQL majors such as 13 or 16");
                return;
            }
            if (major < OLDEST_MAJOR) {
                yaml.problem(textNode, key, "pgmaint supports PostgreSQL " + OLDEST_MAJOR + " and later; use 13 as the lowest key");
                return;
            }
            String text = yaml.scalar(textNode, key);
            if (text == null || text.isBlank()) {
                yaml.problem(textNode, key, "the SQL text is empty");
                return;
            }
            if (id != null && !text.contains("/* pgmaint:" + id + " */")) {
                yaml.problem(textNode, key, "the query should carry its marker comment /* pgmaint:" + id + " */");
            }
            try {
                NamedSql parsed = NamedSql.parse(text);
                for (String name : parsed.parameterOrder()) {
                    used.add(name);
                    if (!params.containsKey(name)) {
                        yaml.problem(textNode, key, "uses :" + name + " but params does not declare it");
                    }
                }
                result.put(major, parsed);
            } catch (IllegalArgumentException e) {
                yaml.problem(textNode, key, e.getMessage());
            }
        });
        for (String name : params.keySet()) {
            if (!used.contains(name)) {
                yaml.problem(top.get("params"), "params." + name, "declared but no SQL version uses :" + name);
            }
        }
        return result;
    }
}
