package org.pgmaint.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Layers the configuration: defaults &lt; config file &lt; PG* environment (connection only)
 * &lt; PGMAINT_* environment &lt; command-line flags. Every problem is collected and reported together.
 */
public final class ConfigLoader {
    public static final String CONFIG_ENV = "PGMAINT_CONFIG";
    /** The Redis URL when cache.redis_url is empty (the usual variable of Redis clients). */
    public static final String REDIS_URL_ENV = "REDIS_URL";
    public static final String DEFAULT_FILE_NAME = "pgmaint.yaml";
    public static final Path SYSTEM_FILE = Path.of("/etc/pgmaint/pgmaint.yaml");
    /** PGMAINT_* variables that are not configuration keys (read by the launchers or the loader itself). */
    private static final Set<String> NON_KEY_ENV = Set.of(CONFIG_ENV, "PGMAINT_HOME", "PGMAINT_JAVA_OPTS",
            "PGMAINT_NO_CDS", "PGMAINT_ENV_FILE", "PGMAINT_BIN", "PGMAINT_WORKDIR", "PGMAINT_DEBUG");
    private static final Map<String, ConfigKey> PG_ENV = Map.of(
            "PGHOST", ConfigKeys.HOST, "PGPORT", ConfigKeys.PORT, "PGUSER", ConfigKeys.USER,
            "PGPASSWORD", ConfigKeys.PASSWORD, "PGDATABASE", ConfigKeys.DBNAME,
            "PGCONNECT_TIMEOUT", ConfigKeys.CONNECT_TIMEOUT, "PGSSLMODE", ConfigKeys.SSLMODE);

    /**
     * Where configuration comes from.
     *
     * @param explicitFile the --config flag, or null
     * @param env          the process environment
     * @param flags        values given on the command line, by key name (text, as typed)
     * @param workDir      where pgmaint.yaml is looked for; null: no file is read
     */
    public record Sources(Path explicitFile, Map<String, String> env, Map<String, String> flags, Path workDir) {
    }

    /** Thresholds are percents, counts, minutes and fractions: never negative. */
    private static final Validator THRESHOLD_VALUES = Validator.atLeast(0.0);

    private final List<Problem> problems = new ArrayList<>();
    private final Map<String, Object> values = new TreeMap<>();
    private final Map<String, String> origins = new HashMap<>();
    private final Map<String, ConfigSection> sections = new LinkedHashMap<>();

    private ConfigLoader() {
    }

    public static Config load(Sources sources) {
        return new ConfigLoader().build(sources);
    }

    /**
     * The built-in defaults with these values over them, and nothing else: no file, no environment
     * ({@code pgmaint test-checks}: a check's test means the same on every machine).
     */
    public static Config defaultsWith(Map<String, String> flags) {
        return new ConfigLoader().build(new Sources(null, Map.of(), flags, null));
    }

    /** Which file is read: --config, else $PGMAINT_CONFIG, else ./pgmaint.yaml, else /etc/pgmaint/pgmaint.yaml. */
    public static Path chooseFile(Sources sources) {
        if (sources.explicitFile() != null) {
            return sources.explicitFile();
        }
        String fromEnv = sources.env().get(CONFIG_ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Path.of(fromEnv);
        }
        Path local = sources.workDir().resolve(DEFAULT_FILE_NAME);
        if (Files.isRegularFile(local)) {
            return local;
        }
        return Files.isRegularFile(SYSTEM_FILE) ? SYSTEM_FILE : null;
    }

    private Config build(Sources sources) {
        ConfigKeys.all().forEach((name, key) -> values.put(name, key.defaultValue()));
        Path file = sources.workDir() == null && sources.explicitFile() == null ? null : chooseFile(sources);
        if (file != null) {
            if (!Files.isRegularFile(file)) {
                problems.add(Problem.of(file.toString(), "", "config file not found (given by "
                        + (sources.explicitFile() != null ? "--config" : CONFIG_ENV) + ")"));
            } else {
                readFile(file);
            }
        }
        readPgEnv(sources.env());
        readPgmaintEnv(sources.env());
        sources.flags().forEach((key, text) -> set(key, text, "flag", "command line"));
        readRedisUrl(sources.env());
        List<TableOverride> overrides = TableOverrides.parse(sections.get("table_overrides"), problems);
        if (!problems.isEmpty()) {
            throw new InvalidInputException("configuration", problems);
        }
        return new Config(new TreeMap<>(values), origins, sections, overrides, file);
    }

    private void readFile(Path file) {
        YamlFile yaml = YamlFile.collectingInto(file.toString(), problems);
        Node root = yaml.parse(file);
        if (root == null) {
            return;
        }
        flatten(yaml, root, "");
    }

