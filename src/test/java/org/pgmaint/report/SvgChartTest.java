package org.pgmaint.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.pgmaint.testing.VersionIndependent;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The SVG line charts: well-formed XML whatever the names, axes from 0 with labelled ticks, forecasts, levels. */
@VersionIndependent
class SvgChartTest {
    private static final Instant TO = Instant.parse("2026-12-01T03:00:00Z");
    private static final Instant FROM = TO.minus(Duration.ofDays(30));
    private static final long GB = 1L << 30;

    private static Document parse(String svg) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<String> texts(Document doc, String cssClass) {
        List<String> found = new ArrayList<>();
        NodeList nodes = doc.getElementsByTagName("text");
        for (int i = 0; i < nodes.getLength(); i++) {
            Element e = (Element) nodes.item(i);
            if (List.of(e.getAttribute("class").split(" ")).containsAll(List.of(cssClass.split(" ")))) {
                found.add(e.getTextContent());
            }
        }
        return found;
    }

    private static List<SvgChart.Point> daily(int days, java.util.function.IntToDoubleFunction value) {
        List<SvgChart.Point> points = new ArrayList<>();
        for (int d = days; d >= 0; d--) {
            points.add(new SvgChart.Point(TO.minus(Duration.ofDays(d)), value.applyAsDouble(d)));
        }
        return points;
    }

    @Test
    void hostileNamesAreTextAndTheChartIsWellFormed() throws Exception {
        String odd = "\"Odd \"\"Name\"\" Table\"";
        String script = "app.<script>alert(1)</script> & 'x'";
        String newline = "app.a\nforged";
        SvgChart.Chart chart = new SvgChart.Chart("t<1>", "Size of <b>tables</b>", SvgChart.Unit.BYTES, FROM, TO,
                List.of(new SvgChart.Line(odd, daily(30, d -> GB), false),
                        new SvgChart.Line(script, daily(30, d -> 2 * GB), false),
                        new SvgChart.Line(newline, daily(30, d -> 3 * GB), false)), List.of());
        String svg = SvgChart.render(chart);
        Document doc = parse(svg);
        assertFalse(svg.contains("<script"), svg);
        assertFalse(svg.contains("<b>"), svg);
        assertEquals(0, doc.getElementsByTagName("script").getLength());
        List<String> legend = new ArrayList<>();
        NodeList groups = doc.getElementsByTagName("g");
        for (int i = 0; i < groups.getLength(); i++) {
            Element g = (Element) groups.item(i);
            if (g.getAttribute("class").equals("legend")) {
                legend.add(g.getTextContent());
            }
        }
        // the names as they are, only the newline written as \n (no line may be forged in any output)
        assertEquals(List.of(odd, script, "app.a\\nforged"), legend);
        assertEquals("Size of <b>tables</b>", texts(doc, "title").get(0));
        assertEquals("t<1>", doc.getDocumentElement().getAttribute("id"));
    }

    @Test
    void axesStartAtZeroWithHumaneTicksAndDates() throws Exception {
        SvgChart.Chart chart = new SvgChart.Chart("size", "Database size", SvgChart.Unit.BYTES, FROM, TO,
                List.of(new SvgChart.Line("app", daily(30, d -> 1.5 * GB - d * 10_000_000.0), false)), List.of());
        String svg = SvgChart.render(chart);
        Document doc = parse(svg);
        Element root = doc.getDocumentElement();
        assertEquals("100%", root.getAttribute("width"), "scales to the page, never wider");
        assertTrue(root.getAttribute("viewBox").startsWith("0 0 760 "), root.getAttribute("viewBox"));
        assertEquals(List.of("0", "0.5 GB", "1 GB", "1.5 GB"), texts(doc, "tick y"));
        // every 5 days at midnight UTC from Nov 1 03:00 to Dec 1 03:00
        assertEquals(List.of("Nov 2", "Nov 7", "Nov 12", "Nov 17", "Nov 22", "Nov 27"), texts(doc, "tick x"));
        assertEquals(1, doc.getElementsByTagName("polyline").getLength());
        assertEquals(31, doc.getElementsByTagName("circle").getLength(), "a marker per run");

        SvgChart.Chart counts = new SvgChart.Chart("dead", "Dead tuples", SvgChart.Unit.COUNT, FROM, TO,
                List.of(new SvgChart.Line("app.t", daily(30, d -> 240_000), false)), List.of());
        assertEquals(List.of("0", "50k", "100k", "150k", "200k", "250k"), texts(parse(SvgChart.render(counts)), "tick y"));
    }

