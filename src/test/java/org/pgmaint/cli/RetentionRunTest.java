package org.pgmaint.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pgmaint.testing.Cli;
import org.pgmaint.testing.Files2;
import org.pgmaint.testing.JsonRead;
import org.pgmaint.testing.TestDatabase;

/** `pgmaint run` plans and executes a retention purge end to end, and writes its figures into the report. */
class RetentionRunTest {
    @TempDir
    Path dir;

    @Test
    void runPurgesExactlyTheExpiredRowsOfTheNamedTable() throws Exception {
        try (TestDatabase db = TestDatabase.create()) {
            db.exec("create table cache_invalidation_events(id bigint primary key, cache_key text, created_at timestamptz,"
                            + " processed_at timestamptz)",
                    "create index on cache_invalidation_events(created_at)",
                    "insert into cache_invalidation_events select g, 'k' || g, now() - interval '10 days', now()"
                            + " from generate_series(1, 3000) g",
                    "insert into cache_invalidation_events select g, 'k' || g, now() - interval '10 days', null"
                            + " from generate_series(3001, 3100) g",
                    "insert into cache_invalidation_events select g, 'k' || g, now() - interval '1 day', now()"
                            + " from generate_series(3101, 3200) g",
                    "create table other(id int primary key, created_at timestamptz)",
                    "insert into other select g, now() - interval '1 year' from generate_series(1, 50) g");
            Path config = Files2.write(dir.resolve("pgmaint.yaml"), """
                    report:
                      dir: %s
                    retention:
                      batch_size: 700
                      max_batch_duration: 1h
                    retention_policies:
                      - {name: events, table: cache_invalidation_events, timestamp_column: created_at, older_than: 7d,
                         condition: processed_at IS NOT NULL}
                    """.formatted(dir.resolve("logs")));
            Cli.Result result = Cli.run("run", db, "--config", config.toString(), "--format", "json");
            assertTrue(result.exitCode() == 0 || result.exitCode() == 1, result::toString);
            Map<String, Object> purge = JsonRead.list(JsonRead.object(result.out()), "actions").stream()
                    .filter(a -> a.get("kind").equals("retention_delete")).findFirst().orElseThrow();
            assertEquals("done", purge.get("status"), purge.toString());
            @SuppressWarnings("unchecked")
            Map<String, Object> details = (Map<String, Object>) purge.get("details");
            assertEquals(3000, ((Number) details.get("rows_deleted")).intValue(), details.toString());
            // all rows share one timestamp: the first look (700) finds an empty index range, then the limited form
            // deletes 1400 and the last 1600 (limit 2800); every batch is fast against an hour, so each doubles
            assertEquals(2, ((Number) details.get("batches")).intValue(), details.toString());
            assertEquals(2800, ((Number) details.get("largest_batch_size")).intValue(), details.toString());
            assertEquals(List.of(List.of(3001L), List.of(3200L), List.of(200L)), db.query(
                    "select min(id) from cache_invalidation_events union all select max(id) from cache_invalidation_events"
                            + " union all select count(*) from cache_invalidation_events"));
            assertEquals(50L, ((Number) db.value("select count(*) from other")).longValue());
            assertTrue(java.nio.file.Files.list(dir.resolve("logs")).anyMatch(p -> p.getFileName().toString().startsWith("report_")));
        }
    }
    /** 3000 rows: 1000 old, 1000 young (1 hour), 1000 with a NULL timestamp; kind cycles a, b, young. */
    private static void hostileTable(TestDatabase db) {
        db.exec("create table events(id int primary key, kind text, processed boolean, created_at timestamptz)",
                "create index on events(created_at)",
                "insert into events select g, (array['a', 'b', 'young'])[g % 3 + 1], g % 5 <> 0,"
                        + " case when g <= 1000 then now() - interval '10 days' when g <= 2000 then now() - interval '1 hour' end"
                        + " from generate_series(1, 3000) g",
                "analyze events");
    }

    private Path policyConfig(String condition) {
        // the condition is line 9 of the file
        return Files2.write(dir.resolve("pgmaint.yaml"), """
                report:
                  dir: %s
                retention_policies:
                  - name: events
                    table: events
                    timestamp_column: created_at
                    older_than: 7d
                    batch_size: 100
                    condition: "%s"
                """.formatted(dir.resolve("logs"), condition.replace("\\", "\\\\").replace("\"", "\\\"")));
    }

    @Test
    void safety01_conditionThatEscapesItsParenthesesIsRefusedAndDeletesNothing() {
        List<String> hostile = List.of("processed) or (kind = 'young'", "1=1) or (1=1", "processed) or true or (false",
                "processed -- comment", "processed /* ; */", "processed; delete from events");
        try (TestDatabase db = TestDatabase.create()) {
            hostileTable(db);
            for (String condition : hostile) {
                Path config = policyConfig(condition);
                for (String command : List.of("run", "plan", "validate")) {
                    Cli.Result result = command.equals("validate") ? Cli.run("validate", "--config", config.toString())
                            : Cli.run(command, db, "--config", config.toString());
                    long kept = ((Number) db.value("select count(*) from events")).longValue();
                    String what = condition + " / " + command + ": " + kept + " of 3000 rows kept; " + result;
                    assertEquals(3000L, kept, what);
                    assertEquals(2, result.exitCode(), what);
                    assertTrue(result.err().contains(config + ":9: retention_policies[events].condition: "), what);
                }
            }
        }
    }

