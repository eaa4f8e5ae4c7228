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

/**
 * bin/run_database_maintenance.sh with the database stopped (a closed port): loads the environment file, runs
 * pgmaint, keeps its exit code (3) and leaves an alert saying the database could not be reached.
 */
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
}
