package org.pgmaint.history;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The TableGrowth and IndexGrowth rows: each table's (index's) size now against its size at the runs nearest 7 and
 * 30 days ago. Only objects that grew by at least {@link #MIN_BYTES_PER_DAY} a day over either span get a row: at
 * 10,000 tables most are quiet, and a row per table would only repeat the table list.
 */
final class Growth {
    /** 1 MiB a day: below it no rule could call the growth fast. */
    static final double MIN_BYTES_PER_DAY = 1 << 20;

    private Growth() {
    }

    /** An object now (the collector's query); {@code index} null for a table. */
    record Now(String schema, String table, String index, long bytes) {
        String name() {
            return index == null ? table : index;
        }
    }

    /** The shortest span a row compares over: the run nearest 7 days ago, within a day. */
    static final double SHORTEST_SPAN_DAYS = 6;

    /** False when the object is too small to have grown {@link #MIN_BYTES_PER_DAY} a day over any span. */
    static boolean canHaveGrown(Now object) {
        return object.bytes() >= MIN_BYTES_PER_DAY * SHORTEST_SPAN_DAYS;
    }

    static List<Map<String, Object>> rows(List<Now> current, List<HistoryStore.SizeAgo> past, Instant at) {
        Map<String, HistoryStore.SizeAgo[]> byObject = new HashMap<>();
        for (HistoryStore.SizeAgo size : past) {
            byObject.computeIfAbsent(HistoryStore.objectKey(size.schema(), size.name()), k -> new HistoryStore.SizeAgo[2])
                    [size.span() == 7 ? 0 : 1] = size;
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Now now : current) {
            HistoryStore.SizeAgo[] ago = byObject.get(HistoryStore.objectKey(now.schema(), now.name()));
            if (ago == null) {
                continue;
            }
            Double week = perDay(now, ago[0], at);
            Double month = perDay(now, ago[1], at);
            if ((week == null || week < MIN_BYTES_PER_DAY) && (month == null || month < MIN_BYTES_PER_DAY)) {
                continue;
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("schema_name", now.schema());
            row.put("table_name", now.table());
            if (now.index() != null) {
                row.put("index_name", now.index());
            }
            row.put("bytes", now.bytes());
            row.put("bytes_per_day_7d", week);
            row.put("bytes_per_day_30d", month);
            row.put("over_days_7d", ago[0] == null ? null : round(Rates.days(ago[0].at(), at)));
            row.put("over_days_30d", ago[1] == null ? null : round(Rates.days(ago[1].at(), at)));
            rows.add(row);
        }
        return rows;
    }

    private static Double perDay(Now now, HistoryStore.SizeAgo ago, Instant at) {
        return ago == null ? null : (now.bytes() - ago.bytes()) / Rates.days(ago.at(), at);
    }

    private static double round(double days) {
        return Math.round(days * 10) / 10.0;
    }
}
