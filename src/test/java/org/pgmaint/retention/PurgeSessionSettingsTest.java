package org.pgmaint.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pgmaint.execute.Deadline;
import org.pgmaint.execute.Outcome;
import org.pgmaint.model.Action;
import org.pgmaint.plan.PlannedAction;
import org.pgmaint.testing.TestDatabase;

/**
 * The session settings a purge runs with (lock_timeout at most 200 ms, synchronous_commit off, plan_cache_mode
 * force_custom_plan) hold for every batch, and the connection gets its own values back afterwards. The policy's
 * condition reads the settings, so a batch running without them deletes nothing.
 */
class PurgeSessionSettingsTest {
    private static final Cutoff FIXED = Cutoff.fixed(Clock.fixed(Instant.parse("2026-11-20T12:00:00Z"), ZoneOffset.UTC));

    @Test
    void everyBatchRunsWithThePurgeSettingsAndTheSessionGetsItsOwnBack() throws SQLException {
        // the executor's lock_timeout, and the one the batches run with
        List<List<String>> cases = List.of(List.of("1s", "200ms"), List.of("100ms", "100ms"), List.of("0", "200ms"));
        for (List<String> lockTimeouts : cases) {
            try (TestDatabase db = TestDatabase.create()) {
                db.exec("create table \"Odd \"\"Name\"\" Table\"(id int primary key, created_at timestamptz not null)",
                        "create index on \"Odd \"\"Name\"\" Table\"(created_at)",
                        "insert into \"Odd \"\"Name\"\" Table\" select g, timestamptz '2026-11-01 00:00:00+00'"
                                + " + g * interval '1 second' from generate_series(1, 50) g");
                RetentionSettings settings = RetentionConfigs.settings("""
                        retention:
                          batch_size: 7
                          max_batch_duration: 0
                        retention_policies:
                          - name: odd
                            table: 'Odd "Name" Table'
                            timestamp_column: created_at
                            older_than: 1d
                            condition: >-
                              current_setting('synchronous_commit') = 'off'
                              and current_setting('plan_cache_mode') = 'force_custom_plan'
                              and current_setting('lock_timeout') = '%s'
                        """.formatted(lockTimeouts.get(1)));
                PlannedAction action = new PlannedAction("1", Action.retentionDelete("public", "Odd \"Name\" Table", "test")
                        .withDetail("policy", "odd"), true, "", PlannedAction.PLANNED, null, null);
                try (Connection c = db.newConnection(); Statement s = c.createStatement()) {
                    s.execute("set lock_timeout = '" + lockTimeouts.get(0) + "'");
                    s.execute("set synchronous_commit = 'local'");
                    s.execute("set plan_cache_mode = 'auto'");
                    Outcome outcome = new RetentionDeleteHandler(settings, FIXED)
                            .execute(c, action, Deadline.after(Duration.ofMinutes(1)));
                    assertEquals(PlannedAction.DONE, outcome.status(), outcome::toString);
                    assertEquals(50L, outcome.figures().get("rows_deleted"), lockTimeouts + ": " + outcome);
                    assertEquals(8L, outcome.figures().get("batches"), lockTimeouts + ": " + outcome);
                    try (ResultSet rs = s.executeQuery("select current_setting('lock_timeout'),"
                            + " current_setting('synchronous_commit'), current_setting('plan_cache_mode')")) {
                        rs.next();
                        assertEquals(List.of(lockTimeouts.get(0), "local", "auto"),
                                List.of(rs.getString(1), rs.getString(2), rs.getString(3)), lockTimeouts.toString());
                    }
                }
            }
        }
    }
}
