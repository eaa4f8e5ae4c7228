package org.pgmaint.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pgmaint.testing.Cli;
import org.pgmaint.testing.Files2;
import org.pgmaint.testing.TestDatabase;

/** Each kind of bad input gets a short message naming file and key or line, and its exit code. */
class BadInputTest {
    @TempDir
    Path dir;

    private static void assertShortError(Cli.Result result, int exitCode, String... mustContain) {
        assertEquals(exitCode, result.exitCode(), result::toString);
        for (String text : mustContain) {
            assertTrue(result.err().contains(text), "stderr should contain '" + text + "':\n" + result.err());
        }
        assertFalse(result.err().contains("\tat "), "no stack trace without --debug:\n" + result.err());
        assertFalse(result.err().contains("Exception"), "no exception names without --debug:\n" + result.err());
    }

    @Test
    void malformedYamlNamesFileAndLine() {
        Path file = Files2.write(dir.resolve("checks/broken.yaml"), "id: broken\ndescription: x\nfact: [unclosed\nsql: {}\n");
        Cli.Result result = Cli.run("validate", "--checks", dir.resolve("checks").toString());
        assertShortError(result, ExitCodes.INVALID_INPUT, file + ":", "malformed YAML");
    }

    @Test
    void unknownKeyNamesFileLineAndValidKeys() {
        Path file = Files2.write(dir.resolve("checks/odd_key.yaml"), Files2.check("odd_key") + "sqll: nope\n");
        Cli.Result result = Cli.run("validate", "--checks", dir.resolve("checks").toString());
        assertShortError(result, ExitCodes.INVALID_INPUT, file + ":12: sqll: unknown key", "valid keys here: id, description");
    }

    @Test
    void duplicateIdNamesBothFiles() {
        Path first = Files2.write(dir.resolve("a/same_id.yaml"), Files2.check("same_id"));
        Path second = Files2.write(dir.resolve("b/same_id.yaml"), Files2.check("same_id"));
        Cli.Result result = Cli.run("validate", "--checks", dir.resolve("a").toString(), "--checks", dir.resolve("b").toString());
        assertShortError(result, ExitCodes.INVALID_INPUT, second + ":1: id: duplicate id 'same_id'", "also defined in " + first);
    }

    @Test
    void drlSyntaxErrorNamesFileAndLine() {
        Path file = Files2.write(dir.resolve("rules/bad.drl"), "package pgmaint;\n\nrule \"bad: broken\"\nwhen\n    $t : TableActivity( deadTuples >> )\nthen\nend\n");
        Cli.Result result = Cli.run("validate", "--rules", dir.resolve("rules").toString());
        assertShortError(result, ExitCodes.INVALID_INPUT, file + ":5:");
    }

    @Test
    void unknownThresholdInConfigNamesFileAndKey() {
        Path config = Files2.write(dir.resolve("pgmaint.yaml"), "thresholds:\n  vacum_dead_tuple_pct: 15\n");
        Cli.Result result = Cli.run("validate", "--config", config.toString());
        assertShortError(result, ExitCodes.INVALID_INPUT, config + ":2: thresholds.vacum_dead_tuple_pct: unknown threshold",
                "vacuum_dead_tuple_pct");
    }

    @Test
    void unknownConfigKeyAndBadValueAreReportedTogether() {
        Path config = Files2.write(dir.resolve("pgmaint.yaml"),
                "connection:\n  hots: db1\ncatalog:\n  default_statement_timeout: soon\n");
        Cli.Result result = Cli.run("config", "--config", config.toString());
        assertShortError(result, ExitCodes.INVALID_INPUT, config + ":2: connection.hots: unknown key",
                config + ":4: catalog.default_statement_timeout: 'soon' is not valid: should be a duration such as 500ms, 30s");
    }

