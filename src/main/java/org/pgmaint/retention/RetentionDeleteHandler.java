package org.pgmaint.retention;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.pgmaint.config.InvalidInputException;
import org.pgmaint.execute.ActionHandler;
import org.pgmaint.execute.Deadline;
import org.pgmaint.execute.Outcome;
import org.pgmaint.plan.PlannedAction;

/**
 * Runs {@code retention_delete}: deletes a policy's expired rows in batches, each batch its own short transaction
 * (autocommit), optionally pausing between batches, and starts no batch once the run's deadline has passed, reporting
 * the rows that remain. Batches start at the batch size and adapt to {@code retention.max_batch_duration}
 * ({@link BatchSizer}). The cutoff (database clock - age) is fixed at the start. Each purge is a {@link Purge}, deleting
 * by the {@link PurgeMethod} that suits the table.
 * The table and the expiry test come from the configured policy named in the action, never from the action itself,
 * so a table no policy names is never touched, whatever a (saved, edited) plan says. Before its first delete the
 * handler re-validates every policy against the database: if any is invalid, nothing is deleted anywhere (a
 * policy whose table another session holds locked is skipped, and validated again before its own purge).
 *
 * <p>Locks: a batch waits at most 200 ms for a row another session holds (then every later batch passes over
 * locked rows with skip locked); table locks are waited for up to the executor's lock_timeout. Register for
 * {@code ActionKind.RETENTION_DELETE}.
 */
public final class RetentionDeleteHandler implements ActionHandler {
    private final RetentionSettings settings;
    private final Cutoff cutoff;
    private boolean validated;

    /** Cutoffs by the database's clock. */
    public RetentionDeleteHandler(RetentionSettings settings) {
        this(settings, Cutoff.databaseClock());
    }

    public RetentionDeleteHandler(RetentionSettings settings, Cutoff cutoff) {
        this.settings = settings;
        this.cutoff = cutoff;
    }

    @Override
    public Outcome execute(Connection connection, PlannedAction planned, Deadline deadline) throws SQLException {
        String name = String.valueOf(planned.action().details().get("policy"));
        RetentionPolicy policy = settings.policy(name).orElse(null);
        if (policy == null || !policy.schema().equals(planned.action().schema())
                || !policy.table().equals(planned.action().table())) {
            return Outcome.failed("no retention policy '" + name + "' for " + planned.action().schema() + "."
                    + planned.action().table() + " in the configuration; pgmaint deletes only from tables a policy names");
        }
        if (!validated) {
            List<TableLocks.Locked> locked;
            try {
                locked = PolicyValidator.validate(connection, settings);
            } catch (InvalidInputException e) {
                return Outcome.failed(e.describe());
            }
            // a policy whose table was locked is validated again before its own purge
            validated = locked.isEmpty();
            for (TableLocks.Locked lock : locked) {
                if (lock.policy().equals(policy.name())) {
                    return Outcome.skipped(lock.message() + ": its condition could not be validated; the purge waits for the next run");
                }
            }
        }
        if (deadline.expired()) {
            return Outcome.skipped("budget: the run's time budget was spent before the purge started");
        }
        Object plannedRows = planned.action().details().get("expired_rows");
        return new Purge(connection, policy, settings, cutoff, deadline, plannedRows instanceof Number n ? n.longValue() : -1)
                .run();
    }
}
