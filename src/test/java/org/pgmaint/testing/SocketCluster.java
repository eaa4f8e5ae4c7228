package org.pgmaint.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A private PostgreSQL cluster that listens on a Unix-domain socket only (listen_addresses=''), run as the
 * {@code postgres} OS user with the machine's PostgreSQL 15 binaries (what is tested is the client side: how
 * pgmaint finds and authenticates on a socket), and pg_hba.conf lines of the test's. Tests run as root: a map
 * {@code tests} lets root be the postgres role under peer authentication, as pg_ident.conf allows.
 */
public final class SocketCluster implements AutoCloseable {
    public static final Path BIN = Path.of("/usr/lib/postgresql/15/bin");
    private final Path data;
    private final Path socketDir;
    private final int port;

    private SocketCluster(Path data, Path socketDir, int port) {
        this.data = data;
        this.socketDir = socketDir;
        this.port = port;
    }

    public static boolean available() {
        return Files.isExecutable(BIN.resolve("initdb")) && run(List.of("id", "-u", "postgres"), false).exitCode() == 0;
    }

    /** initdb, the given pg_hba.conf lines (before the map line), and a start on the socket in a new directory. */
    public static SocketCluster start(int port, String... hbaLines) {
        try {
            Path base = Files.createTempDirectory(Path.of("/tmp"), "c1-sock-");
            Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path data = base.resolve("data");
            Path socketDir = base.resolve("socket");
            Files.createDirectories(socketDir);
            run(List.of("chown", "-R", "postgres:postgres", base.toString()), true);
            asPostgres(BIN.resolve("initdb") + " -D " + data + " -U postgres -A trust --no-sync -E UTF8 >/dev/null");
            List<String> hba = new ArrayList<>(List.of(hbaLines));
            hba.add("local all all peer map=tests");
            Files.writeString(data.resolve("pg_hba.conf"), String.join("\n", hba) + "\n");
            Files.writeString(data.resolve("pg_ident.conf"), "tests root postgres\ntests postgres postgres\n");
            Files.writeString(data.resolve("postgresql.auto.conf"), "listen_addresses = ''\nport = " + port
                    + "\nunix_socket_directories = '" + socketDir + "'\nfsync = off\n" + QuietAutovacuum.conf());
            SocketCluster cluster = new SocketCluster(data, socketDir, port);
            asPostgres(BIN.resolve("pg_ctl") + " -D " + data + " -l " + base.resolve("log") + " -w -t 60 start >/dev/null");
            return cluster;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path socketDir() {
        return socketDir;
    }

    public int port() {
        return port;
    }

    /** Runs SQL with psql over the socket as the postgres role. */
    public void sql(String database, String sql) {
        asPostgres(BIN.resolve("psql") + " -X -q -v ON_ERROR_STOP=1 -h " + socketDir + " -p " + port + " -d " + database
                + " -c " + shellQuote(sql) + " >/dev/null");
    }

    public static String shellQuote(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }

    /** A shell command line as the postgres OS user, its output; fails the test when it fails. */
    public static String asPostgres(String command) {
        return run(List.of("runuser", "-u", "postgres", "--", "sh", "-c", command), true).output();
    }

    private record Result(int exitCode, String output) {
    }

    private static Result run(List<String> command, boolean mustSucceed) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("timed out: " + command);
            }
            if (mustSucceed && process.exitValue() != 0) {
                throw new IllegalStateException(command + " failed (" + process.exitValue() + "): " + output);
            }
            return new Result(process.exitValue(), output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        asPostgres(BIN.resolve("pg_ctl") + " -D " + data + " -m immediate -w stop >/dev/null");
        run(List.of("rm", "-rf", data.getParent().toString()), false);
    }
}
