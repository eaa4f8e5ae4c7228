package org.pgmaint.report;

import freemarker.template.TemplateModelException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.pgmaint.model.Text;

/**
 * The HTML report's trend charts of one database over {@link #WINDOW}: database size, xid age with the forecast to
 * the wraparound stop, dead tuples and size of the {@link #TOP_TABLES} largest tables. The model's {@code trends}:
 * {@code available}, {@code note} (why there are no charts), {@code charts} (each {@code id}, {@code title},
 * {@code svg}: markup, printed as is).
 */
public final class TrendCharts {
    public static final Duration WINDOW = Duration.ofDays(30);
    public static final int TOP_TABLES = 5;
    /** The age at which PostgreSQL refuses new transaction IDs: 2^31 - 1 less its 3,000,000 margin. */
    static final long STOP_AGE = Integer.MAX_VALUE - 3_000_000L;

    private TrendCharts() {
    }

    /** The charts from {@code data} (empty: history off or unreadable, no section). */
    public static Optional<Map<String, Object>> model(Optional<TrendData> data) {
        return data.map(TrendCharts::model);
    }

    static Map<String, Object> model(TrendData data) {
        Map<String, Object> model = new LinkedHashMap<>();
        List<Map<String, Object>> charts = new ArrayList<>();
        model.put("window", WINDOW.toDays() + " days");
        if (data.runs().size() < 2) {
            model.put("available", false);
            model.put("note", "Trends need at least two runs in the last " + WINDOW.toDays() + " days; the history has "
                    + data.runs().size() + ".");
            model.put("charts", charts);
            return model;
        }
        model.put("available", true);
        model.put("note", "");
        charts.add(chart(SvgChart.render(new SvgChart.Chart("trend_database_size", "Database size",
                SvgChart.Unit.BYTES, data.since(), data.at(), List.of(new SvgChart.Line("database size",
                runPoints(data, TrendData.RunFigures::databaseBytes), false)), List.of())), "Database size"));
        charts.add(chart(SvgChart.render(xidChart(data)), "Transaction ID age"));
        charts.add(chart(SvgChart.render(tableChart(data, "trend_dead_tuples", "Dead tuples of the "
                + TOP_TABLES + " largest tables", SvgChart.Unit.COUNT, TrendData.TablePoint::deadTuples)),
                "Dead tuples of the largest tables"));
        charts.add(chart(SvgChart.render(tableChart(data, "trend_table_size", "Size of the " + TOP_TABLES
                + " largest tables", SvgChart.Unit.BYTES, TrendData.TablePoint::bytes)), "Size of the largest tables"));
        model.put("charts", charts);
        return model;
    }

    /**
     * The xid age, its forecast at the measured burn (dashed, up to the stop or a window ahead, whichever is first)
     * and the two limits.
     */
    static SvgChart.Chart xidChart(TrendData data) {
        List<SvgChart.Point> ages = runPoints(data, TrendData.RunFigures::xidAge);
        List<SvgChart.Line> lines = new ArrayList<>();
        lines.add(new SvgChart.Line("xid age (age of datfrozenxid)", ages, false));
        Instant to = data.at();
        if (!ages.isEmpty() && data.xidPerDay() != null && data.xidPerDay() > 0) {
            SvgChart.Point now = ages.get(ages.size() - 1);
            double days = Math.max(0, (STOP_AGE - now.value()) / data.xidPerDay());
            double shown = Math.min(days, WINDOW.toDays());
            Instant end = now.at().plusSeconds((long) (shown * 86_400));
            to = now.at().plus(WINDOW);
            String when = days <= WINDOW.toDays()
                    ? "reaches the stop in " + Text.num(Math.round(days * 10) / 10.0) + " days, about "
                            + end.toString().substring(0, 10)
                    : "the stop in about " + Math.round(days) + " days";
            lines.add(new SvgChart.Line("forecast at " + SvgChart.label(data.xidPerDay(), SvgChart.Unit.COUNT)
                    + " xids a day: " + when, List.of(now, new SvgChart.Point(end, now.value() + shown * data.xidPerDay())),
                    true));
        }
        List<SvgChart.Level> levels = new ArrayList<>();
        levels.add(new SvgChart.Level("wraparound stop", STOP_AGE));
        data.runs().stream().map(TrendData.RunFigures::freezeMaxAge).filter(v -> v != null).reduce((a, b) -> b)
                .ifPresent(v -> levels.add(new SvgChart.Level("autovacuum_freeze_max_age", v)));
        return new SvgChart.Chart("trend_xid_age", "Transaction ID age", SvgChart.Unit.COUNT, data.since(), to, lines,
                levels);
    }

    private static SvgChart.Chart tableChart(TrendData data, String id, String title, SvgChart.Unit unit,
                                             Function<TrendData.TablePoint, Long> figure) {
        List<SvgChart.Line> lines = new ArrayList<>();
        for (TrendData.TableSeries table : data.tables()) {
            List<SvgChart.Point> points = new ArrayList<>();
            for (TrendData.TablePoint p : table.points()) {
                Long value = figure.apply(p);
                if (value != null) {
                    points.add(new SvgChart.Point(p.at(), value));
                }
            }
            lines.add(new SvgChart.Line(table.schema() + "." + table.table(), points, false));
        }
        return new SvgChart.Chart(id, title, unit, data.since(), data.at(), lines, List.of());
    }

    private static List<SvgChart.Point> runPoints(TrendData data, Function<TrendData.RunFigures, Long> figure) {
        List<SvgChart.Point> points = new ArrayList<>();
        for (TrendData.RunFigures run : data.runs()) {
            Long value = figure.apply(run);
            if (value != null) {
                points.add(new SvgChart.Point(run.at(), value));
            }
        }
        return points;
    }

    private static Map<String, Object> chart(String svg, String title) {
        Map<String, Object> chart = new LinkedHashMap<>();
        chart.put("title", title);
        chart.put("svg", markup(svg));
        return chart;
    }

    /** Markup the HTML templates print as it is (SvgChart escaped every text in it). */
    static Object markup(String svg) {
        try {
            return EscapingFormat.HTML.fromMarkup(svg);
        } catch (TemplateModelException e) {
            throw new IllegalStateException(e);
        }
    }
}
