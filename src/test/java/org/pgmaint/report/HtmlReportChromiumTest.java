package org.pgmaint.report;

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

/**
 * The HTML report as a browser sees it: Debian's chromium renders it headless and the test reads the DOM.
 * Skipped when /usr/bin/chromium is missing (CI installs it: apt-get install -y chromium).
 */
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
