package org.pgmaint.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pgmaint.model.Finding;
import org.pgmaint.testing.Cli;
import org.pgmaint.testing.JsonRead;
import org.pgmaint.testing.TestDatabase;

/**
 * The alert file names a finding that needs a human when it is new or worse than when it was last named, not every
 * night (history.alerts: new_or_worse); the reports, the exit code and every_run still show it each time.
 */
class AlertFatigueTest {
    @TempDir
    Path dir;

    private Cli.Result command(TestDatabase db, String command, String run, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of(command, "--format", "json", "--set", "history.enabled=true",
                "--set", "history.url=sqlite:" + dir.resolve("h.db"), "--set", "report.dir=" + dir.resolve(run)));
        args.addAll(List.of(more));
        Cli.Result result = Cli.run(args.get(0), db, args.subList(1, args.size()).toArray(String[]::new));
        assertEquals(1, result.exitCode(), "a critical finding still makes the exit code 1: " + result);
        return result;
    }

    private Optional<String> alert(String run) throws IOException {
        try (Stream<Path> files = Files.list(dir.resolve(run))) {
            List<Path> alerts = files.filter(f -> f.getFileName().toString().startsWith("alert_")).toList();
            assertTrue(alerts.size() <= 1, alerts::toString);
            return alerts.isEmpty() ? Optional.empty() : Optional.of(Files.readString(alerts.get(0)));
        }
    }

    @SuppressWarnings("unchecked")
    private static Object alertedBefore(Cli.Result result, String index) {
        return JsonRead.list(JsonRead.object(result.out()), "findings").stream()
                .filter(f -> f.get("indexes").equals(List.of(index))).findFirst()
                .map(f -> (Map<String, Object>) f.get("details")).orElseThrow().get("alerted_before");
    }

    @Test
    void aFindingIsAlertedOnceWhileItLastsANewOneIsAlertedAndEveryRunAlertsAll() throws IOException {
        try (TestDatabase db = TestDatabase.create()) {
            db.exec("create schema app", "create table app.\"Odd \"\"Name\"\" Table\"(id int primary key, v int)",
                    "insert into app.\"Odd \"\"Name\"\" Table\" values (1, 1), (2, 1)", "analyze app.\"Odd \"\"Name\"\" Table\"");
            // a leftover of an interrupted REINDEX CONCURRENTLY: critical, needs a human
            db.execFailing("create unique index concurrently odd_v_ccnew on app.\"Odd \"\"Name\"\" Table\" (v)");

            command(db, "run", "r1");
            String first = alert("r1").orElseThrow();
            assertTrue(first.contains("odd_v_ccnew"), first);
            assertFalse(first.contains("Left out:"), first);

            Cli.Result plan = command(db, "plan", "p1");    // plan writes no alert file: it moves nothing
            assertTrue(plan.out().contains("odd_v_ccnew"), plan::toString);

            Cli.Result second = command(db, "run", "r2");
            assertEquals("critical", alertedBefore(second, "odd_v_ccnew"), second::toString);
            Optional<String> secondAlert = alert("r2");
            assertTrue(secondAlert.isEmpty() || !secondAlert.get().contains("odd_v_ccnew"), secondAlert::toString);
            assertTrue(Files.list(dir.resolve("r2")).anyMatch(f -> f.getFileName().toString().startsWith("report_")
                    && f.toString().endsWith(".txt") && read(f).contains("odd_v_ccnew")), "the report still lists it");

            db.execFailing("create unique index concurrently odd_v2_ccnew on app.\"Odd \"\"Name\"\" Table\" (v)");
            Cli.Result third = command(db, "run", "r3");
            String thirdAlert = alert("r3").orElseThrow();
            assertTrue(thirdAlert.contains("odd_v2_ccnew") && !thirdAlert.contains("odd_v_ccnew"), thirdAlert);
            assertTrue(thirdAlert.contains("Left out: 1 finding(s)"), thirdAlert);
            assertNull(alertedBefore(third, "odd_v2_ccnew"), third::toString);

            command(db, "run", "r4", "--set", "history.alerts=every_run");
            String everyRun = alert("r4").orElseThrow();
            assertTrue(everyRun.contains("odd_v2_ccnew") && everyRun.contains("odd_v_ccnew"), everyRun);

            // dropped and back: new again
            db.exec("drop index app.odd_v_ccnew");
            command(db, "run", "r5");
            db.execFailing("create unique index concurrently odd_v_ccnew on app.\"Odd \"\"Name\"\" Table\" (v)");
            command(db, "run", "r6");
            String back = alert("r6").orElseThrow();
            assertTrue(back.contains("odd_v_ccnew") && !back.contains("odd_v2_ccnew"), back);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static HistoryStore.PreviousFinding alerted(String severity) {
        return new HistoryStore.PreviousFinding("k", "invalid_index", "app.t", severity, true, Instant.EPOCH, severity);
    }

    private static RunRecord.FindingSample now(String severity, boolean needsHuman) {
        return new RunRecord.FindingSample("k", "invalid_index", "app.t", severity, needsHuman);
    }

    @Test
    void twoFindingsOfOneKindWithoutATableAreToldApartByTheirSubject() {
        // last night's alert named slot a lost; tonight slot b is lost too: b is new and must page
        Finding a = Finding.critical("replication_slot_lost", null, null, "slot a lost").withSubject("replication slot 'a'");
        Finding b = Finding.critical("replication_slot_lost", null, null, "slot b lost").withSubject("replication slot 'b'");
        Instant last = Instant.parse("2026-12-01T03:00:00Z");
        Instant now = Instant.parse("2026-12-02T03:00:00Z");
        String keyA = RunRecords.key(a);
        Map<String, HistoryStore.PreviousFinding> previous = Map.of(keyA, new HistoryStore.PreviousFinding(keyA,
                "replication_slot_lost", "replication slot 'a'", "critical", true, last, "critical"));
        SinceLastRun since = SinceLastRun.of(List.of(RunRecords.sample(a), RunRecords.sample(b)), previous, last, now,
                "run", false);
        assertEquals(List.of("replication_slot_lost replication slot 'b'"), since.added());
        assertEquals(List.of(), since.resolved());
        List<Finding> annotated = since.annotate(List.of(a, b));
        assertEquals("critical", annotated.get(0).details().get(Finding.ALERTED_BEFORE));
        assertNull(annotated.get(1).details().get(Finding.ALERTED_BEFORE));
        assertEquals(last.toString(), annotated.get(0).details().get(Finding.FIRST_SEEN));
        assertEquals(now.toString(), annotated.get(1).details().get(Finding.FIRST_SEEN));
    }

    @Test
    void aFindingWithoutASubjectKeepsTheKeyEarlierVersionsRecorded() {
        assertEquals("invalid_index\u001fapp\u001ft\u001fi", RunRecords.key(Finding.warning("invalid_index", "app", "t", "m")
                .withIndexes("i")));
    }

    @Test
    void aWorseSeverityIsAlertedAgainALowerOneIsNot() {
        assertFalse(AlertMemory.known(now("critical", true), alerted("warning"), "run", false));
        assertEquals("critical", AlertMemory.alertedAfter(now("critical", true), alerted("warning"), "run", false));
        assertTrue(AlertMemory.known(now("warning", true), alerted("critical"), "run", false));
        assertEquals("critical", AlertMemory.alertedAfter(now("warning", true), alerted("critical"), "run", false));
        // no longer needing a human, then needing one again at the same severity: still known while it lasted
        assertEquals("critical", AlertMemory.alertedAfter(now("warning", false), alerted("critical"), "run", false));
        assertFalse(AlertMemory.known(now("critical", true), null, "run", false));
        assertFalse(AlertMemory.known(now("critical", true), alerted("critical"), "run", true));
        assertFalse(AlertMemory.known(now("critical", true), alerted("critical"), "plan", false));
        assertEquals("warning", AlertMemory.alertedAfter(now("critical", true), alerted("warning"), "plan", false));
    }
}
