package org.pgmaint.cache;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.pgmaint.db.Identifiers;

/**
 * Installs what {@code sql/cache_invalidation_trigger.sql} installs, for the configured names: a statement-level
 * AFTER INSERT trigger that NOTIFYs the channel (one notification per inserting statement, not per row), and the
 * partial index of pending events that keeps claiming fast. Idempotent.
 */
public final class TriggerInstaller {
    public static final String FUNCTION = "pgmaint_cache_notify";
    public static final String TRIGGER = "pgmaint_cache_notify";

    private TriggerInstaller() {
    }

    /** Returns a line per object installed. */
    public static List<String> install(Connection db, EventTable table, String channel) throws SQLException {
        String function = Identifiers.quote(table.schema(), FUNCTION);
        boolean autoCommit = db.getAutoCommit();
        db.setAutoCommit(false);
        try (Statement ddl = db.createStatement()) {
            ddl.execute("create or replace function " + function + "() returns trigger language plpgsql as $body$\n"
                    + "begin\n"
                    + "  perform pg_catalog.pg_notify(tg_argv[0], '');\n"
                    + "  return null;\n"
                    + "end\n"
                    + "$body$");
            ddl.execute("drop trigger if exists " + Identifiers.quote(TRIGGER) + " on " + table.qualifiedName());
            // the channel is a value: the server quotes it (%L) into the trigger's argument
            ddl.execute(createTriggerSql(db, table.qualifiedName(), function, channel));
            db.commit();
        } catch (SQLException e) {
            db.rollback();
            throw e;
        } finally {
            db.setAutoCommit(autoCommit);
        }
        try (Statement index = db.createStatement()) {
            index.execute(table.pendingIndexSql().replace("create index if not exists", "create index concurrently if not exists"));
        }
        return List.of("function " + table.schema() + "." + FUNCTION + "()",
                "trigger " + TRIGGER + " on " + table.describe() + " (after insert, for each statement, notifies " + channel + ")",
                "index " + table.table() + "_pending_idx on " + table.describe() + " (pending events)");
    }

    private static String createTriggerSql(Connection db, String table, String function, String channel) throws SQLException {
        try (PreparedStatement format = db.prepareStatement("select pg_catalog.format("
                + "'create trigger %I after insert on %s for each statement execute function %s(%L)', ?, ?, ?, ?)")) {
            format.setString(1, TRIGGER);
            format.setString(2, table);
            format.setString(3, function);
            format.setString(4, channel);
            try (ResultSet result = format.executeQuery()) {
                result.next();
                return result.getString(1);
            }
        }
    }
}
