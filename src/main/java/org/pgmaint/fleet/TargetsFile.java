package org.pgmaint.fleet;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.pgmaint.config.ConfigKey;
import org.pgmaint.config.ConfigKeys;
import org.pgmaint.config.InvalidInputException;
import org.pgmaint.config.Nearest;
import org.pgmaint.config.Problem;
import org.pgmaint.config.ValueType;
import org.pgmaint.config.YamlFile;
import org.pgmaint.db.Conninfo;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * The targets file ({@code --targets FILE}): {@code targets: [{name, conninfo, databases, exclude_databases,
 * replicas, tags, config}]}, read strictly: every problem names the file, the line and the key, an unknown key
 * gets the nearest valid one, and all problems are reported together (exit 2) before anything connects.
 * <p>
 * What a target may not say, and why: a password (in the connection string or as {@code config}): the file is
 * meant for a ConfigMap or a repository, so passwords come from {@code ~/.pgpass}, a service file or PGPASSWORD;
 * in {@code config} only the keys of {@link #TARGET_KEYS} (thresholds, check parameters, how hard it works),
 * and {@code approval.*} only as strict as the fleet's own configuration or stricter (checked by
 * {@link #approvalWidening}): one target's entry never makes pgmaint do more than the operator's configuration
 * allows. Connection, catalog, report, fleet and cache keys are the fleet's.
 */
public final class TargetsFile {
    static final List<String> TOP = List.of("targets");
    static final List<String> TARGET = List.of("name", "conninfo", "databases", "exclude_databases", "replicas",
            "tags", "config");
    /** Config keys (and families: a trailing dot) a target may set. */
    static final List<String> TARGET_KEYS = List.of("thresholds.", "params.", "approval.",
            ConfigKeys.COLLECT_CONNECTIONS.name(), ConfigKeys.JOBS.name(), ConfigKeys.LOCK_TIMEOUT.name(),
            ConfigKeys.STATEMENT_TIMEOUT.name(), ConfigKeys.IMPORTANT_TABLES.name());
    /** Approval words from the strictest: a target may move down this list, never up. */
    static final List<String> APPROVAL_ORDER = List.of("never", "manual", "full", "auto");
    private static final String NAME = "[A-Za-z0-9][A-Za-z0-9_.:-]{0,62}";

    private final List<Problem> problems = new ArrayList<>();
    private final YamlFile yaml;

    private TargetsFile(String source) {
        this.yaml = YamlFile.collectingInto(source, problems);
    }

    /** The targets of the file, in file order; exit 2 (InvalidInputException) listing every problem. */
    public static List<FleetTarget> load(Path file) {
        TargetsFile reader = new TargetsFile(file.toString());
        List<FleetTarget> targets = reader.read(file);
        if (!reader.problems.isEmpty()) {
            throw new InvalidInputException("targets file", reader.problems);
        }
        return targets;
    }

    private List<FleetTarget> read(Path file) {
        Node root = yaml.parse(file);
        Map<String, Node> top = root == null ? null : yaml.mapping(root, "");
        if (top == null) {
            return List.of();
        }
        unknownKeys(top, "", TOP);
        Node list = top.get("targets");
        if (list == null) {
            yaml.problem(root, "targets", "missing: the list of targets, each {name, conninfo, ...}");
            return List.of();
        }
        List<Node> items = yaml.sequence(list, "targets");
        if (items == null) {
            return List.of();
        }
        if (items.isEmpty()) {
            yaml.problem(list, "targets", "is empty: name at least one target");
        }
        List<FleetTarget> targets = new ArrayList<>();
        Map<String, Integer> names = new LinkedHashMap<>();
        for (int i = 0; i < items.size(); i++) {
            FleetTarget target = target(items.get(i), "targets[" + i + "]");
            if (target != null) {
                Integer first = names.putIfAbsent(target.name(), target.line());
                if (first != null) {
                    yaml.problem(items.get(i), "targets[" + i + "].name", "duplicate target name '" + target.name()
                            + "' (first on line " + first + "): names key the run files and the history");
                } else {
                    targets.add(target);
                }
            }
        }
        return targets;
    }

    private FleetTarget target(Node node, String key) {
        Map<String, Node> entries = yaml.mapping(node, key);
        if (entries == null) {
            return null;
        }
        int before = problems.size();
        unknownKeys(entries, key, TARGET);
        String name = required(entries, node, key, "name");
        if (name != null && !name.matches(NAME)) {
            yaml.problem(entries.get("name"), key + ".name", "'" + name + "' should be 1 to 63 letters, digits, _ . : -"
                    + " starting with a letter or digit, e.g. prod-eu-1");
        }
        String conninfo = required(entries, node, key, "conninfo");
        if (conninfo != null) {
            conninfo(entries.get("conninfo"), key + ".conninfo", conninfo);
        }
        List<String> databases = list(entries.get("databases"), key + ".databases");
        if (!databases.isEmpty()) {
            check(ConfigKeys.DATABASES, ValueType.listText(databases), entries.get("databases"), key + ".databases");
        }
        List<String> exclude = list(entries.get("exclude_databases"), key + ".exclude_databases");
        List<String> replicas = list(entries.get("replicas"), key + ".replicas");
        Node replicasNode = entries.get("replicas");
        for (String replica : replicas) {
            conninfo(replicasNode, key + ".replicas", replica);
        }
        List<String> tags = list(entries.get("tags"), key + ".tags");
        for (String tag : tags) {
            if (!tag.matches(NAME)) {
                yaml.problem(entries.get("tags"), key + ".tags", "'" + tag + "' should be letters, digits, _ . : -");
            }
        }
        Map<String, String> config = config(entries.get("config"), key + ".config");
        if (problems.size() > before) {
            return null;
        }
        return new FleetTarget(name, conninfo, databases, exclude, replicas, tags, config, YamlFile.line(node));
    }

    private String required(Map<String, Node> entries, Node node, String key, String name) {
        Node value = entries.get(name);
        if (value == null) {
            yaml.problem(node, key + "." + name, "missing");
            return null;
        }
        String text = yaml.scalar(value, key + "." + name);
        if (text != null && text.isBlank()) {
            yaml.problem(value, key + "." + name, "is empty");
            return null;
        }
        return text;
    }

    /** A libpq connection string or URI that parses, with no password in it. */
    private void conninfo(Node node, String key, String text) {
        Map<String, String> params;
        try {
            params = Conninfo.isConninfo(text) ? Conninfo.parse(text) : null;
        } catch (IllegalArgumentException e) {
            yaml.problem(node, key, "not a valid connection string: " + org.pgmaint.config.Secrets.maskUri(e.getMessage()));
            return;
        }
        if (params == null) {
            yaml.problem(node, key, "should be a connection string, e.g. \"host=db1 port=5432 dbname=postgres\" or"
                    + " postgresql://pgmaint@db1:5432/postgres");
            return;
        }
        if (params.containsKey("password")) {
            yaml.problem(node, key, "holds a password: a targets file is no place for one; put it in ~/.pgpass"
                    + " (PGPASSFILE), a service file or PGPASSWORD");
        }
    }

    private List<String> list(Node node, String key) {
        if (node == null) {
            return List.of();
        }
        List<String> values = yaml.scalarList(node, key);
        return values == null ? List.of() : values;
    }

    /** The target's config keys, flattened (a nested mapping or dotted keys), each checked as the config would. */
    private Map<String, String> config(Node node, String key) {
        Map<String, String> values = new LinkedHashMap<>();
        if (node != null) {
            flatten(node, key, "", values);
        }
        return values;
    }

    private void flatten(Node node, String key, String prefix, Map<String, String> values) {
        Map<String, Node> entries = yaml.mapping(node, key);
        if (entries == null) {
            return;
        }
        for (Map.Entry<String, Node> entry : entries.entrySet()) {
            String name = YamlFile.join(prefix, entry.getKey());
            Node value = entry.getValue();
            if (value instanceof MappingNode) {
                flatten(value, key, name, values);
                continue;
            }
            if (!allowed(name)) {
                yaml.problem(value, key + "." + name, ConfigKeys.find(name) == null && !name.startsWith("thresholds.")
                        && !name.startsWith("params.") ? "unknown config key; " + nearest(name)
                        : "cannot be set per target (it is the fleet's: the same for every target, or it could widen"
                        + " what runs); a target may set: thresholds.*, params.*, approval.* (as strict or stricter), "
                        + String.join(", ", TARGET_KEYS.subList(3, TARGET_KEYS.size())));
                continue;
            }
            String text = value instanceof ScalarNode scalar ? scalar.getValue()
                    : ValueType.listText(yaml.scalarList(value, key + "." + name) == null ? List.of()
                    : yaml.scalarList(value, key + "." + name));
            ConfigKey known = ConfigKeys.find(name);
            if (known != null) {
                check(known, text, value, key + "." + name);
            } else if (name.startsWith("thresholds.")) {
                try {
                    double number = (Double) ValueType.NUMBER.parse(text);
                    if (number < 0) {
                        yaml.problem(value, key + "." + name, "'" + text + "' is not valid: should be at least 0");
                    }
                } catch (IllegalArgumentException e) {
                    yaml.problem(value, key + "." + name, e.getMessage());
                }
            } else if (name.split("\\.").length != 3) {
                yaml.problem(value, key + "." + name, "should be params.<check>.<param>");
            }
            values.put(name, text);
        }
    }

    private void check(ConfigKey key, String text, Node node, String where) {
        try {
            key.parse(text);
        } catch (IllegalArgumentException e) {
            yaml.problem(node, where, e.getMessage());
        }
    }

    private static boolean allowed(String name) {
        for (String allowed : TARGET_KEYS) {
            if (allowed.endsWith(".") ? name.startsWith(allowed) : name.equals(allowed)) {
                return allowed.equals("approval.") ? ConfigKeys.find(name) != null : true;
            }
        }
        return false;
    }

    private static String nearest(String name) {
        String didYouMean = Nearest.didYouMean(Nearest.names(name, ConfigKeys.names()));
        return didYouMean.isEmpty() ? "pgmaint config lists every key" : didYouMean;
    }

    private void unknownKeys(Map<String, Node> entries, String parent, List<String> allowed) {
        for (Map.Entry<String, Node> entry : entries.entrySet()) {
            if (!allowed.contains(entry.getKey())) {
                String didYouMean = Nearest.didYouMean(Nearest.names(entry.getKey(), allowed));
                yaml.problem(entry.getValue(), YamlFile.join(parent, entry.getKey()), "unknown key; "
                        + (didYouMean.isEmpty() ? "" : didYouMean + " ") + "valid keys here: " + String.join(", ", allowed));
            }
        }
    }

    /**
     * A problem for each approval a target sets more permissively than the fleet's configuration ({@code fleet}:
     * the approval words by key), e.g. auto where the configuration says manual.
     */
    public static List<Problem> approvalWidening(Path file, List<FleetTarget> targets, Map<String, String> fleet) {
        List<Problem> problems = new ArrayList<>();
        for (FleetTarget target : targets) {
            target.config().forEach((key, value) -> {
                if (key.startsWith("approval.") && fleet.containsKey(key)) {
                    int wanted = APPROVAL_ORDER.indexOf(value.strip().toLowerCase(java.util.Locale.ROOT));
                    int allowed = APPROVAL_ORDER.indexOf(fleet.get(key).strip().toLowerCase(java.util.Locale.ROOT));
                    if (wanted > allowed) {
                        problems.add(Problem.at(file.toString(), target.line(), "targets." + target.name() + ".config."
                                + key, "'" + value + "' would approve more than the configuration's '" + fleet.get(key)
                                + "': a target may only be as strict or stricter (" + String.join(" < ",
                                APPROVAL_ORDER.subList(0, allowed + 1)) + ")"));
                    }
                }
            });
        }
        return problems;
    }

    /** The targets named ({@code --target}, all when none) that carry one of the tags ({@code --tag}, any when none). */
    public static List<FleetTarget> select(Path file, List<FleetTarget> targets, List<String> names, List<String> tags) {
        List<Problem> problems = new ArrayList<>();
        List<String> known = targets.stream().map(FleetTarget::name).toList();
        for (String name : names) {
            if (!known.contains(name)) {
                String didYouMean = Nearest.didYouMean(Nearest.names(name, known));
                problems.add(Problem.of(file.toString(), "--target " + name, "no such target in the file; "
                        + (didYouMean.isEmpty() ? "targets: " + String.join(", ", known) : didYouMean)));
            }
        }
        Set<String> allTags = new java.util.TreeSet<>();
        targets.forEach(t -> allTags.addAll(t.tags()));
        for (String tag : tags) {
            if (!allTags.contains(tag)) {
                problems.add(Problem.of(file.toString(), "--tag " + tag, "no target has this tag; tags: " + allTags));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException("command line", problems);
        }
        return targets.stream().filter(t -> names.isEmpty() || names.contains(t.name()))
                .filter(t -> tags.isEmpty() || t.tags().stream().anyMatch(tags::contains)).toList();
    }
}
