package org.pgmaint.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pgmaint.testing.Cli;
import org.pgmaint.testing.JsonRead;
import org.pgmaint.testing.TestDatabase;

/**
 * --min-severity and --weak on plan and report, against a real database: partitions' vacuums under their parent,
 * a young unused index counted but not listed, everything in the JSON.
 */
class ListingOptionsTest {

    @Test
    void planGroupsPartitionsAndCountsWeakFindings() {
        try (TestDatabase db = TestDatabase.create()) {
            db.execFlushed("create schema app",
                    "create table app.events(id int, kind int) partition by range (id)",
                    "create table app.events_1 partition of app.events for values from (0) to (10000) with (autovacuum_enabled = false)",
                    "create table app.events_2 partition of app.events for values from (10000) to (20000) with (autovacuum_enabled = false)",
                    "create table app.events_3 partition of app.events for values from (20000) to (30000) with (autovacuum_enabled = false)",
                    "insert into app.events select g, g % 7 from generate_series(0, 29999) g",
                    "analyze app.events_1", "analyze app.events_2", "analyze app.events_3",
                    "delete from app.events where id % 2 = 0",
                    // a look-alike: a table that is no partition, vacuumed on its own line
                    "create table app.\"Odd \"\"Name\"\" Table\"(id int, note int) with (autovacuum_enabled = false)",
                    "insert into app.\"Odd \"\"Name\"\" Table\" select g, g from generate_series(1, 10000) g",
                    "analyze app.\"Odd \"\"Name\"\" Table\"",
                    "delete from app.\"Odd \"\"Name\"\" Table\" where id <= 5000",
                    "create index odd_note_idx on app.\"Odd \"\"Name\"\" Table\" (note) where note > 9000");
            db.awaitDeadTuples("app", "events_3", 5000);
            db.awaitDeadTuples("app", "Odd \"Name\" Table", 5000);

            Cli.Result plan = Cli.run("plan", db);
            assertEquals(0, plan.exitCode(), plan::toString);
            String text = plan.out();
            assertTrue(text.lines().anyMatch(l -> l.matches("\\d+-\\d+ +vacuum \\(analyze\\) +app\\.events \\(3 partitions\\) .*first app\\.events_1: dead tuples 50\\.0%.*")),
                    text);
            assertFalse(text.contains("app.events_2 "), text);
            assertTrue(text.lines().anyMatch(l -> l.matches("\\d+ +vacuum \\(analyze\\) +app\\.Odd \"Name\" Table .*")), text);
            // the server started moments ago: the unused index is weak, counted in the summary, not listed
            assertTrue(text.contains("; 1 weak)"), text);
            assertTrue(text.contains("  1 weak finding counted, not listed (--weak lists them)"), text);
            assertFalse(text.contains("odd_note_idx (note) WHERE"), text);

            Cli.Result weak = Cli.run("plan", db, "--weak");
            assertTrue(weak.out().contains("index odd_note_idx (note) WHERE (note > 9000) has not been scanned"), weak::toString);

            Cli.Result critical = Cli.run("report", db, "--min-severity", "critical", "--weak");
            assertEquals(0, critical.exitCode(), critical::toString);
            assertFalse(critical.out().contains("odd_note_idx"), critical::toString);
            assertTrue(critical.out().contains("below left out"), critical::toString);

            // the JSON keeps every finding, whatever the listing
            Cli.Result json = Cli.run("plan", db, "--format", "json", "--min-severity", "critical");
            List<Map<String, Object>> findings = JsonRead.list(JsonRead.object(json.out()), "findings");
            assertTrue(findings.stream().anyMatch(f -> f.get("indexes").toString().contains("odd_note_idx")), json::toString);
            assertEquals(3, JsonRead.list(JsonRead.object(json.out()), "actions").stream()
                    .filter(a -> String.valueOf(a.get("table")).startsWith("events_")).count(), json::toString);
        }
    }

    @Test
    void aSeverityThatIsNoneIsRefusedWithTheValidOnes() {
        Cli.Result result = Cli.run("plan", "--min-severity", "severe", "-d", "postgres");
        assertEquals(2, result.exitCode(), result::toString);
        assertTrue(result.err().contains("'severe' is not a severity: should be info, warning or critical"), result::toString);
    }
}