    private void flatten(YamlFile yaml, Node node, String prefix) {
        Map<String, Node> entries = yaml.mapping(node, prefix);
        if (entries == null) {
            return;
        }
        for (Map.Entry<String, Node> entry : entries.entrySet()) {
            String key = YamlFile.join(prefix, entry.getKey());
            Node value = entry.getValue();
            String origin = yaml.source() + ":" + YamlFile.line(value);
            if (ConfigKeys.SECTIONS.contains(key)) {
                sections.put(key, new ConfigSection(yaml.source(), key, value));
            } else if (ConfigKeys.find(key) != null) {
                ConfigKey known = ConfigKeys.find(key);
                if (known.type() == ValueType.LIST && value instanceof org.yaml.snakeyaml.nodes.SequenceNode) {
                    // each item exactly as written: names are matched exactly, never split or trimmed
                    List<String> items = yaml.scalarList(value, key);
                    if (items != null) {
                        setValue(known, List.copyOf(items), origin);
                    }
                } else {
                    String text = yaml.scalar(value, key);
                    if (text != null) {
                        setParsed(known, text, origin, yaml.source(), YamlFile.line(value));
                    }
                }
            } else if (isOpenFamily(key) && (!(value instanceof org.yaml.snakeyaml.nodes.MappingNode)
                    || key.startsWith(ConfigKeys.CAPACITY + "."))) {
                String text = yaml.scalar(value, key);
                if (text != null) {
                    setOpen(key, text, yaml.source(), YamlFile.line(value), origin);
                }
            } else if (hasChildren(key)) {
                flatten(yaml, value, key);
            } else {
                Set<String> here = childNames(prefix);
                String didYouMean = Nearest.didYouMean(Nearest.names(entry.getKey(), here));
                yaml.problem(value, key, "unknown key; " + (didYouMean.isEmpty() ? "" : didYouMean + " ")
                        + "valid keys here: " + String.join(", ", here));
            }
        }
    }

    private void readPgEnv(Map<String, String> env) {
        PG_ENV.forEach((var, key) -> {
            String text = env.get(var);
            if (text != null && !text.isEmpty()) {
                setParsed(key, text, "env " + var, "environment variable " + var, 0);
            }
        });
    }

    /** REDIS_URL stands in for an empty cache.redis_url (as the cache processor reads it), so config shows it. */
    private void readRedisUrl(Map<String, String> env) {
        String url = env.get(REDIS_URL_ENV);
        if (url != null && !url.isEmpty() && "".equals(values.get(ConfigKeys.CACHE_REDIS_URL.name()))) {
            values.put(ConfigKeys.CACHE_REDIS_URL.name(), url);
            origins.put(ConfigKeys.CACHE_REDIS_URL.name(), "env " + REDIS_URL_ENV);
        }
    }

    private void readPgmaintEnv(Map<String, String> env) {
        Map<String, ConfigKey> byEnv = new HashMap<>();
        ConfigKeys.all().values().forEach(k -> byEnv.put(k.envName(), k));
        new TreeMap<>(env).forEach((var, text) -> {
            if (!var.startsWith("PGMAINT_") || NON_KEY_ENV.contains(var)) {
                return;
            }
            ConfigKey key = byEnv.get(var);
            String source = "environment variable " + var;
            if (key != null) {
                setParsed(key, text, "env " + var, source, 0);
            } else if (var.startsWith("PGMAINT_THRESHOLDS_")) {
                String name = var.substring("PGMAINT_THRESHOLDS_".length()).toLowerCase(java.util.Locale.ROOT);
                setOpen(ConfigKeys.THRESHOLDS + "." + name, text, source, 0, "env " + var);
            } else if (var.startsWith("PGMAINT_CAPACITY_") && var.length() > "PGMAINT_CAPACITY_".length()) {
                String name = var.substring("PGMAINT_CAPACITY_".length()).toLowerCase(java.util.Locale.ROOT);
                setOpen(ConfigKeys.CAPACITY + "." + name, text, source, 0, "env " + var);
            } else {
                String didYouMean = Nearest.didYouMean(Nearest.names(var.substring("PGMAINT_".length()),
                        byEnv.keySet().stream().map(name -> name.substring("PGMAINT_".length())).toList()).stream()
                        .map(name -> "PGMAINT_" + name).toList());
                problems.add(Problem.of(source, "", "unknown setting; " + (didYouMean.isEmpty()
                        ? "PGMAINT_ variables name a config key, e.g. PGMAINT_CONNECTION_HOST (pgmaint config lists every key)"
                        : didYouMean)));
            }
        });
    }

