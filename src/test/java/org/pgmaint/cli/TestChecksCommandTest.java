package org.pgmaint.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pgmaint.db.ConnectionSettings;
import org.pgmaint.db.Connections;
import org.pgmaint.testing.Cli;
import org.pgmaint.testing.Files2;
import org.pgmaint.testing.PgmaintProcess;
import org.pgmaint.testing.TestDatabase;
import org.pgmaint.testing.TestServer;
import org.pgmaint.testing.WideTables;

/** pgmaint test-checks: a drop-in check's own test passes, a broken one fails with a diff, scratch databases go. */
class TestChecksCommandTest {
    @TempDir
    Path dir;

    static final String TEST = """
            setup:
              - create schema "Weird Schema"
              - create table "Weird Schema"."Odd ""Name"" Wide"(a int, b int, c int, d int, e int, f int)
              - create table public.narrow(a int, b int)
            expect:
              - {kind: wide_table, object: '"Weird Schema"."Odd ""Name"" Wide"', severity: info, contains: has 6 columns}
            expect_not:
              - {kind: wide_table, object: public.narrow}
            """;

    private Cli.Result testChecks(ConnectionSettings server, String... ids) {
        List<String> args = new ArrayList<>(List.of("test-checks", "-h", server.host(), "-p", String.valueOf(server.port()),
                "-U", server.user(), "-d", "postgres", "--checks", dir.resolve("checks").toString(),
                "--rules", dir.resolve("rules").toString()));
        args.addAll(Arrays.asList(ids));
        return Cli.run(args.toArray(String[]::new));
    }

    private void dropIn(String test) {
        Files2.write(dir.resolve("checks/wide_tables.yaml"), WideTables.CHECK);
        Files2.write(dir.resolve("checks/wide_tables.test.yaml"), test);
        Files2.write(dir.resolve("rules/wide.drl"), WideTables.RULE);
    }

    private static long scratchDatabases() {
        try (TestDatabase db = TestDatabase.create()) {
            return ((Number) db.value("select count(*) from pg_database where datname like 'pgmaint\\_test\\_%'")).longValue();
        }
    }

