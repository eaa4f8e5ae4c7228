package org.pgmaint.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pgmaint.report.RemediationScript;
import org.pgmaint.sql.SqlTokens;
import org.pgmaint.testing.Cli;
import org.pgmaint.testing.Files2;
import org.pgmaint.testing.JsonRead;
import org.pgmaint.testing.TestDatabase;

/**
 * {@code plan --script}: the findings' suggestions as one script that psql runs top to bottom with ON_ERROR_STOP,
 * after which the findings it resolved are gone and none is new; the revert script brings every dropped index
 * back as it was. The fixture provokes what following every suggestion one by one gets wrong: a duplicate group
 * whose members other findings suggest dropping, one index named by several findings, a drop-in rule that
 * suggests dropping a constraint's index and both covers of a foreign key, a duplicate on a partitioned table,
 * an invalid unique index with duplicate keys, and hostile names (a newline and SQL in an index name).
 */
class RemediationScriptAcceptanceTest {
    private static final String HOSTILE_INDEX = "x\n-- injected; drop table app.products; --";

    /** Suggests dropping every member of every duplicate group, constraint indexes included: the net must hold. */
    private static final String GREEDY_RULE = """
            package pgmaint;

            import org.pgmaint.model.Finding;
            import org.pgmaint.model.Sql;

            rule "greedy: drop every duplicate"
            when
                $d : DuplicateIndex()
            then
                StringBuilder sql = new StringBuilder();
                for (Object name : $d.getIndexNames()) {
                    sql.append("DROP INDEX ").append(Sql.quote($d.getSchemaName(), (String) name)).append(";\\n");
                }
                insert(Finding.warning("greedy_duplicates", $d.getSchemaName(), $d.getTableName(), "drop them all")
                    .withSuggestion(sql.toString()));
            end
            """;

    @TempDir
    Path dir;

    private static void fixture(TestDatabase db) {
        db.exec("create schema app",
                "create table app.products (id int primary key, sku text, name text)",
                "insert into app.products select g, 'sku' || g, 'n' || g from generate_series(1, 1000) g",
                "create index products_sku_idx on app.products (sku)",
                "create index products_sku_idx1 on app.products (sku)",
                "create index products_sku_name_idx on app.products (sku, name)",
                "create table app.codes (id int primary key, code text constraint codes_code_key unique)",
                "create index codes_code_idx on app.codes (code)",
                "create table app.orders (id int primary key, product_id int references app.products)",
                "create index orders_pid1 on app.orders (product_id)",
                "create index orders_pid2 on app.orders (product_id)",
                "create table app.\"Odd \"\"Name\"\" Table\" (id int primary key, \"a\nb\" int)",
                "create index plain_ab on app.\"Odd \"\"Name\"\" Table\" (\"a\nb\")",
                "create index \"" + HOSTILE_INDEX + "\" on app.\"Odd \"\"Name\"\" Table\" (\"a\nb\")",
                "create table app.events (id int, at date, k int) partition by range (at)",
                "create table app.events_1 partition of app.events for values from ('2026-01-01') to ('2026-02-01')",
                "create table app.events_2 partition of app.events for values from ('2026-02-01') to ('2026-03-01')",
                "create index events_k_a on app.events (k)",
                "create index events_k_b on app.events (k)",
                "create table app.inv (id int primary key, code text)",
                "insert into app.inv select g, 'c' || (g % 10) from generate_series(1, 100) g");
        try {
            db.exec("create unique index concurrently inv_code on app.inv (code)");
        } catch (IllegalStateException expected) {
            // duplicate keys: the concurrent build fails and leaves the index invalid
        }
    }