    @Test
    void aForecastIsDashedAndALevelIsLabelled() throws Exception {
        long stop = Integer.MAX_VALUE - 3_000_000L;
        SvgChart.Chart chart = new SvgChart.Chart("xid", "xid age", SvgChart.Unit.COUNT, FROM, TO.plus(Duration.ofDays(30)),
                List.of(new SvgChart.Line("xid age", daily(30, d -> 1_800_000_000.0 - d * 1e7), false),
                        new SvgChart.Line("forecast at 10M a day", List.of(new SvgChart.Point(TO, 1.8e9),
                                new SvgChart.Point(TO.plus(Duration.ofDays(30)), 2.1e9)), true)),
                List.of(new SvgChart.Level("wraparound stop", stop), new SvgChart.Level("autovacuum_freeze_max_age", 2e8)));
        Document doc = parse(SvgChart.render(chart));
        NodeList lines = doc.getElementsByTagName("polyline");
        assertEquals(2, lines.getLength());
        assertEquals("", ((Element) lines.item(0)).getAttribute("stroke-dasharray"));
        assertEquals("6 4", ((Element) lines.item(1)).getAttribute("stroke-dasharray"));
        assertEquals(List.of("wraparound stop: 2.14bn", "autovacuum_freeze_max_age: 200M"), texts(doc, "level"));
        // the axis reaches the stop
        List<String> ticks = texts(doc, "tick y");
        assertEquals("2.5bn", ticks.get(ticks.size() - 1), ticks::toString);
    }

    @Test
    void anEmptyOrOnePointSeriesStillDrawsAxes() throws Exception {
        Document empty = parse(SvgChart.render(new SvgChart.Chart("e", "Empty", SvgChart.Unit.COUNT, FROM, TO,
                List.of(new SvgChart.Line("none", List.of(), false)), List.of())));
        assertEquals(List.of("no data in this window"), texts(empty, "empty"));
        assertFalse(texts(empty, "tick y").isEmpty());
        assertFalse(texts(empty, "tick x").isEmpty());

        Document one = parse(SvgChart.render(new SvgChart.Chart("o", "One", SvgChart.Unit.BYTES, FROM, TO,
                List.of(new SvgChart.Line("only", List.of(new SvgChart.Point(TO, 8192)), false)), List.of())));
        assertEquals(0, one.getElementsByTagName("polyline").getLength());
        assertEquals(1, one.getElementsByTagName("circle").getLength(), "one point is a marker");
        assertEquals(List.of(), texts(one, "empty"));

        // a window of hours: ticks at whole hours
        Document hours = parse(SvgChart.render(new SvgChart.Chart("h", "Hours", SvgChart.Unit.COUNT,
                TO.minus(Duration.ofHours(5)), TO, List.of(), List.of())));
        assertEquals("Nov 30 22:00", texts(hours, "tick x").get(0));
    }

    @Test
    void aSparklineIsSmallAndEscaped() throws Exception {
        String svg = SvgChart.sparkline("t/<db>", daily(10, d -> GB - d), SvgChart.Unit.BYTES, 120, 24);
        Document doc = parse(svg);
        assertEquals("120", doc.getDocumentElement().getAttribute("width"));
        assertEquals("t/<db>: 1 GB", doc.getElementsByTagName("title").item(0).getTextContent());
        assertEquals(1, doc.getElementsByTagName("polyline").getLength());
        assertEquals("no data", parse(SvgChart.sparkline("x", List.of(), SvgChart.Unit.BYTES, 120, 24))
                .getElementsByTagName("title").item(0).getTextContent().substring(3));
    }
}
