package org.pgmaint.execute;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.pgmaint.plan.ActionSql;
import org.pgmaint.plan.PlannedAction;

/**
 * VACUUM or ANALYZE of one table, in autocommit (VACUUM cannot run in a transaction). The statement is
 * rendered again from the action's names, never taken from the plan's text (which may come from a file).
 * A table (or schema) dropped since the plan is skipped as stale: told by the server's own error rather than
 * by a lookup before every statement (a round trip per table that vacuumdb does not make).
 */
final class TableMaintenanceHandler implements ActionHandler {
    private static final String UNDEFINED_TABLE = "42P01";
    private static final String UNDEFINED_SCHEMA = "3F000";

    @Override
    public Outcome execute(Connection connection, PlannedAction action, Deadline deadline) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute(ActionSql.render(action.action()));
        } catch (SQLException e) {
            if (UNDEFINED_TABLE.equals(e.getSQLState()) || UNDEFINED_SCHEMA.equals(e.getSQLState())) {
                return Outcome.skipped("stale: the table no longer exists");
            }
            throw e;
        }
        return Outcome.done();
    }
}
