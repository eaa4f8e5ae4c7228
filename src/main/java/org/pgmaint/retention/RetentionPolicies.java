package org.pgmaint.retention;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.pgmaint.config.ConfigSection;
import org.pgmaint.config.InvalidInputException;
import org.pgmaint.config.Problem;
import org.pgmaint.config.ValueType;
import org.pgmaint.config.YamlFile;
import org.pgmaint.sql.SqlTokens;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Parses the {@code retention_policies} list of the config file:
 * {@code - {name: sessions, table: sessions, timestamp_column: expires_at, older_than: 1d}}.
 * Only the shape is checked here; {@link PolicyValidator} checks the policies against the database.
 */
final class RetentionPolicies {
    static final List<String> KEYS = List.of("name", "schema", "table", "timestamp_column", "older_than", "condition",
            "batch_size");
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");
    private static final Pattern BARE_NUMBER = Pattern.compile("\\d+(\\.\\d+)?");
    /** Rows younger than a minute are never "expired": a shorter age is a typo, not a policy. */
    private static final Duration SHORTEST_AGE = Duration.ofMinutes(1);
    private static final String EXAMPLE = "- {name: sessions, table: sessions, timestamp_column: expires_at, older_than: 1d}";

    private RetentionPolicies() {
    }

    static List<RetentionPolicy> parse(ConfigSection section) {
        List<RetentionPolicy> result = new ArrayList<>();
        if (section == null) {
            return result;
        }
        List<Problem> problems = new ArrayList<>();
        YamlFile yaml = YamlFile.collectingInto(section.source(), problems);
        List<Node> items = yaml.sequence(section.node(), section.key());
        Map<String, Integer> seen = new HashMap<>();
        Map<List<String>, String> tables = new HashMap<>();
        for (int i = 0; items != null && i < items.size(); i++) {
            Node item = items.get(i);
            Map<String, Node> entry = yaml.mapping(item, section.key() + "[" + i + "]");
            if (entry == null) {
                continue;
            }
            String nameText = entry.get("name") == null ? null : yaml.scalar(entry.get("name"), section.key() + "[" + i + "].name");
            String key = section.key() + "[" + (nameText != null ? nameText : String.valueOf(i)) + "]";
            int before = problems.size();
            yaml.rejectUnknownKeys(entry, key, KEYS);
            if (nameText == null) {
                yaml.problem(item, key + ".name", "missing (required): each policy has a name, like " + EXAMPLE);
            } else if (!NAME.matcher(nameText).matches()) {
                yaml.problem(entry.get("name"), key + ".name", "'" + nameText + "' should be snake_case, like audit_log");
            } else if (seen.putIfAbsent(nameText, YamlFile.line(item)) != null) {
                yaml.problem(entry.get("name"), key + ".name", "duplicate policy name (also at line " + seen.get(nameText) + ")");
            }
            String schema = entry.containsKey("schema") ? text(yaml, entry, key, "schema", item) : "public";
            String table = text(yaml, entry, key, "table", item);
            String column = text(yaml, entry, key, "timestamp_column", item);
            Duration olderThan = olderThan(yaml, entry, key, item);
            String condition = entry.containsKey("condition") ? condition(yaml, entry.get("condition"), key) : null;
            Integer batchSize = entry.containsKey("batch_size") ? batchSize(yaml, entry.get("batch_size"), key) : null;
            if (table != null && schema != null && tables.putIfAbsent(List.of(schema, table), nameText) != null) {
                yaml.problem(entry.get("table"), key + ".table", "policy '" + tables.get(List.of(schema, table))
                        + "' already covers " + schema + "." + table + "; one policy per table (combine conditions with OR)");
            }
            if (problems.size() == before) {
                result.add(new RetentionPolicy(nameText, schema, table, column, olderThan, condition, batchSize,
                        section.source() + ":" + YamlFile.line(item)));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException("configuration", problems);
        }
        return result;
    }

    private static String text(YamlFile yaml, Map<String, Node> entry, String key, String name, Node item) {
        Node node = entry.get(name);
        if (node == null) {
            yaml.problem(item, key + "." + name, "missing (required); a policy looks like " + EXAMPLE);
            return null;
        }
        String value = yaml.scalar(node, key + "." + name);
        if (value != null && value.isEmpty()) {
            yaml.problem(node, key + "." + name, "is empty");
            return null;
        }
        return value;
    }

    private static Duration olderThan(YamlFile yaml, Map<String, Node> entry, String key, Node item) {
        String text = text(yaml, entry, key, "older_than", item);
        if (text == null) {
            return null;
        }
        if (BARE_NUMBER.matcher(text.trim()).matches()) {
            // elsewhere a bare number is seconds: "older_than: 30" meant as days would delete nearly every row
            yaml.problem(entry.get("older_than"), key + ".older_than", "'" + text.trim() + "' has no unit: write it"
                    + " with one, like 30d, 12h or 90min");
            return null;
        }
        try {
            Duration age = (Duration) ValueType.DURATION.parse(text);
            if (age.compareTo(SHORTEST_AGE) < 0) {
                yaml.problem(entry.get("older_than"), key + ".older_than", "'" + text.trim() + "' is not valid: should be "
                        + ValueType.format(SHORTEST_AGE) + " or more, like 7d or 12h");
                return null;
            }
            return age;
        } catch (IllegalArgumentException e) {
            yaml.problem(entry.get("older_than"), key + ".older_than", e.getMessage());
            return null;
        }
    }

    private static String condition(YamlFile yaml, Node node, String key) {
        String text = yaml.scalar(node, key + ".condition");
        if (text == null) {
            return null;
        }
        if (text.isBlank()) {
            yaml.problem(node, key + ".condition", "is empty; leave the key out when every old row may go");
            return null;
        }
        String wrong = conditionProblem(text);
        if (wrong != null) {
            yaml.problem(node, key + ".condition", "should be one SQL boolean expression on the table's columns, such as"
                    + " 'processed_at IS NOT NULL'; '" + text.strip() + "' is refused: " + wrong);
            return null;
        }
        return text.strip();
    }

    /**
     * Why a condition could reach past the parentheses pgmaint wraps it in (and so past the age test), or null: a
     * ';', a comment, parentheses that do not balance, unterminated or ambiguous text, a '?' the driver would bind.
     */
    static String conditionProblem(String text) {
        if (text.indexOf(';') >= 0) {
            return "';' is not allowed";
        }
        SqlTokens tokens;
        try {
            tokens = SqlTokens.scan(text);
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        if (tokens.hasComments()) {
            return "comments (-- and /* */) are not allowed";
        }
        String parentheses = tokens.parenthesisProblem();
        if (parentheses != null) {
            return "its parentheses do not balance: " + parentheses;
        }
        if (tokens.indexInCode('?') >= 0) {
            return "a '?' would be read as a bind marker; write jsonb_exists(a, b) instead of the jsonb ? operator";
        }
        if (tokens.indexInCode('{') >= 0 || tokens.indexInCode('}') >= 0) {
            // PostgreSQL has no braces outside literals; the JDBC driver rewrites {fn ...}, {d ...}, {oj ...} escapes
            return "'{' and '}' are allowed only inside literals (the JDBC driver rewrites {fn ...} escapes)";
        }
        return null;
    }

    private static Integer batchSize(YamlFile yaml, Node node, String key) {
        String text = yaml.scalar(node, key + ".batch_size");
        try {
            int value = Integer.parseInt(text == null ? "" : text.trim());
            if (value >= 1 && value <= 1_000_000) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        if (text != null) {
            yaml.problem(node, key + ".batch_size", "'" + text + "' is not valid: should be a whole number of rows from 1 to 1000000");
        }
        return null;
    }
}