    @Test
    void safety01_legalOrConditionNeverReachesYoungOrNullRows() {
        try (TestDatabase db = TestDatabase.create()) {
            hostileTable(db);
            long expired = ((Number) db.value("select count(*) from events where created_at < now() - interval '7 days'"
                    + " and (kind = 'a' or kind = 'b')")).longValue();
            Cli.Result result = Cli.run("run", db, "--config", policyConfig("kind = 'a' or kind = 'b'").toString(),
                    "--format", "json");
            assertTrue(result.exitCode() == 0 || result.exitCode() == 1, result::toString);
            assertEquals(667L, expired);
            assertEquals(List.of(List.of(3000L - expired, 1000L, 1000L, 333L)), db.query("select count(*),"
                    + " count(*) filter (where created_at > now() - interval '1 day'), count(*) filter (where created_at is null),"
                    + " count(*) filter (where created_at < now() - interval '7 days') from events"));
        }
    }

    /** A purge that fails in its first batch (a trigger refuses the delete), plus a check that fails at run time. */
    private Cli.Result failingRun(TestDatabase db) {
        db.exec("create table events(id bigint primary key, created_at timestamptz)",
                "insert into events select g, now() - interval '10 days' from generate_series(1, 500) g",
                "create function refuse() returns trigger language plpgsql as $$ begin"
                        + " raise exception 'purge refused by trigger (boom-17)'; end $$",
                "create trigger refuse before delete on events for each row execute function refuse()");
        Files2.write(dir.resolve("checks/failing_check.yaml"), """
                id: failing_check
                description: fails at run time
                fact:
                  type: FailingCheck
                  fields:
                    schema_name: text
                sql:
                  13: |
                    select /* pgmaint:failing_check */ schemaname::text as schema_name from pg_catalog.pg_stat_user_tables
                    where 1 / (select count(*) from pg_catalog.pg_class where false) = 1
                """);
        Path config = Files2.write(dir.resolve("pgmaint.yaml"), """
                report:
                  dir: %s
                catalog:
                  check_dirs: [%s]
                retention_policies:
                  - {name: events, table: events, timestamp_column: created_at, older_than: 7d}
                """.formatted(dir.resolve("logs"), dir.resolve("checks")));
        Cli.Result result = Cli.run("run", db, "--config", config.toString(), "--format", "json");
        assertEquals(1, result.exitCode(), result::toString);
        Map<String, Object> purge = JsonRead.list(JsonRead.object(result.out()), "actions").stream()
                .filter(a -> a.get("kind").equals("retention_delete")).findFirst().orElseThrow();
        assertEquals("failed", purge.get("status"), purge.toString());
        return result;
    }

    private String alert() throws Exception {
        try (Stream<Path> files = Files.list(dir.resolve("logs"))) {
            return Files.readString(files.filter(p -> p.getFileName().toString().startsWith("alert_")).findFirst().orElseThrow());
        }
    }

    @Test
    void safety17_theLogTheAlertNamesHoldsTheErrors() throws Exception {
        try (TestDatabase db = TestDatabase.create()) {
            failingRun(db);
            String alert = alert();
            assertTrue(alert.contains("boom-17"), alert);
            Matcher named = Pattern.compile("log: (maintenance_\\d{8}_\\d{6}\\.log)").matcher(alert);
            assertTrue(named.find(), alert);
            String log = Files.readString(dir.resolve("logs").resolve(named.group(1)));
            assertTrue(log.contains("purge refused by trigger (boom-17)"), "the failed action's error is in the log:\n" + log);
            assertTrue(log.contains("division by zero"), "the failed check's error is in the log:\n" + log);
        }
    }

    @Test
    void safety17_aFailedPurgeIsToBeRunAgainThroughPgmaintNeverAsOneDelete() throws Exception {
        try (TestDatabase db = TestDatabase.create()) {
            Cli.Result result = failingRun(db);
            String alert = alert();
            int at = alert.indexOf("Action 1 failed");
            assertTrue(at >= 0, alert);
            String purge = alert.substring(at);
            String advice = purge.substring(purge.indexOf("Do: "), purge.indexOf('\n', purge.indexOf("Do: ")));
            assertTrue(advice.contains("run pgmaint again"), advice);
            assertTrue(advice.contains("in batches"), advice);
            assertFalse(advice.contains("DELETE"), "no statement to run by hand: " + advice);
            assertFalse(alert.substring(0, alert.indexOf('\n', alert.indexOf("What to do first"))).contains("DELETE"), alert);
            Map<String, Object> purgeAction = JsonRead.list(JsonRead.object(result.out()), "actions").stream()
                    .filter(a -> a.get("kind").equals("retention_delete")).findFirst().orElseThrow();
            assertTrue(purgeAction.get("detail").toString().contains("run pgmaint again"), purgeAction.toString());
            assertEquals(500L, db.value("select count(*) from events"));
        }
    }
}
