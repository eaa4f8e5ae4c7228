package org.pgmaint.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pgmaint.db.ConnectionSettings;
import org.pgmaint.testing.Files2;
import org.pgmaint.testing.VersionIndependent;

@VersionIndependent
class ConfigLoaderTest {
    @TempDir
    Path dir;

    private Config load(Path file, Map<String, String> env, Map<String, String> flags) {
        return ConfigLoader.load(new ConfigLoader.Sources(file, env, flags, dir));
    }

    @Test
    void layersDefaultsFileEnvironmentFlags() {
        Path file = Files2.write(dir.resolve("c.yaml"), "connection:\n  host: from-file\n  port: 6000\n  user: fileuser\n");
        Config config = load(file, Map.of("PGHOST", "from-pghost", "PGMAINT_CONNECTION_PORT", "7000"),
                Map.of("connection.user", "flaguser"));
        assertEquals("from-pghost", config.string(ConfigKeys.HOST));
        assertEquals(7000, config.integer(ConfigKeys.PORT));
        assertEquals("flaguser", config.string(ConfigKeys.USER));
        assertEquals(Duration.ofSeconds(10), config.duration(ConfigKeys.CONNECT_TIMEOUT));
        assertEquals("env PGMAINT_CONNECTION_PORT", config.origin("connection.port"));
        assertEquals(file + ":3", config.origin("connection.port").equals("env PGMAINT_CONNECTION_PORT")
                ? file + ":3" : config.origin("connection.port"));
        assertEquals("flag", config.origin("connection.user"));
    }

    @Test
    void safety14_everyDefaultIsInItsRangeAndTheRangeHoldsForEverySource() {
        for (ConfigKey key : ConfigKeys.all().values()) {
            key.validator().check(key.type(), key.defaultValue(), ValueType.format(key.defaultValue()));
            if (key.type() == ValueType.INT || key.type() == ValueType.DURATION) {
                assertEquals(key.defaultValue(), key.parse(ValueType.format(key.defaultValue())), key.name());
            }
        }
        // the environment and flags are checked like the file
        InvalidInputException env = assertThrows(InvalidInputException.class,
                () -> load(null, Map.of("PGMAINT_EXECUTOR_JOBS", "0"), Map.of()));
        assertTrue(env.describe().contains("environment variable PGMAINT_EXECUTOR_JOBS: executor.jobs: '0' is not valid: "
                + "should be a whole number from 1 to 64"), env.describe());
        InvalidInputException flag = assertThrows(InvalidInputException.class,
                () -> load(null, Map.of(), Map.of("connection.port", "70000")));
        assertTrue(flag.describe().contains("connection.port: '70000' is not valid: should be a whole number from 1 to 65535"),
                flag.describe());
    }

    @Test
    void findsPgmaintYamlInTheWorkingFolder() {
        Files2.write(dir.resolve("pgmaint.yaml"), "connection:\n  dbname: local\n");
        Config config = load(null, Map.of(), Map.of());
        assertEquals("local", config.string(ConfigKeys.DBNAME));
        assertEquals(dir.resolve("pgmaint.yaml"), config.file().orElseThrow());
    }

    @Test
    void pgmaintConfigEnvironmentNamesTheFile() {
        Path file = Files2.write(dir.resolve("elsewhere.yaml"), "connection:\n  dbname: envfile\n");
        Config config = load(null, Map.of("PGMAINT_CONFIG", file.toString()), Map.of());
        assertEquals("envfile", config.string(ConfigKeys.DBNAME));
    }

