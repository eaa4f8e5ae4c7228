package org.pgmaint.cache;

import org.pgmaint.checks.Covers;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pgmaint.testing.Cli;
import org.pgmaint.testing.JsonRead;
import org.pgmaint.testing.TestDatabase;

/** The maintenance check cache_processor_lag and rules/cache.drl, through `pgmaint plan`. */
@Covers("cache_processor_lag")
class CacheProcessorLagCheckTest {
    private static final String EVENTS = "create table %s (id bigint generated always as identity primary key,"
            + " cache_key text not null, created_at timestamptz not null default now(), processed_at timestamptz)";

    private static List<Map<String, Object>> lagFindings(Cli.Result result) {
        Map<String, Object> report = JsonRead.object(result.out());
        assertTrue(JsonRead.list(report, "errors").isEmpty(), result.out());
        assertTrue(JsonRead.list(report, "skipped_checks").stream().noneMatch(c -> "cache_processor_lag".equals(c.get("check"))),
                result.out());
        List<Map<String, Object>> lag = JsonRead.list(report, "findings").stream()
                .filter(f -> "cache_processor_lag".equals(f.get("kind"))).toList();
        // a lagging processor needs a human, whatever the severity: plan exits 1 for it, as report and run do
        assertEquals(lag.isEmpty() ? 0 : 1, result.exitCode(), result.toString());
        return lag;
    }

    @Test
    void noEventsTableNoFindingAndNoFailure() {
        try (TestDatabase db = TestDatabase.create()) {
            assertTrue(lagFindings(Cli.run("plan", db, "--format", "json")).isEmpty());
        }
    }

    @Test
    void recentOrProcessedEventsAreQuiet() {
        try (TestDatabase db = TestDatabase.create()) {
            db.exec(EVENTS.formatted("cache_invalidation_events"),
                    "insert into cache_invalidation_events (cache_key) values ('fresh')",
                    "insert into cache_invalidation_events (cache_key, created_at, processed_at)"
                            + " values ('old but done', now() - interval '3 hours', now() - interval '2 hours')");
            assertTrue(lagFindings(Cli.run("plan", db, "--format", "json")).isEmpty());
        }
    }

    @Test
    void oldPendingEventsWarnThenGoCritical() {
        try (TestDatabase db = TestDatabase.create()) {
            db.exec(EVENTS.formatted("cache_invalidation_events"),
                    "insert into cache_invalidation_events (cache_key, created_at) values ('a', now() - interval '10 minutes'),"
                            + " ('b', now() - interval '1 minute')");
            List<Map<String, Object>> warning = lagFindings(Cli.run("plan", db, "--format", "json"));
            assertEquals(1, warning.size(), warning.toString());
            assertEquals("warning", warning.get(0).get("severity"));
            assertEquals("public", warning.get(0).get("schema"));
            assertEquals("cache_invalidation_events", warning.get(0).get("table"));
            assertTrue(((String) warning.get(0).get("message")).startsWith("pending cache invalidation events: 2, the oldest waiting 10 min"),
                    warning.toString());

            db.exec("insert into cache_invalidation_events (cache_key, created_at) values ('c', now() - interval '1 hour')");
            List<Map<String, Object>> critical = lagFindings(Cli.run("plan", db, "--format", "json"));
            assertEquals(1, critical.size(), critical.toString());
            assertEquals("critical", critical.get(0).get("severity"));

            List<Map<String, Object>> raised = lagFindings(Cli.run("plan", db, "--format", "json",
                    "--set", "thresholds.cache_processor_lag_warning_seconds=7200",
                    "--set", "thresholds.cache_processor_lag_critical_seconds=14400"));
            assertTrue(raised.isEmpty(), "thresholds come from the config: " + raised);
        }
    }

    @Test
    void aLaggingProcessorMakesTheReportAlert() {
        try (TestDatabase db = TestDatabase.create()) {
            db.exec(EVENTS.formatted("cache_invalidation_events"),
                    "insert into cache_invalidation_events (cache_key, created_at) values ('a', now() - interval '10 minutes')");
            Cli.Result report = Cli.run("report", db);
            assertEquals(1, report.exitCode(), report.toString());
            assertTrue(report.out().contains("Outcome:   alerts (1 alert)"), report.out());
            assertTrue(report.out().contains("cache_processor_lag (1: 0 critical, 1 warning, 0 info):"), report.out());
        }
    }

    @Test
    void configuredHostileNamesAreFoundAndQuoted() {
        try (TestDatabase db = TestDatabase.create()) {
            db.exec("create schema \"Weird Schema\"",
                    "create table \"Weird Schema\".\"drop table x; --\" (id bigint, \"Created At\" timestamptz,"
                            + " \"processed;at\" timestamptz)",
                    "insert into \"Weird Schema\".\"drop table x; --\" values (1, now() - interval '2 hours', null)",
                    // a decoy under the default name must not be the one measured
                    EVENTS.formatted("cache_invalidation_events"));
            List<Map<String, Object>> findings = lagFindings(Cli.run("plan", db, "--format", "json",
                    "--set", "params.cache_processor_lag.events_schema=Weird Schema",
                    "--set", "params.cache_processor_lag.events_table=drop table x; --",
                    "--set", "params.cache_processor_lag.created_column=Created At",
                    "--set", "params.cache_processor_lag.processed_column=processed;at"));
            assertEquals(1, findings.size(), findings.toString());
            assertEquals("critical", findings.get(0).get("severity"));
            assertEquals("Weird Schema", findings.get(0).get("schema"));
            assertEquals("drop table x; --", findings.get(0).get("table"));
            assertEquals(1L, ((Number) db.value("select count(*) from \"Weird Schema\".\"drop table x; --\"")).longValue());
        }
    }
}