    @Test
    void safety12_duplicateKeysAreErrorsInConfigChecksAndPlanFiles() {
        Path config = Files2.write(dir.resolve("pgmaint.yaml"),
                "approval:\n  vacuum: manual\nexecutor:\n  jobs: 2\napproval:\n  vacuum: auto\n");
        for (String command : new String[] {"validate", "config"}) {
            Cli.Result result = Cli.run(command, "--config", config.toString());
            assertShortError(result, ExitCodes.INVALID_INPUT, config + ":5: approval: duplicate key (first on line 1)");
        }
        Path nested = Files2.write(dir.resolve("nested.yaml"), "executor:\n  jobs: 2\n  lock_timeout: 5s\n  jobs: 1\n");
        assertShortError(Cli.run("validate", "--config", nested.toString()), ExitCodes.INVALID_INPUT,
                nested + ":4: executor.jobs: duplicate key (first on line 2)");

        Path check = Files2.write(dir.resolve("checks/twice.yaml"), Files2.check("twice") + "statement_timeout: 5s\n"
                + "statement_timeout: 1h\n");
        assertShortError(Cli.run("validate", "--checks", dir.resolve("checks").toString()), ExitCodes.INVALID_INPUT,
                check + ":13: statement_timeout: duplicate key (first on line 12)");

        Path plan = Files2.write(dir.resolve("plan.json"), "{\"schema_version\": 1, \"database\": \"app\", \"mode\": \"standard\",\n"
                + " \"actions\": [{\"id\": \"1\", \"kind\": \"vacuum\", \"schema\": \"public\", \"table\": \"t\",\n"
                + "   \"approved\": false,\n   \"approved\": true}]}\n");
        assertShortError(Cli.run("apply", "-d", "app", plan.toString()), ExitCodes.INVALID_INPUT,
                plan + ":4: duplicate key 'approved'");
    }

    @Test
    void safety07_brokenOrBinaryPlanFileIsExitTwoNamingTheFile() throws Exception {
        Path broken = Files2.write(dir.resolve("broken.json"), "{\"schema_version\": 1,\n \"database\": \"app\",\n"
                + " \"actions\": [{\"id\": \"1\" \"kind\": \"vacuum\"}]}\n");
        assertShortError(Cli.run("apply", "-d", "app", broken.toString()), ExitCodes.INVALID_INPUT,
                broken + ":3: not valid JSON at line 3, column 25:");

        Path truncated = Files2.write(dir.resolve("truncated.json"), "{\"schema_version\": 1, \"actions\": [");
        assertShortError(Cli.run("apply", "-d", "app", truncated.toString()), ExitCodes.INVALID_INPUT,
                truncated + ":1: not valid JSON at line 1, column ");

        Path binary = dir.resolve("plan.json.gz");
        try (java.io.OutputStream out = new java.util.zip.GZIPOutputStream(java.nio.file.Files.newOutputStream(binary))) {
            out.write("{\"schema_version\": 1}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        assertShortError(Cli.run("apply", "-d", "app", binary.toString()), ExitCodes.INVALID_INPUT,
                binary + ": not a pgmaint plan file");
        Path yaml = Files2.write(dir.resolve("pgmaint.yaml"), "executor:\n  jobs: 2\n");
        assertShortError(Cli.run("apply", "-d", "app", yaml.toString()), ExitCodes.INVALID_INPUT,
                yaml + ": not a pgmaint plan file");
    }

    @Test
    void safety14_validateConfigAndRunRefuseTheSameValues() {
        Path config = Files2.write(dir.resolve("pgmaint.yaml"), "executor:\n  jobs: 0\n  max_runtime: 99999999999d\n"
                + "  lock_timeout: 0\ncancel:\n  terminate_after: 10ms\nthresholds:\n  vacuum_dead_tuple_pct: -5\n"
                + "  analyze_modified_pct: .nan\nretention:\n  batch_size: 5000000\nreport:\n  retention_days: 0\n");
        String[] expected = {
            config + ":2: executor.jobs: '0' is not valid: should be a whole number from 1 to 64",
            config + ":3: executor.max_runtime: '99999999999d' is not valid: too long, should be at most 36500d",
            config + ":4: executor.lock_timeout: '0' is not valid: should be a duration from 100ms to 10min",
            config + ":6: cancel.terminate_after: '10ms' is not valid: should be 0 (never) or a duration from 1s to 1h",
            config + ":8: thresholds.vacuum_dead_tuple_pct: '-5' is not valid: should be a number of at least 0",
            config + ":9: thresholds.analyze_modified_pct: '.nan' is not valid",
            config + ":11: retention.batch_size: '5000000' is not valid: should be a whole number from 1 to 1000000",
            config + ":13: report.retention_days: '0' is not valid: should be a whole number from 1 to 3650"};
        assertShortError(Cli.run("validate", "--config", config.toString()), ExitCodes.INVALID_INPUT, expected);
        assertShortError(Cli.run("config", "--config", config.toString()), ExitCodes.INVALID_INPUT, expected);
        // run refuses before connecting (nothing listens on port 1)
        assertShortError(Cli.run("run", "--config", config.toString(), "-h", "127.0.0.1", "-p", "1", "-d", "nowhere"),
                ExitCodes.INVALID_INPUT, expected);

        Path onlyRuntime = Files2.write(dir.resolve("runtime.yaml"), "executor:\n  max_runtime: 99999999999d\n");
        assertShortError(Cli.run("run", "--config", onlyRuntime.toString(), "-h", "127.0.0.1", "-p", "1", "-d", "nowhere"),
                ExitCodes.INVALID_INPUT, onlyRuntime + ":2: executor.max_runtime: '99999999999d' is not valid: too long");
        assertShortError(Cli.run("run", "--max-runtime", "400000000d", "-h", "127.0.0.1", "-p", "1", "-d", "nowhere"),
                ExitCodes.INVALID_INPUT, "executor.max_runtime: '400000000d' is not valid: too long");
    }

    @Test
    void columnTheFactDoesNotDeclareNamesFileAndKey() {
        Path file = Files2.write(dir.resolve("checks/extra_column.yaml"), "id: extra_column\ndescription: x\n"
                + "fact:\n  type: ExtraColumn\n  fields:\n    schema_name: text\n"
                + "sql:\n  13: |\n    select /* pgmaint:extra_column */ 'a'::text as schema_name, 1 as surprise\n");
        try (TestDatabase db = TestDatabase.create()) {
            Cli.Result result = Cli.run("plan", db, "--checks", dir.resolve("checks").toString());
            assertShortError(result, ExitCodes.INVALID_INPUT, file + ": sql.13: returns column 'surprise' that fact.fields does not declare");
        }
    }

    @Test
    void unreachableServerNamesHostAndPort() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Cli.Result result = Cli.run("plan", "-h", "127.0.0.1", "-p", String.valueOf(port), "-U", "postgres", "-d", "postgres");
        assertShortError(result, ExitCodes.DATABASE_UNAVAILABLE, "connection to server at \"127.0.0.1\", port " + port
                + " failed: Connection refused", "(database \"postgres\", user \"postgres\", sslmode prefer)");
    }

