package org.pgmaint.history;

/**
 * Whose history a run belongs to: the target (a configured name, or host:port for a single database) and the
 * database on it. Every history series is kept and read by this pair.
 */
public record TargetKey(String target, String database) {

    /** The key of one database of a target (a fleet's named target, or a lone database's host:port). */
    public static TargetKey of(org.pgmaint.db.DatabaseTarget database) {
        return new TargetKey(database.target(), database.database());
    }

    /** A lone database's key: its server as host:port (local:port for the socket) and the database. */
    public static TargetKey of(org.pgmaint.db.ConnectionSettings settings) {
        return of(org.pgmaint.db.DatabaseTarget.single(settings));
    }

    @Override
    public String toString() {
        return target + "/" + database;
    }
}
