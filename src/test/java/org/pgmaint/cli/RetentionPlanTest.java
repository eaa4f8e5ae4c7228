package org.pgmaint.cli;

import org.pgmaint.checks.Covers;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pgmaint.retention.RetentionConfigs;
import org.pgmaint.testing.Cli;
import org.pgmaint.testing.JsonRead;
import org.pgmaint.testing.TestDatabase;

/** plan shows a retention_delete per policy with expired rows and its count; bad policies stop the run. */
@Covers("retention_expired")
class RetentionPlanTest {
    private static final String EXAMPLE_POLICIES = """
            retention:
              vacuum_after_rows: 500
            retention_policies:
              - name: cache_invalidation_events
                table: cache_invalidation_events
                timestamp_column: created_at
                older_than: 7d
                condition: processed_at IS NOT NULL
              - name: sessions
                table: sessions
                timestamp_column: expires_at
                older_than: 1d
              - name: audit_log
                schema: audit
                table: audit_log
                timestamp_column: logged_at
                older_than: 365d
                batch_size: 2000
            """;

    private static void fixture(TestDatabase db) {
        db.exec("create table cache_invalidation_events(id bigint primary key, created_at timestamptz not null,"
                        + " processed_at timestamptz) with (autovacuum_enabled = false)",
                // 1000 rows older than 7 days, of which 700 processed; 200 recent. The 300 unprocessed ones are a
                // critical cache_processor_lag finding: plan exits 1 (a human is needed) on this fixture
                "insert into cache_invalidation_events select g, now() - interval '8 days',"
                        + " case when g <= 700 then now() end from generate_series(1, 1000) g",
                "insert into cache_invalidation_events select g, now() - interval '1 hour', now() from generate_series(1001, 1200) g",
                "create table sessions(id bigint primary key, expires_at timestamptz) with (autovacuum_enabled = false)",
                "insert into sessions select g, now() - interval '2 days' from generate_series(1, 30) g",
                "insert into sessions select g, now() + interval '1 hour' from generate_series(31, 60) g",
                "create schema audit",
                "create table audit.audit_log(id bigint primary key, logged_at timestamptz not null) with (autovacuum_enabled = false)",
                "insert into audit.audit_log select g, now() - interval '30 days' from generate_series(1, 50) g");
    }

