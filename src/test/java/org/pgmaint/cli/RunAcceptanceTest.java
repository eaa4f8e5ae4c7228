package org.pgmaint.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.pgmaint.testing.Cli;
import org.pgmaint.testing.JsonRead;
import org.pgmaint.testing.TestDatabase;

/** `pgmaint run` executes the approved actions safely on a real PostgreSQL. */
class RunAcceptanceTest {
    private static final String ODD_SCHEMA = "Weird Schema";
    private static final String ODD_TABLE = "Odd \"Name\" Table";
    private static final String HOSTILE = "drop table app.customer; --";

    /** Every relation that is not one of the given tables, their indexes or TOAST, as one text per row of pg_class. */
    private static final String OTHER_OBJECTS = "select string_agg(c.oid || '|' || c.relname || '|' || c.relfilenode || '|'"
            + " || c.relpages || '|' || c.reltuples || '|' || coalesce(c.reloptions::text, '') || '|' || c.relkind::text, E'\\n'"
            + " order by c.oid) from pg_class c join pg_namespace n on n.oid = c.relnamespace"
            + " where n.nspname in ('app', 'Weird Schema') and c.oid not in (select x.oid from pg_class x"
            + " where x.oid in ('app.\"drop table app.customer; --\"'::regclass, '\"Weird Schema\".\"Odd \"\"Name\"\" Table\"'::regclass)"
            + " or x.oid in (select indexrelid from pg_index where indrelid in ('app.\"drop table app.customer; --\"'::regclass,"
            + " '\"Weird Schema\".\"Odd \"\"Name\"\" Table\"'::regclass)))";
    private static final String ROW_COUNTS = "select (select count(*) from app.customer) || ',' || (select count(*) from app.clean)"
            + " || ',' || (select count(*) from app.\"drop table app.customer; --\") || ',' ||"
            + " (select count(*) from \"Weird Schema\".\"Odd \"\"Name\"\" Table\")";

    static void hostileFixture(TestDatabase db) {
        db.execFlushed("create schema app", "create schema \"Weird Schema\"",
                "create table app.customer(id int primary key, email text) with (autovacuum_enabled = false)",
                "insert into app.customer select g, 'c' || g from generate_series(1, 2000) g",
                "create index on app.customer(email)",
                "analyze app.customer",
                "create table app.clean(id int primary key) with (autovacuum_enabled = false)",
                "insert into app.clean select generate_series(1, 5000)",
                "analyze app.clean",
                "create table \"Weird Schema\".\"Odd \"\"Name\"\" Table\"(id int primary key) with (autovacuum_enabled = false)",
                "insert into \"Weird Schema\".\"Odd \"\"Name\"\" Table\" select generate_series(1, 10000)",
                "analyze \"Weird Schema\".\"Odd \"\"Name\"\" Table\"",
                "delete from \"Weird Schema\".\"Odd \"\"Name\"\" Table\" where id <= 6000",
                "create table app.\"drop table app.customer; --\"(id int) with (autovacuum_enabled = false)",
                "insert into app.\"drop table app.customer; --\" select generate_series(1, 10000)",
                "analyze app.\"drop table app.customer; --\"",
                "delete from app.\"drop table app.customer; --\" where id <= 5000");
        db.awaitDeadTuples("app", HOSTILE, 5000);
        db.awaitDeadTuples(ODD_SCHEMA, ODD_TABLE, 6000);
    }

    static Map<String, Map<String, Object>> actionsByTable(Map<String, Object> report) {
        return JsonRead.list(report, "actions").stream()
                .filter(a -> a.get("table") != null)
                .collect(Collectors.toMap(a -> a.get("schema") + "." + a.get("table"), a -> a));
    }

    private static long stat(TestDatabase db, String column, String schema, String table) {
        Object value = db.value("select coalesce(" + column + ", 0) from pg_stat_user_tables where schemaname = '"
                + schema.replace("'", "''") + "' and relname = '" + table.replace("'", "''") + "'");
        return ((Number) value).longValue();
    }

