package org.pgmaint.report;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.pgmaint.collect.CheckResult;
import org.pgmaint.collect.CollectedFacts;
import org.pgmaint.model.Finding;

/**
 * One table's size figures for the report's "top tables" lists, taken from the TableActivity facts.
 *
 * @param bloatBytes estimated wasted space: a {@code table_bloat} finding's {@code bloat_bytes} detail when
 *                   a rule measured it, else the dead-tuple share of the table's size
 */
public record TableStat(String schema, String table, long liveTuples, long deadTuples, double deadTuplePct,
                        long tableBytes, long bloatBytes) {

    public static final String FACT_TYPE = "TableActivity";

    /** Every table the TableActivity check returned, with bloat from table_bloat findings where there is one. */
    public static List<TableStat> from(CollectedFacts collection, List<Finding> findings) {
        Map<String, Long> measuredBloat = new HashMap<>();
        for (Finding f : findings) {
            if ("table_bloat".equals(f.kind()) && f.details().get("bloat_bytes") instanceof Number n) {
                measuredBloat.put(f.schema() + "\u0000" + f.table(), n.longValue());
            }
        }
        List<TableStat> tables = new ArrayList<>();
        for (CheckResult result : collection.results()) {
            if (!FACT_TYPE.equals(result.check().fact().type())) {
                continue;
            }
            for (Map<String, Object> row : result.rows()) {
                String schema = (String) row.get("schema_name");
                String table = (String) row.get("table_name");
                long bytes = number(row.get("table_bytes"));
                double deadPct = row.get("dead_tuple_pct") instanceof Number n ? n.doubleValue() : 0;
                long bloat = measuredBloat.getOrDefault(schema + "\u0000" + table, Math.round(bytes * deadPct / 100));
                tables.add(new TableStat(schema, table, number(row.get("live_tuples")), number(row.get("dead_tuples")),
                        deadPct, bytes, bloat));
            }
        }
        return tables;
    }

    private static long number(Object value) {
        return value instanceof Number n ? n.longValue() : 0;
    }
}