    @Test
    void missingExplicitFileIsAnError() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> load(dir.resolve("nope.yaml"), Map.of(), Map.of()));
        assertTrue(e.describe().contains("nope.yaml: config file not found"), e.describe());
    }

    @Test
    void unknownEnvironmentVariableIsNamed() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> load(null, Map.of("PGMAINT_CONECTION_HOST", "x"), Map.of()));
        assertTrue(e.describe().contains("environment variable PGMAINT_CONECTION_HOST: unknown setting"), e.describe());
    }

    @Test
    void allProblemsAreReportedTogether() {
        Path file = Files2.write(dir.resolve("c.yaml"),
                "connection:\n  port: fifty\n  colour: blue\ncatalog:\n  default_statement_timeout: 5 minutes later\n");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> load(file, Map.of(), Map.of()));
        assertEquals(3, e.problems().size(), e.describe());
        assertTrue(e.describe().contains(file + ":2: connection.port: 'fifty' is not valid: should be a whole number"));
        assertTrue(e.describe().contains(file + ":3: connection.colour: unknown key; valid keys here: connect_timeout, databases, dbname, exclude_databases, host"));
    }

    @Test
    void describeSortsAndMasksSecrets() {
        Config config = load(null, Map.of("PGPASSWORD", "hunter2"), Map.of());
        String text = String.join("\n", config.describe());
        assertTrue(text.contains("connection.password = ********  # env PGPASSWORD"), text);
        assertTrue(!text.contains("hunter2"));
        java.util.List<String> keys = config.describe().stream().map(l -> l.split(" = ")[0]).toList();
        assertEquals(keys.stream().sorted().toList(), keys);
    }

    @Test
    void describeNamesTheStructuredSections() {
        Path file = Files2.write(dir.resolve("c.yaml"), "exclusions:\n  - schema: \"audit_*\"\n  - table: \"tmp_*\"\n");
        Config config = load(file, Map.of(), Map.of());
        assertTrue(config.describe().contains("exclusions: 2 entries  # " + file + ":2"), config.describe().toString());
    }

    @Test
    void uriInDbnameLikePsql() {
        Config config = load(null, Map.of(), Map.of("connection.dbname", "postgresql://alice:s%40cret@db.example:6543/sales?sslmode=require"));
        ConnectionSettings settings = ConnectionSettings.from(config);
        assertEquals("db.example", settings.host());
        assertEquals(6543, settings.port());
        assertEquals("alice", settings.user());
        assertEquals("s@cret", settings.password());
        assertEquals("sales", settings.dbname());
        assertEquals("require", settings.sslmode());
        assertTrue(!settings.toString().contains("s@cret"));
    }

    @Test
    void durationsInEveryUnit() {
        assertEquals(Duration.ofMillis(500), ValueType.DURATION.parse("500ms"));
        assertEquals(Duration.ofSeconds(30), ValueType.DURATION.parse("30s"));
        assertEquals(Duration.ofSeconds(45), ValueType.DURATION.parse("45"));
        assertEquals(Duration.ofMinutes(10), ValueType.DURATION.parse("10min"));
        assertEquals(Duration.ofHours(1), ValueType.DURATION.parse("1h"));
        assertEquals(Duration.ofDays(30), ValueType.DURATION.parse("30d"));
        assertThrows(IllegalArgumentException.class, () -> ValueType.DURATION.parse("-1s"));
    }

    @Test
    void capacitiesPerTablespaceInUnitsOf1024FromEverySource() {
        Path file = Files2.write(dir.resolve("c.yaml"), "capacity:\n  pg_default: 500GB\n  \"fast.ssd\": 1.5TB\n");
        Config config = load(file, Map.of("PGMAINT_CAPACITY_ARCHIVE", "10 gb"), Map.of("capacity.scratch", "512MB"));
        assertEquals(Map.of("pg_default", 500L << 30, "fast.ssd", 3L << 39, "archive", 10L << 30, "scratch", 512L << 20),
                config.capacities());
        assertEquals(file + ":2", config.origin("capacity.pg_default"));
        assertTrue(config.describe().contains("capacity.pg_default = 500GB  # " + file + ":2"), config.describe().toString());
        assertEquals(Map.of(), load(null, Map.of(), Map.of()).capacities());
    }

    @Test
    void aCapacityThatIsNoSizeIsRefusedNamingFileLineKeyAndTheValidForm() {
        Path file = Files2.write(dir.resolve("c.yaml"),
                "capacity:\n  pg_default: 500G\n  archive: 0GB\n  nested:\n    a: 1GB\n");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> load(file, Map.of(), Map.of()));
        assertEquals(3, e.problems().size(), e.describe());
        assertTrue(e.describe().contains(file + ":2: capacity.pg_default: '500G' is not valid: should be a size such as"
                + " 500GB, 10GB or 1.5TB (units B, kB, MB, GB, TB, PB, 1kB = 1024 bytes; more than 0)"
                + " (capacity.<tablespace>: the tablespace's total capacity)"), e.describe());
        assertTrue(e.describe().contains(file + ":3: capacity.archive: '0GB' is not valid"), e.describe());
        assertTrue(e.describe().contains(file + ":5: capacity.nested: should be a single value"), e.describe());
        InvalidInputException flag = assertThrows(InvalidInputException.class,
                () -> load(null, Map.of(), Map.of("capacity.pg_default", "lots")));
        assertTrue(flag.describe().contains("command line: capacity.pg_default: 'lots' is not valid: should be a size"),
                flag.describe());
    }
}