    /** Polls up to a minute: a run in another thread first builds its rule base, which is slow on a busy machine. */
    static void awaitLong(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(100);
        }
    }

    @Test
    void vacuumsHostileNamedTablesAndLeavesEverythingElseUntouched() {
        try (TestDatabase db = TestDatabase.create()) {
            hostileFixture(db);
            String othersBefore = (String) db.value(OTHER_OBJECTS);
            String countsBefore = (String) db.value(ROW_COUNTS);
            Object lastVacuumBefore = db.value("select last_vacuum from pg_stat_user_tables where relname = '" + HOSTILE + "'");

            Cli.Result result = Cli.run("run", db, "--format", "json");

            assertEquals(0, result.exitCode(), result::toString);
            Map<String, Object> report = JsonRead.object(result.out());
            assertEquals(false, report.get("dry_run"));
            Map<String, Map<String, Object>> actions = actionsByTable(report);
            assertEquals(java.util.Set.of(ODD_SCHEMA + "." + ODD_TABLE, "app." + HOSTILE), actions.keySet(), actions::toString);
            for (Map<String, Object> action : actions.values()) {
                assertEquals("done", action.get("status"), action::toString);
                assertTrue(((Number) action.get("duration_ms")).longValue() >= 0);
            }
            assertTrue(result.err().contains("[1/2] start   vacuum (analyze) "), result.err());
            assertTrue(result.err().contains("pgmaint: 2 done, 0 failed, 0 skipped in "), result.err());

            db.flushStats();
            TestDatabase.await("vacuum counters of both hostile tables", () ->
                    stat(db, "vacuum_count", "app", HOSTILE) == 1 && stat(db, "vacuum_count", ODD_SCHEMA, ODD_TABLE) == 1);
            assertEquals(0, stat(db, "n_dead_tup", "app", HOSTILE));
            assertEquals(0, stat(db, "n_dead_tup", ODD_SCHEMA, ODD_TABLE));
            assertNotEquals(lastVacuumBefore, db.value("select last_vacuum from pg_stat_user_tables where relname = '" + HOSTILE + "'"));
            assertEquals(0, stat(db, "vacuum_count + analyze_count - 1", "app", "customer"));
            assertEquals(0, stat(db, "vacuum_count + analyze_count - 1", "app", "clean"));
            assertEquals(othersBefore, db.value(OTHER_OBJECTS));
            assertEquals(countsBefore, db.value(ROW_COUNTS));
            assertEquals("2000,5000,5000,4000", countsBefore);
        }
    }

    @Test
    void safety11_aNameWithANewlineCannotForgeALineOfAnyTextOutput() throws Exception {
        String forged = "[34/33] done    drop table y";
        String table = "x\n" + forged + "\r\t\u001b[2J\\";
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("pgmaint-forge");
        try (TestDatabase db = TestDatabase.create()) {
            String quoted = org.pgmaint.db.Identifiers.quote("public", table);
            db.execFlushed("create table " + quoted + "(id int) with (autovacuum_enabled = false)",
                    "insert into " + quoted + " select generate_series(1, 6000)",
                    "analyze " + quoted, "delete from " + quoted + " where id <= 3000");
            db.awaitDeadTuples("public", table, 3000);
            // a slow vacuum that hits the statement timeout: the failed action puts the name into an alert too
            db.exec("alter database " + db.name() + " set vacuum_cost_delay = '20ms'",
                    "alter database " + db.name() + " set vacuum_cost_limit = 1");

            Cli.Result plan = Cli.run("plan", db);
            Cli.Result run = Cli.run("run", db, "--set", "report.dir=" + dir, "--set", "executor.statement_timeout=1s");

            assertEquals(1, run.exitCode(), run::toString);
            List<String> outputs = new java.util.ArrayList<>(List.of(plan.out(), plan.err(), run.out(), run.err()));
            try (var files = java.nio.file.Files.list(dir)) {
                for (java.nio.file.Path file : files.toList()) {
                    outputs.add(java.nio.file.Files.readString(file));
                }
            }
            assertEquals(7, outputs.size() - 4, "log, three reports, the alert, the remediation script and its revert: " + outputs);
            for (String output : outputs) {
                for (String line : output.split("\n|\r")) {
                    assertTrue(!line.strip().startsWith("[34/33]") && !line.contains("\u001b"), "forged line: " + line);
                }
            }
            String escaped = "x\\n" + forged + "\\r\\t\\x1b[2J\\\\";
            assertTrue(run.err().contains("vacuum (analyze) public." + escaped), run::toString);
            assertTrue(outputs.stream().filter(o -> o.contains(escaped)).count() >= 5, outputs::toString);

            // JSON carries the name exactly
            Map<String, Object> json = JsonRead.object(Cli.run("plan", db, "--format", "json").out());
            assertTrue(JsonRead.list(json, "actions").stream().anyMatch(a -> table.equals(a.get("table"))), json::toString);
        }
    }

    /** A table with 3000 dead tuples whose vacuum takes a few seconds (cost-based delay), and its vacuum count. */
    private static void slowVacuumFixture(TestDatabase db) {
        db.execFlushed("create table app_slow(id int) with (autovacuum_enabled = false)",
                "insert into app_slow select generate_series(1, 6000)", "analyze app_slow",
                "delete from app_slow where id <= 3000");
        db.awaitDeadTuples("public", "app_slow", 3000);
        db.exec("alter database " + db.name() + " set vacuum_cost_delay = '20ms'",
                "alter database " + db.name() + " set vacuum_cost_limit = 1");
    }

    private static long vacuums(TestDatabase db) {
        db.flushStats();
        return ((Number) db.value("select vacuum_count from pg_stat_user_tables where relname = 'app_slow'")).longValue();
    }

    @Test
    void safety13_anUnwritableOutputLocationIsRefusedBeforeAnythingIsDone() throws Exception {
        // root ignores permission bits: a path below a regular file fails for everyone
        java.nio.file.Path file = java.nio.file.Files.createTempFile("pgmaint-not-a-folder", ".txt");
        java.nio.file.Path below = file.resolve("sub");
        try (TestDatabase db = TestDatabase.create()) {
            slowVacuumFixture(db);

            Cli.Result reportDir = Cli.run("run", db, "--set", "report.dir=" + below);
            assertEquals(2, reportDir.exitCode(), reportDir::toString);
            assertTrue(reportDir.err().contains("report.dir") && reportDir.err().contains(below.toString()), reportDir::toString);

            Cli.Result metrics = Cli.run("run", db, "--metrics-file", below.resolve("pgmaint.prom").toString(),
                    "--set", "report.dir=" + java.nio.file.Files.createTempDirectory("pgmaint-files"));
            assertEquals(2, metrics.exitCode(), metrics::toString);
            assertTrue(metrics.err().contains("--metrics-file") && metrics.err().contains(below.toString()), metrics::toString);
            assertEquals(0, vacuums(db), "nothing may be done when a file cannot be written");

            java.nio.file.Path missing = java.nio.file.Files.createTempDirectory("pgmaint-out").resolve("no-such-folder");
            Cli.Result out = Cli.run("plan", db, "--out", missing.resolve("plan.json").toString());
            assertEquals(2, out.exitCode(), out::toString);
            assertTrue(out.err().contains("--out") && out.err().contains(missing.toString()), out::toString);
            Cli.Result outBelowFile = Cli.run("plan", db, "--out", below.resolve("plan.json").toString());
            assertEquals(2, outBelowFile.exitCode(), outBelowFile::toString);
        }
    }

    @Test
    void safety13_planOutIsCreatedReadableByOwnerAndGroupOnly() throws Exception {
        java.nio.file.Path out = java.nio.file.Files.createTempDirectory("pgmaint-out").resolve("plan.json");
        try (TestDatabase db = TestDatabase.create()) {
            Cli.Result plan = Cli.run("plan", db, "--out", out.toString());
            assertEquals(0, plan.exitCode(), plan::toString);
            assertEquals("rw-r-----", java.nio.file.attribute.PosixFilePermissions.toString(
                    java.nio.file.Files.getPosixFilePermissions(out)));
            assertTrue(java.nio.file.Files.readString(out).contains("\"actions\""));
        }
    }

    @Test
    void safety13_aWriteFailureAfterActingStillPrintsTheReportAndExitsOneWithTheAlertOnStderr() throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("pgmaint-files").resolve("run");
        try (TestDatabase db = TestDatabase.create()) {
            slowVacuumFixture(db);
            CompletableFuture<Cli.Result> running = CompletableFuture.supplyAsync(() ->
                    Cli.run("run", db, "--set", "report.dir=" + dir));
            awaitLong("the vacuum", () -> ((Number) db.value("select count(*) from pg_stat_activity where datname = current_database()"
                    + " and query like 'VACUUM%' and state = 'active'")).intValue() == 1);
            // the folder goes away mid-run and a file takes its place: no one, root included, can write there now
            java.nio.file.Files.move(dir, dir.resolveSibling("run.moved"));
            java.nio.file.Files.writeString(dir, "in the way");

            Cli.Result result = running.get(120, TimeUnit.SECONDS);

            assertEquals(1, result.exitCode(), result::toString);
            assertTrue(result.out().contains("vacuum (analyze)") && result.out().contains("public.app_slow"), result::toString);
            assertTrue(result.err().contains("pgmaint: 1 done, 0 failed, 0 skipped"), result::toString);
            assertTrue(result.err().contains("ALERT") && result.err().contains(dir.toString()), result::toString);
            assertEquals(1, vacuums(db));
        }
    }

    @Test
    void dryRunOnlyPlansAndChangesNothing() {
        try (TestDatabase db = TestDatabase.create()) {
            hostileFixture(db);
            Cli.Result result = Cli.run("run", db, "--dry-run", "--format", "json");
            assertEquals(0, result.exitCode(), result::toString);
            Map<String, Object> report = JsonRead.object(result.out());
            assertEquals(true, report.get("dry_run"));
            actionsByTable(report).values().forEach(a -> assertEquals("planned", a.get("status"), a::toString));
            db.flushStats();
            assertEquals(0, stat(db, "vacuum_count", "app", HOSTILE));
            assertEquals(0, stat(db, "vacuum_count", ODD_SCHEMA, ODD_TABLE));
        }
    }

    @Test
    void invalidJobsIsRejectedNamingTheKeyAndTheValidRange() {
        Cli.Result result = Cli.run("run", "--jobs", "0", "-h", "127.0.0.1", "-p", "1", "-d", "nowhere");
        assertEquals(ExitCodes.INVALID_INPUT, result.exitCode(), result::toString);
        assertTrue(result.err().contains("executor.jobs: '0' is not valid: should be a whole number from 1 to 64"), result.err());
    }

    @Test
    void actionOnTableLockedByAnotherSessionIsSkippedWithinTheLockTimeoutOthersComplete() throws Exception {
        try (TestDatabase db = TestDatabase.create(); Connection holder = db.newConnection()) {
            hostileFixture(db);
            holder.setAutoCommit(false);
            try (Statement s = holder.createStatement()) {
                s.execute("lock table app.\"drop table app.customer; --\" in access exclusive mode");
            }
            Cli.Result result = Cli.run("run", db, "--format", "json", "--set", "executor.lock_timeout=1s");
            holder.rollback();

            assertEquals(0, result.exitCode(), result::toString);
            Map<String, Map<String, Object>> actions = actionsByTable(JsonRead.object(result.out()));
            Map<String, Object> locked = actions.get("app." + HOSTILE);
            assertEquals("skipped", locked.get("status"), locked::toString);
            assertTrue(locked.get("detail").toString().startsWith("lock timeout"), locked::toString);
            long waited = ((Number) locked.get("duration_ms")).longValue();
            assertTrue(waited >= 900 && waited < 3000, "waited " + waited + " ms for a 1 s lock timeout");
            assertEquals("done", actions.get(ODD_SCHEMA + "." + ODD_TABLE).get("status"));
            assertTrue(result.err().contains("skipped vacuum (analyze) app." + HOSTILE), result.err());
            assertTrue(result.err().contains("1 done, 0 failed, 1 skipped (lock timeout:1)"), result.err());
        }
    }

    @Test
    void secondRunAtOnceExitsWithCodeFourAndNamesTheHolderWhileTheFirstFinishes() throws Exception {
        try (TestDatabase db = TestDatabase.create(); Connection holder = db.newConnection()) {
            hostileFixture(db);
            holder.setAutoCommit(false);
            try (Statement s = holder.createStatement()) {
                s.execute("lock table app.\"drop table app.customer; --\" in access exclusive mode");
            }
            List<String> args = new java.util.ArrayList<>(List.of("run"));
            args.addAll(List.of(db.cliArgs()));
            args.addAll(List.of("--set", "executor.lock_timeout=30s"));
            CompletableFuture<Integer> first = CompletableFuture.supplyAsync(() -> Main.run(args.toArray(String[]::new)));
            awaitLong("the first run waiting for the table lock", () -> ((Number) db.value(
                    "select count(*) from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'"
                            + " and query like 'VACUUM%'")).intValue() == 1);

            long start = System.nanoTime();
            Cli.Result second = Cli.run("run", db);
            long secondMillis = (System.nanoTime() - start) / 1_000_000;
            holder.rollback();
            int firstExit = first.get(60, TimeUnit.SECONDS);

            assertEquals(ExitCodes.ANOTHER_RUN, second.exitCode(), second::toString);
            assertTrue(second.err().contains("another pgmaint run is in progress on database " + db.name()), second.err());
            assertTrue(second.err().matches("(?s).*holds the maintenance lock: pid \\d+, application 'pgmaint', role \\w+, client .*"),
                    second.err());
            assertTrue(secondMillis < 5000, "the second run took " + secondMillis + " ms to give up");
            assertEquals(0, firstExit);
            db.flushStats();
            TestDatabase.await("the first run's vacuum", () -> stat(db, "vacuum_count", "app", HOSTILE) == 1);
        }
    }
}
