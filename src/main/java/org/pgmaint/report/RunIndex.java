package org.pgmaint.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code index.html} of a run files folder: the latest {@link #LIMIT} recorded runs (time, target/database,
 * command and mode, exit code, a link to the run's report when its file is in the folder) and a size sparkline per
 * database over {@link TrendCharts#WINDOW}. Written by pgmaint itself rather than from a template, so a folder of
 * one's own templates keeps working without a new file. Every text is escaped as in the charts.
 */
public final class RunIndex {
    public static final String FILE = "index.html";
    static final int LIMIT = 100;

    /** A recorded run as the index lists it. */
    public record Run(String target, String database, String command, String mode, Instant started, int exitCode,
                      Long databaseBytes) {
    }

    private RunIndex() {
    }

    /**
     * Writes {@code dir/index.html} from {@code history}; nothing when there is no history.
     *
     * @param fleetLayout the runs' files are in {@code <target>/<database>/} under {@code dir} (a run over several
     *                    databases), else in {@code dir} itself
     */
    public static Optional<Path> write(Path dir, RunHistory history, ZoneId zone, boolean fleetLayout, Instant now)
            throws IOException {
        Optional<List<Run>> latest = history.latestRuns(LIMIT);
        if (latest.isEmpty()) {
            return Optional.empty();
        }
        List<Run> window = history.runsSince(now.minus(TrendCharts.WINDOW)).orElse(List.of());
        Path file = dir.resolve(FILE);
        PrivateFiles.write(file, render(dir, latest.get(), window, zone, fleetLayout));
        return Optional.of(file);
    }

    static String render(Path dir, List<Run> latest, List<Run> window, ZoneId zone, boolean fleetLayout) {
        Map<String, List<SvgChart.Point>> sizes = new LinkedHashMap<>();
        for (Run run : window) {
            if (run.databaseBytes() != null) {
                sizes.computeIfAbsent(run.target() + "/" + run.database(), k -> new ArrayList<>())
                        .add(new SvgChart.Point(run.started(), run.databaseBytes()));
            }
        }
        StringBuilder html = new StringBuilder("""
                <!DOCTYPE html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <title>pgmaint runs</title>
                <style>
                  body { font: 14px/1.4 system-ui, sans-serif; margin: 1em 2em; color: #222; }
                  h1 { font-size: 1.4em; } h2 { font-size: 1.15em; margin-top: 2em; border-bottom: 1px solid #ccc; }
                  table { border-collapse: collapse; width: 100%; margin: .5em 0; }
                  th, td { border: 1px solid #ddd; padding: 4px 8px; text-align: left; vertical-align: middle; }
                  th { background: #f3f3f3; } td.num { text-align: right; white-space: nowrap; }
                  td.object { overflow-wrap: anywhere; }
                  .failed { color: #b00020; font-weight: bold; } td.time { white-space: nowrap; }
                  td.file { overflow-wrap: anywhere; }
                </style>
                </head>
                <body>
                <h1>pgmaint runs</h1>
                """);
        html.append("<h2>Databases: size over the last ").append(TrendCharts.WINDOW.toDays()).append(" days</h2>\n");
        if (sizes.isEmpty()) {
            html.append("<p>No database size recorded in the window.</p>\n");
        } else {
            html.append("<table id=\"databases\">\n<tr><th>Target/database</th><th>Size</th><th>Last ")
                    .append(TrendCharts.WINDOW.toDays()).append(" days</th></tr>\n");
            sizes.forEach((name, points) -> html.append("<tr><td class=\"object\">").append(SvgChart.xml(name))
                    .append("</td><td class=\"num\">")
                    .append(SvgChart.xml(SvgChart.label(points.get(points.size() - 1).value(), SvgChart.Unit.BYTES)))
                    .append("</td><td>").append(SvgChart.sparkline(name, points, SvgChart.Unit.BYTES, 160, 28))
                    .append("</td></tr>\n"));
            html.append("</table>\n");
        }
        html.append("<h2>The latest runs (").append(latest.size()).append(")</h2>\n");
        html.append("<table id=\"runs\">\n<tr><th>Started (UTC)</th><th>Target/database</th><th>Command</th>"
                + "<th>Mode</th><th>Exit code</th><th>Report</th></tr>\n");
        for (Run run : latest) {
            String report = RunFile.HTML.fileName(RunStamp.of(run.started(), zone));
            String link = fleetLayout ? PathNames.component(run.target()) + "/" + PathNames.component(run.database())
                    + "/" + report : report;
            html.append("<tr class=\"run\"><td class=\"time\">").append(RunStamp.utc(run.started())).append("</td><td class=\"object\">")
                    .append(SvgChart.xml(run.target() + "/" + run.database())).append("</td><td>")
                    .append(SvgChart.xml(run.command())).append("</td><td>").append(SvgChart.xml(run.mode()))
                    .append("</td><td class=\"num").append(run.exitCode() == 0 ? "" : " failed").append("\">")
                    .append(run.exitCode()).append("</td><td class=\"file\">");
            // a link only to a file that is there: plan and report leave none, retention removes old ones
            if (Files.isRegularFile(dir.resolve(link))) {
                // the folder's %XX are part of its name: escaped once more, so a browser does not decode them
                html.append("<a href=\"").append(SvgChart.xml(link.replace("%", "%25"))).append("\">").append(SvgChart.xml(report)).append("</a>");
            }
            html.append("</td></tr>\n");
        }
        return html.append("</table>\n<p><small>Generated by pgmaint.</small></p>\n</body>\n</html>\n").toString();
    }
}