    private static String psql() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, "psql"))) {
                return Path.of(dir, "psql").toString();
            }
        }
        return null;
    }

    private static int runPsql(TestDatabase db, Path file, Path log) throws IOException, InterruptedException {
        var settings = db.settings();
        ProcessBuilder pb = new ProcessBuilder(psql(), "-X", "-v", "ON_ERROR_STOP=1", "-h", settings.host(),
                "-p", String.valueOf(settings.port()), "-U", settings.user(), "-d", settings.dbname(), "-f", file.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("PGCONNECT_TIMEOUT", "10");
        Process p = pb.start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "psql did not finish");
        return p.exitValue();
    }

    /** pg_indexes of schema app; {@code validOnly}: without the invalid indexes (which the revert does not rebuild). */
    private static List<String> indexes(TestDatabase db, boolean validOnly) {
        List<String> rows = new ArrayList<>();
        for (List<Object> row : db.query("select schemaname, tablename, indexname, coalesce(tablespace, ''), indexdef"
                + " from pg_indexes x where schemaname = 'app'" + (validOnly ? " and (select indisvalid from pg_index"
                + " where indexrelid = format('%I.%I', schemaname, indexname)::regclass)" : "") + " order by 1, 2, 3")) {
            rows.add(row.toString());
        }
        return rows;
    }

    private static String identity(Map<String, Object> f) {
        return f.get("kind") + "|" + f.get("schema") + "|" + f.get("table") + "|" + f.get("indexes") + "|" + f.get("columns");
    }

    private Cli.Result plan(TestDatabase db, String... more) {
        List<String> args = new ArrayList<>(List.of("--format", "json", "--rules", dir.resolve("rules").toString(),
                "--set", "thresholds.unused_index_min_stats_age_days=0"));
        args.addAll(List.of(more));
        return Cli.run("plan", db, args.toArray(String[]::new));
    }

    @Test
    void theScriptRunsUnderPsqlResolvesWhatItSaysAndTheRevertRestoresEveryIndex() throws Exception {
        assumeTrue(psql() != null, "psql is not on the PATH");
        Files2.write(dir.resolve("rules/greedy.drl"), GREEDY_RULE);
        try (TestDatabase db = TestDatabase.create()) {
            fixture(db);
            db.flushStats();
            Path script = dir.resolve("fix.sql");
            Cli.Result planned = plan(db, "--script", script.toString());
            assertTrue(planned.exitCode() <= 1, planned::toString);
            assertTrue(planned.err().contains("wrote " + script), planned.err());
            Map<String, Object> report = JsonRead.object(planned.out());
            List<Map<String, Object>> findings = JsonRead.list(report, "findings");
            @SuppressWarnings("unchecked")
            Map<String, Object> section = (Map<String, Object>) report.get("script");
            List<Map<String, Object>> statements = JsonRead.list(section, "statements");
            String text = Files.readString(script, StandardCharsets.UTF_8);
            String revertText = Files.readString(dir.resolve("fix.revert.sql"), StandardCharsets.UTF_8);
            List<String> sql = statements.stream().map(s -> s.get("sql").toString()).toList();

            // every statement once: products_sku_idx1 is named by a duplicate, two overlaps, an unused and the greedy rule
            assertEquals(sql.size(), new HashSet<>(sql).size(), sql::toString);
            assertEquals(1, sql.stream().filter(s -> s.contains("\"products_sku_idx1\"")).count(), sql::toString);
            // the duplicate group keeps a member, the constraint's index stays, one cover of the foreign key stays
            assertEquals(1, sql.stream().filter(s -> s.contains("\"products_sku_idx\"") || s.contains("\"products_sku_idx1\"")).count());
            assertTrue(sql.stream().noneMatch(s -> s.contains("codes_code_key")), sql::toString);
            assertTrue(sql.stream().anyMatch(s -> s.contains("codes_code_idx")), sql::toString);
            assertEquals(1, sql.stream().filter(s -> s.contains("orders_pid")).count(), sql::toString);
            assertTrue(text.contains("backs constraint codes_code_key"), text);
            assertTrue(text.contains("serves foreign key orders_product_id_fkey"), text);
            // a partitioned index is dropped without CONCURRENTLY, and comes back partition by partition
            assertTrue(sql.contains("DROP INDEX \"app\".\"events_k_b\""), sql::toString);
            assertTrue(revertText.contains("ATTACH PARTITION"), revertText);
            // ids: hashes, and each finding points at the statements that act on it
            assertTrue(statements.stream().allMatch(s -> s.get("id").toString().matches("[0-9a-f]{12}")));
            assertTrue(findings.stream().anyMatch(f -> Boolean.TRUE.equals(f.get("resolved_by_script"))
                    && !((List<?>) f.get("suggestion_ids")).isEmpty()));

            // the hostile name cannot end a comment: the file's statements are exactly the script's, after its SETs,
            // each on one line (a name with a newline in its U&"..." form)
            String body = text.replaceFirst("\\\\set ON_ERROR_STOP on\n", "");
            List<String> fileStatements = SqlTokens.scan(body).statementTexts();
            assertEquals("SET standard_conforming_strings = on", fileStatements.get(0).strip().replaceAll(";$", ""));
            assertTrue(fileStatements.get(1).startsWith("SET lock_timeout"), fileStatements.get(1));
            assertEquals(sql.stream().map(s -> RemediationScript.oneLine(s.strip().replaceAll(";$", "").strip())).toList(),
                    fileStatements.subList(2, fileStatements.size()).stream().map(String::strip).toList());
            assertFalse(text.lines().anyMatch(line -> line.startsWith("-- injected")
                    && !line.startsWith("-- injected; drop table app.products; --\";")), text);

            List<String> before = indexes(db, true);
            assertEquals(0, runPsql(db, script, dir.resolve("script.log")), () -> read(dir.resolve("script.log")));
            assertEquals(1L, ((Number) db.value("select count(*) from pg_tables where schemaname = 'app' and tablename = 'products'")).longValue());
            assertEquals(0L, ((Number) db.value("select count(*) from pg_indexes where indexname = '" + HOSTILE_INDEX.replace("'", "''") + "'")).longValue());

            db.flushStats();
            Map<String, Object> again = JsonRead.object(plan(db).out());
            Set<String> after = new HashSet<>();
            JsonRead.list(again, "findings").forEach(f -> after.add(identity(f)));
            Set<String> earlier = new HashSet<>();
            findings.forEach(f -> earlier.add(identity(f)));
            for (Map<String, Object> f : findings) {
                if (Boolean.TRUE.equals(f.get("resolved_by_script"))) {
                    assertFalse(after.contains(identity(f)), "still there after the script: " + identity(f));
                }
            }
            Set<String> fresh = new HashSet<>(after);
            fresh.removeAll(earlier);
            assertEquals(Set.of(), fresh, "new findings after the script");

            assertEquals(0, runPsql(db, dir.resolve("fix.revert.sql"), dir.resolve("revert.log")), () -> read(dir.resolve("revert.log")));
            assertEquals(before, indexes(db, false));
            assertTrue(revertText.contains("the index was invalid: not recreated"), revertText);
        }
    }

    /** History annotates a run's findings after planning; the run files' script and revert, read from the database, stand. */
    @Test
    void recordingHistoryKeepsTheRevertReadFromTheDatabase() throws Exception {
        Files2.write(dir.resolve("rules/greedy.drl"), GREEDY_RULE);
        try (TestDatabase db = TestDatabase.create()) {
            fixture(db);
            db.flushStats();
            String without = revertOfRun(db, "without", "history.enabled=false");
            String with = revertOfRun(db, "with", "history.enabled=true", "--set", "history.url=sqlite:" + dir.resolve("h.db"));
            assertTrue(with.contains("CREATE INDEX CONCURRENTLY"), with);
            assertEquals(creates(without), creates(with));
        }
    }

    private String revertOfRun(TestDatabase db, String name, String... history) throws IOException {
        List<String> args = new ArrayList<>(List.of("--format", "json", "--rules", dir.resolve("rules").toString(),
                "--set", "thresholds.unused_index_min_stats_age_days=0", "--set", "report.dir=" + dir.resolve(name), "--set"));
        args.addAll(List.of(history));
        Cli.Result run = Cli.run("run", db, args.toArray(String[]::new));
        assertTrue(run.exitCode() <= 1, run::toString);
        try (java.util.stream.Stream<Path> files = Files.list(dir.resolve(name))) {
            Path revert = files.filter(f -> f.getFileName().toString().startsWith("revert_")).findFirst().orElseThrow();
            return Files.readString(revert, StandardCharsets.UTF_8);
        }
    }

    private static List<String> creates(String revert) {
        return revert.lines().filter(l -> l.startsWith("CREATE") || l.startsWith("ALTER")).toList();
    }

    @Test
    void aScriptThatCannotBeWrittenIsExit2BeforeConnecting() {
        Cli.Result result = Cli.run("plan", "-h", "127.0.0.1", "-p", "1", "--script", dir.resolve("missing/fix.sql").toString());
        assertEquals(2, result.exitCode(), result::toString);
        assertTrue(result.err().contains("--script"), result.err());
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return e.toString();
        }
    }
}
