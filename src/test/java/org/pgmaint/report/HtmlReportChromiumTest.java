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
        Matcher m = Pattern.compile(regex).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
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