    private static String[] args(TestDatabase db, Path config, String... more) {
        List<String> all = new java.util.ArrayList<>(List.of(db.cliArgs()));
        all.addAll(List.of("--config", config.toString()));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    @Test
    void planShowsARetentionDeleteWithTheExpiredCountOfEachPolicy() {
        try (TestDatabase db = TestDatabase.create()) {
            fixture(db);
            Path config = RetentionConfigs.write(EXAMPLE_POLICIES);
            Cli.Result result = Cli.run(concat("plan", args(db, config, "--format", "json")));
            assertEquals(ExitCodes.ALERTS, result.exitCode(), result::toString);
            List<Map<String, Object>> actions = JsonRead.list(JsonRead.object(result.out()), "actions");
            Map<String, Object> events = find(actions, "retention_delete", "cache_invalidation_events");
            Map<String, Object> sessions = find(actions, "retention_delete", "sessions");
            assertTrue(actions.stream().noneMatch(a -> "audit_log".equals(a.get("table"))), "nothing expired in audit_log");
            assertTrue(events.get("reason").toString().startsWith("700 expired rows (policy cache_invalidation_events:"
                    + " created_at older than 7d and processed_at IS NOT NULL"), events.toString());
            assertEquals("DELETE FROM \"public\".\"cache_invalidation_events\" WHERE \"created_at\" < now() - interval '7d'"
                    + " AND (processed_at IS NOT NULL) -- in batches starting at 5000 rows, a commit after each", events.get("sql"));
            assertEquals("retention_expired", events.get("check"));
            assertEquals(true, events.get("approved"));
            assertTrue(sessions.get("reason").toString().startsWith("30 expired rows"), sessions.toString());

            // 700 >= vacuum_after_rows 500: a VACUUM (ANALYZE) after the purge, ranked right after it
            Map<String, Object> vacuum = find(actions, "vacuum", "cache_invalidation_events");
            assertEquals("VACUUM (ANALYZE) \"public\".\"cache_invalidation_events\"", vacuum.get("sql"));
            assertTrue(actions.indexOf(vacuum) == actions.indexOf(events) + 1, actions.toString());
            assertTrue(actions.stream().noneMatch(a -> "vacuum".equals(a.get("kind")) && "sessions".equals(a.get("table"))));

            Cli.Result text = Cli.run(concat("plan", args(db, config)));
            assertTrue(text.out().contains("700 expired rows"), text.out());
            assertEquals(1200L, ((Number) db.value("select count(*) from cache_invalidation_events")).longValue(), "a plan deletes nothing");
        }
    }

    @Test
    void safety20_noVacuumAfterAPurgeThatIsNotApproved() {
        try (TestDatabase db = TestDatabase.create()) {
            fixture(db);
            for (String[] approval : new String[][] {{"manual", ""}, {"never", ""}, {"full", ""}, {"full", "--full"}}) {
                Path config = RetentionConfigs.write(EXAMPLE_POLICIES + "approval:\n  retention_delete: " + approval[0] + "\n");
                List<String> flags = new java.util.ArrayList<>(List.of(args(db, config, "--format", "json")));
                if (!approval[1].isEmpty()) {
                    flags.add(approval[1]);
                }
                Cli.Result result = Cli.run(concat("plan", flags.toArray(String[]::new)));
                assertEquals(ExitCodes.ALERTS, result.exitCode(), result::toString);
                List<Map<String, Object>> actions = JsonRead.list(JsonRead.object(result.out()), "actions");
                Map<String, Object> purge = find(actions, "retention_delete", "cache_invalidation_events");
                boolean purgeApproved = (Boolean) purge.get("approved");
                assertEquals(approval[0].equals("full") && !approval[1].isEmpty(), purgeApproved, purge.toString());
                boolean vacuumPlanned = actions.stream().anyMatch(a -> "vacuum".equals(a.get("kind"))
                        && "cache_invalidation_events".equals(a.get("table")));
                // 700 expired rows >= vacuum_after_rows 500: the follow-up vacuum exactly when the purge will run
                assertEquals(purgeApproved, vacuumPlanned, approval[0] + " " + approval[1] + ": " + actions);
            }
        }
    }

    @Test
    void aboveTheExactCountLimitTheCountIsThePlannersEstimate() {
        try (TestDatabase db = TestDatabase.create()) {
            fixture(db);
            db.exec("analyze cache_invalidation_events");
            Path config = RetentionConfigs.write(EXAMPLE_POLICIES);
            Cli.Result result = Cli.run(concat("plan", args(db, config, "--format", "json", "--set", "retention.exact_count_limit=100")));
            assertEquals(ExitCodes.ALERTS, result.exitCode(), result::toString);
            Map<String, Object> events = find(JsonRead.list(JsonRead.object(result.out()), "actions"), "retention_delete",
                    "cache_invalidation_events");
            assertTrue(events.get("reason").toString().startsWith("about "), events.toString());
            long estimate = Long.parseLong(events.get("reason").toString().replaceAll("^about ([0-9,]+).*", "$1").replace(",", ""));
            assertTrue(estimate > 500 && estimate < 900, "estimate " + estimate + " should be near 700");
        }
    }

    @Test
    void aPolicyNamingAMissingTableOrColumnOrABadConditionStopsTheRun() {
        try (TestDatabase db = TestDatabase.create()) {
            fixture(db);
            Path config = RetentionConfigs.write(EXAMPLE_POLICIES + """
                      - name: no_table
                        table: session_archive
                        timestamp_column: expires_at
                        older_than: 1d
                      - name: no_column
                        table: t_column
                        timestamp_column: expired_at
                        older_than: 1d
                      - name: bad_condition
                        table: t_syntax
                        timestamp_column: created_at
                        older_than: 1d
                        condition: processed_at IS NOT
                      - name: unknown_column_condition
                        table: t_unknown
                        timestamp_column: created_at
                        older_than: 1d
                        condition: handled = true
                      - name: not_boolean
                        table: t_boolean
                        timestamp_column: created_at
                        older_than: 1d
                        condition: id + 1
                      - name: not_a_time
                        table: t_type
                        timestamp_column: id
                        older_than: 1d
                    """);
            for (String table : List.of("t_column", "t_syntax", "t_unknown", "t_boolean", "t_type")) {
                db.exec("create table " + table + "(id int, created_at timestamptz, processed_at timestamptz)",
                        "insert into " + table + " values (1, now() - interval '10 days', now())");
            }
            Cli.Result result = Cli.run(concat("plan", args(db, config)));
            assertEquals(ExitCodes.INVALID_INPUT, result.exitCode(), result::toString);
            String err = result.err();
            assertTrue(err.contains(":19: retention_policies[no_table].table: table public.session_archive does not exist"), err);
            assertTrue(err.contains("retention_policies[no_column].timestamp_column: column 'expired_at' does not exist in"
                    + " public.t_column; its date/time columns: [created_at, processed_at]"), err);
            assertTrue(err.contains("retention_policies[bad_condition].condition: 'processed_at IS NOT' is not a valid condition"), err);
            assertTrue(err.contains("retention_policies[unknown_column_condition].condition: 'handled = true' is not a valid"
                    + " condition on public.t_unknown: ERROR: column \"handled\" does not exist"), err);
            assertTrue(err.contains("retention_policies[not_boolean].condition"), err);
            assertTrue(err.contains("argument of AND must be type boolean"), err);
            assertTrue(err.contains("retention_policies[not_a_time].timestamp_column: column 'id' is integer; it should be"
                    + " timestamptz, timestamp or date"), err);
            // the good policies may not delete either: cache_invalidation_events, sessions, audit_log untouched
            assertEquals(1200L, ((Number) db.value("select count(*) from cache_invalidation_events")).longValue());
            assertEquals(60L, ((Number) db.value("select count(*) from sessions")).longValue());
            assertEquals(5L, ((Number) db.value("select (select count(*) from t_column) + (select count(*) from t_syntax)"
                    + " + (select count(*) from t_unknown) + (select count(*) from t_boolean) + (select count(*) from t_type)")).longValue());
        }
    }

    @Test
    void aMalformedPolicyIsAnErrorNamingFileLineAndKey() {
        Path config = RetentionConfigs.write("""
                retention:
                  batch_size: 10
                retention_policies:
                  - name: sessions
                    table: sessions
                    timestamp_column: expires_at
                    older_than: a day
                  - name: Events
                    table: events
                    older_than: 7d
                    colour: blue
                  - name: drop
                    table: t
                    timestamp_column: at
                    older_than: 1d
                    condition: true; drop table t
                    batch_size: lots
                  - name: twice
                    table: sessions
                    timestamp_column: expires_at
                    older_than: 2d
                """);
        Cli.Result result = Cli.run("validate", "--config", config.toString());
        assertEquals(ExitCodes.INVALID_INPUT, result.exitCode(), result::toString);
        String err = result.err();
        String file = config.toString();
        assertTrue(err.contains(file + ":7: retention_policies[sessions].older_than: 'a day' is not valid: should be a duration"), err);
        assertTrue(err.contains(file + ":8: retention_policies[Events].name: 'Events' should be snake_case"), err);
        assertTrue(err.contains(file + ":8: retention_policies[Events].timestamp_column: missing (required)"), err);
        assertTrue(err.contains(file + ":11: retention_policies[Events].colour: unknown key; valid keys here: name, schema,"
                + " table, timestamp_column, older_than, condition, batch_size"), err);
        assertTrue(err.contains(file + ":16: retention_policies[drop].condition: should be one SQL boolean expression"), err);
        assertTrue(err.contains(file + ":17: retention_policies[drop].batch_size: 'lots' is not valid"), err);
        assertTrue(err.contains(file + ":19: retention_policies[twice].table: policy 'sessions' already covers public.sessions"), err);
    }

    @Test
    void safety14_aRetentionAgeNeedsAUnitAndAtLeastAMinute() {
        Path config = RetentionConfigs.write("""
                retention_policies:
                  - {name: audit, table: audit_log, timestamp_column: created_at, older_than: 30}
                  - {name: sessions, table: sessions, timestamp_column: expires_at, older_than: 10s}
                  - {name: events, table: events, timestamp_column: created_at, older_than: 99999999999d}
                """);
        Cli.Result result = Cli.run("validate", "--config", config.toString());
        assertEquals(ExitCodes.INVALID_INPUT, result.exitCode(), result::toString);
        assertTrue(result.err().contains(config + ":2: retention_policies[audit].older_than: '30' has no unit: write it"
                + " with one, like 30d"), result.err());
        assertTrue(result.err().contains(config + ":3: retention_policies[sessions].older_than: '10s' is not valid: should be"
                + " 1min or more"), result.err());
        assertTrue(result.err().contains(config + ":4: retention_policies[events].older_than: '99999999999d' is not valid:"
                + " too long"), result.err());
    }

    @Test
    void aBadGlobalRetentionSettingIsAnError() {
        Path config = RetentionConfigs.write("retention:\n  batch_size: 0\n");
        Cli.Result result = Cli.run("validate", "--config", config.toString());
        assertEquals(ExitCodes.INVALID_INPUT, result.exitCode(), result::toString);
        assertTrue(result.err().contains(config + ":2: retention.batch_size: '0' is not valid: should be a whole number from 1 to 1000000"),
                result.err());
    }

    private static Map<String, Object> find(List<Map<String, Object>> actions, String kind, String table) {
        return actions.stream().filter(a -> kind.equals(a.get("kind")) && table.equals(a.get("table"))).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " of " + table + " in " + actions));
    }

    private static String[] concat(String first, String[] rest) {
        String[] all = new String[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }
}
