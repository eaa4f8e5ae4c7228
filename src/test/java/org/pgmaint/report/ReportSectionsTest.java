package org.pgmaint.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pgmaint.model.Text;
import org.pgmaint.testing.Cli;
import org.pgmaint.testing.Files2;
import org.pgmaint.testing.JsonRead;
import org.pgmaint.testing.TestDatabase;

/** The text report's table lists come from what the checks declare, built-in or dropped in. */
class ReportSectionsTest {
    private static final String ODD = "Weird Schema.Odd \"Name\" Table";
    private static final String HOSTILE = "app.drop table x; --";
    private static final String[] SMALL_FLOORS = {
        "--set", "params.table_bloat.min_table_bytes=1000000",
        "--set", "thresholds.table_bloat_min_wasted_bytes=100000"};

    /** The rows of one section of the text report: the lines under its column headings, up to the blank line. */
    private static List<String> section(String text, String title) {
        int start = text.indexOf(title + "\n");
        assertTrue(start >= 0, () -> "no section " + title + " in\n" + text);
        List<String> lines = Arrays.asList(text.substring(start).split("\n", -1));
        int end = lines.indexOf("");
        return lines.subList(3, end < 0 ? lines.size() : end);
    }

    @Test
    void theBloatSectionListsTheWorstTableByWastedBytesFirst() {
        try (TestDatabase db = TestDatabase.create()) {
            db.execFlushed("create schema app", "create schema \"Weird Schema\"",
                    // about 70% of 100,000 rows deleted and vacuumed: the worst table
                    "create table \"Weird Schema\".\"Odd \"\"Name\"\" Table\"(id int, pad text) with (autovacuum_enabled = false)",
                    "insert into \"Weird Schema\".\"Odd \"\"Name\"\" Table\" select g, repeat('x', 100) from generate_series(1, 100000) g",
                    "delete from \"Weird Schema\".\"Odd \"\"Name\"\" Table\" where id % 10 < 7",
                    "vacuum analyze \"Weird Schema\".\"Odd \"\"Name\"\" Table\"",
                    // the same share of 30,000 rows: less wasted space
                    "create table app.\"drop table x; --\"(id int, pad text) with (autovacuum_enabled = false)",
                    "insert into app.\"drop table x; --\" select g, repeat('x', 100) from generate_series(1, 30000) g",
                    "delete from app.\"drop table x; --\" where id % 10 < 7",
                    "vacuum analyze app.\"drop table x; --\"",
                    // as large, nothing deleted
                    "create table app.dense(id int, pad text) with (autovacuum_enabled = false)",
                    "insert into app.dense select g, repeat('x', 100) from generate_series(1, 100000) g",
                    "vacuum analyze app.dense");

            Cli.Result json = Cli.run("report", db, concat(SMALL_FLOORS, "--format", "json"));
            Map<String, Object> worst = JsonRead.list(JsonRead.object(json.out()), "findings").stream()
                    .filter(f -> "table_bloat".equals(f.get("kind")) && "Weird Schema".equals(f.get("schema")))
                    .findFirst().orElseThrow(() -> new AssertionError(json.toString()));
            long wasted = ((Number) ((Map<?, ?>) worst.get("details")).get("wasted_bytes")).longValue();

            Cli.Result result = Cli.run("report", db, SMALL_FLOORS);
            List<String> rows = section(result.out(), "TABLES WITH THE LARGEST ESTIMATED BLOAT");
            assertTrue(rows.size() >= 2, result::toString);
            assertTrue(rows.get(0).endsWith("  " + ODD), result::toString);
            assertTrue(rows.get(0).strip().startsWith(Text.bytes(wasted) + " "), "the finding's wasted bytes: " + wasted
                    + "\n" + result);
            assertTrue(rows.get(1).endsWith("  " + HOSTILE), result::toString);
            // the dense table may show a small estimate, never above the bloated ones
            assertTrue(rows.subList(0, 2).stream().noneMatch(r -> r.endsWith("  app.dense")), result::toString);
        }
    }

    @Test
    void aDropInCheckFeedsASectionOfItsOwn(@TempDir Path checks) {
        Files2.write(checks.resolve("wide_tables.yaml"), """
                id: wide_tables
                description: User tables and their column counts.
                fact:
                  type: WideTable
                  fields: {schema_name: text, table_name: text, column_count: int}
                report:
                  widest_tables:
                    title: Tables with the most columns
                    order_by: column_count
                    columns: {column_count: count}
                sql:
                  13: |
                    select /* pgmaint:wide_tables */ n.nspname::text as schema_name, c.relname::text as table_name,
                           count(*)::int as column_count
                    from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
                    join pg_catalog.pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
                    where c.relkind = 'r' and n.nspname = 'app'
                    group by 1, 2
                """);
        try (TestDatabase db = TestDatabase.create()) {
            db.exec("create schema app");
            db.exec("create table app.narrow(a int, b int)");
            db.exec("create table app.\"drop table x; --\"(" + String.join(", ",
                    List.of("c1 int", "c2 int", "c3 int", "c4 int", "c5 int", "c6 int", "c7 int")) + ")");

            Cli.Result result = Cli.run("report", db, "--checks", checks.toString());
            assertEquals(0, result.exitCode(), result::toString);
            List<String> rows = section(result.out(), "TABLES WITH THE MOST COLUMNS");
            assertEquals(List.of("               7  " + HOSTILE, "               2  app.narrow"), rows, result::toString);
        }
    }

    private static String[] concat(String[] first, String... more) {
        String[] all = Arrays.copyOf(first, first.length + more.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }
}
