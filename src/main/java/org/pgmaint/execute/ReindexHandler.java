package org.pgmaint.execute;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.pgmaint.db.Connections;
import org.pgmaint.db.Identifiers;
import org.pgmaint.db.Relations;
import org.pgmaint.db.Relations.Relation;
import org.pgmaint.model.Action;
import org.pgmaint.plan.ActionSql;
import org.pgmaint.plan.PlannedAction;

/**
 * REINDEX INDEX CONCURRENTLY, in autocommit. A concurrent reindex that fails (lock timeout, cancel) leaves an
 * invalid {@code <index>_ccnew} (or {@code _ccold}) index behind that slows every write; this handler drops
 * such leftovers with DROP INDEX CONCURRENTLY, and says so when it cannot. It never reindexes such a leftover
 * (whatever rule planned it): that would only make a valid copy of the copy beside the original.
 */
final class ReindexHandler implements ActionHandler {
    private static final String INVALID_INDEXES = "select /* pgmaint:executor */ c.relname::text"
            + " from pg_catalog.pg_index i join pg_catalog.pg_class c on c.oid = i.indexrelid"
            + " where i.indrelid = ? and not i.indisvalid";
    /** What REINDEX CONCURRENTLY names its copies: {@code <index>_ccnew}, {@code _ccold}, then with a number. */
    private static final Pattern LEFTOVER_NAME = Pattern.compile("_cc(new|old)[0-9]*$");
    /** What can be reindexed: tables, materialized views, partitioned tables. */
    private static final Set<String> TABLE_KINDS = Set.of("r", "m", "p");

    @Override
    public Outcome execute(Connection connection, PlannedAction planned, Deadline deadline) throws SQLException {
        Action action = planned.action();
        Optional<Relation> live = Relations.find(connection, action.schema(), action.table())
                .filter(relation -> TABLE_KINDS.contains(relation.kind()));
        Boolean leftover = live.isEmpty() ? null : leftover(connection, action);
        if (leftover == null) {
            return Outcome.skipped("stale: the index no longer exists");
        }
        if (leftover) {
            return Outcome.skipped("the index is the invalid leftover of an interrupted REINDEX CONCURRENTLY: reindexing"
                    + " it would only copy it; drop it instead: DROP INDEX CONCURRENTLY "
                    + Identifiers.quote(action.schema(), action.index()) + ";");
        }
        long table = live.get().oid();
        Set<String> invalidBefore = invalidIndexes(connection, table);
        try (Statement s = connection.createStatement()) {
            s.execute(ActionSql.render(action));
        } catch (SQLException e) {
            String cleanup = Connections.isConnectionLost(e) ? "" : cleanUp(connection, action, table, invalidBefore);
            if (cleanup.isEmpty()) {
                throw e;
            }
            throw new NotedSQLException(e, cleanup);
        }
        String cleanup = cleanUp(connection, action, table, invalidBefore);
        if (cleanup.startsWith("left")) {
            return Outcome.failed("reindexed, but " + cleanup);
        }
        return cleanup.isEmpty() ? Outcome.done() : new Outcome(PlannedAction.DONE, cleanup, Map.of());
    }

    /** Null when the index no longer exists; true when it is an invalid _ccnew/_ccold leftover (to drop, not rebuild). */
    private static Boolean leftover(Connection connection, Action action) throws SQLException {
        Optional<Relation> index = Relations.find(connection, action.schema(), action.index())
                .filter(relation -> relation.kind().equals("i"));
        if (index.isEmpty()) {
            return null;
        }
        if (!LEFTOVER_NAME.matcher(action.index()).find()) {
            return false;
        }
        try (PreparedStatement s = connection.prepareStatement("select /* pgmaint:executor */ not i.indisvalid"
                + " from pg_catalog.pg_index i where i.indexrelid = ?")) {
            s.setLong(1, index.get().oid());
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getBoolean(1) : null;
            }
        }
    }

    private static Set<String> invalidIndexes(Connection connection, long table) throws SQLException {
        Set<String> names = new TreeSet<>();
        try (PreparedStatement s = connection.prepareStatement(INVALID_INDEXES)) {
            s.setLong(1, table);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
        }
        return names;
    }

    /** Drops the invalid _ccnew/_ccold indexes this reindex left; returns what it did, or "" when nothing was left. */
    private static String cleanUp(Connection connection, Action action, long table, Set<String> invalidBefore) {
        List<String> dropped = new ArrayList<>();
        Map<String, String> left = new LinkedHashMap<>();
        try {
            for (String name : invalidIndexes(connection, table)) {
                if (invalidBefore.contains(name) || !(name.contains("_ccnew") || name.contains("_ccold"))) {
                    continue;
                }
                String drop = "DROP INDEX CONCURRENTLY IF EXISTS " + Identifiers.quote(action.schema(), name);
                try (Statement s = connection.createStatement()) {
                    s.execute(drop);
                    dropped.add(name);
                } catch (SQLException e) {
                    left.put(name, drop + " (" + Connections.firstLine(e) + ")");
                }
            }
        } catch (SQLException e) {
            return "left possibly invalid _ccnew indexes on " + action.schema() + "." + action.table()
                    + ": could not look (" + Connections.firstLine(e) + ")";
        }
        if (!left.isEmpty()) {
            return "left invalid index " + String.join(", ", left.keySet()) + ": drop it with " + String.join("; ", left.values());
        }
        return dropped.isEmpty() ? "" : "dropped leftover invalid index " + String.join(", ", dropped);
    }
}
