package org.pgmaint.db;

import static org.pgmaint.db.ConnectionSettings.checkName;
import static org.pgmaint.db.ConnectionSettings.parseConninfo;
import static org.pgmaint.db.ConnectionSettings.port;
import static org.pgmaint.db.ConnectionSettings.timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.pgmaint.config.Config;
import org.pgmaint.config.ConfigKey;
import org.pgmaint.config.ConfigKeys;
import org.pgmaint.config.InvalidInputException;
import org.pgmaint.config.Problem;

/**
 * One resolution of {@link ConnectionSettings}' layers for one configuration and environment (the order is in its
 * javadoc); an empty value counts as not set, as in libpq.
 */
final class ConnectionResolution {
    private final Config config;
    private final Map<String, String> env;
    private final List<Problem> problems = new ArrayList<>();
    private final String dbnameText;
    private final String dbnameOrigin;
    private final Map<String, String> conninfo;
    private ServiceFile.Service service;

    ConnectionResolution(Config config, Map<String, String> env) {
        this.config = config;
        this.env = env;
        this.dbnameText = config.string(ConfigKeys.DBNAME);
        this.dbnameOrigin = config.origin(ConfigKeys.DBNAME.name());
        this.conninfo = Conninfo.isConninfo(dbnameText) ? parseConninfo(dbnameText, dbnameOrigin, problems) : Map.of();
    }

    ConnectionSettings resolve() {
        for (String var : ConnectionSettings.ENV_NOT_YET) {
            String value = env.get(var);
            if (value != null && !value.isEmpty()) {
                problems.add(Problem.of("environment variable " + var, "", "is not supported by pgmaint yet: unset it"
                        + " (pgmaint would otherwise connect without it)"));
            }
        }
        conninfo.keySet().forEach(name -> checkName(name, true, dbnameOrigin, 0, ConfigKeys.DBNAME.name(), problems));
        String serviceName = inConninfo("service") ? conninfo.get("service") : null;
        String serviceOrigin = dbnameOrigin;
        if (serviceName == null && env.get("PGSERVICE") != null && !env.get("PGSERVICE").isEmpty()) {
            serviceName = env.get("PGSERVICE");
            serviceOrigin = "environment variable PGSERVICE";
        }
        if (serviceName != null) {
            service = ServiceFile.find(serviceName, env, serviceOrigin);
            String source = "service \"" + service.name() + "\" in " + service.file();
            service.parameters().forEach((name, p) -> checkName(name, false, source, p.line(), name, problems));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException("connection settings", problems);
        }
        String user = text("user", ConfigKeys.USER);
        if (user == null || user.isBlank()) {
            user = System.getProperty("user.name");
        }
        String dbname = text("dbname", ConfigKeys.DBNAME);
        String portText = text("port", ConfigKeys.PORT);
        String timeoutText = text("connect_timeout", ConfigKeys.CONNECT_TIMEOUT);
        String applicationName = inConninfo("application_name") ? conninfo.get("application_name")
                : inService("application_name") ? service.parameters().get("application_name").value() : null;
        if (applicationName == null) {
            applicationName = env.getOrDefault("PGAPPNAME", "");
        }
        ConnectionSettings settings = new ConnectionSettings(text("host", ConfigKeys.HOST),
                portText == null ? config.integer(ConfigKeys.PORT) : port(portText, source("port"), line("port"), problems),
                user, dbname == null || dbname.isBlank() ? user : dbname, text("password", ConfigKeys.PASSWORD),
                timeoutText == null ? config.duration(ConfigKeys.CONNECT_TIMEOUT)
                        : timeout(timeoutText, source("connect_timeout"), line("connect_timeout"), problems),
                text("sslmode", ConfigKeys.SSLMODE),
                applicationName.isEmpty() ? Connections.APPLICATION_NAME : applicationName);
        if (settings.host().startsWith("/")) {
            // pgjdbc reads a path as a malformed URL ("Unable to parse URL"): say what is missing instead
            problems.add(Problem.of(hostSource(), "host", "Unix-domain sockets are not supported yet: use -h 127.0.0.1"
                    + " (or the server's address) and a password or ~/.pgpass entry for TCP"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException("connection settings", problems);
        }
        return settings;
    }

    /**
     * The parameter's value from the highest layer that has it: the connection string, then a flag or PGMAINT_
     * variable, then the service, then the config file, a PG* variable or the default. Null for port and
     * connect_timeout when the config's typed value stands.
     */
    private String text(String name, ConfigKey key) {
        if (inConninfo(name)) {
            return conninfo.get(name);
        }
        String origin = config.origin(key.name());
        boolean explicit = origin.equals("flag") || origin.startsWith("env PGMAINT_");
        boolean ownText = !(key == ConfigKeys.DBNAME && Conninfo.isConninfo(dbnameText));
        if (explicit && ownText) {
            return configText(key);
        }
        if (inService(name)) {
            return service.parameters().get(name).value();
        }
        return ownText ? configText(key) : null;
    }

    /** Where the host came from, for the message that refuses it. */
    private String hostSource() {
        String origin = config.origin(ConfigKeys.HOST.name());
        if (inConninfo("host")) {
            return dbnameOrigin;
        }
        boolean explicit = origin.equals("flag") || origin.startsWith("env PGMAINT_");
        return !explicit && inService("host") ? source("host")
                : origin.equals("flag") ? "-h/--host" : origin;
    }

    private String configText(ConfigKey key) {
        return key == ConfigKeys.PORT || key == ConfigKeys.CONNECT_TIMEOUT ? null : config.string(key);
    }

    private String source(String name) {
        return inConninfo(name) ? dbnameOrigin
                : "service \"" + service.name() + "\" in " + service.file();
    }

    private int line(String name) {
        return inConninfo(name) ? 0 : service.parameters().get(name).line();
    }

    private boolean inConninfo(String name) {
        return !conninfo.getOrDefault(name, "").isEmpty();
    }

    private boolean inService(String name) {
        return service != null && service.parameters().containsKey(name)
                && !service.parameters().get(name).value().isEmpty();
    }
}
