package org.pgmaint.execute;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.pgmaint.db.SqlState;
import org.pgmaint.plan.ActionSql;
import org.pgmaint.plan.PlannedAction;

/**
 * VACUUM or ANALYZE of one table, in autocommit (VACUUM cannot run in a transaction). The statement is
 * rendered again from the action's names, never taken from the plan's text (which may come from a file).
 * A table (or schema) dropped since the plan is skipped as stale: told by the server's own error rather than
 * by a lookup before every statement (a round trip per table that vacuumdb does not make).
 */
final class TableMaintenanceHandler implements ActionHandler {

    @Override
    public Outcome execute(Connection connection, PlannedAction action, Deadline deadline) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute(ActionSql.render(action.action()));
        } catch (SQLException e) {
            if (SqlState.is(e, SqlState.UNDEFINED_TABLE) || SqlState.is(e, SqlState.UNDEFINED_SCHEMA)) {
                return Outcome.skipped("stale: the table no longer exists");
            }
            throw e;
        }
        return Outcome.done();
    }
}
