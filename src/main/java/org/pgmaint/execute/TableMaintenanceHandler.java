package org.pgmaint.execute;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.pgmaint.plan.ActionSql;
import org.pgmaint.plan.PlannedAction;

/**
 * VACUUM or ANALYZE of one table, in autocommit (VACUUM cannot run in a transaction). The statement is
 * rendered again from the action's names, never taken from the plan's text (which may come from a file).
 */
final class TableMaintenanceHandler implements ActionHandler {
    @Override
    public Outcome execute(Connection connection, PlannedAction action, Deadline deadline) throws SQLException {
        if (LiveTable.oid(connection, action.action().schema(), action.action().table()) == 0) {
            return Outcome.skipped("stale: the table no longer exists");
        }
        try (Statement s = connection.createStatement()) {
            s.execute(ActionSql.render(action.action()));
        }
        return Outcome.done();
    }
}
