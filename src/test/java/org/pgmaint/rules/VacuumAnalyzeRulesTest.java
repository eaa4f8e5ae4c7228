package org.pgmaint.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pgmaint.catalog.Catalog;
import org.pgmaint.catalog.CatalogLoader;
import org.pgmaint.collect.CheckResult;
import org.pgmaint.collect.CollectedFacts;
import org.pgmaint.config.Config;
import org.pgmaint.config.ConfigLoader;
import org.pgmaint.model.Action;
import org.pgmaint.model.ActionKind;
import org.pgmaint.model.Mode;
import org.pgmaint.plan.ApprovalPolicy;
import org.pgmaint.plan.Plan;
import org.pgmaint.plan.Planner;
import org.pgmaint.testing.Files2;

/** The vacuum and analyze rules on hand-made facts: no database. */
class VacuumAnalyzeRulesTest {
    private static Catalog catalog;
    private static RuleBase rules;

    @BeforeAll
    static void build() {
        catalog = CatalogLoader.load(List.of(Path.of("checks")));
        rules = RuleBase.build(catalog, List.of(Path.of("rules")));
    }

    private static Map<String, Object> table(String name, long live, long dead, long modified, boolean analyzed,
                                             boolean autovacuum) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("schema_name", "app");
        row.put("table_name", name);
        row.put("live_tuples", live);
        row.put("dead_tuples", dead);
        row.put("dead_tuple_pct", live + dead == 0 ? 0.0 : 100.0 * dead / (live + dead));
        row.put("mod_since_analyze", modified);
        row.put("modified_pct", live == 0 ? 0.0 : 100.0 * modified / live);
        row.put("last_vacuum", null);
        row.put("last_analyze", analyzed ? java.time.OffsetDateTime.now() : null);
        row.put("autovacuum_enabled", autovacuum);
        row.put("table_bytes", 8192L * 100);
        return row;
    }

    private static Plan plan(Mode mode, Config config, List<Map<String, Object>> rows) {
        CollectedFacts collection = new CollectedFacts(15, "15.0", "app",
                List.of(new CheckResult(catalog.check("table_activity").orElseThrow(), rows, 1)), List.of(), List.of());
        Evaluation evaluation = new RuleEngine(rules).evaluate(collection, mode, Thresholds.resolve(catalog, config));
        return new Planner(ApprovalPolicy.from(config)).plan(collection, evaluation, mode);
    }

    private static Map<String, Action> byTable(Plan plan) {
        Map<String, Action> result = new LinkedHashMap<>();
        plan.actions().forEach(p -> result.put(p.action().table(), p.action()));
        return result;
    }

    @Test
    void vacuumAtTwentyPercentNotBelowAndNotForTinyTables() {
        Map<String, Action> actions = byTable(plan(Mode.STANDARD, Config.defaults(), List.of(
                table("at20", 8000, 2000, 0, true, true),
                table("below", 8100, 1900, 0, true, true),
                table("tiny", 100, 900, 0, true, true))));
        assertEquals(ActionKind.VACUUM, actions.get("at20").kind());
        assertTrue(actions.get("at20").reason().startsWith("dead tuples 20.0% >= 20%"), actions.get("at20").reason());
        assertTrue(!actions.containsKey("below") && !actions.containsKey("tiny"), actions.keySet().toString());
    }

    @Test
    void autovacuumDisabledRanksFirstAndSaysSo() {
        Plan plan = plan(Mode.STANDARD, Config.defaults(), List.of(
                table("busy", 50000, 20000, 0, true, true),
                table("neglected", 30000, 15000, 0, true, false)));
        assertEquals("neglected", plan.actions().get(0).action().table());
        assertTrue(plan.actions().get(0).action().reason().contains("autovacuum is disabled"));
    }

    @Test
    void analyzeAtTenPercentModifiedOrNeverAnalyzedAndMergesWithVacuum() {
        Map<String, Action> actions = byTable(plan(Mode.STANDARD, Config.defaults(), List.of(
                table("modified", 10000, 0, 1000, true, true),
                table("fresh", 10000, 0, 900, true, true),
                table("never", 10, 0, 0, false, true),
                table("both", 7000, 3000, 3000, true, true))));
        assertEquals(ActionKind.ANALYZE, actions.get("modified").kind());
        assertTrue(!actions.containsKey("fresh"));
        assertEquals("never analyzed", actions.get("never").reason());
        assertEquals(ActionKind.VACUUM, actions.get("both").kind());
        assertEquals(List.of("ANALYZE"), actions.get("both").optionList());
        assertTrue(actions.get("both").rule().contains("vacuum:") && actions.get("both").rule().contains("analyze:"));
    }

    @Test
    void fullRunVacuumsFromTenPercentAndAnalyzesEverything() {
        Map<String, Action> actions = byTable(plan(Mode.FULL, Config.defaults(), List.of(
                table("at12", 8800, 1200, 0, true, true),
                table("quiet", 100, 0, 0, true, true))));
        assertEquals(ActionKind.VACUUM, actions.get("at12").kind());
        assertEquals(List.of("ANALYZE"), actions.get("at12").optionList());
        assertEquals(ActionKind.ANALYZE, actions.get("quiet").kind());
    }

    @Test
    void perTableOverrideAndGlobalConfigChangeTheThreshold() {
        Path file = Files2.write(Path.of("target/test-config/override.yaml"), """
                thresholds:
                  vacuum_dead_tuple_pct: 30
                table_overrides:
                  - schema: app
                    table: hot
                    thresholds:
                      vacuum_dead_tuple_pct: 5
                """);
        Config config = ConfigLoader.load(new ConfigLoader.Sources(file, Map.of(), Map.of(), Path.of(".")));
        Map<String, Action> actions = byTable(plan(Mode.STANDARD, config, List.of(
                table("hot", 9400, 600 + 1000, 0, true, true),
                table("cold", 7500, 2500, 0, true, true))));
        assertTrue(actions.containsKey("hot"), "override 5% applies to app.hot");
        assertTrue(!actions.containsKey("cold"), "25% is below the configured 30%");
    }

    @Test
    void aTableWithoutStatisticsMatchesNoComparisonAndRaisesNothing() {
        Map<String, Object> row = table("nostats", 0, 0, 0, true, true);
        for (String field : List.of("live_tuples", "dead_tuples", "dead_tuple_pct", "mod_since_analyze", "modified_pct",
                "autovacuum_enabled", "table_bytes")) {
            row.put(field, null);
        }
        assertTrue(plan(Mode.STANDARD, Config.defaults(), List.of(row)).actions().isEmpty(),
                "null counts are unknown, not zero or large: no vacuum, no analyze");
    }
}
