package org.pgmaint.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/** The one catalog lookup of a relation by its real name (bound as values, never spliced into SQL). */
public final class Relations {
    private static final String BY_NAME = "select c.oid::bigint, c.relkind::text from pg_catalog.pg_class c"
            + " join pg_catalog.pg_namespace n on n.oid = c.relnamespace where n.nspname = ? and c.relname = ?";

    private Relations() {
    }

    /** A relation as pg_class has it: its oid and relkind ('r' table, 'p' partitioned table, 'i' index, ...). */
    public record Relation(long oid, String kind) {
        /** A table rows can be deleted from: plain or partitioned. */
        public boolean isTable() {
            return kind.equals("r") || kind.equals("p");
        }
    }

    /** The relation named so in that schema, if there is one now. */
    public static Optional<Relation> find(Connection connection, String schema, String name) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(BY_NAME)) {
            statement.setString(1, schema);
            statement.setString(2, name);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? Optional.of(new Relation(rs.getLong(1), rs.getString(2))) : Optional.empty();
            }
        }
    }
}
