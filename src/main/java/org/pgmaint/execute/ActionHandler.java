package org.pgmaint.execute;

import java.sql.Connection;
import java.sql.SQLException;
import org.pgmaint.plan.PlannedAction;

/**
 * Runs one kind of action. The executor owns the connection (autocommit on, application_name=pgmaint,
 * lock_timeout and statement_timeout already set) and the run's deadline; a handler re-checks that the
 * action's reason still holds where it can, runs it, and says what happened. Exceptions mean "failed".
 */
public interface ActionHandler {
    Outcome execute(Connection connection, PlannedAction action, Deadline deadline) throws SQLException;
}
