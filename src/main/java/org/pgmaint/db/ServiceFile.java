package org.pgmaint.db;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.pgmaint.config.InvalidInputException;
import org.pgmaint.config.Problem;

/**
 * libpq's connection service file (pg_service.conf): {@code [name]} sections of {@code key=value} lines, {@code #}
 * comments. Looked up as libpq does: $PGSERVICEFILE or ~/.pg_service.conf first, then
 * $PGSYSCONFDIR/pg_service.conf; the first file that has the service wins.
 */
public final class ServiceFile {
    /** Where Debian's and Ubuntu's libpq look for the system file when PGSYSCONFDIR is not set. */
    static final Path DEFAULT_SYSCONFDIR = Path.of("/etc/postgresql-common");

    /** A service's parameters in file order, each with the file and line it came from. */
    public record Service(String name, Path file, Map<String, Parameter> parameters) {
    }

    public record Parameter(String value, int line) {
    }

    private ServiceFile() {
    }

    /** The files looked in for a service, in order: the user's file, then the system file. */
    public static List<Path> files(Map<String, String> env) {
        List<Path> files = new ArrayList<>();
        String userFile = env.get("PGSERVICEFILE");
        if (userFile != null && !userFile.isEmpty()) {
            files.add(Path.of(userFile));
        } else {
            String home = env.getOrDefault("HOME", System.getProperty("user.home"));
            if (home != null && !home.isEmpty()) {
                files.add(Path.of(home, ".pg_service.conf"));
            }
        }
        String sysconf = env.get("PGSYSCONFDIR");
        files.add((sysconf == null || sysconf.isEmpty() ? DEFAULT_SYSCONFDIR : Path.of(sysconf)).resolve("pg_service.conf"));
        return files;
    }

    /**
     * The named service; exit 2 (as libpq: definition of service "x" not found) naming the files looked in when no
     * file has it.
     */
    public static Service find(String name, Map<String, String> env, String origin) {
        List<Path> files = files(env);
        for (Path file : files) {
            if (Files.isRegularFile(file)) {
                Optional<Service> service = read(file, name);
                if (service.isPresent()) {
                    return service.get();
                }
            }
        }
        throw new InvalidInputException("connection service", Problem.of(origin, "service",
                "definition of service \"" + name + "\" not found (looked in " + String.join(", ",
                        files.stream().map(Path::toString).toList()) + ")"));
    }

    private static Optional<Service> read(Path file, String name) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new InvalidInputException("connection service file", Problem.of(file.toString(), "",
                    "cannot be read: " + e.getClass().getSimpleName()));
        }
        Map<String, Parameter> parameters = null;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("[")) {
                if (parameters != null) {
                    break;
                }
                if (!line.endsWith("]")) {
                    throw syntax(file, i + 1, "a section line should look like [name]");
                }
                if (line.substring(1, line.length() - 1).strip().equals(name)) {
                    parameters = new LinkedHashMap<>();
                }
            } else if (parameters != null) {
                int eq = line.indexOf('=');
                if (eq <= 0) {
                    throw syntax(file, i + 1, "should look like key=value");
                }
                // the first setting of a key counts, as in libpq
                parameters.putIfAbsent(line.substring(0, eq).strip(), new Parameter(line.substring(eq + 1).strip(), i + 1));
            }
        }
        return parameters == null ? Optional.empty() : Optional.of(new Service(name, file, parameters));
    }

    private static InvalidInputException syntax(Path file, int line, String message) {
        return new InvalidInputException("connection service file", Problem.at(file.toString(), line, "", message));
    }
}