    @Test
    void wrongPasswordIsRefusedWithoutShowingIt() throws Exception {
        String role = "pgmaint_pw_" + UUID.randomUUID().toString().substring(0, 8);
        try (TestDatabase db = TestDatabase.create(); PasswordAuth auth = PasswordAuth.require(db, role, "right-secret-1")) {
            Path config = Files2.write(dir.resolve("pgmaint.yaml"), "connection:\n  password: wrong-secret-42\n");
            Cli.Result result = Cli.run("plan", "-h", "127.0.0.1", "-p", String.valueOf(db.settings().port()), "-U", role,
                    "-d", db.name(), "--config", config.toString());
            assertShortError(result, ExitCodes.DATABASE_UNAVAILABLE, "connection to server at \"127.0.0.1\", port " + db.settings().port(),
                    "password authentication failed");
            assertFalse(result.err().contains("wrong-secret-42") || result.out().contains("wrong-secret-42"));
            Cli.Result shown = Cli.run("config", "--config", config.toString());
            assertTrue(shown.out().contains("connection.password = ********"), shown.out());
            assertFalse(shown.out().contains("wrong-secret-42"));
            Path right = Files2.write(dir.resolve("right.yaml"), "connection:\n  password: right-secret-1\n");
            Cli.Result ok = Cli.run("plan", "-h", "127.0.0.1", "-p", String.valueOf(db.settings().port()), "-U", role,
                    "-d", db.name(), "--config", right.toString());
            assertEquals(0, ok.exitCode(), ok::toString);

            // no password given: the driver reads the pgpass file (here named by the driver's property)
            Path pgpass = Files2.write(dir.resolve("pgpass"), "127.0.0.1:" + db.settings().port() + ":*:" + role
                    + ":right-secret-1\n");
            java.nio.file.Files.setPosixFilePermissions(pgpass, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            System.setProperty("org.postgresql.pgpassfile", pgpass.toString());
            try {
                Cli.Result viaPgpass = Cli.run("plan", "-h", "127.0.0.1", "-p", String.valueOf(db.settings().port()),
                        "-U", role, "-d", db.name());
                assertEquals(0, viaPgpass.exitCode(), viaPgpass::toString);
            } finally {
                System.clearProperty("org.postgresql.pgpassfile");
            }
        }
    }

    @Test
    void debugShowsTheStackTrace() {
        Files2.write(dir.resolve("checks/broken.yaml"), "id: [");
        Cli.Result result = Cli.run("validate", "--debug", "--checks", dir.resolve("checks").toString());
        assertEquals(ExitCodes.INVALID_INPUT, result.exitCode());
        assertTrue(result.err().contains("\tat org.pgmaint"), result.err());
    }

    /** Temporarily requires password (md5, which also accepts SCRAM) for one role from 127.0.0.1 via pg_hba.conf. */
    static final class PasswordAuth implements AutoCloseable {
        private final TestDatabase db;
        private final String original;

        private PasswordAuth(TestDatabase db, String original) {
            this.db = db;
            this.original = original;
        }

        static PasswordAuth require(TestDatabase db, String role, String password) throws Exception {
            String original = (String) db.value("select pg_read_file(current_setting('hba_file'))");
            db.exec("create role " + role + " login password '" + password + "'",
                    "grant connect on database " + db.name() + " to " + role);
            writeHba(db, "host all " + role + " 127.0.0.1/32 md5\nhost all " + role + " ::1/128 md5\n" + original);
            return new PasswordAuth(db, original);
        }

        private static void writeHba(TestDatabase db, String content) throws Exception {
            try (PreparedStatement s = db.connection().prepareStatement(
                    "select lo_from_bytea(0, convert_to(?, 'UTF8'))")) {
                s.setString(1, content);
                try (java.sql.ResultSet rs = s.executeQuery()) {
                    rs.next();
                    long oid = rs.getLong(1);
                    db.exec("select lo_export(" + oid + ", current_setting('hba_file'))", "select lo_unlink(" + oid + ")");
                }
            }
            db.exec("select pg_reload_conf()", "select pg_sleep(0.3)");
        }

        @Override
        public void close() throws Exception {
            writeHba(db, original);
        }
    }

    @Test
    void mistypedCommandSuggestsTheCommand() {
        Cli.Result result = Cli.run("plna");
        assertShortError(result, ExitCodes.INVALID_INPUT, "'plna'", "did you mean plan?");
    }

    @Test
    void mistypedOptionSuggestsTheOption() {
        Cli.Result result = Cli.run("plan", "--fulll");
        assertShortError(result, ExitCodes.INVALID_INPUT, "'--fulll'", "did you mean --full?");
    }

    @Test
    void mistypedSetKeySuggestsTheNearestKeyNotEveryKey() {
        Cli.Result result = Cli.run("validate", "--set", "executor.jobz=3");
        assertShortError(result, ExitCodes.INVALID_INPUT, "executor.jobz: unknown config key; did you mean executor.jobs?");
        assertFalse(result.err().contains("cache.redis_url"), "only the nearest keys, not all of them:\n" + result.err());
    }

    @Test
    void mistypedSetSectionSuggestsTheNearestKey() {
        Cli.Result result = Cli.run("validate", "--set", "exector.jobs=3");
        assertShortError(result, ExitCodes.INVALID_INPUT, "exector.jobs: unknown config key; did you mean executor.jobs?");
        Cli.Result unlike = Cli.run("validate", "--set", "zzz=3");
        assertShortError(unlike, ExitCodes.INVALID_INPUT, "zzz: unknown config key; valid sections: approval, cache");
        assertFalse(unlike.err().contains("cache.redis_url"), "sections, not every key:\n" + unlike.err());
    }
}
