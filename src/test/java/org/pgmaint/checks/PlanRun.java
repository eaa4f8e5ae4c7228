package org.pgmaint.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.pgmaint.testing.Cli;
import org.pgmaint.testing.JsonRead;
import org.pgmaint.testing.TestDatabase;

/** One {@code pgmaint plan --format json} run through the CLI, with helpers to pick findings and actions. */
record PlanRun(Map<String, Object> report) {

    static PlanRun of(TestDatabase db, String... more) {
        List<String> args = new ArrayList<>(List.of("--format", "json"));
        args.addAll(Arrays.asList(more));
        Cli.Result result = Cli.run("plan", db, args.toArray(String[]::new));
        PlanRun run = new PlanRun(JsonRead.object(result.out()));
        assertTrue(run.list("errors").isEmpty(), () -> "failed checks: " + run.list("errors"));
        // exit 1 exactly when a human is needed, as for a run: here only a critical or a cache lag finding can be
        boolean alerts = run.list("findings").stream().anyMatch(f -> "critical".equals(f.get("severity"))
                || "cache_processor_lag".equals(f.get("kind")));
        assertEquals(alerts ? 1 : 0, result.exitCode(), result::toString);
        assertTrue(run.list("skipped_checks").isEmpty(), () -> "skipped: " + run.list("skipped_checks"));
        return run;
    }

    List<Map<String, Object>> list(String key) {
        List<Map<String, Object>> items = JsonRead.list(report, key);
        return items == null ? List.of() : items;
    }

    List<Map<String, Object>> findings(String kind) {
        return list("findings").stream().filter(f -> kind.equals(f.get("kind"))).toList();
    }

    /** Findings of a kind on one table. */
    List<Map<String, Object>> findings(String kind, String schema, String table) {
        return findings(kind).stream()
                .filter(f -> Objects.equals(schema, f.get("schema")) && Objects.equals(table, f.get("table"))).toList();
    }

    /** The one finding of a kind on a table; fails when there is none or more than one. */
    Map<String, Object> finding(String kind, String schema, String table) {
        List<Map<String, Object>> found = findings(kind, schema, table);
        assertEquals(1, found.size(), () -> "findings " + kind + " on " + schema + "." + table + ": " + found
                + "\nall of that kind: " + findings(kind));
        return found.get(0);
    }

    void assertNone(String kind, String schema, String table) {
        List<Map<String, Object>> found = findings(kind, schema, table);
        assertTrue(found.isEmpty(), () -> "expected no " + kind + " on " + schema + "." + table + ", got " + found);
    }

    List<Map<String, Object>> actions() {
        return list("actions");
    }
}
