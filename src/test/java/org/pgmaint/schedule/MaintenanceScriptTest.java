package org.pgmaint.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pgmaint.cli.ExitCodes;
import org.pgmaint.testing.VersionIndependent;

/**
 * bin/run_database_maintenance.sh with the database stopped (a closed port): loads the environment file, runs
 * pgmaint, keeps its exit code (3) and leaves an alert saying the database could not be reached.
 */
@VersionIndependent
class MaintenanceScriptTest {
    private static final String SCRIPT = "run_database_maintenance.sh";

    @Test
    void databaseStoppedExitsThreeAndLeavesAnAlert(@TempDir Path dir) throws Exception {
        Path logs = dir.resolve("logs");
        Path envFile = dir.resolve("pgmaint.env");
        Files.write(envFile, List.of("# closed port: the database is down", "PGMAINT_CONNECTION_HOST=127.0.0.1",
                "PGMAINT_CONNECTION_PORT=1", "PGMAINT_CONNECTION_DBNAME=postgres", "PGMAINT_CONNECTION_USER=postgres",
                "PGMAINT_REPORT_DIR=" + logs));
        Files.setPosixFilePermissions(envFile, PosixFilePermissions.fromString("rw-r-----"));
        Map<String, String> env = Map.of("PGMAINT_ENV_FILE", envFile.toString(),
                "PGMAINT_BIN", ScriptRunner.launcher(dir).toString(), "PGMAINT_WORKDIR", dir.toString());

        ScriptRunner.Result result = ScriptRunner.run(env, SCRIPT, "--full");
        assertEquals(ExitCodes.DATABASE_UNAVAILABLE, result.exitCode(), result::toString);
        try (Stream<Path> files = Files.list(logs)) {
            List<Path> alerts = files.filter(p -> p.getFileName().toString().matches("alert_\\d{8}_\\d{6}\\.txt")).toList();
            assertEquals(1, alerts.size(), alerts::toString);
            String alert = Files.readString(alerts.get(0));
            assertTrue(alert.contains("THE DATABASE COULD NOT BE REACHED"), alert);
            assertTrue(alert.contains("full run"), alert);
        }
    }

    @Test
    void anEnvironmentFileWritableByOthersIsRefused(@TempDir Path dir) throws Exception {
        Path envFile = dir.resolve("pgmaint.env");
        Files.write(envFile, List.of("PGMAINT_CONNECTION_PORT=1"));
        Files.setPosixFilePermissions(envFile, PosixFilePermissions.fromString("rw-rw-rw-"));
        ScriptRunner.Result result = ScriptRunner.run(Map.of("PGMAINT_ENV_FILE", envFile.toString(),
                "PGMAINT_BIN", ScriptRunner.launcher(dir).toString()), SCRIPT);
        assertEquals(ExitCodes.INVALID_INPUT, result.exitCode(), result::toString);
        assertTrue(result.err().contains("writable by others"), result::toString);
    }

    /** A launcher that only records the arguments it was called with, one per line, and exits 0. */
    private static Path recordingLauncher(Path dir, Path record) throws Exception {
        Path stub = dir.resolve("pgmaint-stub");
        Files.writeString(stub, "#!/bin/sh\nprintf '%s\\n' \"$@\" > '" + record + "'\n");
        Files.setPosixFilePermissions(stub, PosixFilePermissions.fromString("rwx------"));
        return stub;
    }

    /**
     * psql's connection flags reach pgmaint run: the stub sees them as given, and the real pgmaint tries the
     * named server (a closed port: exit 3 and an alert) instead of the wrapper printing its usage with exit 0.
     */
    @Test
    void safety23_connectionFlagsPassThroughToPgmaintRun(@TempDir Path dir) throws Exception {
        Path record = dir.resolve("args.txt");
        Map<String, String> stubbed = Map.of("PGMAINT_ENV_FILE", dir.resolve("none.env").toString(),
                "PGMAINT_BIN", recordingLauncher(dir, record).toString(), "PGMAINT_WORKDIR", dir.toString());
        ScriptRunner.Result passed = ScriptRunner.run(stubbed, SCRIPT, "-h", "127.0.0.1", "-d", "app", "--full",
                "-U", "maint", "--help");
        assertEquals(0, passed.exitCode(), passed::toString);
        assertTrue(Files.exists(record), () -> "pgmaint run was not called: " + passed);
        assertEquals(List.of("run", "-h", "127.0.0.1", "-d", "app", "--full", "-U", "maint", "--help"),
                Files.readAllLines(record), "every argument reaches pgmaint run, in order");

        Files.deleteIfExists(record);
        ScriptRunner.Result usage = ScriptRunner.run(stubbed, SCRIPT, "--help");
        assertEquals(0, usage.exitCode(), usage::toString);
        assertTrue(usage.out().contains("run_database_maintenance.sh [--full]"), usage::toString);
        assertTrue(Files.notExists(record), "--help alone shows the usage and runs nothing");

        Path logs = dir.resolve("logs");
        Map<String, String> real = Map.of("PGMAINT_ENV_FILE", dir.resolve("none.env").toString(),
                "PGMAINT_BIN", ScriptRunner.launcher(dir).toString(), "PGMAINT_WORKDIR", dir.toString(),
                "PGMAINT_REPORT_DIR", logs.toString());
        ScriptRunner.Result down = ScriptRunner.run(real, SCRIPT, "-h", "127.0.0.1", "-p", "1", "-d", "app",
                "-U", "postgres");
        assertEquals(ExitCodes.DATABASE_UNAVAILABLE, down.exitCode(), down::toString);
        assertTrue(down.err().contains("connection to server at \"127.0.0.1\", port 1 failed"), down::toString);
        try (Stream<Path> files = Files.list(logs)) {
            assertEquals(1, files.filter(p -> p.getFileName().toString().startsWith("alert_")).count());
        }

        ScriptRunner.Result unknown = ScriptRunner.run(real, SCRIPT, "--no-such-flag");
        assertEquals(ExitCodes.INVALID_INPUT, unknown.exitCode(), unknown::toString);
        assertTrue(unknown.err().contains("--no-such-flag"), unknown::toString);
    }
}
