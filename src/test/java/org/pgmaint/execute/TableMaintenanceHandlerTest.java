package org.pgmaint.execute;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.pgmaint.model.Action;
import org.pgmaint.plan.PlannedAction;
import org.pgmaint.testing.TestDatabase;

/** VACUUM and ANALYZE of one table: done on hostile names, skipped as stale when the table went away. */
class TableMaintenanceHandlerTest {
    private static Outcome run(TestDatabase db, Action action) throws SQLException {
        try (Connection c = db.newConnection()) {
            c.setAutoCommit(true);
            return new TableMaintenanceHandler().execute(c, new PlannedAction("1", action, true, "", PlannedAction.PLANNED,
                    null, null), Deadline.after(Duration.ofMinutes(1)));
        }
    }

    @Test
    void vacuumsAndAnalyzesHostileNamesAndSkipsTablesThatWentAway() throws SQLException {
        try (TestDatabase db = TestDatabase.create()) {
            db.exec("create schema \"Weird Schema\"",
                    "create table \"Weird Schema\".\"drop table x; --\" (id int)",
                    "insert into \"Weird Schema\".\"drop table x; --\" select generate_series(1, 100)");

            assertEquals(PlannedAction.DONE, run(db, Action.vacuum("Weird Schema", "drop table x; --", "test")).status());
            assertEquals(PlannedAction.DONE, run(db, Action.analyze("Weird Schema", "drop table x; --", "test")).status());
            assertEquals(100L, ((Number) db.value("select count(*) from \"Weird Schema\".\"drop table x; --\"")).longValue());

            for (Action gone : new Action[] {Action.vacuum("Weird Schema", "no such table", "test"),
                    Action.analyze("No Such Schema", "drop table x; --", "test")}) {
                Outcome outcome = run(db, gone);
                assertEquals(PlannedAction.SKIPPED, outcome.status(), gone.toString());
                assertEquals("stale: the table no longer exists", outcome.detail());
            }
        }
    }
}
