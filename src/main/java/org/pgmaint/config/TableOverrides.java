package org.pgmaint.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.Node;

/** Parses the {@code table_overrides} list: {@code - {schema: app, table: events, thresholds: {name: value}}}. */
final class TableOverrides {
    private static final List<String> KEYS = List.of("schema", "table", "thresholds");

    private TableOverrides() {
    }

    static List<TableOverride> parse(ConfigSection section, List<Problem> problems) {
        List<TableOverride> result = new ArrayList<>();
        if (section == null) {
            return result;
        }
        YamlFile yaml = YamlFile.collectingInto(section.source(), problems);
        List<Node> items = yaml.sequence(section.node(), section.key());
        if (items == null) {
            return result;
        }
        for (int i = 0; i < items.size(); i++) {
            String key = section.key() + "[" + i + "]";
            Map<String, Node> entry = yaml.mapping(items.get(i), key);
            if (entry == null) {
                continue;
            }
            yaml.rejectUnknownKeys(entry, key, KEYS);
            String schema = required(yaml, entry, key, "schema", items.get(i));
            String table = required(yaml, entry, key, "table", items.get(i));
            Map<String, Double> thresholds = new LinkedHashMap<>();
            Node thresholdNode = entry.get("thresholds");
            Map<String, Node> given = thresholdNode == null ? null : yaml.mapping(thresholdNode, key + ".thresholds");
            if (given != null) {
                given.forEach((name, valueNode) -> {
                    String text = yaml.scalar(valueNode, key + ".thresholds." + name);
                    try {
                        if (text != null) {
                            thresholds.put(name, (Double) ValueType.NUMBER.parse(text));
                        }
                    } catch (IllegalArgumentException e) {
                        yaml.problem(valueNode, key + ".thresholds." + name, e.getMessage());
                    }
                });
            }
            if (schema != null && table != null) {
                result.add(new TableOverride(schema, table, thresholds,
                        section.source() + ":" + YamlFile.line(items.get(i))));
            }
        }
        return result;
    }

    private static String required(YamlFile yaml, Map<String, Node> entry, String key, String name, Node parent) {
        Node node = entry.get(name);
        if (node == null) {
            yaml.problem(parent, key + "." + name, "missing; each override names a schema and a table");
            return null;
        }
        return yaml.scalar(node, key + "." + name);
    }
}
