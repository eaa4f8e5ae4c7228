package org.pgmaint.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pgmaint.execute.RunResult;
import org.pgmaint.history.HistorySettings;
import org.pgmaint.history.HistoryStore;
import org.pgmaint.history.RunRecord;
import org.pgmaint.history.TargetKey;
import org.pgmaint.report.ReportSettings;
import org.pgmaint.report.RunFiles;
import org.pgmaint.report.RunLog;
import org.pgmaint.report.SampleRun;
import org.pgmaint.report.TrendData;

/**
 * The HTML report's trend charts and index.html from a real history store holding runs at fake instants: the
 * figures the charts are drawn from, the forecast's words, the hostile names as text, and the index's links.
 */
class TrendChartsTest {
    static final Instant NOW = Instant.parse("2026-12-01T03:00:00Z");
    static final String ODD = "\"Odd \"\"Name\"\" Table\"";
    static final String SCRIPT = "<script>alert(1)</script>";

    @TempDir
    Path dir;

    static HistorySettings settings(Path dir) {
        return new HistorySettings(true, "sqlite:" + dir.resolve("history.db"), dir, 400, false,
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    /**
     * Daily runs from {@code days} days ago to NOW: 8 tables (t0..t7, two with hostile names), table i of (i + 1) x
     * 10 MB growing 1 MB a day; the xid age 1.9 billion now, 10M xids a day; the database 1 GB growing 10 MB a day.
     */
    static void seed(HistorySettings settings, TargetKey key, int days) {
        try (HistoryStore store = HistoryStore.open(settings)) {
            for (int ago = days; ago >= 0; ago--) {
                Instant at = NOW.minus(Duration.ofDays(ago));
                List<RunRecord.TableSample> tables = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    String name = i == 7 ? ODD : i == 6 ? SCRIPT : "t" + i;
                    tables.add(new RunRecord.TableSample("app", name, 1000L, 1000L * i + 100L * (days - ago), 0L,
                            (i + 1) * 10_485_760L + (days - ago) * 1_048_576L, null, null, 100L, 10L));
                }
                store.write(new RunRecord(new RunRecord.RunInfo(UUID.randomUUID().toString(), key, "run", "standard", at,
                        at.plusSeconds(60), ago == 3 ? 1 : 0, "test"),
                        new RunRecord.DatabaseSample("15", null, (1L << 30) - ago * 10_485_760L, 1_900_000_000L - ago * 10_000_000L,
                                10L, 50_000_000_000L - ago * 10_000_000L, 200_000_000L, 400_000_000L),
                        tables, List.of(), List.of(), List.of()));
            }
        }
    }

    private static int count(String text, String regex) {
        return (int) Pattern.compile(regex).matcher(text).results().count();
    }

    @Test
    void theChartsFiguresFromTheHistory() {
        TargetKey key = new TargetKey("db1:5432", "app");
        seed(settings(dir), key, 40);
        TrendData data = new ReportHistory(settings(dir), key).trends(NOW.minus(Duration.ofDays(30)), NOW).orElseThrow();
        assertEquals(31, data.runs().size(), "the 30-day window, both ends included");
        assertEquals(List.of(ODD, SCRIPT, "t5", "t4", "t3"), data.tables().stream().map(TrendData.TableSeries::table).toList());
        assertEquals(31, data.tables().get(0).points().size());
        assertEquals(10_000_000.0, data.xidPerDay(), 1);
        assertEquals(1L << 30, data.runs().get(30).databaseBytes());
        // another database of the store has no trends of this one's
        assertTrue(new ReportHistory(settings(dir), new TargetKey("db1:5432", "other"))
                .trends(NOW.minus(Duration.ofDays(30)), NOW).orElseThrow().runs().isEmpty());
        // history off: no charts at all
        assertTrue(new ReportHistory(settings(dir).disabled(), key).trends(NOW.minus(Duration.ofDays(30)), NOW).isEmpty());
    }

    /** A run as RunFiles writes it with the history wired in: the report's Trends section and the folder's index. */
    @Test
    void theReportShowsTheTrendsAndTheIndexListsTheRuns() throws Exception {
        TargetKey key = new TargetKey("db1:5432", "app");
        seed(settings(dir), key, 40);
        Path html = writeRun(dir, key, NOW);
        String page = Files.readString(html);
        assertEquals(4, count(page, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"trend\""), page);
        for (String id : List.of("trend_database_size", "trend_xid_age", "trend_dead_tuples", "trend_table_size")) {
            assertTrue(page.contains("id=\"" + id + "\""), id);
        }
        // (2^31 - 1 - 3,000,000 - 1.9e9) / 10M a day = 24.4 days
        assertTrue(page.contains("forecast at 10M xids a day: reaches the stop in 24.4 days, about 2026-12-25"), page);
        assertTrue(page.contains(">wraparound stop: 2.14bn<"), page);
        assertTrue(page.contains(">autovacuum_freeze_max_age: 200M<"), page);
        assertTrue(page.contains(">app.&quot;Odd &quot;&quot;Name&quot;&quot; Table&quot;<"), page);
        assertTrue(page.contains(">app.&lt;script&gt;alert(1)&lt;/script&gt;<"), page);
        assertFalse(page.contains("<script"), "no element from a name");

        Path index = html.resolveSibling("index.html");
        String listing = Files.readString(index);
        assertEquals(41, count(listing, "<tr class=\"run\">"), listing);
        String report = html.getFileName().toString();
        assertTrue(listing.contains("<a href=\"" + report + "\">" + report + "</a>"), listing);
        assertEquals(1, count(listing, "<a href="), "only the run whose report is in the folder is linked");
        assertEquals(1, count(listing, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"spark\""), listing);
        assertTrue(listing.contains("<td class=\"num failed\">1</td>"), "the failed run stands out");
        assertTrue(listing.indexOf("2026-12-01T03:00:00Z") < listing.indexOf("2026-11-30T03:00:00Z"), "newest first");
    }

    @Test
    void oneRunIsNoTrend() throws Exception {
        TargetKey key = new TargetKey("db1:5432", "app");
        seed(settings(dir), key, 0);
        String page = Files.readString(writeRun(dir, key, NOW));
        assertTrue(page.contains("<p class=\"trends-note\">Trends need at least two runs in the last 30 days; the history has 1.</p>"), page);
        assertEquals(0, count(page, "class=\"trend\""), page);
    }

    /** Two real runs through the command: the second report has the charts, index.html lists and links both. */
    @Test
    void twoRunsOfTheCommandDrawTheTrends() throws Exception {
        try (org.pgmaint.testing.TestDatabase db = org.pgmaint.testing.TestDatabase.create()) {
            db.execFlushed("create schema app", "create table app.\"Odd \"\"Name\"\" Table\"(id int)",
                    "insert into app.\"Odd \"\"Name\"\" Table\" select generate_series(1, 5000)");
            Path runs = dir.resolve("runs");
            String[] history = {"--set", "history.enabled=true", "--set", "history.url=sqlite:" + dir.resolve("h.db"),
                    "--set", "report.dir=" + runs};
            org.pgmaint.testing.Cli.Result first = org.pgmaint.testing.Cli.run("run", db, history);
            assertTrue(first.exitCode() <= 1, first::toString);
            String note = Files.readString(newest(runs));
            assertTrue(note.contains("Trends need at least two runs in the last 30 days; the history has 1."), note);
            Thread.sleep(1100);   // the next second: file names carry the start to the second
            db.execFlushed("insert into app.\"Odd \"\"Name\"\" Table\" select generate_series(1, 50000)");
            org.pgmaint.testing.Cli.Result second = org.pgmaint.testing.Cli.run("run", db, history);
            assertTrue(second.exitCode() <= 1, second::toString);
            String page = Files.readString(newest(runs));
            assertEquals(4, count(page, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"trend\""), page);
            assertTrue(page.contains(">app.Odd &quot;Name&quot; Table<"), page);
            String index = Files.readString(runs.resolve("index.html"));
            assertEquals(2, count(index, "<tr class=\"run\">"), index);
            assertEquals(2, count(index, "<a href=\"report_"), index);
        }
    }

    private static Path newest(Path runs) throws java.io.IOException {
        try (var files = Files.list(runs)) {
            return files.filter(f -> f.getFileName().toString().matches("report_\\d{8}_\\d{6}\\.html"))
                    .max(java.util.Comparator.naturalOrder()).orElseThrow();
        }
    }

    static Path writeRun(Path dir, TargetKey key, Instant started) throws Exception {
        ReportSettings settings = new ReportSettings(dir.resolve("runs"), Path.of("templates"), 30, 10, null,
                ZoneId.of("UTC")).withHistory(new ReportHistory(settings(dir), key));
        RunResult sample = SampleRun.withAlerts();
        RunResult run = new RunResult(sample.plan(), false, started, started.plusSeconds(245), List.of(), sample.facts());
        List<Path> written;
        try (RunLog log = RunFiles.startLog(settings, started)) {
            written = RunFiles.write(run, settings);
        }
        assertTrue(written.contains(dir.resolve("runs/index.html")), written::toString);
        return written.stream().filter(f -> f.getFileName().toString().startsWith("report_")
                && f.toString().endsWith(".html")).findFirst().orElseThrow();
    }
}
