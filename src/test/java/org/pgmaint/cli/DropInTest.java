package org.pgmaint.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pgmaint.testing.Cli;
import org.pgmaint.testing.Files2;
import org.pgmaint.testing.JsonRead;
import org.pgmaint.testing.TestDatabase;

/** A YAML check and a DRL file dropped into folders yield a finding of a new kind; no Java. */
class DropInTest {
    @TempDir
    Path dir;

    private static final String CHECK = """
            id: wide_tables
            description: User tables with many columns.
            fact:
              type: WideTable
              fields:
                schema_name: text
                table_name: text
                column_count: int
            params:
              min_columns: { type: int, default: 5 }
            sql:
              13: |
                select /* pgmaint:wide_tables */ n.nspname::text as schema_name, c.relname::text as table_name,
                       count(*)::int as column_count
                from pg_catalog.pg_class c
                join pg_catalog.pg_namespace n on n.oid = c.relnamespace
                join pg_catalog.pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
                where c.relkind = 'r' and n.nspname not in ('pg_catalog', 'information_schema')
                group by n.nspname, c.relname
                having count(*) >= :min_columns
            """;

    private static final String RULE = """
            package pgmaint;

            import org.pgmaint.model.Finding;

            rule "wide: table with many columns"
            when
                $w : WideTable()
            then
                insert(Finding.info("wide_table", $w.getSchemaName(), $w.getTableName(),
                        "has " + $w.getColumnCount() + " columns"));
            end
            """;

    @Test
    void newCheckAndRuleProduceANewFindingKind() {
        Files2.write(dir.resolve("my-checks/wide_tables.yaml"), CHECK);
        Files2.write(dir.resolve("my-rules/wide.drl"), RULE);
        try (TestDatabase db = TestDatabase.create()) {
            db.exec("create schema \"Weird Schema\"",
                    "create table \"Weird Schema\".\"Odd \"\"Name\"\" Wide\"(a int, b int, c int, d int, e int, f int)",
                    "create table narrow(a int, b int)");
            Cli.Result result = Cli.run("plan", db, "--format", "json", "--checks", dir.resolve("my-checks").toString(),
                    "--rules", dir.resolve("my-rules").toString());
            assertEquals(0, result.exitCode(), result::toString);
            List<Map<String, Object>> findings = JsonRead.list(JsonRead.object(result.out()), "findings").stream()
                    .filter(f -> f.get("kind").equals("wide_table")).toList();
            assertEquals(1, findings.size(), findings::toString);
            Map<String, Object> finding = findings.get(0);
            assertEquals("Weird Schema", finding.get("schema"));
            assertEquals("Odd \"Name\" Wide", finding.get("table"));
            assertEquals("has 6 columns", finding.get("message"));
            assertEquals("info", finding.get("severity"));
            assertEquals("wide: table with many columns", finding.get("rule"));
            assertEquals("wide_tables", finding.get("check"));

            // a config override of the check's parameter is bound into the query
            Cli.Result stricter = Cli.run("plan", db, "--format", "json", "--checks", dir.resolve("my-checks").toString(),
                    "--rules", dir.resolve("my-rules").toString(), "--set", "params.wide_tables.min_columns=7");
            assertEquals(0, stricter.exitCode(), stricter::toString);
            assertTrue(JsonRead.list(JsonRead.object(stricter.out()), "findings").stream()
                    .noneMatch(f -> f.get("kind").equals("wide_table")), stricter.out());
        }
    }

    private static final String MODIFY_LOOP = """
            package pgmaint;

            declare Counter
                n : int
            end

            rule "loop: seed"
            when
                Run()
            then
                insert(new Counter(0));
            end

            rule "loop: count without no-loop"
            when
                $c : Counter(n >= 0)
            then
                modify($c) { setN($c.getN() + 1) }
            end
            """;

    private static final String INSERT_LOOP = """
            package pgmaint;

            declare Step
                n : int
            end

            rule "grow: seed"
            when
                Run()
            then
                insert(new Step(0));
            end

            rule "grow: insert the next step forever"
            when
                $s : Step()
            then
                insert(new Step($s.getN() + 1));
            end
            """;

    @Test
    void safety15_loopingRuleIsExitTwoNamingTheRuleAndItsFile() {
        Path modify = Files2.write(dir.resolve("modify-rules/counter.drl"), MODIFY_LOOP);
        Path insert = Files2.write(dir.resolve("insert-rules/steps.drl"), INSERT_LOOP);
        try (TestDatabase db = TestDatabase.create()) {
            long start = System.nanoTime();
            Cli.Result modifying = Cli.run("plan", db, "--rules", modify.getParent().toString());
            assertEquals(ExitCodes.INVALID_INPUT, modifying.exitCode(), modifying::toString);
            assertTrue(modifying.err().contains(modify + ":14: rule \"loop: count without no-loop\": fired more than 100000 times"),
                    modifying::toString);
            assertTrue(modifying.err().contains("needs no-loop"), modifying::toString);

            Cli.Result inserting = Cli.run("run", db, "--rules", insert.getParent().toString());
            assertEquals(ExitCodes.INVALID_INPUT, inserting.exitCode(), inserting::toString);
            assertTrue(inserting.err().contains(insert + ":14: rule \"grow: insert the next step forever\": fired more than 100000 times"),
                    inserting::toString);
            double seconds = (System.nanoTime() - start) / 1e9;
            // each command compiles its drop-in rules first; the looping rule itself is stopped after 100,000 firings
            assertTrue(seconds < 120, "stopped in bounded time, not " + seconds + " s");
        }
    }

