package org.pgmaint.catalog;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.pgmaint.config.YamlFile;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads a check's {@code report:} block: the run reports' table lists its rows feed. Every field it names must be
 * a numeric field of the check's fact, so a renamed column fails {@code pgmaint validate} instead of emptying a
 * section; a section id belongs to one check.
 */
final class SectionLoader {
    private static final Pattern SNAKE = Pattern.compile("[a-z][a-z0-9_]*");
    private static final Pattern METRIC_NAME = Pattern.compile("[a-z_][a-z0-9_]*");
    private static final Set<FieldType> NUMERIC = Set.of(FieldType.INT, FieldType.BIGINT, FieldType.NUMERIC);

    private SectionLoader() {
    }

    /**
     * @param sectionChecks the section ids seen so far in the catalog, with the check that declares each
     */
    static List<ReportSection> parse(YamlFile yaml, Node node, FactSpec fact, String checkId,
                                     Map<String, String> sectionChecks) {
        List<ReportSection> sections = new ArrayList<>();
        Map<String, Node> entries = node == null ? null : yaml.mapping(node, "report");
        if (entries == null || fact == null) {
            return sections;
        }
        for (String name : List.of("schema_name", "table_name")) {
            if (fact.fields().get(name) != FieldType.TEXT) {
                yaml.problem(node, "report", "a report section lists tables: fact.fields needs " + name + ": text");
                return sections;
            }
        }
        entries.forEach((id, specNode) -> {
            String key = "report." + id;
            Map<String, Node> spec = yaml.mapping(specNode, key);
            if (spec == null) {
                return;
            }
            yaml.rejectUnknownKeys(spec, key, List.of("title", "order_by", "columns", "empty", "metric"));
            if (!SNAKE.matcher(id).matches()) {
                yaml.problem(specNode, key, "section ids should be snake_case, like largest_bloat");
            }
            String other = checkId == null ? null : sectionChecks.putIfAbsent(id, checkId);
            if (other != null && !other.equals(checkId)) {
                yaml.problem(specNode, key, "section '" + id + "' is already fed by check " + other);
            }
            String title = required(yaml, spec, specNode, key, "title", "the section's heading");
            String orderBy = required(yaml, spec, specNode, key, "order_by", "the numeric field that orders the rows");
            if (orderBy != null) {
                numericField(yaml, spec.get("order_by"), key + ".order_by", orderBy, fact);
            }
            Map<String, ReportSection.Format> columns = columns(yaml, spec.get("columns"), specNode, key, fact);
            ReportSection.Metric metric = metric(yaml, spec.get("metric"), key, columns);
            String empty = spec.get("empty") == null ? "No table to list." : yaml.scalar(spec.get("empty"), key + ".empty");
            if (title != null && orderBy != null && columns != null && empty != null) {
                sections.add(new ReportSection(id, title, orderBy, columns, empty, metric));
            }
        });
        return sections;
    }

    private static String required(YamlFile yaml, Map<String, Node> spec, Node specNode, String key, String name,
                                   String what) {
        Node node = spec.get(name);
        String value = node == null ? null : yaml.scalar(node, key + "." + name);
        if (node == null || (value != null && value.isBlank())) {
            yaml.problem(specNode, key + "." + name, "missing (required): " + what);
            return null;
        }
        return value;
    }

    private static boolean numericField(YamlFile yaml, Node node, String key, String field, FactSpec fact) {
        FieldType type = fact.fields().get(field);
        if (type == null || !NUMERIC.contains(type)) {
            yaml.problem(node, key, "'" + field + "' is not a numeric field of fact " + fact.type() + "; its numeric fields: "
                    + fact.fields().entrySet().stream().filter(e -> NUMERIC.contains(e.getValue())).map(Map.Entry::getKey).toList());
            return false;
        }
        return true;
    }

    private static Map<String, ReportSection.Format> columns(YamlFile yaml, Node node, Node specNode, String key,
                                                             FactSpec fact) {
        if (node == null) {
            yaml.problem(specNode, key + ".columns", "missing (required): field: format lines, format one of " + formats());
            return null;
        }
        Map<String, Node> given = yaml.mapping(node, key + ".columns");
        if (given == null) {
            return null;
        }
        if (given.isEmpty()) {
            yaml.problem(node, key + ".columns", "names no field");
        }
        Map<String, ReportSection.Format> columns = new LinkedHashMap<>();
        given.forEach((field, formatNode) -> {
            String columnKey = key + ".columns." + field;
            String format = yaml.scalar(formatNode, columnKey);
            if (!numericField(yaml, formatNode, columnKey, field, fact) || format == null) {
                return;
            }
            try {
                columns.put(field, ReportSection.Format.valueOf(format.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                yaml.problem(formatNode, columnKey, "unknown format '" + format + "'; valid: " + formats());
            }
        });
        return columns.size() == given.size() ? columns : null;
    }

    private static ReportSection.Metric metric(YamlFile yaml, Node node, String key,
                                               Map<String, ReportSection.Format> columns) {
        if (node == null) {
            return null;
        }
        Map<String, Node> spec = yaml.mapping(node, key + ".metric");
        if (spec == null) {
            return null;
        }
        yaml.rejectUnknownKeys(spec, key + ".metric", List.of("name", "field", "help"));
        String name = required(yaml, spec, node, key + ".metric", "name", "the gauge's name, like pgmaint_table_dead_tuple_ratio");
        String field = required(yaml, spec, node, key + ".metric", "field", "one of the section's columns");
        String help = required(yaml, spec, node, key + ".metric", "help", "the gauge's HELP text");
        if (name != null && !(METRIC_NAME.matcher(name).matches() && name.startsWith("pgmaint_"))) {
            yaml.problem(spec.get("name"), key + ".metric.name", "'" + name + "' should be a snake_case name starting with pgmaint_");
            return null;
        }
        if (field != null && columns != null && !columns.containsKey(field)) {
            yaml.problem(spec.get("field"), key + ".metric.field", "'" + field + "' is not one of the section's columns "
                    + columns.keySet());
            return null;
        }
        return name == null || field == null || help == null ? null : new ReportSection.Metric(name, field, help);
    }

    private static List<String> formats() {
        return Arrays.stream(ReportSection.Format.values()).map(ReportSection.Format::yamlName).toList();
    }
}
