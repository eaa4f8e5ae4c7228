package org.pgmaint.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import org.pgmaint.config.ConfigKeys;
import picocli.CommandLine.Option;

/** psql's connection flags; -d may also be a connection string (postgresql:// URI or key=value pairs). */
public class ConnectionOptions {
    @Option(names = {"-h", "--host"}, paramLabel = "HOST", description = "Database server host or socket directory (default: $PGHOST, else the socket in /var/run/postgresql or /tmp).")
    String host;

    @Option(names = {"-p", "--port"}, paramLabel = "PORT", description = "Database server port (default: $PGPORT, 5432).")
    String port;

    @Option(names = {"-U", "--username"}, paramLabel = "USER", description = "Database user (default: $PGUSER, the OS user).")
    String user;

    @Option(names = {"-d", "--dbname"}, paramLabel = "DBNAME", description = "Database name or connection string: postgresql://user@host:port/db or \"host=... dbname=...\" (default: $PGDATABASE, the user name).")
    String dbname;

    Map<String, String> flags() {
        Map<String, String> flags = new LinkedHashMap<>();
        put(flags, ConfigKeys.HOST.name(), host);
        put(flags, ConfigKeys.PORT.name(), port);
        put(flags, ConfigKeys.USER.name(), user);
        put(flags, ConfigKeys.DBNAME.name(), dbname);
        return flags;
    }

    private static void put(Map<String, String> flags, String key, String value) {
        if (value != null) {
            flags.put(key, value);
        }
    }
}
