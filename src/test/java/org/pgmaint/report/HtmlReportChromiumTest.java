package org.pgmaint.report;

import org.pgmaint.execute.RunResult;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pgmaint.testing.VersionIndependent;

/**
 * The HTML report as a browser sees it: Debian's chromium renders it headless and the test reads the DOM.
 * Skipped when /usr/bin/chromium is missing (CI installs it: apt-get install -y chromium).
 */
@VersionIndependent
class HtmlReportChromiumTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    private static String dom(Path html, Path profile) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--user-data-dir=" + profile, "--dump-dom", html.toUri().toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "chromium did not finish");
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    /** The page as laid out in a window {@code width} pixels wide, after the measuring script below ran. */
    private static String laidOut(Path html, Path profile, int width) throws IOException, InterruptedException {
        Path measured = html.resolveSibling("measured-" + width + "-" + html.getFileName());
        Files.writeString(measured, Files.readString(html).replace("</body>", MEASURE + "</body>"));
        Process p = new ProcessBuilder(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--user-data-dir=" + profile, "--window-size=" + width + ",3000",
                "--dump-dom", measured.toUri().toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "chromium did not finish");
        assertEquals(0, p.exitValue(), out);
        Matcher m = Pattern.compile("<pre id=\"measure\">(.*?)</pre>", Pattern.DOTALL).matcher(out);
        assertTrue(m.find(), out);
        return m.group(1);
    }

    /**
     * For every word of the SQL and object cells: on how many lines it lies (a Range's client rects, one per line
     * box); and the width of the actions table and of the window, and the code's computed word-break.
     */
    private static final String MEASURE = """
            <script>
            const words = [];
            for (const cell of document.querySelectorAll('td.sql code, td.object')) {
              const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
              for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                const re = /\\S+/g;
                let m;
                while ((m = re.exec(node.data)) !== null) {
                  const range = document.createRange();
                  range.setStart(node, m.index);
                  range.setEnd(node, m.index + m[0].length);
                  const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
                  words.push(tops.size + ' ' + m[0]);
                }
              }
            }
            const pre = document.createElement('pre');
            pre.id = 'measure';
            pre.textContent = ['window ' + window.innerWidth,
                'actions ' + Math.round(document.getElementById('actions').getBoundingClientRect().width),
                'word-break ' + getComputedStyle(document.querySelector('td.sql code')).wordBreak, ...words].join('\\n');
            document.body.appendChild(pre);
            </script>
            """;

    private static void screenshot(Path html, Path profile, int width, Path png) throws IOException, InterruptedException {
        Files.createDirectories(png.getParent());
        Process p = new ProcessBuilder(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--hide-scrollbars", "--user-data-dir=" + profile,
                "--window-size=" + width + ",1800", "--screenshot=" + png, html.toUri().toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "chromium did not finish");
        assertTrue(Files.size(png) > 10_000, png + " is no screenshot");
    }

    private static int count(String text, String regex) {
        return (int) Pattern.compile(regex).matcher(text).results().count();
    }

    @Test
    void rendersTablesAndBarsWithNamesEscaped(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "Debian's chromium is not installed");
        Map<String, Object> model = new LinkedHashMap<>(ReportModel.of(SampleRun.withAlerts(), 3, false));
        Path html = Files.writeString(dir.resolve("report.html"),
                Templates.in(Path.of("templates")).render(Templates.REPORT_HTML, model));
        String dom = dom(html, dir.resolve("profile"));

        assertTrue(dom.contains("<h1>pgmaint standard maintenance report: app</h1>"), dom);
        // top 3 of the 4 tables with dead tuples, widths relative to the largest (6000 dead = 360 px)
        assertEquals(3, count(dom, "<rect class=\"bar most_dead_tuples\""), dom);
        assertEquals(3, count(dom, "<rect class=\"bar largest_bloat\""), dom);
        assertTrue(dom.contains("<rect class=\"bar most_dead_tuples\" x=\"300\" y=\"2\" width=\"360\""), dom);
        assertTrue(dom.contains("<rect class=\"bar most_dead_tuples\" x=\"300\" y=\"2\" width=\"241.2\""), dom);
        assertEquals(4, count(dom, "<tr class=\"action\">"), dom);
        assertEquals(5, count(dom, "<tr class=\"finding\">"), dom);
        // three partitions' vacuums and unused indexes, each one row under their parent; the weak finding counted
        assertEquals(1, count(dom, "<tr class=\"action group\">"), dom);
        assertEquals(1, count(dom, "<tr class=\"finding group\">"), dom);
        assertTrue(dom.contains(">app.events_by_month (3 partitions)<"), dom);
        assertTrue(dom.contains("1 weak counted, not listed"), dom);
        assertEquals(5, count(dom, "<li><strong>"), "five alerts");

        // hostile names arrive as text, never as markup
        assertTrue(dom.contains(">Weird Schema.Odd \"Name\" Table<"), dom);
        assertTrue(dom.contains(">app.drop table x; --<"), dom);
        assertTrue(dom.contains("app.&lt;b&gt;bold&lt;/b&gt; &amp; &lt;script&gt;alert(1)&lt;/script&gt; a_idx, b_idx"), dom);
        assertFalse(dom.contains("<script"), "no script element may come from a name");
        assertFalse(dom.contains("<b>"), "no element may come from a name");
        for (String external : List.of("<link", "src=\"http", "href=\"http", "@import")) {
            assertFalse(dom.contains(external), "no external assets: " + external);
        }
    }

    /**
     * The run's own files, as a run writes them: the page links its siblings, its SQL and names wrap between words
     * (in a narrow window too), and it uses the whole width of a wide one. Screenshots of both widths are left in
     * target/chromium/ for a person to look at.
     */
    @Test
    void wrapsBetweenWordsLinksItsSiblingsAndUsesTheWidth(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "Debian's chromium is not installed");
        ReportSettings settings = new ReportSettings(dir.resolve("runs"), Path.of("templates"), 30, 10, null,
                java.time.ZoneId.of("UTC"));
        RunResult sample = SampleRun.withAlerts();
        java.time.Instant started = java.time.Instant.now();
        RunResult run = new RunResult(sample.plan(), false, started, started.plusSeconds(245), List.of(), sample.facts());
        List<Path> written;
        try (RunLog log = RunFiles.startLog(settings, started)) {
            written = RunFiles.write(run, settings);
        }
        Path html = written.stream().filter(f -> f.toString().endsWith(".html")).findFirst().orElseThrow();
        String dom = dom(html, dir.resolve("profile"));

        java.util.Set<Path> linked = new java.util.TreeSet<>();
        Matcher href = Pattern.compile("<a href=\"([^\"]+)\">([^<]+)</a>").matcher(dom);
        while (href.find()) {
            assertEquals(href.group(1), href.group(2), "a link shows the file it opens");
            Path target = html.resolveSibling(href.group(1));
            assertTrue(Files.isRegularFile(target), "the link to " + href.group(1) + " resolves to a file of the run");
            linked.add(target);
        }
        java.util.Set<Path> siblings = new java.util.TreeSet<>(written);
        siblings.remove(html);
        // the remediation script and its revert are for psql, not linked from the page
        siblings.removeIf(p -> p.getFileName().toString().endsWith(".sql"));
        assertEquals(4, siblings.size(), "log, text, JSON and alert: " + siblings);
        assertEquals(siblings, linked);

        for (int width : List.of(1000, 1600)) {
            String measured = laidOut(html, dir.resolve("profile"), width);
            List<String> lines = List.of(measured.split("\n"));
            assertEquals("word-break normal", lines.get(2), measured);
            for (String word : List.of("REINDEX", "INDEX", "CONCURRENTLY", "\"app\".\"customer_email_idx\";", "(FREEZE)")) {
                assertTrue(lines.contains("1 " + word), width + " px: " + word + " lies on one line:\n" + measured);
            }
            // only a token too long for its cell may break inside; none of 16 characters or fewer is
            List<String> split = lines.subList(3, lines.size()).stream()
                    .filter(l -> !l.startsWith("1 ") && l.length() - 2 <= 16).toList();
            assertEquals(List.of(), split, width + " px: words split across lines:\n" + measured);
            int window = Integer.parseInt(lines.get(0).substring("window ".length()));
            int actions = Integer.parseInt(lines.get(1).substring("actions ".length()));
            assertTrue(actions >= window - 100 && actions <= window, width + " px: the actions table uses the width,"
                    + " no more (" + actions + " of " + window + " px)");
            screenshot(html, dir.resolve("profile"), width, Path.of("target/chromium/report-" + width + ".png"));
        }
    }

    /**
     * Per chart: its id, laid-out width and right edge, the axis labels, how many texts lie outside its viewBox (a
     * label cut off), its lines; and the page's scroll width against the window's (horizontal overflow).
     */
    private static final String MEASURE_CHARTS = """
            <script>
            const out = ['window ' + window.innerWidth, 'scroll ' + document.documentElement.scrollWidth];
            const wide = [...document.body.querySelectorAll(window.location.href.includes('index') ? '*' : 'figure.trend, figure.trend *')].filter(e => e.getBoundingClientRect().right > window.innerWidth)
                .map(e => e.tagName + '#' + e.id + '.' + e.getAttribute('class') + ':' + Math.round(e.getBoundingClientRect().right));
            const charts = document.querySelectorAll('svg.trend, svg.spark');
            for (const svg of charts) {
              const r = svg.getBoundingClientRect();
              const vb = svg.viewBox.baseVal;
              let outside = 0;
              for (const t of svg.querySelectorAll('text')) {
                const b = t.getBBox();
                if (b.x < -0.5 || b.x + b.width > vb.width + 0.5 || b.y < -0.5 || b.y + b.height > vb.height + 0.5) {
                  outside++;
                }
              }
              out.push([svg.getAttribute('class'), svg.id || '-', 'right=' + Math.round(r.right), 'width=' + Math.round(r.width),
                  'y=' + [...svg.querySelectorAll('text.tick.y')].map(t => t.textContent).join('|'),
                  'x=' + [...svg.querySelectorAll('text.tick.x')].map(t => t.textContent).join('|'),
                  'outside=' + outside, 'lines=' + svg.querySelectorAll('polyline').length].join(';'));
            }
            const pre = document.createElement('pre');
            pre.id = 'measure';
            pre.textContent = out.join('\\n');
            document.body.appendChild(pre);
            const w = document.createElement('pre');
            w.id = 'wide';
            w.textContent = wide.join(' ');
            document.body.appendChild(w);
            </script>
            """;

    private static List<String> measured(Path html, Path profile, int width, String script) throws IOException,
            InterruptedException {
        Path measured = html.resolveSibling("measured-" + width + "-" + html.getFileName());
        Files.writeString(measured, Files.readString(html).replace("</body>", script + "</body>"));
        Process p = new ProcessBuilder(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--hide-scrollbars", "--user-data-dir=" + profile,
                "--window-size=" + width + ",3000", "--dump-dom", measured.toUri().toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "chromium did not finish");
        assertEquals(0, p.exitValue(), out);
        Matcher m = Pattern.compile("<pre id=\"measure\">(.*?)</pre>", Pattern.DOTALL).matcher(out);
        assertTrue(m.find(), out);
        Matcher w = Pattern.compile("<pre id=\"wide\">(.*?)</pre>", Pattern.DOTALL).matcher(out);
        assertTrue(w.find(), out);
        List<String> lines = new java.util.ArrayList<>(List.of(m.group(1).split("\n")));
        lines.set(1, lines.get(1) + " " + w.group(1));
        return lines;
    }

    /** The history a run's files are written with: the sample trends, and three recorded runs for the index. */
    private static final RunHistory SAMPLE_HISTORY = new RunHistory() {
        @Override
        public java.util.Optional<TrendData> trends(java.time.Instant since, java.time.Instant at) {
            return java.util.Optional.of(SampleRun.trends());
        }

        @Override
        public java.util.Optional<List<RunIndex.Run>> latestRuns(int limit) {
            return java.util.Optional.of(List.of(
                    new RunIndex.Run("db1:5432", "app", "run", "standard", SampleRun.STARTED, 1, 2_147_483_648L),
                    new RunIndex.Run("db1:5432", "app", "run", "standard", SampleRun.STARTED.minusSeconds(86_400), 0, 2_137_000_000L),
                    new RunIndex.Run("db1:5432", SampleRun.MARKUP, "plan", "standard", SampleRun.STARTED.minusSeconds(90_000), 0, 1_000_000L)));
        }

        @Override
        public java.util.Optional<List<RunIndex.Run>> runsSince(java.time.Instant since) {
            List<RunIndex.Run> runs = new java.util.ArrayList<>();
            for (TrendData.RunFigures f : SampleRun.trends().runs()) {
                runs.add(new RunIndex.Run("db1:5432", "app", "run", "standard", f.at(), 0, f.databaseBytes()));
                runs.add(new RunIndex.Run("db1:5432", SampleRun.MARKUP, "plan", "standard", f.at(), 0, 1_000_000L));
            }
            return java.util.Optional.of(runs);
        }
    };

    /**
     * The trend charts and index.html as a browser lays them out in an 800 px window: four charts with labelled
     * axes, no label outside its chart, no horizontal scrolling. Screenshots in target/chromium/ (trends-800.png,
     * index-800.png) for a person to look at.
     */
    @Test
    void trendChartsAndTheIndexFitTheWindowWithLabelledAxes(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "Debian's chromium is not installed");
        ReportSettings settings = new ReportSettings(dir.resolve("runs"), Path.of("templates"), 30, 10, null,
                java.time.ZoneId.of("UTC")).withHistory(SAMPLE_HISTORY);
        RunResult sample = SampleRun.withAlerts();
        RunResult run = new RunResult(sample.plan(), false, SampleRun.STARTED, SampleRun.STARTED.plusSeconds(245),
                List.of(), sample.facts());
        List<Path> written;
        try (RunLog log = RunFiles.startLog(settings, SampleRun.STARTED)) {
            written = RunFiles.write(run, settings);
        }
        Path html = written.stream().filter(f -> f.getFileName().toString().startsWith("report_")
                && f.toString().endsWith(".html")).findFirst().orElseThrow();
        Path index = dir.resolve("runs/index.html");
        assertTrue(written.contains(index), written::toString);

        for (int width : List.of(800, 1000, 1400)) {
            List<String> lines = measured(html, dir.resolve("profile"), width, MEASURE_CHARTS);
            int window = Integer.parseInt(lines.get(0).substring("window ".length()));
            int scroll = Integer.parseInt(lines.get(1).split(" ")[1]);
            assertEquals(width, window);
            assertEquals("scroll " + scroll, lines.get(1).strip(), width + " px: nothing of the charts reaches past the window");
            // at 800 px the actions and findings tables (their SQL cells keep 16em) are wider than the window: not
            // the charts' doing, so the whole page is held to it from 1000 px on
            assertTrue(width < 1000 || scroll <= window, width + " px: the page scrolls sideways (" + scroll + " > "
                    + window + ")");
            List<String> charts = lines.subList(2, lines.size());
            assertEquals(List.of("trend_database_size", "trend_xid_age", "trend_dead_tuples", "trend_table_size"),
                    charts.stream().map(l -> l.split(";")[1]).toList(), String.join("\n", lines));
            for (String chart : charts) {
                Map<String, String> f = new LinkedHashMap<>();
                for (String part : chart.split(";")) {
                    if (part.contains("=")) {
                        f.put(part.substring(0, part.indexOf('=')), part.substring(part.indexOf('=') + 1));
                    }
                }
                assertTrue(Integer.parseInt(f.get("right")) <= window, chart);
                assertTrue(Integer.parseInt(f.get("width")) >= window - 120, "a chart uses the width: " + chart);
                assertTrue(f.get("y").startsWith("0|") && f.get("y").split("\\|").length >= 3, "y axis labelled from 0: " + chart);
                assertTrue(f.get("x").split("\\|").length >= 3, "x axis labelled with dates: " + chart);
                assertEquals("0", f.get("outside"), "every label inside its chart: " + chart);
            }
            assertTrue(lines.get(2).contains("y=0|0.5 GB|1 GB|1.5 GB|2 GB"), lines.get(2));
            assertTrue(lines.get(2).contains("x=Oct 26|Oct 31|Nov 5|Nov 10|Nov 15|Nov 20"), lines.get(2));
            // the forecast extends the axis a window ahead
            assertTrue(lines.get(3).contains("x=Oct 26|Nov 5|Nov 15|Nov 25|Dec 5|Dec 15"), lines.get(3));
            assertTrue(lines.get(3).contains("lines=2"), "the xid age and its forecast: " + lines.get(3));

            List<String> indexLines = measured(index, dir.resolve("profile"), width, MEASURE_CHARTS);
            assertTrue(Integer.parseInt(indexLines.get(1).split(" ")[1]) <= width, indexLines.toString());
            assertEquals(2, indexLines.size() - 2, "a sparkline per database: " + indexLines);
            indexLines.subList(2, indexLines.size()).forEach(l -> assertTrue(l.contains("outside=0"), l));
        }
        String indexDom = dom(index, dir.resolve("profile"));
        assertEquals(3, count(indexDom, "<tr class=\"run\">"), indexDom);
        assertTrue(indexDom.contains(">db1:5432/&lt;b&gt;bold&lt;/b&gt; &amp; &lt;script&gt;alert(1)&lt;/script&gt;<"), indexDom);
        assertFalse(indexDom.contains("<script"), indexDom);
        assertFalse(dom(html, dir.resolve("profile")).contains("<script"), "no element from a name");
        String report = html.getFileName().toString();
        assertTrue(indexDom.contains("<a href=\"" + report + "\">" + report + "</a>"), indexDom);
        screenshotAt(html, dir.resolve("profile"), 800, 7000, Path.of("target/chromium/trends-800.png"));
        screenshotAt(index, dir.resolve("profile"), 800, 700, Path.of("target/chromium/index-800.png"));
    }

    private static void screenshotAt(Path html, Path profile, int width, int height, Path png) throws IOException,
            InterruptedException {
        Files.createDirectories(png.getParent());
        Process p = new ProcessBuilder(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--hide-scrollbars", "--user-data-dir=" + profile,
                "--window-size=" + width + "," + height, "--screenshot=" + png.toAbsolutePath(), html.toUri().toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "chromium did not finish");
        assertTrue(Files.size(png) > 10_000, png + " is no screenshot");
    }

    @Test
    void aCleanRunSaysNothingNeedsAHuman(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "Debian's chromium is not installed");
        Path html = Files.writeString(dir.resolve("clean.html"), Templates.in(Path.of("templates"))
                .render(Templates.REPORT_HTML, ReportModel.of(SampleRun.clean(), 10, false)));
        String dom = dom(html, dir.resolve("profile"));
        assertTrue(dom.contains("<p class=\"ok\" id=\"ok\">Nothing needs a human.</p>"), dom);
        assertEquals(0, count(dom, "<rect "), dom);
        assertTrue(dom.contains("No table has dead tuples."), dom);
    }
}
