package org.pgmaint.report;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.pgmaint.model.Text;

/**
 * Line charts as inline SVG for the HTML pages (no script, no external asset): a title, axes from 0 with labelled
 * ticks (dates in UTC on x; bytes as kB/MB/GB or counts as k/M/bn on y), one polyline per series (dashed for a
 * forecast), horizontal levels with their labels, and a legend. A fixed viewBox with width 100% scales the chart to
 * its container, so it never widens the page. Every text is escaped ({@link Text#escape}, then XML), so a table
 * name is text, never markup.
 */
public final class SvgChart {
    /** How the y values read. */
    public enum Unit { BYTES, COUNT }

    public record Point(Instant at, double value) {
    }

    /** One series; a dashed one is a forecast. */
    public record Line(String name, List<Point> points, boolean dashed) {
        public Line {
            points = List.copyOf(points);
        }
    }

    /** A horizontal line at {@code value} (a limit), labelled. */
    public record Level(String label, double value) {
    }

    /** A chart of the time range {@code from} to {@code to}. */
    public record Chart(String id, String title, Unit unit, Instant from, Instant to, List<Line> lines,
                        List<Level> levels) {
        public Chart {
            lines = List.copyOf(lines);
            levels = List.copyOf(levels);
        }
    }

    static final int WIDTH = 760;
    private static final int LEFT = 70;
    private static final int RIGHT = 16;
    private static final int TOP = 34;
    private static final int PLOT_HEIGHT = 180;
    private static final int LEGEND_ROW = 18;
    private static final int MARKERS_UP_TO = 40;
    private static final String[] COLORS = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b",
            "#e377c2", "#7f7f7f"};
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("MMM d", Locale.ENGLISH).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("MMM d HH:mm", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);
    private static final long[] STEP_HOURS = {1, 2, 3, 6, 12, 24, 48, 72, 120, 168, 240, 336, 720, 1440, 2160, 4320, 8760};

    private SvgChart() {
    }

    public static String render(Chart chart) {
        int plotWidth = WIDTH - LEFT - RIGHT;
        int bottom = TOP + PLOT_HEIGHT;
        int height = bottom + 30 + LEGEND_ROW * chart.lines().size() + 6;
        double max = 0;
        for (Line line : chart.lines()) {
            for (Point p : line.points()) {
                max = Math.max(max, p.value());
            }
        }
        for (Level level : chart.levels()) {
            max = Math.max(max, level.value());
        }
        double step = niceStep(max <= 0 ? 1 : max, chart.unit());
        int magnitude = magnitude(max <= 0 ? 1 : max, chart.unit());
        double top = Math.max(step, Math.ceil(max / step) * step);
        long fromMs = chart.from().toEpochMilli();
        long span = Math.max(1, chart.to().toEpochMilli() - fromMs);
        Scale scale = new Scale(fromMs, span, plotWidth, top);

        StringBuilder svg = new StringBuilder();
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"trend\" id=\"").append(xml(chart.id()))
                .append("\" role=\"img\" width=\"100%\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(height)
                .append("\" font-family=\"system-ui, sans-serif\" font-size=\"12\">\n");
        svg.append("<title>").append(xml(chart.title())).append("</title>\n");
        svg.append("<text class=\"title\" x=\"").append(LEFT).append("\" y=\"20\" font-size=\"14\" font-weight=\"bold\">")
                .append(xml(chart.title())).append("</text>\n");
        // y axis: gridlines and labels from 0
        for (int i = 0; i * step <= top + step / 1000; i++) {
            double y = scale.y(i * step);
            svg.append("<line class=\"grid\" x1=\"").append(LEFT).append("\" x2=\"").append(LEFT + plotWidth)
                    .append("\" y1=\"").append(num(y)).append("\" y2=\"").append(num(y))
                    .append("\" stroke=\"#e3e3e3\"/>\n");
            svg.append("<text class=\"tick y\" x=\"").append(LEFT - 6).append("\" y=\"").append(num(y + 4))
                    .append("\" text-anchor=\"end\">").append(xml(label(i * step, chart.unit(), magnitude))).append("</text>\n");
        }
        // x axis: ticks at whole hours or days (UTC)
        long stepMs = timeStep(span);
        long day = Duration.ofDays(1).toMillis();
        // hours on multiples of the step, days from the first midnight (UTC) in the window
        long align = stepMs < day ? stepMs : day;
        long first = Math.floorDiv(fromMs + align - 1, align) * align;
        DateTimeFormatter format = stepMs < day ? HOUR : DAY;
        for (long t = first; t <= fromMs + span; t += stepMs) {
            double x = LEFT + (t - fromMs) * (double) plotWidth / span;
            svg.append("<line class=\"tick x\" x1=\"").append(num(x)).append("\" x2=\"").append(num(x)).append("\" y1=\"")
                    .append(bottom).append("\" y2=\"").append(bottom + 5).append("\" stroke=\"#555\"/>\n");
            svg.append("<text class=\"tick x\" x=\"").append(num(x)).append("\" y=\"").append(bottom + 18)
                    .append("\" text-anchor=\"middle\">").append(xml(format.format(Instant.ofEpochMilli(t))))
                    .append("</text>\n");
        }
        svg.append("<line class=\"axis\" x1=\"").append(LEFT).append("\" x2=\"").append(LEFT).append("\" y1=\"").append(TOP)
                .append("\" y2=\"").append(bottom).append("\" stroke=\"#555\"/>\n");
        svg.append("<line class=\"axis\" x1=\"").append(LEFT).append("\" x2=\"").append(LEFT + plotWidth).append("\" y1=\"")
                .append(bottom).append("\" y2=\"").append(bottom).append("\" stroke=\"#555\"/>\n");
        for (Level level : chart.levels()) {
            double y = scale.y(level.value());
            svg.append("<line class=\"level\" x1=\"").append(LEFT).append("\" x2=\"").append(LEFT + plotWidth)
                    .append("\" y1=\"").append(num(y)).append("\" y2=\"").append(num(y))
                    .append("\" stroke=\"#b00020\" stroke-dasharray=\"2 3\"/>\n");
            svg.append("<text class=\"level\" x=\"").append(LEFT + plotWidth - 4).append("\" y=\"").append(num(y - 4))
                    .append("\" text-anchor=\"end\" fill=\"#b00020\">").append(xml(level.label() + ": "
                            + label(level.value(), chart.unit()))).append("</text>\n");
        }
        boolean anyPoint = false;
        for (int i = 0; i < chart.lines().size(); i++) {
            Line line = chart.lines().get(i);
            String color = COLORS[i % COLORS.length];
            anyPoint |= !line.points().isEmpty();
            svg.append("<g class=\"series").append(line.dashed() ? " forecast" : "").append("\"><title>")
                    .append(xml(line.name())).append("</title>\n");
            if (line.points().size() > 1) {
                svg.append("<polyline fill=\"none\" stroke=\"").append(color).append("\" stroke-width=\"2\"")
                        .append(line.dashed() ? " stroke-dasharray=\"6 4\"" : "").append(" points=\"");
                for (Point p : line.points()) {
                    svg.append(num(scale.x(p.at()))).append(',').append(num(scale.y(p.value()))).append(' ');
                }
                svg.setLength(svg.length() - 1);
                svg.append("\"/>\n");
            }
            if (!line.dashed() && (line.points().size() <= MARKERS_UP_TO)) {
                for (Point p : line.points()) {
                    svg.append("<circle cx=\"").append(num(scale.x(p.at()))).append("\" cy=\"")
                            .append(num(scale.y(p.value()))).append("\" r=\"2.5\" fill=\"").append(color).append("\"/>\n");
                }
            }
            svg.append("</g>\n");
            int y = bottom + 30 + LEGEND_ROW * i + 10;
            svg.append("<g class=\"legend\"><line x1=\"").append(LEFT).append("\" x2=\"").append(LEFT + 24).append("\" y1=\"")
                    .append(y - 4).append("\" y2=\"").append(y - 4).append("\" stroke=\"").append(color)
                    .append("\" stroke-width=\"2\"").append(line.dashed() ? " stroke-dasharray=\"6 4\"" : "")
                    .append("/><text x=\"").append(LEFT + 30).append("\" y=\"").append(y).append("\">")
                    .append(xml(shortened(line.name(), 95))).append("</text></g>\n");
        }
        if (!anyPoint) {
            svg.append("<text class=\"empty\" x=\"").append(LEFT + plotWidth / 2).append("\" y=\"").append(TOP + PLOT_HEIGHT / 2)
                    .append("\" text-anchor=\"middle\" fill=\"#777\">no data in this window</text>\n");
        }
        return svg.append("</svg>").toString();
    }

    /**
     * A small line of one series (index.html: a database's size), {@code width} x {@code height} pixels, scaled
     * from 0 to its largest value; its title names the label and the latest value.
     */
    public static String sparkline(String label, List<Point> points, Unit unit, int width, int height) {
        List<Point> sorted = new ArrayList<>(points);
        sorted.sort(java.util.Comparator.comparing(Point::at));
        String latest = sorted.isEmpty() ? "no data" : label(sorted.get(sorted.size() - 1).value(), unit);
        StringBuilder svg = new StringBuilder("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"spark\" role=\"img\" width=\"")
                .append(width).append("\" height=\"").append(height).append("\" viewBox=\"0 0 ").append(width).append(' ')
                .append(height).append("\"><title>").append(xml(label + ": " + latest)).append("</title>");
        if (!sorted.isEmpty()) {
            double max = sorted.stream().mapToDouble(Point::value).max().orElse(0);
            long from = sorted.get(0).at().toEpochMilli();
            long span = sorted.get(sorted.size() - 1).at().toEpochMilli() - from;
            List<String> xy = new ArrayList<>();
            for (Point p : sorted) {
                double x = span == 0 ? width - 2 : 1 + (p.at().toEpochMilli() - from) * (width - 2.0) / span;
                double y = max <= 0 ? height - 1 : height - 1 - p.value() / max * (height - 2);
                xy.add(num(x) + "," + num(y));
            }
            if (xy.size() > 1) {
                svg.append("<polyline fill=\"none\" stroke=\"#1f77b4\" stroke-width=\"1.5\" points=\"")
                        .append(String.join(" ", xy)).append("\"/>");
            }
            String last = xy.get(xy.size() - 1);
            svg.append("<circle cx=\"").append(last, 0, last.indexOf(',')).append("\" cy=\"")
                    .append(last.substring(last.indexOf(',') + 1)).append("\" r=\"2\" fill=\"#1f77b4\"/>");
        }
        return svg.append("</svg>").toString();
    }

    private record Scale(long fromMs, long span, int plotWidth, double top) {
        double x(Instant at) {
            return LEFT + (at.toEpochMilli() - fromMs) * (double) plotWidth / span;
        }

        double y(double value) {
            return TOP + PLOT_HEIGHT - value / top * PLOT_HEIGHT;
        }
    }

    private static double base(Unit unit) {
        return unit == Unit.BYTES ? 1024 : 1000;
    }

    private static String[] units(Unit unit) {
        return unit == Unit.BYTES ? new String[] {" B", " kB", " MB", " GB", " TB", " PB"}
                : new String[] {"", "k", "M", "bn", "tn"};
    }

    /** The power of the unit's base whose unit (B, kB, MB, ...; -, k, M, ...) writes {@code value} as 1 to 1023. */
    static int magnitude(double value, Unit unit) {
        int i = 0;
        double v = Math.abs(value);
        while (v >= base(unit) && i < units(unit).length - 1) {
            v /= base(unit);
            i++;
        }
        return i;
    }

    /** A value in its own unit: "1.5 GB", "120 kB", "0"; "250k", "1.2M", "2.1bn". */
    static String label(double value, Unit unit) {
        return value == 0 ? "0" : label(value, unit, magnitude(value, unit));
    }

    /** A value in the unit of {@code magnitude} (every tick of an axis in one unit): "0.5 GB", "1 GB", "1.5 GB". */
    static String label(double value, Unit unit, int magnitude) {
        if (value == 0) {
            return "0";
        }
        double v = value / Math.pow(base(unit), magnitude);
        double rounded = Math.round(v * 100) / 100.0;
        return Text.num(rounded) + units(unit)[magnitude];
    }

    /** A step of 1, 2, 2.5 or 5 times a power of ten in the axis's unit, so that about five steps reach {@code max}. */
    static double niceStep(double max, Unit unit) {
        double scale = Math.pow(base(unit), magnitude(max, unit));
        double r = max / 5 / scale;
        double power = Math.pow(10, Math.floor(Math.log10(r)));
        for (double n : new double[] {1, 2, 2.5, 5}) {
            if (n * power >= r * 0.999) {
                return n * power * scale;
            }
        }
        return 10 * power * scale;
    }

    /** At most about seven ticks: a step of whole hours or days. */
    static long timeStep(long spanMs) {
        for (long hours : STEP_HOURS) {
            long ms = Duration.ofHours(hours).toMillis();
            if (spanMs / ms <= 7) {
                return ms;
            }
        }
        return Duration.ofHours(STEP_HOURS[STEP_HOURS.length - 1]).toMillis();
    }

    private static String shortened(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    private static String num(double value) {
        return Text.num(Math.round(value * 10) / 10.0);
    }

    /** Text for XML content and attributes: {@link Text#escape} (control characters), then the five entities. */
    static String xml(String text) {
        String escaped = Text.escape(text == null ? "" : text);
        StringBuilder out = new StringBuilder(escaped.length() + 16);
        for (int i = 0; i < escaped.length(); i++) {
            char c = escaped.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
