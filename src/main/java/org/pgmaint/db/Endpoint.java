package org.pgmaint.db;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * One server to try, as libpq reads one entry of its host, hostaddr and port lists: a Unix-domain socket when the
 * host is empty or a directory (and no hostaddr is given), otherwise TCP to hostaddr if given, else to host.
 */
public record Endpoint(String host, String hostaddr, int port) {
    /**
     * Where the socket is looked for when no host is given: Debian's and Ubuntu's server directory, then the
     * directory of a server built from source.
     */
    static final List<Path> DEFAULT_SOCKET_DIRS = List.of(Path.of("/var/run/postgresql"), Path.of("/tmp"));

    public Endpoint {
        host = host == null ? "" : host;
        hostaddr = hostaddr == null ? "" : hostaddr;
    }

    public boolean isSocket() {
        return hostaddr.isEmpty() && (host.isEmpty() || host.startsWith("/"));
    }

    /** The socket file: {@code <dir>/.s.PGSQL.<port>}; with no host, in the first default directory that has it. */
    public Path socketFile() {
        String name = ".s.PGSQL." + port;
        if (!host.isEmpty()) {
            return Path.of(host).resolve(name);
        }
        return DEFAULT_SOCKET_DIRS.stream().map(dir -> dir.resolve(name)).filter(Files::exists).findFirst()
                .orElse(DEFAULT_SOCKET_DIRS.get(0).resolve(name));
    }

    /**
     * The host name a ~/.pgpass line must have, as in libpq: {@code localhost} for the default socket directory,
     * the directory itself for another one, the host (not hostaddr) for TCP.
     */
    public String pgpassHost() {
        if (isSocket()) {
            return host.isEmpty() || Path.of(host).equals(DEFAULT_SOCKET_DIRS.get(0)) ? "localhost" : host;
        }
        return host.isEmpty() ? hostaddr : host;
    }

    /** What was tried, as psql says it: {@code on socket "/run/x/.s.PGSQL.5432"} or {@code at "db1" (10.0.0.1), port 5432}. */
    public String describe(String address) {
        if (isSocket()) {
            return "on socket \"" + socketFile() + "\"";
        }
        String name = host.isEmpty() ? hostaddr : host;
        return "at \"" + name + "\"" + (address == null || address.equals(name) ? "" : " (" + address + ")") + ", port " + port;
    }

    /** host:port or the socket file, for short messages. */
    @Override
    public String toString() {
        return isSocket() ? socketFile().toString() : (host.isEmpty() ? hostaddr : host) + ":" + port;
    }
}
