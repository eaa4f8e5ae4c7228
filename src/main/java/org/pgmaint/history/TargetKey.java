package org.pgmaint.history;

/**
 * Whose history a run belongs to: the target (a configured name, or host:port for a single database) and the
 * database on it. Every history series is kept and read by this pair.
 */
public record TargetKey(String target, String database) {

    /** A single database's key: host:port of its first endpoint (the socket folder for a socket) and the database. */
    public static TargetKey of(org.pgmaint.db.ConnectionSettings settings) {
        return new TargetKey(settings.host() + ":" + settings.port(), settings.dbname());
    }

    @Override
    public String toString() {
        return target + "/" + database;
    }
}
