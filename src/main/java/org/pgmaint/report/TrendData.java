package org.pgmaint.report;

import java.time.Instant;
import java.util.List;

/**
 * What the trend charts of one database are drawn from: its recorded runs from {@code since} to {@code at} (the
 * run being reported included), the points of its largest tables, and the measured xid burn (null when unknown).
 */
public record TrendData(Instant since, Instant at, List<RunFigures> runs, List<TableSeries> tables, Double xidPerDay) {
    public TrendData {
        runs = List.copyOf(runs);
        tables = List.copyOf(tables);
    }

    /** One run's database figures; any may be null when its check did not run. */
    public record RunFigures(Instant at, Long databaseBytes, Long xidAge, Long freezeMaxAge) {
    }

    /** A table's points, oldest first. */
    public record TableSeries(String schema, String table, List<TablePoint> points) {
        public TableSeries {
            points = List.copyOf(points);
        }
    }

    public record TablePoint(Instant at, Long deadTuples, Long bytes) {
    }
}
