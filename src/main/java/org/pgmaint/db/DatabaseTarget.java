package org.pgmaint.db;

/**
 * One database of one target (a cluster: a server, or a primary with its replicas), as a fleet run visits it: the
 * target's name (the targets file's {@code name}, else {@link #defaultName}) and the settings that connect to
 * this database. Everything that is kept per database (run files, history, metrics labels) is keyed by
 * {@code (target, database)}.
 */
public record DatabaseTarget(String target, ConnectionSettings connection) {

    public DatabaseTarget {
        if (target == null || target.isEmpty()) {
            throw new IllegalArgumentException("a target needs a name");
        }
    }

    /** The database connected to ({@code connection.dbname()}). */
    public String database() {
        return connection.dbname();
    }

    /** The one database of a run without a targets file, named after its server ({@link #defaultName}). */
    public static DatabaseTarget single(ConnectionSettings connection) {
        return new DatabaseTarget(defaultName(connection), connection);
    }

    /** The same target's settings for another database of the cluster. */
    public DatabaseTarget withDatabase(String database) {
        return new DatabaseTarget(target, connection.withDbname(database));
    }

    /**
     * The name of a target given only by connection settings: its first server as {@code host:port}, or
     * {@code local:port} for the Unix-domain socket.
     */
    public static String defaultName(ConnectionSettings connection) {
        Endpoint first = connection.endpoints().get(0);
        String host = first.isSocket() ? "local" : first.host().isEmpty() ? first.hostaddr() : first.host();
        return host + ":" + first.port();
    }
}
