package org.pgmaint.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.pgmaint.catalog.ReportSection;
import org.pgmaint.collect.CheckResult;
import org.pgmaint.model.Text;

/**
 * One table list of the run reports, as a check declares it ({@code report:} in its YAML), filled from the rows
 * the check returned: the rows whose order field is above 0, largest first, at most {@code report.top_tables}.
 */
public record TableList(ReportSection section, String check, List<Map<String, Object>> rows) {

    /** The lists the checks of this run declare, in catalog order. */
    public static List<TableList> of(List<CheckResult> facts, int limit) {
        List<TableList> lists = new ArrayList<>();
        for (CheckResult result : facts) {
            for (ReportSection section : result.check().report()) {
                List<Map<String, Object>> top = result.rows().stream()
                        .filter(row -> value(row, section.orderBy()) > 0)
                        .sorted(Comparator.comparingDouble((Map<String, Object> row) -> value(row, section.orderBy()))
                                .reversed().thenComparing(TableList::name))
                        .limit(limit).toList();
                lists.add(new TableList(section, result.check().id(), top));
            }
        }
        return lists;
    }

    static double value(Map<String, Object> row, String field) {
        return row.get(field) instanceof Number n ? n.doubleValue() : 0;
    }

    static String name(Map<String, Object> row) {
        return row.get("schema_name") + "." + row.get("table_name");
    }

    /** The list as the templates see it (docs/reports.md). */
    Map<String, Object> model() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", section.id());
        m.put("title", section.title());
        m.put("check", check);
        m.put("empty", section.empty());
        m.put("columns", section.columns().keySet().stream().map(TableList::label).toList());
        double max = rows.isEmpty() ? 1 : Math.max(1, value(rows.get(0), section.orderBy()));
        m.put("rows", rows.stream().map(row -> {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("schema", row.get("schema_name"));
            r.put("table", row.get("table_name"));
            r.put("name", name(row));
            r.put("values", section.columns().entrySet().stream()
                    .map(c -> shown(value(row, c.getKey()), c.getValue())).toList());
            double value = value(row, section.orderBy());
            r.put("value", shown(value, section.columns().getOrDefault(section.orderBy(), ReportSection.Format.NUMBER)));
            // a bar's length in percent of the largest, at least 1 so that a non-zero value stays visible
            r.put("barPct", Math.max(1, Math.round(100.0 * value / max)));
            return r;
        }).toList());
        return m;
    }

    /** The value a metric exports: a percentage as a ratio (0..1), as Prometheus expects. */
    static String metricValue(double value, ReportSection.Format format) {
        return format == ReportSection.Format.PCT ? String.format(Locale.ROOT, "%.4f", value / 100) : Text.num(value);
    }

    private static String shown(double value, ReportSection.Format format) {
        return switch (format) {
            case COUNT -> String.valueOf(Math.round(value));
            case BYTES -> Text.bytes(value);
            case PCT -> Text.pct(value);
            case NUMBER -> Text.num(Math.round(value * 10) / 10.0);
        };
    }

    /** dead_tuples is "dead tuples", wasted_pct "wasted %". */
    private static String label(String field) {
        return field.replaceFirst("_pct$", " %").replace('_', ' ');
    }
}
