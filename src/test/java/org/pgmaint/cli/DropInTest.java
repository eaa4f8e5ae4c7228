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

/** Issue 3 acceptance: a YAML check and a DRL file dropped into folders yield a finding of a new kind; no Java. */
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
}
