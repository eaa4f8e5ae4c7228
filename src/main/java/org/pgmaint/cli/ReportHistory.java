package org.pgmaint.cli;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.pgmaint.history.DatabaseTrends;
import org.pgmaint.history.HistoryException;
import org.pgmaint.history.HistoryReader;
import org.pgmaint.history.HistorySettings;
import org.pgmaint.history.HistoryStore;
import org.pgmaint.history.TargetKey;
import org.pgmaint.report.RunHistory;
import org.pgmaint.report.RunIndex;
import org.pgmaint.report.TrendCharts;
import org.pgmaint.report.TrendData;

/**
 * The history store as the reports read it ({@link RunHistory}): one database's (its key), or every database's
 * (key null: a fleet's index.html). A store that cannot be read means no charts, never a failed run.
 */
final class ReportHistory implements RunHistory {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ReportHistory.class);
    private final HistoryReader reader;
    private final TargetKey key;

    ReportHistory(HistorySettings settings, TargetKey key) {
        this.reader = new HistoryReader(settings);
        this.key = key;
    }

    @Override
    public Optional<TrendData> trends(Instant since, Instant at) {
        if (key == null) {
            return Optional.empty();
        }
        return read(store -> {
            List<HistoryStore.RunPoint> points = store.runs(key, since).stream()
                    .filter(r -> !r.started().isAfter(at)).toList();
            List<TrendData.RunFigures> runs = points.stream().map(r -> new TrendData.RunFigures(r.started(),
                    r.databaseBytes(), r.xidAge(), r.freezeMaxAge())).toList();
            Map<String, List<TrendData.TablePoint>> byTable = new LinkedHashMap<>();
            Map<String, String[]> names = new LinkedHashMap<>();
            for (HistoryStore.TableSize p : store.largestTablesSince(key, since, at, TrendCharts.TOP_TABLES)) {
                // schema and table joined by a NUL: no name holds one, so two tables never share a key
                String name = p.schema() + "\0" + p.table();
                names.putIfAbsent(name, new String[] {p.schema(), p.table()});
                byTable.computeIfAbsent(name, k -> new ArrayList<>()).add(new TrendData.TablePoint(p.at(),
                        p.deadTuples(), p.bytes()));
            }
            List<TrendData.TableSeries> tables = new ArrayList<>();
            byTable.forEach((name, list) -> tables.add(new TrendData.TableSeries(names.get(name)[0], names.get(name)[1], list)));
            return new TrendData(since, at, runs, tables, DatabaseTrends.xidPerDay(points, at));
        });
    }

    @Override
    public Optional<List<RunIndex.Run>> latestRuns(int limit) {
        return read(store -> store.latestRuns(key, limit).stream().map(ReportHistory::run).toList());
    }

    @Override
    public Optional<List<RunIndex.Run>> runsSince(Instant since) {
        return read(store -> store.runsSince(key, since).stream().map(ReportHistory::run).toList());
    }

    private static RunIndex.Run run(HistoryStore.RunSummary r) {
        return new RunIndex.Run(r.key().target(), r.key().database(), r.command(), r.mode(), r.started(), r.exitCode(),
                r.databaseBytes());
    }

    private <T> Optional<T> read(HistoryReader.Read<T> read) {
        try {
            return reader.read(read);
        } catch (HistoryException e) {
            log.warn("history not read for the report's charts and index: {}", e.getMessage());
            return Optional.empty();
        }
    }
}
