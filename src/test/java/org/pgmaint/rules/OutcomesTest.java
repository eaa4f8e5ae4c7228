package org.pgmaint.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pgmaint.catalog.Catalog;
import org.pgmaint.catalog.CatalogLoader;
import org.pgmaint.collect.CheckResult;
import org.pgmaint.collect.CollectedFacts;
import org.pgmaint.config.Config;
import org.pgmaint.model.Finding;
import org.pgmaint.model.Mode;
import org.pgmaint.testing.Files2;

/** Findings that rules delete or replace after inserting them: only what is left in the session is reported. */
class OutcomesTest {
    private static final String RULES = """
            package pgmaint;

            import org.pgmaint.model.Finding;

            rule "test: note every table"
            when
                $t : TableActivity( )
            then
                insert(Finding.info("note", $t.getSchemaName(), $t.getTableName(), "first"));
            end

            rule "test: withdraw the note on a table named gone"
            when
                $f : Finding( kind == "note", table == "gone" )
            then
                delete($f);
            end

            rule "test: reword the note on a table named reworded"
            when
                $f : Finding( kind == "note", table == "reworded", message == "first" )
            then
                drools.getKieRuntime().update(drools.getKieRuntime().getFactHandle($f),
                        Finding.info("note", $f.schema(), $f.table(), "second"));
            end
            """;

    @Test
    void deletedFindingsAreDroppedAndReplacedOnesReportedOnceWithTheirProvenance(@TempDir Path dir) {
        Catalog catalog = CatalogLoader.load(List.of(Path.of("checks")));
        RuleBase rules = RuleBase.build(catalog, List.of(Files2.write(dir.resolve("rules/test.drl"), RULES).getParent()));
        CollectedFacts collection = new CollectedFacts(15, "15.0", "app", List.of(new CheckResult(
                catalog.check("table_activity").orElseThrow(),
                List.of(table("kept"), table("gone"), table("reworded")), 1)), List.of(), List.of());

        Evaluation evaluation = new RuleEngine(rules).evaluate(collection, Mode.STANDARD, Thresholds.resolve(catalog, Config.defaults()));

        Map<String, Finding> notes = new LinkedHashMap<>();
        evaluation.findings().stream().filter(f -> f.kind().equals("note")).forEach(f -> notes.merge(f.table(), f, (a, b) -> {
            throw new AssertionError("reported twice: " + a + " and " + b);
        }));
        assertEquals(List.of("kept", "reworded"), List.copyOf(notes.keySet()));
        assertEquals("second", notes.get("reworded").message());
        for (Finding note : notes.values()) {
            assertEquals("test: note every table", note.rule());
            assertEquals("table_activity", note.check());
        }
    }

    private static Map<String, Object> table(String name) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("schema_name", "app");
        row.put("table_name", name);
        return row;
    }
}