    @Test
    void checksCommandListsTheDroppedInCheck() {
        Files2.write(dir.resolve("my-checks/wide_tables.yaml"), CHECK);
        Cli.Result result = Cli.run("checks", "--checks", dir.resolve("my-checks").toString());
        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.out().lines().anyMatch(l -> l.startsWith("wide_tables") && l.contains("WideTable")
                && l.contains("13+") && l.contains("standard,full")), result.out());
        assertTrue(result.out().contains("table_activity"), result.out());
    }
    @Test
    void safety06_multiStatementCheckIsRefusedAtLoadAndWritesNothing() {
        Path check = Files2.write(dir.resolve("hostile/pwn.yaml"), """
                id: pwn
                description: Looks like a check, ends a transaction and writes.
                fact: {type: Pwn, fields: {n: int}}
                sql:
                  13: |
                    select /* pgmaint:pwn */ 1 as n; commit; create table pwned(); select 1 as n
                """);
        try (TestDatabase db = TestDatabase.create()) {
            for (String command : List.of("plan", "report", "run", "validate")) {
                Cli.Result result = command.equals("validate")
                        ? Cli.run("validate", "--checks", dir.resolve("hostile").toString())
                        : Cli.run(command, db, "--checks", dir.resolve("hostile").toString());
                Object created = db.value("select pg_catalog.to_regclass('public.pwned')");
                String what = command + ": table pwned " + (created == null ? "not created" : "CREATED") + "; " + result;
                assertEquals(null, created, what);
                assertEquals(2, result.exitCode(), what);
                assertTrue(result.err().contains(check + ":5: sql.13: "), what);
                assertTrue(result.err().contains("one statement"), what);
            }
        }
    }

    @Test
    void safety06_checkCallingAWritingFunctionFailsReadOnlyAndThePlanStillReports() {
        Files2.write(dir.resolve("writer/writer.yaml"), """
                id: writer
                description: Calls a function that inserts into a table.
                fact: {type: Writer, fields: {n: int}}
                sql:
                  13: |
                    select /* pgmaint:writer */ public.pgmaint_test_write() as n
                """);
        try (TestDatabase db = TestDatabase.create()) {
            db.exec("create table sink(at timestamptz)",
                    "create function pgmaint_test_write() returns int language plpgsql as $$"
                            + " begin insert into sink values (now()); return 1; end $$",
                    "create table t(id int)", "insert into t select generate_series(1, 1000)");
            db.execFlushed("delete from t");
            Cli.Result result = Cli.run("plan", db, "--format", "json", "--checks", dir.resolve("writer").toString());
            assertEquals(0L, ((Number) db.value("select count(*) from sink")).longValue(), result::toString);
            assertEquals(1, result.exitCode(), result::toString);
            Map<String, Object> plan = JsonRead.object(result.out());
            List<Map<String, Object>> errors = JsonRead.list(plan, "errors");
            assertTrue(errors.stream().anyMatch(e -> e.get("check").equals("writer")
                    && String.valueOf(e.get("reason")).contains("read-only transaction")), errors::toString);
            // the rest of the collection went on: the built-in checks still plan the vacuum of t
            assertTrue(JsonRead.list(plan, "actions").stream().anyMatch(a -> "t".equals(a.get("table"))), result.out());
        }
    }

    @Test
    void safety06_everyCollectionConnectionIsReadOnlyAtSessionLevel() {
        for (String probe : List.of("a", "b", "c", "d", "e", "f")) {
            Files2.write(dir.resolve("probes/ro_probe_" + probe + ".yaml"), """
                    id: ro_probe_%1$s
                    description: Reports the session's default_transaction_read_only and backend pid.
                    fact: {type: RoProbe, fields: {probe: text, ro: text, pid: int}}
                    sql:
                      13: |
                        select /* pgmaint:ro_probe_%1$s */ '%1$s'::text as probe,
                               pg_catalog.current_setting('default_transaction_read_only') as ro, pg_catalog.pg_backend_pid() as pid
                        from pg_catalog.pg_sleep(0.2)
                    """.formatted(probe));
        }
        Files2.write(dir.resolve("probe-rules/probe.drl"), """
                package pgmaint;

                import org.pgmaint.model.Finding;

                rule "probe: read-only session"
                when
                    $p : RoProbe()
                then
                    insert(Finding.info("ro_probe", "public", $p.getProbe(), $p.getRo() + " " + $p.getPid()));
                end
                """);
        try (TestDatabase db = TestDatabase.create()) {
            for (String command : List.of("plan", "report", "run")) {
                Cli.Result result = Cli.run(command, db, "--format", "json", "--checks", dir.resolve("probes").toString(),
                        "--rules", dir.resolve("probe-rules").toString(), "--set", "collect.connections=4",
                        "--set", "report.dir=" + dir.resolve("logs"));
                List<String> probes = JsonRead.list(JsonRead.object(result.out()), "findings").stream()
                        .filter(f -> f.get("kind").equals("ro_probe")).map(f -> String.valueOf(f.get("message"))).toList();
                assertEquals(6, probes.size(), command + ": " + result);
                assertTrue(probes.stream().allMatch(p -> p.startsWith("on ")), command + ": " + probes);
                assertTrue(probes.stream().map(p -> p.substring(3)).distinct().count() > 1, command + ": " + probes);
            }
        }
    }
}
