package org.pgmaint.db;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.pgmaint.config.Config;
import org.pgmaint.config.ConfigKeys;
import org.pgmaint.config.InvalidInputException;
import org.pgmaint.config.Problem;
import org.pgmaint.config.Secrets;

/**
 * Where and how to connect, resolved like libpq does: connection-string values (a URI or key=value string in
 * connection.dbname) &gt; flags and PGMAINT_ variables &gt; the service (service=, $PGSERVICE) &gt; PG* variables
 * and the config file &gt; defaults. A parameter pgmaint cannot honour is an error, never dropped. The password is
 * never part of {@link #toString()}.
 */
public record ConnectionSettings(List<Endpoint> endpoints, String user, String dbname, String password,
                                 Duration connectTimeout, String sslmode, String applicationName, String options,
                                 String targetSessionAttrs, SslFiles sslFiles) {
    /** The parameters pgmaint honours, in connection strings and service files. */
    static final List<String> HONOURED = List.of("host", "hostaddr", "port", "dbname", "user", "password", "sslmode",
            "sslrootcert", "sslcert", "sslkey", "connect_timeout", "application_name", "options",
            "target_session_attrs");
    /** libpq parameters pgmaint does not honour yet: refused by name rather than dropped. */
    static final Set<String> NOT_YET = Set.of("sslpassword", "sslcrl", "sslcrldir", "sslsni", "sslcompression",
            "sslcertmode", "sslnegotiation", "ssl_min_protocol_version", "ssl_max_protocol_version", "requiressl",
            "requirepeer", "require_auth", "gssencmode", "krbsrvname", "gsslib", "gssdelegation", "channel_binding",
            "keepalives", "keepalives_idle", "keepalives_interval", "keepalives_count", "tcp_user_timeout",
            "replication", "passfile", "fallback_application_name", "client_encoding", "load_balance_hosts",
            "min_protocol_version", "max_protocol_version", "scram_client_key", "scram_server_key");
    /** libpq's environment variables of the parameters above that are not in the config (PGHOST etc. are). */
    static final Map<String, String> ENV_PARAMETERS = Map.of("PGHOSTADDR", "hostaddr", "PGOPTIONS", "options",
            "PGTARGETSESSIONATTRS", "target_session_attrs", "PGSSLROOTCERT", "sslrootcert", "PGSSLCERT", "sslcert",
            "PGSSLKEY", "sslkey");
    /** libpq's environment variables that pgmaint does not honour yet (it honours PGHOST, PGPORT, PGUSER, ...). */
    static final List<String> ENV_NOT_YET = List.of("PGSSLCRL", "PGSSLCRLDIR", "PGSSLSNI", "PGSSLCOMPRESSION",
            "PGSSLCERTMODE", "PGSSLNEGOTIATION", "PGSSLMINPROTOCOLVERSION", "PGSSLMAXPROTOCOLVERSION", "PGREQUIRESSL",
            "PGREQUIREPEER", "PGREQUIREAUTH", "PGGSSENCMODE", "PGKRBSRVNAME", "PGGSSLIB", "PGGSSDELEGATION",
            "PGCHANNELBINDING", "PGLOADBALANCEHOSTS", "PGMINPROTOCOLVERSION", "PGMAXPROTOCOLVERSION",
            "PGCLIENTENCODING", "PGDATESTYLE", "PGTZ", "PGGEQO");
    /** libpq's target_session_attrs values. */
    static final List<String> TARGET_SESSION_ATTRS = List.of("any", "read-write", "read-only", "primary", "standby",
            "prefer-standby");

    /** Client certificate files (empty: the driver's defaults under ~/.postgresql, as libpq's). */
    public record SslFiles(String rootcert, String cert, String key) {
        public static final SslFiles DEFAULTS = new SslFiles("", "", "");
    }

    /** Settings of one host and port with pgmaint's own application_name. */
    public ConnectionSettings(String host, int port, String user, String dbname, String password,
                              Duration connectTimeout, String sslmode) {
        this(host, port, user, dbname, password, connectTimeout, sslmode, Connections.APPLICATION_NAME);
    }

    /** Settings of one host and port (a directory: its Unix-domain socket). */
    public ConnectionSettings(String host, int port, String user, String dbname, String password,
                              Duration connectTimeout, String sslmode, String applicationName) {
        this(List.of(new Endpoint(host, "", port)), user, dbname, password, connectTimeout, sslmode, applicationName,
                "", "any", SslFiles.DEFAULTS);
    }

    public ConnectionSettings {
        endpoints = List.copyOf(endpoints);
    }

    /** The same settings for another database of the same servers (a cluster's other databases). */
    public ConnectionSettings withDbname(String database) {
        return new ConnectionSettings(endpoints, user, database, password, connectTimeout, sslmode, applicationName,
                options, targetSessionAttrs, sslFiles);
    }

    /** The first endpoint's host (empty: the default socket directory). */
    public String host() {
        return endpoints.get(0).host();
    }

    /** The first endpoint's port. */
    public int port() {
        return endpoints.get(0).port();
    }

    public static ConnectionSettings from(Config config) {
        return from(config, System.getenv());
    }

    /** The settings of the configuration, with the service files and PG* variables of this environment. */
    public static ConnectionSettings from(Config config, Map<String, String> env) {
        return new ConnectionResolution(config, env).resolve();
    }

    private static final List<String> WITH_URI = List.of("host", "port", "dbname", "user", "password", "sslmode",
            "connect_timeout", "application_name");

    /** Applies a connection string (postgresql://user@host:port/dbname?sslmode=..., or key=value pairs) over these. */
    public ConnectionSettings withUri(String text, String origin) {
        List<Problem> problems = new ArrayList<>();
        Map<String, String> params = parseConninfo(text, origin, problems);
        params.keySet().stream().filter(name -> !WITH_URI.contains(name)).forEach(name -> problems.add(Problem.of(origin,
                ConfigKeys.DBNAME.name(), "connection parameter \"" + name + "\" cannot be applied here (valid: "
                        + String.join(", ", WITH_URI) + ")")));
        if (!problems.isEmpty()) {
            throw new InvalidInputException("connection URI", problems);
        }
        String newUser = params.getOrDefault("user", user);
        ConnectionSettings settings = new ConnectionSettings(params.getOrDefault("host", host()),
                params.containsKey("port") ? port(params.get("port"), origin, 0, problems) : port(), newUser,
                params.getOrDefault("dbname", newUser), params.getOrDefault("password", password),
                params.containsKey("connect_timeout") ? timeout(params.get("connect_timeout"), origin, 0, problems)
                        : connectTimeout, params.getOrDefault("sslmode", sslmode),
                params.getOrDefault("application_name", applicationName));
        if (!problems.isEmpty()) {
            throw new InvalidInputException("connection URI", problems);
        }
        return settings;
    }

    static Map<String, String> parseConninfo(String text, String origin, List<Problem> problems) {
        try {
            return Conninfo.parse(text);
        } catch (IllegalArgumentException e) {
            problems.add(Problem.of(origin, ConfigKeys.DBNAME.name(), "not a valid connection string (should look like "
                    + "postgresql://user@host:5432/dbname or \"host=... dbname=...\"): " + Secrets.maskUri(e.getMessage())));
            throw new InvalidInputException("connection string", problems);
        }
    }

    /** A problem when pgmaint cannot honour the parameter; {@code service} only where a service may be named. */
    static void checkName(String name, boolean serviceAllowed, String source, int line, String key,
                          List<Problem> problems) {
        if (HONOURED.contains(name) || (serviceAllowed && name.equals("service"))) {
            return;
        }
        problems.add(Problem.at(source, line, key, NOT_YET.contains(name) || name.equals("service")
                ? "connection parameter \"" + name + "\" is not supported by pgmaint yet (it honours "
                        + String.join(", ", HONOURED) + (serviceAllowed ? ", service" : "") + ")"
                : "unknown connection parameter \"" + name + "\" (valid: " + String.join(", ", HONOURED)
                        + (serviceAllowed ? ", service" : "") + ")"));
    }

    static int port(String text, String source, int line, List<Problem> problems) {
        try {
            int port = Integer.parseInt(text.strip());
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problems.add(Problem.at(source, line, "port", "should be a port number from 1 to 65535, not \"" + text + "\""));
        return 0;
    }

    static Duration timeout(String text, String source, int line, List<Problem> problems) {
        try {
            long seconds = Long.parseLong(text.strip());
            if (seconds >= 1 && seconds <= 600) {
                return Duration.ofSeconds(seconds);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problems.add(Problem.at(source, line, "connect_timeout", "should be whole seconds from 1 to 600, not \"" + text + "\""));
        return Duration.ZERO;
    }

    /** host:port (or the socket file)/dbname as user, for messages; a host list is joined with commas. */
    public String describe() {
        return String.join(",", endpoints.stream().map(Endpoint::toString).toList()) + "/" + dbname + " as " + user;
    }

    /** What pgmaint will try, for config and validate: the servers in order, database, user and what else is set. */
    public String summary() {
        return describe() + ", sslmode " + sslmode()
                + (targetSessionAttrs.equals("any") ? "" : ", target_session_attrs " + targetSessionAttrs)
                + (options.isEmpty() ? "" : ", options " + options)
                + ", application_name " + applicationName;
    }

    @Override
    public String toString() {
        return "ConnectionSettings[" + describe() + (password == null || password.isEmpty() ? "" : ", password=********") + "]";
    }
}
