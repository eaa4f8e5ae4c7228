package org.pgmaint.db;

import static org.pgmaint.db.ConnectionSettings.checkName;
import static org.pgmaint.db.ConnectionSettings.parseConninfo;
import static org.pgmaint.db.ConnectionSettings.port;
import static org.pgmaint.db.ConnectionSettings.timeout;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
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
    /** A parameter's text and where it came from (a line of a service file, else 0). */
    private record Value(String text, String source, int line) {
    }

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
        failOnProblems();
        String user = text("user", ConfigKeys.USER);
        if (user == null || user.isBlank()) {
            user = System.getProperty("user.name");
        }
        String dbname = text("dbname", ConfigKeys.DBNAME);
        Value timeoutValue = fromStringOrService("connect_timeout", ConfigKeys.CONNECT_TIMEOUT);
        Value applicationName = fromStringOrService("application_name", null);
        if (applicationName == null) {
            applicationName = fromEnv("PGAPPNAME");
        }
        Value targetSessionAttrs = extra("target_session_attrs");
        ConnectionSettings settings = new ConnectionSettings(endpoints(),
                user, dbname == null || dbname.isBlank() ? user : dbname, text("password", ConfigKeys.PASSWORD),
                timeoutValue == null ? config.duration(ConfigKeys.CONNECT_TIMEOUT)
                        : timeout(timeoutValue.text(), timeoutValue.source(), timeoutValue.line(), problems),
                text("sslmode", ConfigKeys.SSLMODE),
                applicationName == null ? Connections.APPLICATION_NAME : applicationName.text(),
                textOf(extra("options")), targetSessionAttrs(targetSessionAttrs),
                new ConnectionSettings.SslFiles(textOf(extra("sslrootcert")), textOf(extra("sslcert")), sslKey()));
        if (settings.sslmode().equals("verify-full")
                && settings.endpoints().stream().anyMatch(e -> !e.hostaddr().isEmpty() && !e.host().isEmpty())) {
            Value hostaddr = extra("hostaddr");
            problems.add(Problem.at(hostaddr.source(), hostaddr.line(), "hostaddr", "cannot be combined with"
                    + " sslmode=verify-full in pgmaint: the JDBC driver would check the certificate against hostaddr,"
                    + " not host (give host only, or sslmode=verify-ca)"));
        }
        failOnProblems();
        return settings;
    }

    private void failOnProblems() {
        if (!problems.isEmpty()) {
            throw new InvalidInputException("connection settings", problems);
        }
    }

    /**
     * The servers to try, in order, from the host, hostaddr and port lists as libpq pairs them: one port serves
     * every host; an empty host is the default socket directory (or hostaddr over TCP).
     */
    private List<Endpoint> endpoints() {
        Value host = valueOf("host", ConfigKeys.HOST);
        Value hostaddr = extra("hostaddr");
        Value port = fromStringOrService("port", ConfigKeys.PORT);
        int configPort = config.integer(ConfigKeys.PORT);
        List<String> hosts = split(host);
        List<String> hostaddrs = split(hostaddr);
        if (hosts.size() > 1 && hostaddrs.size() > 1 && hosts.size() != hostaddrs.size()) {
            problems.add(Problem.at(hostaddr.source(), hostaddr.line(), "hostaddr", "could not match " + hosts.size()
                    + " host names to " + hostaddrs.size() + " hostaddr values"));
            return List.of();
        }
        int count = Math.max(hosts.size(), hostaddrs.size());
        List<String> ports = split(port);
        if (ports.size() != 1 && ports.size() != count) {
            problems.add(Problem.at(port.source(), port.line(), "port", "could not match " + ports.size()
                    + " port numbers to " + count + " hosts"));
            return List.of();
        }
        List<Endpoint> endpoints = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String h = hosts.get(hosts.size() == 1 ? 0 : i);
            String a = hostaddrs.get(hostaddrs.size() == 1 ? 0 : i);
            String p = ports.get(ports.size() == 1 ? 0 : i);
            if (!a.isEmpty() && !a.matches("[0-9.]+|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*")) {
                problems.add(Problem.at(hostaddr.source(), hostaddr.line(), "hostaddr", "should be a numeric IPv4 or"
                        + " IPv6 address (a name goes in host), not \"" + a + "\""));
            }
            if (!h.isEmpty() && !h.startsWith("/") && h.contains("/")) {
                problems.add(Problem.at(host.source(), host.line(), "host", "should be a host name, an address or"
                        + " an absolute socket directory (starting with /), not \"" + h + "\""));
            }
            endpoints.add(new Endpoint(h, a, p.isEmpty() ? configPort : port(p, port.source(), port.line(), problems)));
        }
        return endpoints;
    }

    private static List<String> split(Value value) {
        return value == null ? List.of("") : Arrays.stream(value.text().split(",", -1)).map(String::strip).toList();
    }

    private String targetSessionAttrs(Value value) {
        if (value == null) {
            return "any";
        }
        if (!ConnectionSettings.TARGET_SESSION_ATTRS.contains(value.text())) {
            problems.add(Problem.at(value.source(), value.line(), "target_session_attrs", "should be one of "
                    + String.join(", ", ConnectionSettings.TARGET_SESSION_ATTRS) + ", not \"" + value.text() + "\""));
        }
        return value.text();
    }

    /** The client key file; a PEM key is refused by name: the JDBC driver reads PKCS-8 DER or PKCS-12 only. */
    private String sslKey() {
        Value key = extra("sslkey");
        if (key == null) {
            return "";
        }
        Path file = Path.of(key.text());
        if (Files.isRegularFile(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                if (new String(in.readNBytes(11), StandardCharsets.US_ASCII).equals("-----BEGIN ")) {
                    problems.add(Problem.at(key.source(), key.line(), "sslkey", "\"" + key.text() + "\" is a PEM key,"
                            + " which the JDBC driver cannot read: convert it (openssl pkcs8 -topk8 -outform DER -in "
                            + file.getFileName() + " -out " + file.getFileName() + ".pk8, -nocrypt for no passphrase)"
                            + " and name the .pk8 file, or a PKCS-12 .p12 file"));
                }
            } catch (IOException e) {
                problems.add(Problem.at(key.source(), key.line(), "sslkey", "\"" + key.text() + "\" cannot be read: "
                        + e.getClass().getSimpleName()));
            }
        }
        return key.text();
    }

    private String text(String name, ConfigKey key) {
        return textOf(valueOf(name, key));
    }

    private static String textOf(Value value) {
        return value == null ? "" : value.text();
    }

    /**
     * The parameter's value from the highest layer that has it: the connection string, then a flag or PGMAINT_
     * variable, then the service, then the config file, a PG* variable or the default.
     */
    private Value valueOf(String name, ConfigKey key) {
        if (inConninfo(name)) {
            return new Value(conninfo.get(name), dbnameOrigin, 0);
        }
        String origin = config.origin(key.name());
        boolean explicit = isExplicit(origin);
        boolean ownText = !(key == ConfigKeys.DBNAME && Conninfo.isConninfo(dbnameText));
        String configText = ownText ? config.string(key) : "";
        String configSource = !origin.equals("flag") ? origin : key == ConfigKeys.HOST ? "-h/--host" : "flag " + key.name();
        if (explicit && ownText) {
            return configText.isEmpty() ? null : new Value(configText, configSource, 0);
        }
        if (inService(name)) {
            return serviceValue(name);
        }
        return configText.isEmpty() ? null : new Value(configText, configSource, 0);
    }

    /**
     * A parameter whose config value is typed (port, connect_timeout) or that has no config key
     * (application_name): its text from the connection string, else from the service unless a flag or PGMAINT_
     * variable set it; null when the config's value stands.
     */
    private Value fromStringOrService(String name, ConfigKey key) {
        if (inConninfo(name)) {
            return new Value(conninfo.get(name), dbnameOrigin, 0);
        }
        return !(key != null && isExplicit(config.origin(key.name()))) && inService(name) ? serviceValue(name) : null;
    }

    private static boolean isExplicit(String origin) {
        return origin.equals("flag") || origin.startsWith("env PGMAINT_");
    }

    /** A libpq parameter without a config key: the connection string, the service, then its PG* variable. */
    private Value extra(String name) {
        if (inConninfo(name)) {
            return new Value(conninfo.get(name), dbnameOrigin, 0);
        }
        if (inService(name)) {
            return serviceValue(name);
        }
        return ConnectionSettings.ENV_PARAMETERS.entrySet().stream().filter(e -> e.getValue().equals(name))
                .map(e -> fromEnv(e.getKey())).filter(v -> v != null).findFirst().orElse(null);
    }

    private Value fromEnv(String var) {
        String value = env.get(var);
        return value == null || value.isEmpty() ? null : new Value(value, "environment variable " + var, 0);
    }

    private Value serviceValue(String name) {
        ServiceFile.Parameter p = service.parameters().get(name);
        return new Value(p.value(), "service \"" + service.name() + "\" in " + service.file(), p.line());
    }

    private boolean inConninfo(String name) {
        return !conninfo.getOrDefault(name, "").isEmpty();
    }

    private boolean inService(String name) {
        return service != null && service.parameters().containsKey(name)
                && !service.parameters().get(name).value().isEmpty();
    }

}