    /** A flag value for a key; the key may be a known one or an open family member (from --set). */
    private void set(String key, String text, String origin, String source) {
        ConfigKey known = ConfigKeys.find(key);
        if (known != null) {
            setParsed(known, text, origin, source, 0);
        } else if (isOpenFamily(key)) {
            setOpen(key, text, source, 0, origin);
        } else {
            problems.add(Problem.of(source, key, "unknown config key; " + nearestKeys(key)));
        }
    }

    /**
     * What a mistyped key (--set) probably meant: the nearest keys and, as for a file's keys, the valid keys of
     * its section; for an unknown section the nearest full keys, else the sections.
     */
    private static String nearestKeys(String key) {
        int dot = key.lastIndexOf('.');
        String section = dot < 0 ? "" : key.substring(0, dot);
        List<String> siblings = section.isEmpty() ? List.of()
                : childNames(section).stream().map(name -> section + "." + name).toList();
        if (!siblings.isEmpty()) {
            String didYouMean = Nearest.didYouMean(Nearest.names(key, siblings));
            return (didYouMean.isEmpty() ? "" : didYouMean + " ") + "valid keys here: " + String.join(", ", siblings);
        }
        String didYouMean = Nearest.didYouMean(Nearest.names(key, ConfigKeys.names()));
        return didYouMean.isEmpty()
                ? "valid sections: " + String.join(", ", childNames(""))
                        + "; thresholds.<name>, params.<check>.<param>, capacity.<tablespace> (pgmaint config lists every key)"
                : didYouMean;
    }

    private void setParsed(ConfigKey key, String text, String origin, String source, int line) {
        try {
            setValue(key, key.parse(text), origin);
        } catch (IllegalArgumentException e) {
            problems.add(Problem.at(source, line, key.name(), e.getMessage()));
        }
    }

    /** A parsed value; a list flag adds to the list of the layers below (repeated --set, --checks). */
    private void setValue(ConfigKey key, Object parsed, String origin) {
        if (key.type() == ValueType.LIST && values.get(key.name()) instanceof List<?> previous && origin.equals("flag")) {
            List<Object> merged = new ArrayList<>(previous);
            merged.addAll((List<?>) parsed);
            parsed = List.copyOf(merged);
        }
        values.put(key.name(), parsed);
        origins.put(key.name(), origin);
    }

    private void setOpen(String key, String text, String source, int line, String origin) {
        if (key.startsWith(ConfigKeys.THRESHOLDS + ".")) {
            try {
                Object value = ValueType.NUMBER.parse(text);
                THRESHOLD_VALUES.check(ValueType.NUMBER, value, text);
                values.put(key, value);
                origins.put(key, origin);
            } catch (IllegalArgumentException e) {
                problems.add(Problem.at(source, line, key, e.getMessage()));
            }
        } else if (key.startsWith(ConfigKeys.CAPACITY + ".")) {
            try {
                ByteSize.parse(text);
                values.put(key, text.trim());
                origins.put(key, origin);
            } catch (IllegalArgumentException e) {
                problems.add(Problem.at(source, line, key, e.getMessage() + " (capacity.<tablespace>: the tablespace's"
                        + " total capacity)"));
            }
        } else {
            values.put(key, text);
            origins.put(key, origin);
        }
    }

    private static boolean isOpenFamily(String key) {
        if (key.startsWith(ConfigKeys.CAPACITY + ".")) {
            // a tablespace name may hold dots: all after the first is the name
            return key.length() > ConfigKeys.CAPACITY.length() + 1;
        }
        String[] parts = key.split("\\.");
        return (parts.length == 2 && parts[0].equals(ConfigKeys.THRESHOLDS))
                || (parts.length == 3 && parts[0].equals(ConfigKeys.PARAMS));
    }

    private static boolean hasChildren(String prefix) {
        if (prefix.equals(ConfigKeys.THRESHOLDS) || prefix.equals(ConfigKeys.PARAMS) || prefix.equals(ConfigKeys.CAPACITY)
                || (prefix.startsWith(ConfigKeys.PARAMS + ".") && prefix.split("\\.").length == 2)) {
            return true;
        }
        return ConfigKeys.names().stream().anyMatch(n -> n.startsWith(prefix + "."));
    }

    private static Set<String> childNames(String prefix) {
        Set<String> names = new TreeSet<>();
        String start = prefix.isEmpty() ? "" : prefix + ".";
        for (String name : ConfigKeys.names()) {
            if (name.startsWith(start)) {
                names.add(name.substring(start.length()).split("\\.")[0]);
            }
        }
        if (prefix.isEmpty()) {
            names.add(ConfigKeys.THRESHOLDS);
            names.add(ConfigKeys.PARAMS);
            names.add(ConfigKeys.CAPACITY);
            names.addAll(ConfigKeys.SECTIONS);
        }
        return names;
    }
}