    @Test
    void aDroppedInCheckPassesItsOwnTest() {
        dropIn(TEST);
        long before = scratchDatabases();
        Cli.Result result = testChecks(TestServer.admin(), "wide_tables");
        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.out().matches("(?s)CHECK +RESULT +TIME\nwide_tables +pass .*1 of 1 check tests passed\n"), result.out());
        assertEquals(before, scratchDatabases(), "the scratch database is dropped");
    }

    @Test
    void aWrongExpectedKindFailsWithWhatWasExpectedAndWhatWasFound() {
        dropIn(TEST.replace("{kind: wide_table, object: '\"Weird", "{kind: wide_tables, object: '\"Weird")
                .replace("{kind: wide_table, object: public.narrow}", "{kind: wide_table, contains: has 6}"));
        long before = scratchDatabases();
        Cli.Result result = testChecks(TestServer.admin(), "wide_tables");
        assertEquals(1, result.exitCode(), result::toString);
        String file = dir.resolve("checks/wide_tables.test.yaml").toString();
        assertTrue(result.out().contains("""
                FAIL wide_tables (%s)
                  line 6, expect:
                    expected: finding wide_tables on "Weird Schema"."Odd ""Name"" Wide", severity info, containing 'has 6 columns'
                    found:    no such one; of that kind or from the check:
                              finding wide_table on "Weird Schema"."Odd ""Name"" Wide", severity info: has 6 columns
                  line 8, expect_not:
                    expected: no finding wide_table, containing 'has 6'
                    found:    finding wide_table on "Weird Schema"."Odd ""Name"" Wide", severity info: has 6 columns
                """.formatted(file)), result.out());
        assertTrue(result.out().endsWith("0 of 1 check tests passed\n"), result.out());
        assertEquals(before, scratchDatabases(), "the scratch database is dropped after a failure too");
    }

    @Test
    void aFixtureThatCannotBeBuiltIsAnErrorNamingTheLine() {
        dropIn(TEST.replace("  - create table public.narrow(a int, b int)", "  - create table public.narrow(a int, b nosuchtype)"));
        long before = scratchDatabases();
        Cli.Result result = testChecks(TestServer.admin(), "wide_tables");
        assertEquals(1, result.exitCode(), result::toString);
        assertTrue(result.out().contains("ERROR wide_tables (" + dir.resolve("checks/wide_tables.test.yaml")
                + ")\n  setup (line 4): ERROR: type \"nosuchtype\" does not exist"), result.out());
        assertEquals(before, scratchDatabases());
    }

    @Test
    void aBadTestFileIsExitTwoNamingFileLineAndKey() {
        dropIn(TEST.replace("severity: info", "severity: severe") + "expect_nots: []\n");
        Cli.Result result = testChecks(TestServer.admin());
        assertEquals(2, result.exitCode(), result::toString);
        String file = dir.resolve("checks/wide_tables.test.yaml").toString();
        assertTrue(result.err().contains(file + ":6: expect.severity: 'severe' is not a severity; valid: info, warning, critical"), result.err());
        assertTrue(result.err().contains(file + ":9: expect_nots: unknown key; valid keys here: requires, setup, sessions,"
                + " await, mode, settings, expect, expect_not"), result.err());
    }

    @Test
    void anUnknownCheckIdIsExitTwoWithTheNearestName() {
        dropIn(TEST);
        Cli.Result result = testChecks(TestServer.admin(), "wide_table");
        assertEquals(2, result.exitCode(), result::toString);
        assertTrue(result.err().contains("wide_table: no test file for this check; did you mean wide_tables?"), result.err());
    }

    @Test
    void anInterruptedRunDropsItsScratchDatabase() {
        dropIn(TEST.replace("expect:", "sessions:\n  - sql: select pg_sleep(600)\nawait:\n  - select false\nexpect:"));
        long before = scratchDatabases();
        ConnectionSettings server = TestServer.admin();
        PgmaintProcess run = PgmaintProcess.startWithEnv(dir, java.util.Map.of(), "test-checks", "-h", server.host(),
                "-p", String.valueOf(server.port()), "-U", server.user(), "-d", "postgres",
                "--checks", dir.resolve("checks").toString(), "--rules", dir.resolve("rules").toString(), "wide_tables");
        try {
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (scratchDatabases() == before) {
                assertTrue(System.nanoTime() < deadline && run.isAlive(), () -> "no scratch database: " + run);
                sleep(200);
            }
            sleep(1000);
            run.signal("INT");
            run.waitFor(30);
        } finally {
            run.destroyForcibly();
        }
        assertEquals(before, scratchDatabases(), () -> "the scratch database outlived the interrupted run: " + run);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Test
    void aRoleThatCannotCreateDatabasesIsToldSo() throws SQLException {
        dropIn(TEST);
        ConnectionSettings admin = TestServer.admin();
        String role = "pgmaint_nocreatedb_" + ProcessHandle.current().pid();
        try (Connection c = Connections.open(admin); Statement s = c.createStatement()) {
            s.execute("create role " + role + " login nocreatedb");
        }
        try {
            Cli.Result result = testChecks(new ConnectionSettings(admin.host(), admin.port(), role, "postgres",
                    admin.password(), admin.connectTimeout(), admin.sslmode()));
            assertEquals(2, result.exitCode(), result::toString);
            assertTrue(result.err().contains("role " + role + " may not create databases: test-checks runs each test in a"
                    + " scratch database; connect as a role with CREATEDB"), result.err());
        } finally {
            try (Connection c = Connections.open(admin); Statement s = c.createStatement()) {
                s.execute("drop role " + role);
            }
        }
    }
}
