package org.pgmaint.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pgmaint.testing.Cli;
import org.pgmaint.testing.JsonRead;
import org.pgmaint.testing.TestDatabase;

/** Two real runs with activity between them: what the second says changed, and the series both left. */
class TwoRunsTest {
    @TempDir
    Path dir;

    private Map<String, Object> run(TestDatabase db) {
        Cli.Result run = Cli.run("run", db, "--format", "json", "--set", "history.enabled=true", "--set", "history.url=sqlite:" + dir.resolve("h.db"),
                "--set", "report.dir=" + dir.resolve("reports"));
        assertTrue(run.exitCode() == 0 || run.exitCode() == 1, run::toString);
        return JsonRead.object(run.out());
    }

    /** kind and object of every finding, as the history names them. */
    private static Set<String> names(Map<String, Object> report) {
        Set<String> names = new TreeSet<>();
        for (Map<String, Object> f : JsonRead.list(report, "findings")) {
            if (!f.get("kind").equals("since_last_run")) {
                names.add(name(f));
            }
        }
        return names;
    }

    private static String name(Map<String, Object> f) {
        String table = f.get("table") == null ? "" : f.get("schema") + "." + f.get("table");
        @SuppressWarnings("unchecked")
        List<String> indexes = (List<String>) f.get("indexes");
        return f.get("kind") + " " + (indexes.isEmpty() ? table : table + " (" + String.join(", ", indexes) + ")");
    }

    @SuppressWarnings("unchecked")
    @Test
    void theSecondRunListsExactlyWhatIsNewAndWhatWasResolvedAndHistoryPrintsBothPoints() {
        try (TestDatabase db = TestDatabase.create()) {
            db.execFlushed("create schema app", "create table app.\"Odd \"\"Name\"\" Table\"(id int primary key, v int)",
                    "insert into app.\"Odd \"\"Name\"\" Table\" select g, g from generate_series(1, 2000) g");
            Map<String, Object> first = run(db);     // plans and runs the ANALYZE of the never-analyzed table
            assertTrue(names(first).contains("missing_statistics app.Odd \"Name\" Table"), names(first)::toString);
            assertTrue(JsonRead.list(first, "findings").stream().noneMatch(f -> f.get("kind").equals("since_last_run")));

            db.execFlushed("create table app.no_key(v int)", "insert into app.no_key select generate_series(1, 1000)",
                    "create index no_key_v on app.no_key (v)", "analyze app.no_key");
            Map<String, Object> second = run(db);

            Map<String, Object> since = JsonRead.list(second, "findings").stream()
                    .filter(f -> f.get("kind").equals("since_last_run")).findFirst().orElseThrow();
            Map<String, Object> details = (Map<String, Object>) since.get("details");
            Set<String> added = new TreeSet<>(names(second));
            added.removeAll(names(first));
            Set<String> resolved = new TreeSet<>(names(first));
            resolved.removeAll(names(second));
            assertEquals(new ArrayList<>(added), new ArrayList<>(new TreeSet<>((List<String>) details.get("new"))));
            assertEquals(new ArrayList<>(resolved), new ArrayList<>(new TreeSet<>((List<String>) details.get("resolved"))));
            assertTrue(added.contains("table_without_primary_key app.no_key"), added::toString);
            assertTrue(resolved.contains("missing_statistics app.Odd \"Name\" Table"), resolved::toString);
            for (Map<String, Object> f : JsonRead.list(second, "findings")) {
                if (!f.get("kind").equals("since_last_run")) {
                    Object firstSeen = ((Map<String, Object>) f.get("details")).get("first_seen");
                    assertNotNull(firstSeen, f::toString);
                    assertEquals(firstSeen, f.get("first_seen"), "the top-level field: " + f);
                    // a finding of both runs was first seen at the first run, a new one at the second
                    assertEquals(added.contains(name(f)) ? second.get("started_at") : first.get("started_at"),
                            firstSeen.toString().replaceAll("\\.\\d+Z$", "Z"), f::toString);
                }
            }

            Cli.Result history = Cli.run("history", db, "--table", "app.\"Odd \"\"Name\"\" Table\"",
                    "--set", "history.enabled=true", "--set", "history.url=sqlite:" + dir.resolve("h.db"));
            assertEquals(0, history.exitCode(), history::toString);
            assertTrue(history.out().contains(": 2 points"), history::toString);
            String[] lines = history.out().split("\n");
            assertEquals(4, lines.length, history::toString);
            assertTrue(lines[2].contains("  2000  ") && lines[3].contains("  2000  "), history::toString);   // live tuples at both points
            Cli.Result json = Cli.run("history", db, "--table", "app.\"Odd \"\"Name\"\" Table\"", "--format", "json",
                    "--set", "history.enabled=true", "--set", "history.url=sqlite:" + dir.resolve("h.db"));
            assertEquals(2, JsonRead.list(JsonRead.object(json.out()), "points").size(), json::toString);
        }
    }
}
