package org.pgmaint.collect;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.pgmaint.catalog.Catalog;
import org.pgmaint.config.ConfigSection;
import org.pgmaint.config.Problem;
import org.pgmaint.config.YamlFile;
import org.pgmaint.db.SystemSchemas;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Drops collected rows that name an excluded schema, table or index, for every check generically: a row is
 * matched through its {@code schema_name}, {@code table_name} and index fields ({@code index_name},
 * {@code index_names} and any text field ending in {@code _index}). System schemas (pg_catalog,
 * information_schema, pg_toast, pg_temp_*, pg_toast_temp_*) are always excluded.
 *
 * <p>Config section {@code exclusions}: a list of entries {@code {schema, table, index, checks}}; the given
 * patterns must all match (an entry with only {@code table} matches that table in any schema); without
 * {@code checks} the entry applies to every check. Patterns are globs ({@code *} any run of characters,
 * {@code ?} one character) matched case-sensitively against the whole real, unquoted name: names often
 * contain regex characters such as {@code .} or {@code $}, and globs read like psql's {@code \dt} patterns.
 */
public final class Exclusions {
    private static final List<String> KEYS = List.of("schema", "table", "index", "checks");

    record Entry(Pattern schema, Pattern table, Pattern index, Set<String> checks) {
        boolean appliesTo(String checkId) {
            return checks.isEmpty() || checks.contains(checkId);
        }
    }

    private final List<Entry> entries;

    private Exclusions(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    public static Exclusions none() {
        return new Exclusions(List.of());
    }

    /** Parses the section (absent: no exclusions beyond the system schemas), recording problems with their line. */
    public static Exclusions parse(ConfigSection section, Catalog catalog, List<Problem> problems) {
        if (section == null) {
            return none();
        }
        YamlFile yaml = YamlFile.collectingInto(section.source(), problems);
        List<Node> items = yaml.sequence(section.node(), section.key());
        List<Entry> entries = new ArrayList<>();
        if (items == null) {
            return none();
        }
        for (int i = 0; i < items.size(); i++) {
            String key = section.key() + "[" + i + "]";
            Map<String, Node> fields = yaml.mapping(items.get(i), key);
            if (fields == null) {
                continue;
            }
            yaml.rejectUnknownKeys(fields, key, KEYS);
            if (!fields.containsKey("schema") && !fields.containsKey("table") && !fields.containsKey("index")) {
                yaml.problem(items.get(i), key, "names nothing to exclude; should look like "
                        + "{schema: \"audit_*\"} or {table: \"tmp_*\", checks: [unused_index]} (glob patterns)");
                continue;
            }
            Set<String> checks = new TreeSet<>();
            if (fields.containsKey("checks")) {
                List<String> ids = yaml.scalarList(fields.get("checks"), key + ".checks");
                for (String id : ids == null ? List.<String>of() : ids) {
                    if (catalog.check(id).isEmpty()) {
                        yaml.problem(fields.get("checks"), key + ".checks", "no check has id '" + id + "'");
                    }
                    checks.add(id);
                }
            }
            entries.add(new Entry(glob(yaml, fields, key, "schema"), glob(yaml, fields, key, "table"),
                    glob(yaml, fields, key, "index"), checks));
        }
        return new Exclusions(entries);
    }

    private static Pattern glob(YamlFile yaml, Map<String, Node> fields, String key, String name) {
        Node node = fields.get(name);
        if (node == null) {
            return null;
        }
        String text = yaml.scalar(node, key + "." + name);
        if (text == null || text.isEmpty()) {
            yaml.problem(node, key + "." + name, "should be a non-empty name or glob pattern such as \"tmp_*\"");
            return null;
        }
        StringBuilder regex = new StringBuilder();
        for (char c : text.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }

    /** The collection without the excluded rows. */
    public CollectedFacts apply(CollectedFacts collection) {
        return new CollectedFacts(collection.serverMajor(), collection.serverVersion(), collection.database(),
                collection.results().stream().map(this::apply).toList(), collection.skipped(), collection.failed());
    }

    /** The result without the excluded rows (the same result when none is excluded). */
    CheckResult apply(CheckResult result) {
        String checkId = result.check().id();
        List<Entry> applicable = entries.stream().filter(e -> e.appliesTo(checkId)).toList();
        List<Map<String, Object>> rows = new ArrayList<>(result.rows().size());
        for (Map<String, Object> row : result.rows()) {
            if (!excluded(applicable, row)) {
                rows.add(row);
            }
        }
        return rows.size() == result.rows().size() ? result : new CheckResult(result.check(), rows, result.elapsedMillis());
    }

    static boolean excluded(List<Entry> entries, Map<String, Object> row) {
        Object schema = row.get("schema_name");
        if (schema instanceof String name && SystemSchemas.is(name)) {
            return true;
        }
        for (Entry entry : entries) {
            if (matches(entry.schema(), schema) && matches(entry.table(), row.get("table_name"))
                    && (entry.index() == null || anyIndexMatches(entry.index(), row))) {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(Pattern pattern, Object value) {
        return pattern == null || (value instanceof String name && pattern.matcher(name).matches());
    }

    private static boolean anyIndexMatches(Pattern pattern, Map<String, Object> row) {
        for (Map.Entry<String, Object> field : row.entrySet()) {
            String column = field.getKey();
            if ((column.equals("index_name") || column.endsWith("_index")) && matches(pattern, field.getValue())) {
                return true;
            }
            if (column.equals("index_names") && field.getValue() instanceof List<?> names) {
                for (Object name : names) {
                    if (matches(pattern, name)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
